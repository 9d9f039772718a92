// Owns the mail server's database (one per workspace): every message any server sent, filed by delivery (a batch of a
// mailing, or a single message) with the ids of the messages read, and the batches accepted.
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { PasswordHash } from '../../shared/crypto';
import { databaseName } from '../../shared/server';

/** IndexedDB cannot index booleans (docs/testing.md): flags are stored as 0/1. */
export type Flag = 0 | 1;

export interface StoredMessage {
  id: string;
  /**
   * Delivery order across the whole server. The world clock is often paused, so several messages share a `sentAt`;
   * `seq` keeps "newest first" exact (and follows sentAt, since world time never runs backwards).
   */
  seq: number;
  /** The inbox it landed in: `to` without its plus-address tag (R7). */
  mailbox: string;
  /** The address as sent, normalised, plus tag kept. */
  to: string;
  from: string;
  fromName: string;
  subject: string;
  text: string;
  /** World time. */
  sentAt: number;
}

/** v1–v2: a row per message, with its read flag. Moved into deliveries by the v3 upgrade. */
export interface MessageRowV2 extends StoredMessage {
  read: Flag;
}

/**
 * v3. One delivery's messages in seq order, `first` being the first one's seq: a mailing of 15,000 is 15 records rather than 15,000 rows
 * (docs/testing.md: a row costs ~100–160 µs to write here, a row inside a record ~1.5 µs). Mailboxes are indexed in
 * memory (store.ts), read once when the server first needs them.
 */
export interface DeliveryRow {
  first: number;
  messages: StoredMessage[];
}

/** v3. A message that was read (absent: unread). */
export interface ReadRow {
  id: string;
}

/** A batch the mail server accepted (POST /api/messages/batch): a retry with the same id delivers nothing twice. */
export interface BatchRow {
  batchId: string;
  ids: string[];
}

/** v5. A mail account: the mailbox it reads (a base address) and its password's salted hash. */
export interface MailAccount {
  mailbox: string;
  /** null: the tenant's rehearsal password, held once in the record (`shared`). */
  password: PasswordHash | null;
}

/**
 * v5. Accounts a thousand to a record (a generated tenant has 100,000 people: a row each would take seconds to write,
 * docs/testing.md), with the one hash of the password every person without their own shares, as the HRM keeps it.
 */
export interface AccountsRow {
  chunk: number;
  shared: PasswordHash | null;
  accounts: MailAccount[];
}

const UPGRADE_CHUNK = 1_000;

export class MailDb extends Dexie {
  deliveries!: EntityTable<DeliveryRow, 'first'>;
  reads!: EntityTable<ReadRow, 'id'>;
  batches!: EntityTable<BatchRow, 'batchId'>;
  accounts!: EntityTable<AccountsRow, 'chunk'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'mail'));
    this.version(1).stores({
      messages: 'id, &seq, [mailbox+seq], [mailbox+read]',
    });
    this.version(2).stores({ batches: 'batchId' });
    // v3: messages filed by delivery, read flags apart; v4 drops the v2 rows the upgrade moved.
    this.version(3).stores({ deliveries: 'first', reads: 'id' }).upgrade(upgradeToV3);
    this.version(4).stores({ messages: null });
    // v5: mail accounts, one per mailbox a person reads. A database from before holds none: the server gives it its
    // template's accounts when the workspace opens (seed.ts restoreAccounts), which an upgrade here cannot reach.
    this.version(5).stores({ accounts: 'chunk' });
  }
}

/** v2 → v3: the rows, in seq order, a thousand to a record; the read ones listed in `reads`. */
async function upgradeToV3(tx: Transaction): Promise<void> {
  const messages = tx.table<MessageRowV2, string>('messages');
  for (let after = 0; ;) {
    const rows = await messages.where('seq').above(after).limit(UPGRADE_CHUNK).toArray();
    if (rows.length === 0) break;
    const filed = rows.map(({ read: _read, ...message }) => message);
    await tx.table<DeliveryRow, number>('deliveries').add({ first: rows[0]!.seq, messages: filed });
    await tx.table<ReadRow, string>('reads').bulkAdd(rows.filter((r) => r.read === 1).map((r) => ({ id: r.id })));
    after = rows[rows.length - 1]!.seq;
  }
}
