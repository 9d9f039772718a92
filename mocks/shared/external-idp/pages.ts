// Owns the provider's own error page: what it shows instead of redirecting when it cannot tell where to send the
// browser back (RFC 6749 §4.1.2.1), in the provider's words and look.
import { IDP_VIEWS, type IdpErrorPageData } from '../../../src/contracts/idp';
import { page } from '../http';
import type { IdpTenantRow } from './db';
import { brandView, type IdpEnv } from './env';

export function idpErrorPage(env: IdpEnv, tenant: IdpTenantRow | undefined, code: string, message: string, status = 400): Response {
  const brand = brandView(env, tenant);
  return page<IdpErrorPageData>(IDP_VIEWS.error, `Sign in · ${brand.displayName}`, { brand, code, message }, { status });
}
