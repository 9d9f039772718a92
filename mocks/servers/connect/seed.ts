// Owns filling a fresh Connect database from a workspace template: the accounts people already have from other
// products (seed 000: "If you already have a Connect account…", e.g. Erik's from Expense) and the HRM's client.
// Ids and salts come from ctx.random in template order, so the same seed gives the same ids.
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { AccountRow, ClientRow, ConnectDb } from './db';

/** The HRM's server-to-server client: client_id "hrm", links recorded as the app "HRM". */
export const HRM_CLIENT = { id: 'hrm', name: 'HRM' } as const;

export async function seedConnect(db: ConnectDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  const at = ctx.clock.now();
  const accounts: AccountRow[] = [];
  const passwords = new Map<string, string>();
  for (const person of template.people) {
    if (!person.connectAccount) continue;
    const id = `acc_${ctx.random.hex(8)}`;
    const { password } = person.connectAccount;
    // An account without a password (generated tenants) is one whose owner signs in with "Forgot your password?".
    const salt = password === undefined ? null : ctx.random.hex(16);
    if (password !== undefined) passwords.set(id, password);
    accounts.push({
      id,
      email: normalizeEmail(person.connectAccount.email),
      name: person.name,
      passwordHash: null,
      passwordSalt: salt,
      passwordChangedAt: password === undefined ? null : at,
      createdAt: at,
      apps: [...person.connectAccount.apps],
      externalIds: {},
    });
  }
  const clientSalt = ctx.random.hex(16);

  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const account of accounts) {
    const password = passwords.get(account.id);
    if (password !== undefined) account.passwordHash = await hashPassword(password, account.passwordSalt!);
  }
  const client: ClientRow = { ...HRM_CLIENT, secretSalt: clientSalt, secretHash: await hashPassword(template.tenant.hrmClientSecret, clientSalt) };

  await db.transaction('rw', [db.accounts, db.sessions, db.resetTokens, db.clients, db.audit], async () => {
    await Promise.all([db.accounts.clear(), db.sessions.clear(), db.resetTokens.clear(), db.clients.clear(), db.audit.clear()]);
    await db.accounts.bulkAdd(accounts);
    await db.clients.add(client);
  });
}
