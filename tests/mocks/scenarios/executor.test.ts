// The scenario executor (mocks/scenarios/executor.ts) on the demo workspace: how a step passes or fails, what stops a
// run, remembered values, the start time, and the personas a scenario may name.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../../src/contracts/scenario';
import { runScenarioHeadless } from '../../../mocks/scenarios/run';

function scenario(steps: unknown[], workspace: Record<string, unknown> = {}): Scenario {
  const parsed = parseScenario({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'test',
    title: 'Test',
    workspace: { template: 'demo', seed: 'executor', ...workspace },
    steps,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.scenario;
}

const statuses = (run: Awaited<ReturnType<typeof runScenarioHeadless>>) => run.report.steps.map((s) => s.status);

describe('runScenario', () => {
  test('a failed expectation is reported and the run goes on; a failed action stops it', async () => {
    const run = await runScenarioHeadless(
      scenario([
        { persona: 'anna', action: 'hrmLogin' },
        { expect: 'linkStatus', persona: 'anna', status: 'linked' },
        { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com' },
        { persona: 'anna', action: 'verifyCode', code: '000000' },
        { expect: 'linkStatus', persona: 'anna', status: 'code_sent' },
      ]),
    );
    expect(statuses(run)).toEqual(['passed', 'failed', 'passed', 'failed', 'skipped']);
    expect(run.report.steps[1]!.detail).toBe('status: expected "linked", saw "unlinked" (saw unlinked, – tries left)');
    expect(run.report.steps[3]!.detail).toBe('code_incorrect: The code is incorrect. 4 tries left.');
    expect(run.report.steps[4]!.detail).toBe('not run: step 3 (verifyCode) failed');
    expect(run.report).toMatchObject({ passed: 2, failed: 2, skipped: 1 });
  });

  test('expectError, expectOutcome and expectResult each fail the step when the answer differs', async () => {
    const run = await runScenarioHeadless(scenario([{ persona: 'anna', action: 'hrmLogin', expectError: 'invalid_credentials' }]));
    expect(run.report.steps[0]).toMatchObject({
      status: 'failed',
      detail: 'expected the error invalid_credentials, but it went through: Anna Svensson is in the HRM (hrm/start (https://hrm.test/))',
    });
    const wrongError = await runScenarioHeadless(
      scenario([{ persona: 'anna', action: 'hrmLogin', password: 'wrong', expectError: 'old_login_gone' }]),
    );
    expect(wrongError.report.steps[0]!.detail).toMatch(/^expected the error old_login_gone, got invalid_credentials: /);
    const outcome = await runScenarioHeadless(
      scenario([
        { persona: 'anna', action: 'hrmLogin' },
        { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com', expectOutcome: 'linked' },
      ]),
    );
    expect(outcome.report.steps[1]!.detail).toBe('expected the outcome linked, got code_sent: status code_sent');
    const result = await runScenarioHeadless(
      scenario([
        { persona: 'anna', action: 'hrmLogin' },
        {
          persona: 'anna',
          action: 'sendCode',
          email: 'anna.svensson@company.com',
          expectResult: { status: 'code_sent', attemptsLeft: 5, email: 'anna.svensson@company.com' },
        },
        { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com', expectResult: { attemptsLeft: 4 } },
      ]),
    );
    expect(statuses(result)).toEqual(['passed', 'passed', 'failed']);
    expect(result.report.steps[2]!.detail).toMatch(/^expected a result with \{"attemptsLeft":4\}, got \{.*"attemptsLeft":5/);
  });

  test('remembers a value of a result for later steps, and names what was never remembered', async () => {
    const run = await runScenarioHeadless(
      scenario([
        { persona: 'anna', action: 'hrmLogin' },
        { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com', remember: { sentTo: 'email' } },
        { expect: 'mail', mailbox: '{{sentTo}}', subject: 'Verify your email address', count: 1 },
        { expect: 'mail', mailbox: '{{sentFrom}}', count: 1 },
        { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com', remember: { nothing: 'no.such.field' } },
      ]),
    );
    expect(statuses(run)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed']);
    expect(run.report.steps[3]!.detail).toBe('{{sentFrom}}: no earlier step remembered “sentFrom”');
    expect(run.report.steps[4]!.detail).toBe('remember.nothing: the result has nothing at “no.such.field”');
  });

  test('starts at the scenario’s start time, and moves the clock only when a step does', async () => {
    const run = await runScenarioHeadless(
      scenario(
        [
          { expect: 'clock', at: '2026-03-10T09:00:00Z' },
          { action: 'advanceClock', by: '1d2h' },
          { expect: 'clock', at: '2026-03-11T11:00:00Z' },
          { action: 'jumpTo', at: '2026-03-30T06:59:59Z' },
          { expect: 'phase', phase: 'preparation' },
          { action: 'nextEvent', label: 'activation' },
          { expect: 'clock', at: '2026-03-30T07:00:00Z' },
          { expect: 'phase', phase: 'activation' },
          { action: 'nextEvent', expectError: 'no_event' },
        ],
        { startAt: '2026-03-10T09:00:00Z' },
      ),
    );
    expect(run.report.steps.filter((s) => s.status !== 'passed')).toEqual([]);
  });

  test('refuses personas the workspace does not have, before any step runs', async () => {
    const run = await runScenarioHeadless(
      scenario([
        { persona: 'ana', action: 'hrmLogin' },
        { expect: 'signedIn', persona: 'bob' },
      ]),
    );
    expect(run.report.steps).toEqual([]);
    expect(run.report.errors).toEqual([
      'steps[0].persona: no persona “ana” in template demo (anna, karin, johan, pekka, sara, erik, lena, oskar, nils.olsson)',
      'steps[1].persona: no persona “bob” in template demo (anna, karin, johan, pekka, sara, erik, lena, oskar, nils.olsson)',
    ]);
  });

  test('the same scenario from another seed gives other codes and another state hash', async () => {
    const steps = [
      { persona: 'anna', action: 'hrmLogin' },
      { persona: 'anna', action: 'sendCode', email: 'anna.svensson@company.com' },
    ];
    const a = await runScenarioHeadless(scenario(steps, { seed: 'one' }));
    const b = await runScenarioHeadless(scenario(steps, { seed: 'two' }));
    const again = await runScenarioHeadless(scenario(steps, { seed: 'one' }));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).not.toBe(a.hash);
    expect(again.hash).toBe(a.hash);
  });
});

describe('the executor’s modules', () => {
  test('use no Node API, so the tab can run them (only the CLI may)', () => {
    const dir = new URL('../../../mocks/scenarios/', import.meta.url);
    const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'cli.ts');
    expect(modules.length).toBeGreaterThan(5);
    for (const file of modules) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(
        /from 'node:|from '(fs|path|os|child_process|url)'|\bprocess\.|\bBuffer\b|\brequire\(|from 'fake-indexeddb/,
      );
    }
  });
});
