// Owns the Expense app's database (one per workspace): its sessions (with the Connect tokens behind each) and the
// logins in progress. Its users are whoever Connect signs in; it keeps nothing else.
import Dexie, { type EntityTable } from 'dexie';
import type { PendingLogin, Tokens } from '../../shared/relying-party';
import { databaseName } from '../../shared/server';

export interface ExpenseSessionRow {
  id: string;
  name: string;
  email: string | null;
  tokens: Tokens;
  /** World time. */
  expiresAt: number;
}

export interface ExpenseAuthRequestRow extends PendingLogin {
  expiresAt: number;
}

export class ExpenseDb extends Dexie {
  sessions!: EntityTable<ExpenseSessionRow, 'id'>;
  authRequests!: EntityTable<ExpenseAuthRequestRow, 'state'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'expense'));
    this.version(1).stores({ sessions: 'id, expiresAt', authRequests: 'state, expiresAt' });
  }
}
