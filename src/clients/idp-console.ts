// Owns an identity provider's admin console API (entra.test, google.test, okta.test, ping.test /api/admin/*) as its
// pages call it: one small request function per endpoint of its table.
import type { IdpName } from '../contracts/idp';
import {
  IDP_CONSOLE_API,
  type AuthenticatorEnrolment,
  type ConsoleActivity,
  type ConsoleApplication,
  type ConsoleSignIn,
  type ConsoleUser,
  type IdpConsoleErrorCode,
  type NewApplicationRequest,
  type NewCertificateResponse,
  type NewSecretRequest,
  type NewSecretResponse,
  type NewUserRequest,
  type UserChangeRequest,
} from '../contracts/idp-console';
import { call, type ClientContext, type ClientResult } from './http';

export type ConsoleResult<T> = ClientResult<T, IdpConsoleErrorCode>;

export function listUsers(ctx: ClientContext, idp: IdpName, q: string): Promise<ConsoleResult<{ users: ConsoleUser[] }>> {
  return call(ctx, IDP_CONSOLE_API[idp].listUsers, { query: { q } });
}

export function addUser(ctx: ClientContext, idp: IdpName, input: NewUserRequest): Promise<ConsoleResult<ConsoleUser>> {
  return call(ctx, IDP_CONSOLE_API[idp].addUser, { body: input });
}

export function changeUser(ctx: ClientContext, idp: IdpName, id: string, change: UserChangeRequest): Promise<ConsoleResult<ConsoleUser>> {
  return call(ctx, IDP_CONSOLE_API[idp].changeUser, { params: { id }, body: change });
}

export function resetAuthenticator(ctx: ClientContext, idp: IdpName, id: string): Promise<ConsoleResult<AuthenticatorEnrolment>> {
  return call(ctx, IDP_CONSOLE_API[idp].resetAuthenticator, { params: { id } });
}

export function removeAuthenticator(ctx: ClientContext, idp: IdpName, id: string): Promise<ConsoleResult<ConsoleUser>> {
  return call(ctx, IDP_CONSOLE_API[idp].removeAuthenticator, { params: { id } });
}

export function addApplication(ctx: ClientContext, idp: IdpName, input: NewApplicationRequest): Promise<ConsoleResult<ConsoleApplication>> {
  return call(ctx, IDP_CONSOLE_API[idp].addApplication, { body: input });
}

export function setRedirectUris(
  ctx: ClientContext,
  idp: IdpName,
  clientId: string,
  version: string,
  redirectUris: string[],
): Promise<ConsoleResult<ConsoleApplication>> {
  return call(ctx, IDP_CONSOLE_API[idp].setRedirectUris, { params: { clientId }, body: { version, redirectUris } });
}

export function deleteApplication(ctx: ClientContext, idp: IdpName, clientId: string): Promise<ConsoleResult<unknown>> {
  return call(ctx, IDP_CONSOLE_API[idp].deleteApplication, { params: { clientId } });
}

export function addSecret(
  ctx: ClientContext,
  idp: IdpName,
  clientId: string,
  input: NewSecretRequest,
): Promise<ConsoleResult<NewSecretResponse>> {
  return call(ctx, IDP_CONSOLE_API[idp].addSecret, { params: { clientId }, body: input });
}

export function deleteSecret(ctx: ClientContext, idp: IdpName, clientId: string, id: string): Promise<ConsoleResult<unknown>> {
  return call(ctx, IDP_CONSOLE_API[idp].deleteSecret, { params: { clientId, id } });
}

export function addCertificate(
  ctx: ClientContext,
  idp: IdpName,
  clientId: string,
  pem: string,
): Promise<ConsoleResult<NewCertificateResponse>> {
  return call(ctx, IDP_CONSOLE_API[idp].addCertificate, { params: { clientId }, body: { pem } });
}

export function deleteCertificate(ctx: ClientContext, idp: IdpName, clientId: string, thumbprint: string): Promise<ConsoleResult<unknown>> {
  return call(ctx, IDP_CONSOLE_API[idp].deleteCertificate, { params: { clientId, thumbprint } });
}

export function listSignIns(
  ctx: ClientContext,
  idp: IdpName,
  filter: { user: string; result: '' | 'success' | 'failure' },
): Promise<ConsoleResult<{ signIns: ConsoleSignIn[] }>> {
  return call(ctx, IDP_CONSOLE_API[idp].listSignIns, { query: { user: filter.user, result: filter.result } });
}

export function listActivity(ctx: ClientContext, idp: IdpName): Promise<ConsoleResult<{ activity: ConsoleActivity[] }>> {
  return call(ctx, IDP_CONSOLE_API[idp].listActivity);
}
