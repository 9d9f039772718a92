// Owns the shape of every row of the mail server's database: what a workspace file's mail database is checked against
// before anything is written.
import { z } from 'zod';
import { count, date, rowOf, text, texts, type RowSchemas } from '../../shared/row-schema';
import type { PasswordHash } from '../../shared/crypto';
import type { AccountsRow, BatchRow, DeliveryRow, MailAccount, ReadRow, StoredMessage } from './db';

const message = rowOf<StoredMessage>({
  id: text.min(1),
  seq: z.number().int().positive(),
  mailbox: text,
  to: text,
  from: text,
  fromName: text,
  subject: text,
  text,
  sentAt: date,
});

const passwordHash = rowOf<PasswordHash>({ hash: text, salt: text });

const account = rowOf<MailAccount>({ mailbox: text.min(1), password: passwordHash.nullable() });

export const MAIL_ROW_SCHEMAS: RowSchemas = {
  deliveries: rowOf<DeliveryRow>({ first: count, messages: z.array(message).min(1) }),
  reads: rowOf<ReadRow>({ id: text.min(1) }),
  batches: rowOf<BatchRow>({ batchId: text.min(1), ids: texts }),
  accounts: rowOf<AccountsRow>({ chunk: count, shared: passwordHash.nullable(), accounts: z.array(account) }),
};
