// Owns Connect's Domains API (connect.test/api/admin/domains) as the admin portal's Domains page calls it.
import type { AddDomainRequest, DomainErrorCode, DomainView, VerificationMethod, VerifyDomainRequest, VerifyDomainResponse } from '../contracts/connect-domains';
import { ORIGINS } from '../contracts/origins';
import { getText, pathSegment, requestJson, type ClientContext, type ClientResult } from './http';

export type DomainResult<T> = ClientResult<T, DomainErrorCode>;

const domains = `${ORIGINS.connect}/api/admin/domains`;

export function addDomain(ctx: ClientContext, domain: string): Promise<DomainResult<DomainView>> {
  const body: AddDomainRequest = { domain };
  return requestJson(ctx, 'POST', domains, body);
}

export function verifyDomain(ctx: ClientContext, domain: string, method: VerificationMethod): Promise<DomainResult<VerifyDomainResponse>> {
  const body: VerifyDomainRequest = { method };
  return requestJson(ctx, 'POST', `${domains}/${pathSegment(domain)}/verify`, body);
}

/** The verification file (R23, verification via HTTPS), with the name to save it under. */
export function downloadVerificationFile(ctx: ClientContext, domain: string): Promise<DomainResult<{ text: string; fileName: string | null }>> {
  return getText(ctx, `${domains}/${pathSegment(domain)}/verification-file`);
}
