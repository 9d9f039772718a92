// Owns the mail simulated server (mail.test): its database, seed and handler list, as the workspace runtime creates it.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { MailDb } from './db';
import { mailHandlers } from './handlers';
import { seedMail } from './seed';

export function createMailServer(ctx: ServerContext): SimulatedServer {
  const db = new MailDb(ctx.workspaceId);
  return {
    name: 'mail',
    handlers: mailHandlers({ db, ctx }),
    seed: (template: WorkspaceTemplate) => seedMail(db, template),
    close: () => db.close(),
  };
}
