// Owns the mail simulated server (mail.test): its database, seed and handler list, as the workspace runtime creates it.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { MailAccounts } from './accounts';
import { MailDb } from './db';
import { mailHandlers } from './handlers';
import { restoreAccounts, seedMail } from './seed';
import { MailStore } from './store';

export function createMailServer(ctx: ServerContext): SimulatedServer {
  const db = new MailDb(ctx.workspaceId);
  // Read from the database on first use; a new seed empties it, so the next use reads it again.
  let store: Promise<MailStore> | null = null;
  let accounts: Promise<MailAccounts> | null = null;
  return {
    name: 'mail',
    handlers: mailHandlers({ db, ctx, store: () => (store ??= MailStore.load(db)), accounts: () => (accounts ??= MailAccounts.load(db)) }),
    seed: async (template: WorkspaceTemplate) => {
      await seedMail(db, ctx, template);
      store = null;
      accounts = null;
    },
    start: async (template) => {
      if (await restoreAccounts(db, ctx, template)) accounts = null;
    },
    close: () => db.close(),
  };
}
