// Owns Connect's Domains API (connect.test/api/admin/domains) as the admin portal's Domains page calls it: the
// endpoints of its table (CONNECT_API).
import { CONNECT_API } from '../contracts/connect-api';
import type { DomainErrorCode, DomainView, VerificationMethod, VerifyDomainResponse } from '../contracts/connect-domains';
import { call, type ClientContext, type ClientResult } from './http';

export type DomainResult<T> = ClientResult<T, DomainErrorCode>;

export function addDomain(ctx: ClientContext, domain: string): Promise<DomainResult<DomainView>> {
  return call(ctx, CONNECT_API.addDomain, { body: { domain } });
}

export function verifyDomain(ctx: ClientContext, domain: string, method: VerificationMethod): Promise<DomainResult<VerifyDomainResponse>> {
  return call(ctx, CONNECT_API.verifyDomain, { params: { domain }, body: { method } });
}

/** The verification file (R23, verification via HTTPS), with the name to save it under. */
export function downloadVerificationFile(
  ctx: ClientContext,
  domain: string,
): Promise<DomainResult<{ text: string; fileName: string | null }>> {
  return call(ctx, CONNECT_API.verificationFile, { params: { domain } });
}
