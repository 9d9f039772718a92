// Owns the shape of every row of the Expense app's database: what a workspace file's Expense database is checked
// against before anything is written.
import { date, rowOf, text, textOrNull, type RowSchemas } from '../../shared/row-schema';
import type { Tokens } from '../../shared/relying-party';
import type { ExpenseAuthRequestRow, ExpenseSessionRow } from './db';

const tokens = rowOf<Tokens>({ subject: text, accessToken: text, accessExpiresAt: date, refreshToken: textOrNull, idToken: text });

export const EXPENSE_ROW_SCHEMAS: RowSchemas = {
  sessions: rowOf<ExpenseSessionRow>({ id: text.min(1), name: text, email: textOrNull, tokens, expiresAt: date }),
  authRequests: rowOf<ExpenseAuthRequestRow>({ state: text.min(1), nonce: text, codeVerifier: text, expiresAt: date }),
};
