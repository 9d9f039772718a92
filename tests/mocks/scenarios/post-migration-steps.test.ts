// The scenario steps of post-migration: the admin sets the temporary measures and closes the migration, and a
// scenario expects the stage the world clock brings.
import { expect, test } from 'vitest';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../../src/contracts/scenario';
import { runScenarioHeadless } from '../../../mocks/scenarios/run';

function scenario(steps: unknown[]): Scenario {
  const parsed = parseScenario({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'post-migration-steps',
    title: 'Post-migration steps',
    workspace: { template: 'demo', seed: 'post-migration' },
    steps,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.scenario;
}

test('the end dates set by the admin complete the migration as the clock passes them', async () => {
  const run = await runScenarioHeadless(
    scenario([
      { persona: 'karin', action: 'hrmLogin' },
      { persona: 'karin', action: 'closeMigration', expectError: 'phase_conflict' },
      {
        persona: 'karin',
        action: 'setTemporaryMeasures',
        apiForwardingEndsAt: '2026-04-09T07:00:00Z',
        calendarRedirectEndsAt: '2026-04-19T07:00:00Z',
      },
      {
        persona: 'karin',
        action: 'setTemporaryMeasures',
        hosting: 'selfHosted',
        calendarRedirectEndsAt: '2026-04-19T07:00:00Z',
        expectError: 'measures_invalid',
      },
      { expect: 'stage', stage: 'preparation' },
      { action: 'nextEvent', label: 'Activation' },
      { expect: 'stage', stage: 'postMigration' },
      { action: 'nextEvent', label: 'API forwarding ends' },
      { expect: 'stage', stage: 'postMigration' },
      { action: 'nextEvent' },
      { expect: 'stage', stage: 'complete' },
      { expect: 'phase', phase: 'activation' },
    ]),
  );
  expect(run.report.steps.map((s) => `${s.status} ${s.detail ?? ''}`)).toEqual(run.report.steps.map((s) => `passed ${s.detail ?? ''}`));
  expect(run.report.steps[2]!.detail).toMatch(/API forwarding 2026-04-09T07:00:00.000Z, calendar redirect 2026-04-19T07:00:00.000Z/);
});
