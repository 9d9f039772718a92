// Owns filling a fresh integrations database from a workspace template: the console accounts of the people who run the
// integrations, and the four integrations as the customer configured them before the move, calling the old addresses
// (R18). A template without integrations leaves the server with nothing configured.
import { ORIGINS } from '../../../src/contracts/origins';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { IntegrationRow, IntegrationsAccountRow, IntegrationsDb } from './db';

/** The integrations as configured before the move: each calls the customer's own old HRM address. */
export function seededIntegrations(template: WorkspaceTemplate): IntegrationRow[] {
  const integrations = template.tenant.integrations;
  if (!integrations) return [];
  const since = template.startsAt;
  const nameOf = (key: string) => template.people.find((p) => p.key === key)?.name ?? key;
  return [
    {
      id: 'payroll-export',
      version: 1,
      updatedAt: since,
      config: { name: integrations.apiClient.name, baseUrl: `${ORIGINS.hrm}/api/v1`, apiKey: integrations.apiClient.key },
    },
    {
      id: 'calendar-app',
      version: 1,
      updatedAt: since,
      config: {
        name: 'Calendar app',
        subscriptions: integrations.calendarSubscriptions.map(({ personKey, token }) => ({
          personName: nameOf(personKey),
          url: `${ORIGINS.hrm}/Calendar/${token}.ics`,
          events: null,
          lastRefreshAt: null,
          lastError: null,
        })),
      },
    },
    {
      id: 'sms',
      version: 1,
      updatedAt: since,
      config: {
        name: integrations.smsProvider.name,
        callbackUrl: `${ORIGINS.hrm}/ShiftRequest/SmsCallback/${integrations.smsProvider.callbackSecret}`,
      },
    },
    {
      id: 'file-server',
      version: 1,
      updatedAt: since,
      config: { name: integrations.fileServer.name, allowList: [HRM_OUTBOUND_IP.old] },
    },
  ];
}

export async function seedIntegrations(db: IntegrationsDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  const accounts: Array<IntegrationsAccountRow & { password: string }> = [];
  for (const person of template.people) {
    if (!person.integrationsAccount) continue;
    const { email, password } = person.integrationsAccount;
    accounts.push({
      id: `intacc_${ctx.random.hex(8)}`,
      email: normalizeEmail(email),
      name: person.name,
      passwordHash: '',
      passwordSalt: ctx.random.hex(16),
      password,
    });
  }
  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const account of accounts) account.passwordHash = await hashPassword(account.password, account.passwordSalt);

  const tables = [db.accounts, db.sessions, db.integrations, db.runs, db.smsMessages, db.files];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
    await db.accounts.bulkAdd(accounts.map(({ password: _password, ...row }) => row));
    await db.integrations.bulkAdd(seededIntegrations(template));
  });
}
