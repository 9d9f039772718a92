// Owns the HRM simulated server (hrm.test): its database, directory, mail jobs, seed and handler list, as the
// workspace runtime creates it.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { HrmDb } from './db';
import { createHrmEnv } from './env';
import { hrmHandlers } from './handlers';
import { JobRunner } from './jobs';
import { armRolloutTimer } from './rollout';
import { seedHrm } from './seed';

export function createHrmServer(ctx: ServerContext): SimulatedServer {
  const db = new HrmDb(ctx.workspaceId);
  const env = createHrmEnv(db, ctx, (e) => new JobRunner(e));
  return {
    name: 'hrm',
    handlers: hrmHandlers(env),
    seed: async (template: WorkspaceTemplate) => env.useDirectory(await seedHrm(db, ctx, template)),
    start: async () => {
      await armRolloutTimer(env);
      await env.jobs.resume();
      // The directory starts loading now, in the background, so the first Users view finds its index ready.
      void env.directory();
    },
    settled: async () => {
      await env.jobs.settled();
      await (await env.directory()).settled();
    },
    close: () => {
      env.jobs.stop();
      db.close();
    },
  };
}
