// Owns the admin portal's two-factor tab (R21: chosen employees such as HR staff, or everyone from
// a date): GET /admin/two-factor shows the policy, the groups and how many accounts have set up a factor;
// PUT /api/admin/two-factor/policy changes who must. The date is also a world-clock event ("Next event" jumps there).
import Dexie from 'dexie';
import { z } from 'zod';
import {
  TWO_FACTOR_VIEWS,
  type TwoFactorAdminPageData,
  type TwoFactorGroup,
  type TwoFactorPolicy,
} from '../../../../src/contracts/connect-two-factor';
import { worldTimeSchema } from '../../../../src/domain/world-dates';
import { json, page, readJson } from '../../../shared/http';
import { requireAdminPage, adminShell, requireConnectAdmin } from '../admin/access';
import type { OrganisationRow } from '../db';
import { auditEntry, connectProblem, now, type ConnectEnv } from '../env';
import { TWO_FACTOR_MESSAGES } from './rules';

const PolicyBody = z.object({
  requiredGroupIds: z.array(z.string().max(100)).max(100),
  everyoneFrom: worldTimeSchema.nullable(),
});

const EVERYONE_TIMER = 'two-factor-everyone';

async function groupsOf(env: ConnectEnv, organisation: OrganisationRow): Promise<TwoFactorGroup[]> {
  const rows = await env.db.groups.where('organisationId').equals(organisation.id).sortBy('name');
  return rows.map((g) => ({ id: g.id, name: g.name, members: [...g.members] }));
}

/** The organisation's accounts (by its domains' slices of the [domain+email] index) and those with a second factor (an app or a passkey). */
async function enrolmentFigures(env: ConnectEnv, organisation: OrganisationRow): Promise<{ accounts: number; enrolled: number }> {
  const domains = new Set(organisation.domains.map((d) => d.name));
  let accounts = 0;
  for (const domain of domains)
    accounts += await env.db.accounts.where('[domain+email]').between([domain, Dexie.minKey], [domain, Dexie.maxKey]).count();
  const [appIds, passkeyOwnerIds] = await Promise.all([
    env.db.totpFactors.toCollection().primaryKeys(),
    env.db.passkeys.orderBy('accountId').uniqueKeys(),
  ]);
  const enrolledAccounts = await env.db.accounts.bulkGet([...new Set([...appIds, ...passkeyOwnerIds.map(String)])]);
  return { accounts, enrolled: enrolledAccounts.filter((a) => a !== undefined && domains.has(a.domain)).length };
}

/** GET /admin/two-factor */
export async function twoFactorAdminPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  return page<TwoFactorAdminPageData>(TWO_FACTOR_VIEWS.admin, 'Two-factor authentication · Connect admin', {
    shell: adminShell(admin, 'two-factor'),
    policy: admin.organisation.twoFactor,
    groups: await groupsOf(env, admin.organisation),
    ...(await enrolmentFigures(env, admin.organisation)),
  });
}

const utc = (time: number) => `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The policy in the audit log's words. */
function describePolicy(policy: TwoFactorPolicy, groups: readonly TwoFactorGroup[]): string {
  const names = groups.filter((g) => policy.requiredGroupIds.includes(g.id)).map((g) => g.name);
  const parts = [
    names.length > 0 ? `for ${names.join(', ')}` : null,
    policy.everyoneFrom !== null ? `for everyone from ${utc(policy.everyoneFrom)}` : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? `required two-factor authentication ${parts.join(' and ')}` : 'required two-factor authentication of nobody';
}

/**
 * PUT /api/admin/two-factor/policy {requiredGroupIds, everyoneFrom} → TwoFactorPolicy. Affected users set up a factor at
 * their next sign-in; signed-in sessions go on. A group of another organisation is 422 at the field.
 */
export async function updateTwoFactorPolicy(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const body = await readJson(request, PolicyBody);
  const groups = await groupsOf(env, admin.organisation);
  const unknown = body.requiredGroupIds.find((id) => !groups.some((g) => g.id === id));
  if (unknown !== undefined) return connectProblem(422, 'invalid_request', TWO_FACTOR_MESSAGES.groupUnknown(unknown), 'requiredGroupIds');
  const policy: TwoFactorPolicy = { requiredGroupIds: [...new Set(body.requiredGroupIds)], everyoneFrom: body.everyoneFrom };
  await env.db.transaction('rw', env.db.organisations, env.db.audit, async () => {
    await env.db.organisations.update(admin.organisation.id, { twoFactor: policy });
    await env.db.audit.add(
      auditEntry(env, 'two_factor.policy_changed', `${admin.account.name} ${describePolicy(policy, groups)}`, {
        actorId: admin.account.id,
      }),
    );
  });
  scheduleEveryoneDate(env, policy);
  return json<TwoFactorPolicy>(policy);
}

/** The date everyone must use two-factor authentication, as "Next event" on the clock bar while it is ahead. */
function scheduleEveryoneDate(env: ConnectEnv, policy: TwoFactorPolicy): void {
  if (policy.everyoneFrom === null || policy.everyoneFrom <= now(env)) {
    env.ctx.timers.clear(EVERYONE_TIMER);
    return;
  }
  // Nothing to do then: each sign-in reads the policy against world time. The timer names the moment for trainers.
  env.ctx.timers.set(EVERYONE_TIMER, policy.everyoneFrom, 'Two-factor authentication required for everyone', async () => {});
}

/** When the workspace starts: the date of the organisation's policy back on the clock. */
export async function scheduleTwoFactorDates(env: ConnectEnv): Promise<void> {
  for (const organisation of await env.db.organisations.toArray()) scheduleEveryoneDate(env, organisation.twoFactor);
}
