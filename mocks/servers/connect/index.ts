// Owns the Connect simulated server (connect.test): its database, seed and handler list, as the workspace runtime creates it.
import { BackgroundWork } from '../../shared/background';
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { sendPendingInvitations } from './admin/administrators';
import { ConnectDb } from './db';
import { connectHandlers } from './handlers';
import { seedConnect } from './seed';
import { scheduleTwoFactorDates } from './two-factor/admin';

export function createConnectServer(ctx: ServerContext): SimulatedServer {
  const db = new ConnectDb(ctx.workspaceId);
  const env = { db, ctx, background: new BackgroundWork('connect.test') };
  return {
    name: 'connect',
    handlers: connectHandlers(env),
    seed: (template: WorkspaceTemplate) => seedConnect(db, ctx, template),
    // R28: the first administrators' activation mails, once mail.test is there (it is seeded after Connect); the
    // date from which everyone must use two-factor authentication back on the world clock.
    start: async () => {
      await sendPendingInvitations(env);
      await scheduleTwoFactorDates(env);
    },
    settled: () => env.background.settled(),
    close: () => db.close(),
  };
}
