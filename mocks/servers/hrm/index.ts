// Owns the HRM simulated server (hrm.test): its database, seed and handler list, as the workspace runtime creates it.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { HrmDb } from './db';
import { hrmHandlers } from './handlers';
import { seedHrm } from './seed';

export function createHrmServer(ctx: ServerContext): SimulatedServer {
  const db = new HrmDb(ctx.workspaceId);
  const env = { db, ctx };
  return {
    name: 'hrm',
    handlers: hrmHandlers(env),
    seed: (template: WorkspaceTemplate) => seedHrm(db, ctx, template),
    close: () => db.close(),
  };
}
