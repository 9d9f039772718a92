// Owns reading Connect's organisations (the tenant at Connect, one per workspace): the one whose domains hold an
// email (its lockout settings apply to that email's logins) and the one an account administers.
import type { LockoutSettings } from '../../../src/contracts/connect';
import { domainOf } from '../../../src/domain/email';
import type { OrganisationRow } from './db';
import type { ConnectEnv } from './env';
import { DEFAULT_LOCKOUT } from './rules';

/** The organisation that manages the email's domain, if any. */
export async function organisationForEmail(env: ConnectEnv, email: string): Promise<OrganisationRow | undefined> {
  const domain = domainOf(email);
  return (await env.db.organisations.toArray()).find((o) => o.domains.some((d) => d.name === domain));
}

/** The lockout settings for logins with this email: its organisation's, or Connect's defaults outside any organisation. */
export async function lockoutFor(env: ConnectEnv, email: string): Promise<LockoutSettings> {
  return (await organisationForEmail(env, email))?.lockout ?? DEFAULT_LOCKOUT;
}

/** The organisation this account administers, if any. */
export function administeredBy(env: ConnectEnv, accountId: string): Promise<OrganisationRow | undefined> {
  return env.db.organisations.where('admins').equals(accountId).first();
}
