// Owns filling a fresh HRM database from a workspace template: the directory (users with salted PBKDF2 hashes,
// employments with their pay, no link journeys yet), the tenant's settings and its rollout phase and schedule.
// Clock and random come from ctx.
import { initialTransition, transition } from 'xstate';
import { rolloutMachine, type RolloutEvent } from '../../../machines/rollout';
import type { AppliedEvent } from '../../../src/contracts/inspection';
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword, sha256Hex } from '../../shared/crypto';
import { appliedEvent, remember } from '../../shared/machine-events';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { seededApiClients } from './api-clients';
import type { HrmDb, PasswordHash, SsoSettings, StoredUser, TimeclockSettingsRow } from './db';
import { Directory } from './directory';
import { seededIntegrationSettings } from './file-export';
import { SSO_REFERENCE_CLAIMS, ssoIssuer } from './sso-login';
import { seededFeeds } from './schedules';
import { persistRollout } from './store';

/** Monthly pay drawn when the template names none: 26,000–64,000, in hundreds (a Swedish white-collar range). */
function drawSalary(ctx: ServerContext): number {
  return 26_000 + ctx.random.int(381) * 100;
}

/**
 * The HRM's own single sign-on from the template: its application at the provider named by `tenant.hrmSso`, with that
 * application's secret; null when the template has none (or names an application the provider does not have).
 */
export function ssoSettingsOf(template: WorkspaceTemplate): SsoSettings | null {
  const chosen = template.tenant.hrmSso;
  if (!chosen) return null;
  const provider = template.tenant.identityProviders?.find((p) => p.provider === chosen.provider);
  const application = provider?.applications.find((a) => a.clientId === chosen.clientId);
  if (!provider || !application?.secret) return null;
  return {
    provider: chosen.provider,
    issuer: ssoIssuer(chosen.provider, provider.tenantId),
    clientId: application.clientId,
    clientSecret: application.secret.value,
    referenceClaim: SSO_REFERENCE_CLAIMS[chosen.provider],
  };
}

/**
 * The Timeclock's settings from the template. The Timeclock user's salt is derived from the customer and the user, not
 * drawn from the workspace's random source, so adding a Timeclock to a template changes no other seeded id.
 */
async function timeclockSettingsOf(template: WorkspaceTemplate): Promise<TimeclockSettingsRow> {
  const customerNumber = template.tenant.customerNumber;
  const user = template.tenant.timeclock?.user;
  if (!user) return { key: 'timeclock', customerNumber, user: null };
  const salt = (await sha256Hex(`timeclock-user:${customerNumber}:${user.username}`)).slice(0, 32);
  return {
    key: 'timeclock',
    customerNumber,
    user: { username: user.username, password: { hash: await hashPassword(user.password, salt), salt } },
  };
}

export async function seedHrm(db: HrmDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<Directory> {
  const users: Array<Omit<StoredUser, 'chunk'>> = [];
  const sso = ssoSettingsOf(template);
  // Ids and salts are drawn in template order, so the same seed gives the same ids.
  for (const person of template.people) {
    const id = `usr_${ctx.random.hex(8)}`;
    // Users who sign in through the identity provider have no HRM password (their `password` is the provider's and their mailbox's).
    const ssoUser = sso !== null && person.externalReference !== undefined;
    const salt = person.password !== undefined && !ssoUser ? ctx.random.hex(16) : null;
    users.push({
      id,
      loginId: person.loginId,
      name: person.name,
      email: person.email ? normalizeEmail(person.email) : null,
      roles: [...person.roles],
      timeclockOnly: person.roles.length > 0 && person.roles.every((r) => r === 'timeclock') ? 1 : 0,
      password: salt ? { hash: '', salt } : null,
      employeeNumber: person.loginId,
      ...(person.badge !== undefined ? { badge: person.badge } : {}),
      ...(person.externalReference !== undefined ? { externalReference: person.externalReference } : {}),
      ...(person.mobile !== undefined ? { mobile: person.mobile } : {}),
      employments: person.employments.map((e) => ({
        id: `emp_${ctx.random.hex(8)}`,
        title: e.title,
        department: e.department,
        email: e.email ? normalizeEmail(e.email) : null,
        mailingsActivated: e.mailingsActivated ? 1 : 0,
        status: e.status ?? 'active',
        monthlySalary: e.monthlySalary ?? drawSalary(ctx),
      })),
      connectEmail: null,
      link: null,
      lastLoginAt: null,
    });
  }
  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const [i, person] of template.people.entries()) {
    const user = users[i]!;
    if (person.password !== undefined && user.password)
      user.password = { hash: await hashPassword(person.password, user.password.salt), salt: user.password.salt };
  }
  let rehearsalPassword: PasswordHash | null = null;
  if (template.tenant.rehearsalPassword !== undefined) {
    const salt = ctx.random.hex(16);
    rehearsalPassword = { hash: await hashPassword(template.tenant.rehearsalPassword, salt), salt };
  }

  const at = ctx.clock.now();
  let [rollout] = initialTransition(rolloutMachine);
  // The template's phase is reached as the admin would reach it, so the rollout's last events tell how.
  let lastEvents: AppliedEvent[] = [];
  const apply = (event: RolloutEvent) => {
    const [after] = transition(rolloutMachine, rollout, event);
    lastEvents = remember(lastEvents, appliedEvent(rolloutMachine, rollout, event, after, event.now));
    rollout = after;
  };
  const { phase, activationAt, hosting = 'hosted' } = template.tenant;
  // Hosting is settled before anything else: it decides whether the old addresses forward after the move (R18).
  const settled = phase === 'activation' ? at - 30 * 86_400_000 : at;
  if (hosting !== 'hosted')
    apply({ type: 'SET_TEMPORARY_MEASURES', hosting, apiForwardingEndsAt: null, calendarRedirectEndsAt: null, now: settled });
  if (phase === 'preparation') apply({ type: 'START_PREPARATION', now: at });
  if (phase === 'preparation' && activationAt !== undefined) apply({ type: 'SCHEDULE', preparationStartsAt: at, activationAt, now: at });
  if (phase === 'activation') {
    // A tenant that starts after its cutover: a month of preparation that ended a day ago.
    const opened = at - 30 * 86_400_000;
    apply({ type: 'START_PREPARATION', now: opened });
    apply({ type: 'SCHEDULE', preparationStartsAt: opened, activationAt: activationAt ?? at - 86_400_000, now: opened });
    apply({ type: 'TICK', now: at });
  }

  const apiClients = await seededApiClients(template, at);
  const timeclock = await timeclockSettingsOf(template);
  const stored = Directory.chunk(users);
  const tables = [
    db.people,
    db.states,
    db.sessions,
    db.authRequests,
    db.settings,
    db.audit,
    db.jobs,
    db.jobPlans,
    db.jobResults,
    db.imports,
    db.payrollRuns,
    db.calendarFeeds,
    db.shiftRequests,
    db.smsProviders,
    db.apiClients,
    db.travelExpenses,
    db.integrationSettings,
    db.fileExportRuns,
    db.timeclock,
    db.timeclockSessions,
    db.punches,
  ];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((t) => t.clear()));
    await db.people.bulkPut(stored.people);
    await db.states.bulkPut(stored.states);
    await db.settings.bulkPut([
      {
        key: 'tenant',
        name: template.tenant.name,
        hrmClientSecret: template.tenant.hrmClientSecret,
        companyDomain: template.tenant.companyDomain,
        rehearsalPassword,
        ...(sso ? { sso } : {}),
      },
      { key: 'security', allowedDomains: template.tenant.allowedDomains.map((d) => d.trim().toLowerCase()) },
      { key: 'rollout', snapshot: persistRollout(rollout), lastEvents },
    ]);
    // R18: the calendar app's subscriptions and the SMS provider the tenant's integrations are configured with.
    const integrations = template.tenant.integrations;
    if (integrations) {
      const loginIdOf = new Map(template.people.map((p) => [p.key, p.loginId]));
      const idOf = new Map(users.map((u) => [u.loginId, u.id]));
      await db.calendarFeeds.bulkPut(seededFeeds(integrations.calendarSubscriptions, (key) => idOf.get(loginIdOf.get(key) ?? ''), at));
      await db.smsProviders.put({ key: 'sms', ...integrations.smsProvider });
    }
    await db.apiClients.bulkPut(apiClients);
    await db.integrationSettings.put(seededIntegrationSettings(template));
    await db.timeclock.put(timeclock);
  });
  return Directory.fromStored(db, stored);
}
