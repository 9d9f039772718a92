// Owns the mail server's accounts and sessions: who may read which mailbox. Accounts are read from the database once
// (a thousand to a record) and kept in memory; sessions live in memory only, as a mail app signs in again when its
// session is gone (a restarted simulation, an expired one), so a workspace file never carries one.
import { hashPassword, verifyPassword, type PasswordHash } from '../../shared/crypto';
import type { MailDb } from './db';

/** Compared against for unknown addresses, so a miss costs the same hash as a wrong password. */
const DUMMY_SALT = '00000000000000000000000000000000';

/** World time a mail session lasts: a configured mail app stays signed in for weeks. */
export const MAIL_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** How many mailboxes one session may read: a person's work and private addresses, never the whole directory. */
export const MAILBOXES_PER_SESSION = 20;

interface MailSessionState {
  mailboxes: Set<string>;
  expiresAt: number;
}

export class MailAccounts {
  readonly #sessions = new Map<string, MailSessionState>();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #db: MailDb;
  readonly #passwords: Map<string, PasswordHash>;
  #nextChunk: number;

  private constructor(db: MailDb, passwords: Map<string, PasswordHash>, nextChunk: number) {
    this.#db = db;
    this.#passwords = passwords;
    this.#nextChunk = nextChunk;
  }

  static async load(db: MailDb): Promise<MailAccounts> {
    const passwords = new Map<string, PasswordHash>();
    let nextChunk = 0;
    await db.accounts.each((row) => {
      for (const account of row.accounts) {
        const password = account.password ?? row.shared;
        if (password) passwords.set(account.mailbox, password);
      }
      nextChunk = Math.max(nextChunk, row.chunk + 1);
    });
    return new MailAccounts(db, passwords, nextChunk);
  }

  has(mailbox: string): boolean {
    return this.#passwords.has(mailbox);
  }

  /** Whether `password` opens `mailbox`; an unknown mailbox costs the same hash and says no. */
  async verify(mailbox: string, password: string): Promise<boolean> {
    const stored = this.#passwords.get(mailbox);
    if (!stored) {
      await hashPassword(password, DUMMY_SALT);
      return false;
    }
    return verifyPassword(password, stored);
  }

  /** Opens an account for a mailbox nobody holds; false when one does (checked again inside the write queue). */
  register(mailbox: string, password: PasswordHash): Promise<boolean> {
    return this.#serial(async () => {
      if (this.#passwords.has(mailbox)) return false;
      await this.#db.accounts.add({ chunk: this.#nextChunk, shared: null, accounts: [{ mailbox, password }] });
      this.#nextChunk++;
      this.#passwords.set(mailbox, password);
      return true;
    });
  }

  /** The mailboxes a live session may read, or undefined for no, an unknown or an expired session. */
  session(id: string | undefined, now: number): ReadonlySet<string> | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session.mailboxes;
  }

  /**
   * Adds `mailbox` to the live session `id`, or starts a session (with `newId`) when there is none; the session's time
   * starts again. Answers the session's id and mailboxes, or null when the session already reads as many as it may.
   */
  signIn(id: string | undefined, newId: () => string, mailbox: string, now: number): { id: string; mailboxes: string[] } | null {
    const live = this.session(id, now) ? this.#sessions.get(id!) : undefined;
    if (live && !live.mailboxes.has(mailbox) && live.mailboxes.size >= MAILBOXES_PER_SESSION) return null;
    if (!live) this.#forgetExpired(now);
    const sessionId = live ? id! : newId();
    const session = live ?? { mailboxes: new Set<string>(), expiresAt: 0 };
    session.mailboxes.add(mailbox);
    session.expiresAt = now + MAIL_SESSION_TTL_MS;
    this.#sessions.set(sessionId, session);
    return { id: sessionId, mailboxes: [...session.mailboxes] };
  }

  signOut(id: string | undefined): void {
    if (id) this.#sessions.delete(id);
  }

  #forgetExpired(now: number): void {
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
