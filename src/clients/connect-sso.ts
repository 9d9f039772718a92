// Owns Connect's Identity providers API (connect.test/api/admin/identity-providers) as the admin portal calls it: the
// endpoints of its table (CONNECT_API).
import { CONNECT_API, type ConnectApiCode } from '../contracts/connect-api';
import type {
  ChangeIdentityProviderRequest,
  DiscoveryCheck,
  IdentityProviderInput,
  IdentityProviderView,
  MakeCertificateRequest,
  SsoClientAuthMethod,
  SsoTestView,
  StartTestResponse,
} from '../contracts/connect-sso';
import type { TextFile } from '../contracts/endpoint';
import { call, type ClientContext, type ClientResult } from './http';

export type SsoAdminResult<T> = ClientResult<T, ConnectApiCode>;

export function listIdentityProviders(ctx: ClientContext): Promise<SsoAdminResult<IdentityProviderView[]>> {
  return call(ctx, CONNECT_API.listIdentityProviders);
}

export function addIdentityProvider(ctx: ClientContext, input: IdentityProviderInput): Promise<SsoAdminResult<IdentityProviderView>> {
  return call(ctx, CONNECT_API.addIdentityProvider, { body: input });
}

export function changeIdentityProvider(
  ctx: ClientContext,
  id: string,
  input: ChangeIdentityProviderRequest,
): Promise<SsoAdminResult<IdentityProviderView>> {
  return call(ctx, CONNECT_API.changeIdentityProvider, { params: { id }, body: input });
}

export function removeIdentityProvider(ctx: ClientContext, id: string): Promise<SsoAdminResult<undefined>> {
  return call(ctx, CONNECT_API.removeIdentityProvider, { params: { id } });
}

export function makeCertificate(
  ctx: ClientContext,
  id: string,
  request: MakeCertificateRequest,
): Promise<SsoAdminResult<IdentityProviderView>> {
  return call(ctx, CONNECT_API.makeIdentityProviderCertificate, { params: { id }, body: request });
}

/** Connect's certificate as a PEM file, with the name to save it under. */
export function downloadCertificate(ctx: ClientContext, id: string): Promise<SsoAdminResult<TextFile>> {
  return call(ctx, CONNECT_API.identityProviderCertificate, { params: { id } });
}

export function checkDiscovery(
  ctx: ClientContext,
  issuer: string,
  clientAuth: SsoClientAuthMethod,
): Promise<SsoAdminResult<DiscoveryCheck>> {
  return call(ctx, CONNECT_API.discoverIdentityProvider, { body: { issuer, clientAuth } });
}

export function startTest(ctx: ClientContext, id: string): Promise<SsoAdminResult<StartTestResponse>> {
  return call(ctx, CONNECT_API.testIdentityProvider, { params: { id } });
}

export function readTest(ctx: ClientContext, id: string, testId: string): Promise<SsoAdminResult<SsoTestView>> {
  return call(ctx, CONNECT_API.identityProviderTest, { params: { id, testId } });
}
