// Owns what every endpoint of an identity provider shares: its database, context and brand, the world time, and the
// directory (none when the organisation has no users at this provider).
import type { ServerContext } from '../server';
import type { IdpBrand } from './brand';
import type { ExternalIdpDb, IdpTenantRow } from './db';

export interface IdpEnv {
  db: ExternalIdpDb;
  ctx: ServerContext;
  brand: IdpBrand;
}

export function now(env: IdpEnv): number {
  return env.ctx.clock.now();
}

export function directory(env: IdpEnv): Promise<IdpTenantRow | undefined> {
  return env.db.tenant.get('tenant');
}
