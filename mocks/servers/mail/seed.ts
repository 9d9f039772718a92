// Owns filling a fresh mail database from a workspace template: every mailbox starts empty (mailboxes exist
// implicitly), and every mailbox a person of the template reads gets its account, with that person's password
// (their own, or the tenant's rehearsal password), as the company's mail provider was set up before the rollout; and
// giving a database stored before accounts existed the same accounts when its workspace opens.
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword, type PasswordHash } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import { mailboxesOf, type WorkspaceTemplate } from '../../templates/template';
import type { AccountsRow, MailAccount, MailDb } from './db';
import { deliveryMailbox } from './rules';

export const ACCOUNTS_PER_RECORD = 1_000;

export async function seedMail(db: MailDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  const rows = await accountRows(ctx, template);
  await db.transaction('rw', [db.deliveries, db.reads, db.batches, db.accounts], async () => {
    await Promise.all([db.deliveries.clear(), db.reads.clear(), db.batches.clear(), db.accounts.clear()]);
    await db.accounts.bulkAdd(rows);
  });
}

/**
 * Gives a database stored before v5 (a workspace kept since then, or an older workspace file upgraded on import) the
 * accounts its seed would have given it, mail kept as it is. Without them nobody could sign in until their mail app
 * registered their mailbox, and another persona could register it first. Answers whether it wrote any; a database
 * that has accounts costs one count, and its template is never built.
 */
export async function restoreAccounts(db: MailDb, ctx: ServerContext, template: () => WorkspaceTemplate | undefined): Promise<boolean> {
  if ((await db.accounts.count()) > 0) return false;
  const source = template();
  if (!source) return false;
  const rows = await accountRows(ctx, source);
  if (rows.length === 0) return false;
  return db.transaction('rw', db.accounts, async () => {
    if ((await db.accounts.count()) > 0) return false;
    await db.accounts.bulkAdd(rows);
    return true;
  });
}

/** Every mailbox a person of the template reads, with its account's password hashed, a thousand to a record. */
async function accountRows(ctx: ServerContext, template: WorkspaceTemplate): Promise<AccountsRow[]> {
  const rehearsal = template.tenant.rehearsalPassword;
  const shared: PasswordHash | null = rehearsal === undefined ? null : await hashed(ctx, rehearsal);
  const accounts: MailAccount[] = [];
  const taken = new Set<string>();
  // In template order: the first person who reads a mailbox holds its account.
  for (const person of template.people) {
    const own = person.password;
    if (own === undefined && shared === null) continue;
    for (const address of mailboxesOf(person)) {
      const mailbox = deliveryMailbox(normalizeEmail(address));
      if (taken.has(mailbox)) continue;
      taken.add(mailbox);
      accounts.push({ mailbox, password: own === undefined ? null : await hashed(ctx, own) });
    }
  }
  const rows: AccountsRow[] = [];
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_RECORD)
    rows.push({ chunk: rows.length, shared, accounts: accounts.slice(i, i + ACCOUNTS_PER_RECORD) });
  return rows;
}

async function hashed(ctx: ServerContext, password: string): Promise<PasswordHash> {
  const salt = ctx.random.hex(16);
  return { hash: await hashPassword(password, salt), salt };
}
