// Runs every built-in scenario headless, twice: each step and expectation passes, and the two runs end in the same
// state hash (H5: the same scenario from the same seed gives the same result).
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CATALOGUE } from '../../../mocks/scenarios/catalogue';
import { runScenarioHeadless } from '../../../mocks/scenarios/run';

describe('built-in scenario catalogue', () => {
  test('every scenario has its own id, and every file in catalogue/ is in it', () => {
    const ids = CATALOGUE.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(new URL('../../../mocks/scenarios/catalogue/', import.meta.url)).map((f) => f.replace(/\.json$/, ''));
    expect([...files].sort()).toEqual([...ids].sort());
  });

  test.each(CATALOGUE.map((s) => [s.id, s] as const))(
    '%s passes, and a second run gives the same state hash',
    async (_id, scenario) => {
      const first = await runScenarioHeadless(scenario);
      const failures = first.report.steps.filter((s) => s.status !== 'passed').map((s) => `steps[${s.index}] ${s.name}: ${s.detail}`);
      expect([...first.report.errors, ...failures]).toEqual([]);
      expect(first.report.passed).toBe(scenario.steps.length);
      const second = await runScenarioHeadless(scenario);
      expect(second.report.failed).toBe(0);
      expect(second.hash).toBe(first.hash);
    },
    60_000,
  );
});
