// Owns the mail server's messages as it serves them: every mailbox's messages in delivery order (summaries, in memory,
// read from the deliveries once) and which were read; a message's text is read from its delivery when asked for.
// Writes go one at a time, stored first and shown after, so the numbering (seq) never forks.
import type { MailSummary } from '../../../src/contracts/mail';
import { mailHighlights } from '../../../src/domain/mail-text';
import type { MailDb, StoredMessage } from './db';
import { previewOf } from './rules';

/** A message as a mailbox lists it, and where its text is. */
interface Filed {
  summary: Omit<MailSummary, 'read'>;
  /** The delivery holding it (DeliveryRow.first). */
  delivery: number;
}

export type Outgoing = Omit<StoredMessage, 'seq'>;

export class MailStore {
  readonly #byId = new Map<string, Filed>();
  readonly #byMailbox = new Map<string, Filed[]>();
  readonly #read = new Set<string>();
  #lastSeq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #db: MailDb;

  private constructor(db: MailDb) {
    this.#db = db;
  }

  static async load(db: MailDb): Promise<MailStore> {
    const store = new MailStore(db);
    await db.transaction('r', db.deliveries, db.reads, async () => {
      await db.deliveries.each((delivery) => store.#file(delivery.first, delivery.messages));
      for (const { id } of await db.reads.toArray()) store.#read.add(id);
    });
    return store;
  }

  /**
   * Files `messages` as one delivery, numbered after every earlier one. With a batch id, a batch already accepted is
   * not delivered again: its first delivery's ids are answered. The batch id is checked in the delivering transaction.
   */
  deliver(messages: readonly Outgoing[], batchId: string | null): Promise<{ ids: string[]; duplicate: boolean }> {
    return this.#serial(async () => {
      const db = this.#db;
      const first = this.#lastSeq + 1;
      const filed = messages.map((m, i): StoredMessage => ({ ...m, seq: first + i }));
      const ids = filed.map((m) => m.id);
      const earlier = await db.transaction('rw', db.deliveries, db.batches, async () => {
        if (batchId !== null) {
          const batch = await db.batches.get(batchId);
          if (batch) return batch.ids;
          await db.batches.add({ batchId, ids });
        }
        await db.deliveries.add({ first, messages: filed });
        return null;
      });
      if (earlier) return { ids: earlier, duplicate: true };
      this.#file(first, filed);
      return { ids, duplicate: false };
    });
  }

  /** A mailbox's messages, newest first, and how many are unread. Any address is a mailbox, maybe empty. */
  listing(mailbox: string): { messages: MailSummary[]; unread: number } {
    const filed = this.#byMailbox.get(mailbox) ?? [];
    const messages: MailSummary[] = [];
    let unread = 0;
    for (let i = filed.length - 1; i >= 0; i--) {
      const { summary } = filed[i]!;
      const read = this.#read.has(summary.id);
      if (!read) unread++;
      messages.push({ ...summary, read });
    }
    return { messages, unread };
  }

  /** The mailbox a message was delivered to, or undefined when there is none of that id. */
  mailboxOf(id: string): string | undefined {
    return this.#byId.get(id)?.summary.mailbox;
  }

  /** The whole message, or undefined when there is none of that id. */
  async message(id: string): Promise<{ message: StoredMessage; read: boolean } | undefined> {
    const filed = this.#byId.get(id);
    if (!filed) return undefined;
    const delivery = await this.#db.deliveries.get(filed.delivery);
    const message = delivery?.messages.find((m) => m.id === id);
    if (!message) throw new Error(`Message ${id} is missing from delivery ${filed.delivery}`);
    return { message, read: this.#read.has(id) };
  }

  /** Marks a message read; false when there is none of that id. Reading it twice changes nothing. */
  markRead(id: string): Promise<boolean> {
    return this.#serial(async () => {
      if (!this.#byId.has(id)) return false;
      if (this.#read.has(id)) return true;
      await this.#db.reads.put({ id });
      this.#read.add(id);
      return true;
    });
  }

  #file(first: number, messages: readonly StoredMessage[]): void {
    for (const m of messages) {
      const filed: Filed = {
        summary: {
          id: m.id,
          mailbox: m.mailbox,
          to: m.to,
          from: m.from,
          fromName: m.fromName,
          subject: m.subject,
          preview: previewOf(m.text),
          code: mailHighlights(m.text).code,
          sentAt: m.sentAt,
        },
        delivery: first,
      };
      this.#byId.set(m.id, filed);
      let mailbox = this.#byMailbox.get(m.mailbox);
      if (!mailbox) this.#byMailbox.set(m.mailbox, (mailbox = []));
      mailbox.push(filed);
      if (m.seq > this.#lastSeq) this.#lastSeq = m.seq;
    }
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
