// Owns filling a fresh mail database from a workspace template: every mailbox starts empty (mailboxes exist
// implicitly); this is where welcome mails would be delivered if a template ever asks for them.
import type { WorkspaceTemplate } from '../../templates/template';
import type { MailDb } from './db';

export async function seedMail(db: MailDb, _template: WorkspaceTemplate): Promise<void> {
  await db.transaction('rw', db.deliveries, db.reads, db.batches, () => Promise.all([db.deliveries.clear(), db.reads.clear(), db.batches.clear()]));
}
