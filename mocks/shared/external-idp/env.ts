// Owns what every endpoint of an identity provider shares: its database, context, brand and words, the world time,
// the directory (none when the organisation has no users at this provider), the key store and the browser session.
import { IDP_DISPLAY_NAMES, type IdpBrandView } from '../../../src/contracts/idp';
import { readCookie } from '../http';
import type { KeyStore } from '../oidc-provider';
import type { ServerContext } from '../server';
import type { IdpBrand } from './brand';
import type { ExternalIdpDb, IdpSessionRow, IdpTenantRow, IdpUserRow } from './db';
import { SESSION_COOKIE, SIGNING_ALGS, type IdpMessages } from './rules';

export interface IdpEnv {
  db: ExternalIdpDb;
  ctx: ServerContext;
  brand: IdpBrand;
  messages: IdpMessages;
}

/** Path parameters as MSW hands them over. */
export type Params = Record<string, string | readonly string[] | undefined>;

export function now(env: IdpEnv): number {
  return env.ctx.clock.now();
}

export function keyStore(env: IdpEnv): KeyStore {
  return { table: env.db.signingKeys, algs: SIGNING_ALGS };
}

export function directory(env: IdpEnv): Promise<IdpTenantRow | undefined> {
  return env.db.tenant.get('tenant');
}

/**
 * The directory the request's path names: Entra and Okta put the tenant in their URLs, and only their own tenant's
 * paths answer; Google and Ping have one issuer.
 */
export async function directoryOf(env: IdpEnv, params: Params): Promise<IdpTenantRow | undefined> {
  const tenant = await directory(env);
  if (!tenant) return undefined;
  const named = params.tenant;
  if (named === undefined) return tenant;
  return named === tenant.tenantId ? tenant : undefined;
}

export function brandView(env: IdpEnv, tenant: IdpTenantRow | undefined): IdpBrandView {
  return { idp: env.brand.idp, displayName: IDP_DISPLAY_NAMES[env.brand.idp], tenantName: tenant?.name ?? '' };
}

/** The browser's session at this provider with its user, when it is current and the user is not disabled. */
export async function currentSession(env: IdpEnv, request: Request): Promise<{ session: IdpSessionRow; user: IdpUserRow } | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  const user = await env.db.users.get(session.userId);
  if (!user || user.disabledAt !== null) return undefined;
  return { session, user };
}
