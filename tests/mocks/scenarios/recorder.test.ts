// The recorder's oracle: a built-in scenario run by the executor while recording, then the recorded file replayed
// headless from scratch, must end in the same state hash — the recording says everything the personas did that
// changed the world. Also what a recording looks like in the file: clock steps, gaps, and a valid file.
import { describe, expect, test } from 'vitest';
import { parseScenario, type Scenario } from '../../../src/contracts/scenario';
import { builtInScenario } from '../../../mocks/scenarios/catalogue';
import { runScenario } from '../../../mocks/scenarios/executor';
import { createHeadlessHost } from '../../../mocks/scenarios/headless';
import { ScenarioRecorder, formatDuration } from '../../../mocks/scenarios/recorder';
import { runScenarioHeadless } from '../../../mocks/scenarios/run';
import { stateHash } from '../../../mocks/scenarios/state-hash';

async function recordRun(scenario: Scenario) {
  const host = await createHeadlessHost(scenario);
  try {
    const recorder = new ScenarioRecorder({
      network: host.network,
      clock: host.clock as unknown as ConstructorParameters<typeof ScenarioRecorder>[0]['clock'],
      personas: host.personas(),
      workspace: scenario.workspace,
    });
    const report = await runScenario(scenario, host);
    recorder.stop();
    await host.saveDevices();
    await host.settled();
    return { report, hash: await stateHash(host.workspace.id), recorder };
  } finally {
    await host.close();
  }
}

/** Catalogue scenarios whose every action the vocabulary and the mapping cover. */
const ROUND_TRIPS = ['happy-path', 'expired-code', 'parental-leave', 'private-email', 'allowed-domains', 'csv-import', 'timeclock-only', 'existing-connect-account', 'temporary-password', 'blocked-leaver', 'dns-verification', 'hr-two-factor', 'passkeys', 'users-without-inbox'];

describe('recording the catalogue and replaying it', () => {
  test.each(ROUND_TRIPS)('%s: the replayed recording ends in the original run’s state hash', async (id) => {
    const scenario = builtInScenario(id)!;
    const original = await recordRun(scenario);
    expect(original.report.failed).toBe(0);
    const file = original.recorder.scenario({ id: `${id}-recorded`, title: `${scenario.title} (recorded)` });
    const parsed = parseScenario(JSON.parse(JSON.stringify(file)));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const replay = await runScenarioHeadless(parsed.scenario);
    const failures = replay.report.steps.filter((s) => s.status !== 'passed').map((s) => `steps[${s.index}] ${s.name}: ${s.detail}`);
    console.log(id, JSON.stringify(file.steps), original.recorder.gaps());
    expect(failures).toEqual([]);
    expect(replay.hash).toBe(original.hash);
  }, 60_000);
});

describe('durations', () => {
  test('are written as the file reads them', () => {
    expect(formatDuration(30 * 60_000)).toBe('30m');
    expect(formatDuration(29 * 60_000 + 59_000)).toBe('29m59s');
    expect(formatDuration(7 * 86_400_000 + 1500)).toBe('7d1s500ms');
  });
});
