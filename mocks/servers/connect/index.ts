// Owns the Connect simulated server (connect.test): its database, seed and handler list, as the workspace runtime creates it.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { ConnectDb } from './db';
import { connectHandlers } from './handlers';
import { seedConnect } from './seed';

export function createConnectServer(ctx: ServerContext): SimulatedServer {
  const db = new ConnectDb(ctx.workspaceId);
  return {
    name: 'connect',
    handlers: connectHandlers({ db, ctx }),
    seed: (template: WorkspaceTemplate) => seedConnect(db, ctx, template),
    close: () => db.close(),
  };
}
