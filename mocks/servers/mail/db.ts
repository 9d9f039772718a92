// Owns the mail server's database (one per workspace): every message any server sent, filed under its mailbox.
import Dexie, { type EntityTable } from 'dexie';
import { databaseName } from '../../shared/server';

/** IndexedDB cannot index booleans (TOOLCHAIN.md): flags are stored as 0/1. */
export type Flag = 0 | 1;

export interface MessageRow {
  id: string;
  /**
   * Delivery order across the whole server. The world clock is often paused, so several messages share a `sentAt`;
   * `seq` keeps "newest first" exact (and follows sentAt, since world time never runs backwards).
   */
  seq: number;
  /** The inbox it landed in: `to` without its plus-address tag (rule 7). */
  mailbox: string;
  /** The address as sent, normalised, plus tag kept. */
  to: string;
  from: string;
  fromName: string;
  subject: string;
  text: string;
  /** World time. */
  sentAt: number;
  read: Flag;
}

/** A batch the mail server accepted (POST /api/messages/batch): a retry with the same id delivers nothing twice. */
export interface BatchRow {
  batchId: string;
  ids: string[];
}

export class MailDb extends Dexie {
  messages!: EntityTable<MessageRow, 'id'>;
  batches!: EntityTable<BatchRow, 'batchId'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'mail'));
    this.version(1).stores({
      // [mailbox+seq]: one mailbox, newest first, by index; [mailbox+read]: the unread count without a scan.
      messages: 'id, &seq, [mailbox+seq], [mailbox+read]',
    });
    this.version(2).stores({ batches: 'batchId' });
  }
}
