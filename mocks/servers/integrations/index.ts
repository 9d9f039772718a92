// Owns the integrations simulated server (integrations.test): its database, seed and handler list, as the workspace
// runtime creates it; on start it puts the Payroll export's daily run and the calendar app's refreshes on the clock.
import { DAY, HOUR } from '../../../src/domain/clock';
import { CALENDAR_REFRESH_HOURS } from '../../../src/contracts/integrations';
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { IntegrationsDb } from './db';
import type { IntegrationsEnv } from './env';
import { integrationsHandlers } from './handlers';
import { refreshCalendar, runApiClient } from './outbound';
import { nextDailyRun, nextRefresh } from './rules';
import { seedIntegrations } from './seed';

/**
 * Sets the timer of a recurring run at `at`; when it fires it runs and sets the next one. Routine, with its period: "Next
 * event" goes to the rollout's own events, and a jump of the clock over many periods runs the job once, at the last of
 * them, as its log would otherwise repeat the same answer a hundred times.
 */
function every(
  env: IntegrationsEnv,
  key: string,
  label: string,
  at: number,
  period: number,
  next: (now: number) => number,
  run: () => Promise<unknown>,
): void {
  env.ctx.timers.set(
    key,
    at,
    label,
    async () => {
      try {
        await run();
      } finally {
        every(env, key, label, next(env.ctx.clock.now()), period, next, run);
      }
    },
    { routine: true, period },
  );
}

export function createIntegrationsServer(ctx: ServerContext): SimulatedServer {
  const db = new IntegrationsDb(ctx.workspaceId);
  const env: IntegrationsEnv = { db, ctx };
  return {
    name: 'integrations',
    handlers: integrationsHandlers(env),
    seed: (template: WorkspaceTemplate) => seedIntegrations(db, ctx, template),
    start: async () => {
      const configured = new Set(await db.integrations.toCollection().primaryKeys());
      const now = ctx.clock.now();
      if (configured.has('payroll-export'))
        every(env, 'integrations:payroll-export', 'Payroll export runs', nextDailyRun(now), DAY, nextDailyRun, () =>
          runApiClient(env, 'schedule'),
        );
      if (configured.has('calendar-app'))
        every(
          env,
          'integrations:calendar-app',
          'Calendar app refreshes its subscriptions',
          nextRefresh(now),
          CALENDAR_REFRESH_HOURS * HOUR,
          nextRefresh,
          () => refreshCalendar(env, 'schedule'),
        );
    },
    close: () => db.close(),
  };
}
