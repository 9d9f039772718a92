// Owns Connect's database (one per workspace): accounts keyed by email, browser sessions, password-reset tokens
// (digests only), the server-to-server clients that may link accounts, and the audit log (rule 26, seed 002).
import Dexie, { type EntityTable } from 'dexie';
import { databaseName } from '../../shared/server';

export interface AccountRow {
  id: string;
  /** Normalised; unique: an account is keyed by its email (rule 20). Plus tags are kept: an alias is its own account. */
  email: string;
  name: string;
  /** null until the user sets one ("Forgot your password?", seed 000). */
  passwordHash: string | null;
  passwordSalt: string | null;
  passwordChangedAt: number | null;
  createdAt: number;
  /** Applications this account is linked to ("Expense", "HRM"), in the order they were linked. */
  apps: string[];
  /** Each linking application's own id for the user (LinkAccountRequest.externalUserId), by app name. */
  externalIds: Record<string, string>;
}

export interface SessionRow {
  /** The cookie's value (random, 16 bytes hex). */
  id: string;
  accountId: string;
  /** World time. */
  expiresAt: number;
}

export interface ResetTokenRow {
  /** SHA-256 of the token mailed to the user: the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface ClientRow {
  /** The client_id of HTTP Basic client authentication (RFC 6749 §2.3.1), e.g. "hrm". */
  id: string;
  /** The application name its links carry in `apps`, e.g. "HRM". */
  name: string;
  secretHash: string;
  secretSalt: string;
}

export type AuditType =
  | 'login'
  | 'login.failed'
  | 'logout'
  | 'account.created'
  | 'account.linked'
  | 'account.unlinked'
  | 'email.password_reset'
  | 'email.password_reset_failed'
  | 'password.reset';

export interface AuditRow {
  id?: number;
  at: number;
  type: AuditType;
  accountId: string | null;
  /** The email the entry is about, also for failed logins with an unknown email. */
  email: string | null;
  /** One human sentence, shown as-is in the admin portal's audit log and the x-ray. */
  detail: string;
}

export class ConnectDb extends Dexie {
  accounts!: EntityTable<AccountRow, 'id'>;
  sessions!: EntityTable<SessionRow, 'id'>;
  resetTokens!: EntityTable<ResetTokenRow, 'tokenHash'>;
  clients!: EntityTable<ClientRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'connect'));
    this.version(1).stores({
      accounts: 'id, &email',
      sessions: 'id, accountId, expiresAt',
      resetTokens: 'tokenHash, accountId, expiresAt',
      clients: 'id',
      audit: '++id, at, type, accountId, email',
    });
  }
}
