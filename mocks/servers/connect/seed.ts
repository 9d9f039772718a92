// Owns filling a fresh Connect database from a workspace template: the accounts people already have from other
// products (seed 000: "If you already have a Connect account…", e.g. Erik's from Expense) and the registered clients.
// Ids and salts come from ctx.random in template order, so the same seed gives the same ids. Signing keys are made on
// first use (oidc/keys.ts), so a reset also means new keys.
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { HRM_CLIENT, registeredClient, REGISTRATIONS } from './clients';
import type { AccountRow, ConnectDb } from './db';

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
  const hrmSecret = { hash: await hashPassword(template.tenant.hrmClientSecret, clientSalt), salt: clientSalt };
  const clients = REGISTRATIONS.map((registration) => registeredClient(registration, registration.id === HRM_CLIENT.id ? hrmSecret : null));

  const tables = [db.accounts, db.sessions, db.resetTokens, db.clients, db.audit, db.signingKeys, db.authRequests, db.codes, db.grants, db.accessTokens, db.refreshTokens];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
    await db.accounts.bulkAdd(accounts);
    await db.clients.bulkAdd(clients);
  });
}
