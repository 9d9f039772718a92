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
import * as hrmApi from '../../../src/clients/hrm';
import { stateHash } from '../../../mocks/scenarios/state-hash';

async function recordRun(scenario: Scenario) {
  const host = await createHeadlessHost(scenario);
  try {
    const recorder = new ScenarioRecorder({
      network: host.network,
      clock: host.workspace.clock,
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
const ROUND_TRIPS = [
  'happy-path',
  'expired-code',
  'parental-leave',
  'private-email',
  'allowed-domains',
  'csv-import',
  'timeclock-only',
  'temporary-password',
  'dns-verification',
  'hr-two-factor',
  'passkeys',
  'users-without-inbox',
  'sso-unverified-domain',
  'sso-only-password',
  'sso-secret-expiry',
];
/**
 * Single sign-on into Expense sends no login request: the recorder keeps it as opening the page that signed the persona
 * in, which replays without the start page before it (one entry less in the browser's history). blocked-leaver also
 * checks "signed in?" by reloading the HRM, which itself ends the blocked session: an expectation, not a persona's action.
 */
const REPLAY_WITH_ANOTHER_HASH = ['existing-connect-account', 'blocked-leaver'];

async function recordAndReplay(id: string) {
  const scenario = builtInScenario(id)!;
  const original = await recordRun(scenario);
  expect(original.report.failed).toBe(0);
  const file = original.recorder.scenario({ id: `${id}-recorded`, title: `${scenario.title} (recorded)` });
  const parsed = parseScenario(JSON.parse(JSON.stringify(file)));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const replay = await runScenarioHeadless(parsed.scenario);
  const failures = replay.report.steps.filter((s) => s.status !== 'passed').map((s) => `steps[${s.index}] ${s.name}: ${s.detail}`);
  expect(failures).toEqual([]);
  expect(original.recorder.gaps()).toEqual([]);
  return { original, replay, file };
}

describe('recording the catalogue and replaying it', () => {
  test.each(ROUND_TRIPS)(
    '%s: the replayed recording ends in the original run’s state hash',
    async (id) => {
      const { original, replay } = await recordAndReplay(id);
      expect(replay.hash).toBe(original.hash);
    },
    60_000,
  );

  test.each(REPLAY_WITH_ANOTHER_HASH)(
    '%s: the recording replays step by step',
    async (id) => {
      const { file } = await recordAndReplay(id);
      expect(file.steps).toContainEqual({ action: 'openPage', persona: 'erik', url: 'https://expense.test/auth/login' });
    },
    60_000,
  );

  test('the SSO journey replays step by step: the provider’s login pages, its console, and Expense by single sign-on', async () => {
    const { file } = await recordAndReplay('sso-entra-journey');
    const steps = file.steps as Record<string, unknown>[];
    // The HRM's own sign-in through Entra ID before the migration: the page that sent Jonas there, then Entra's login.
    expect(steps.slice(0, 2)).toEqual([
      { action: 'openPage', persona: 'jonas', url: 'https://hrm.test/my-profile' },
      { action: 'idpSignIn', persona: 'jonas', username: 'jonas.berglund@northwind.test', password: 'entra-jonas-1' },
    ]);
    // What Tomas's console created is remembered and typed by name: the replay's own client id and secret.
    expect(steps).toContainEqual(expect.objectContaining({ action: 'registerIdpApplication', remember: { clientId: 'clientId' } }));
    expect(steps).toContainEqual(
      expect.objectContaining({ action: 'addIdpClientSecret', clientId: '{{clientId}}', months: 12, remember: { secret: 'value' } }),
    );
    expect(steps).toContainEqual(
      expect.objectContaining({
        action: 'addIdentityProvider',
        clientId: '{{clientId}}',
        clientSecret: '{{secret}}',
        domains: ['northwind.test'],
      }),
    );
    expect(steps).toContainEqual({ action: 'testIdentityProvider', persona: 'helena', name: 'Entra ID' });
    expect(steps).toContainEqual({ action: 'ssoLogin', persona: 'jonas', app: 'hrm', email: 'jonas.berglund@northwind.test' });
    expect(steps).toContainEqual({ action: 'openPage', persona: 'jonas', url: 'https://expense.test/auth/login' });
  }, 60_000);

  test('a sign-in refused at Connect after the provider’s login is recorded with its error; a second secret has a name of its own', async () => {
    const { file } = await recordAndReplay('sso-secret-expiry');
    const steps = file.steps as Record<string, unknown>[];
    expect(steps).toContainEqual({
      action: 'idpSignIn',
      persona: 'anna',
      username: 'a.berg@northwind.onmicrosoft.test',
      password: 'entra-anna-1',
      expectError: 'client_secret_expired',
    });
    expect(steps).toContainEqual(expect.objectContaining({ action: 'addIdpClientSecret', expiresOn: '2026-04-06' }));
    expect(steps).toContainEqual(expect.objectContaining({ action: 'addIdpClientSecret', remember: { secret2: 'value' } }));
    expect(steps).toContainEqual(
      expect.objectContaining({
        action: 'changeIdentityProvider',
        name: 'Entra ID',
        clientSecret: '{{secret2}}',
        secretExpiresAt: '2027-04-07T09:00:00Z',
      }),
    );
  }, 60_000);

  test('the happy path is recorded as the actions it is made of, with the clock step at activation', async () => {
    const { file } = await recordAndReplay('happy-path');
    expect(file.workspace).toEqual({ template: 'demo', seed: 'happy-path', startAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect((file.steps as { action: string; persona?: string }[]).map((s) => `${s.persona ?? 'clock'}:${s.action}`)).toEqual([
      'anna:hrmLogin',
      'anna:sendCode',
      'anna:verifyCode',
      'anna:forgotPassword',
      'anna:openMailLink',
      'anna:setPassword',
      'karin:hrmLogin',
      'clock:nextEvent',
      'anna:hrmLogin',
      'anna:connectLogin',
    ]);
    expect(file.steps).toContainEqual({ action: 'hrmLogin', persona: 'anna', expectError: 'old_login_gone' });
  }, 60_000);
});

describe('what the vocabulary has no action for', () => {
  test('is a gap the recording lists, and the file still validates', async () => {
    const scenario = builtInScenario('happy-path')!;
    const host = await createHeadlessHost(scenario);
    try {
      const recorder = new ScenarioRecorder({
        network: host.network,
        clock: host.workspace.clock,
        personas: host.personas(),
        workspace: scenario.workspace,
      });
      await runScenario({ ...scenario, steps: [{ persona: 'karin', action: 'hrmLogin' }] }, host);
      const karin = { network: host.network, jar: host.devices('karin').jar, initiator: 'browser:karin' };
      await hrmApi.runPayroll(karin, '2026-03');
      await host.clock.advance(90 * 60_000);
      recorder.stop();
      expect(recorder.gaps()).toEqual([
        expect.objectContaining({ persona: 'karin', request: 'POST https://hrm.test/api/payroll-runs', afterSteps: 1 }),
      ]);
      const file = recorder.scenario();
      expect(file.steps).toEqual([
        { action: 'hrmLogin', persona: 'karin' },
        { action: 'advanceClock', by: '1h30m' },
      ]);
      expect(file.description).toContain('after step 1: karin: POST https://hrm.test/api/payroll-runs (no action in the scenario format)');
      expect(parseScenario(file).ok).toBe(true);
    } finally {
      await host.close();
    }
  });
});

describe('durations', () => {
  test('are written as the file reads them', () => {
    expect(formatDuration(30 * 60_000)).toBe('30m');
    expect(formatDuration(29 * 60_000 + 59_000)).toBe('29m59s');
    expect(formatDuration(7 * 86_400_000 + 1500)).toBe('7d1s500ms');
  });
});

describe('a recording as long as a scenario file can be', () => {
  test('stops itself before it holds more steps than a file takes, and what it has still makes a file that loads', async () => {
    const scenario = builtInScenario('happy-path')!;
    // Anna asks for a code again and again: each request is a step of its own.
    const codes: Scenario = {
      ...scenario,
      steps: [
        { action: 'hrmLogin', persona: 'anna' },
        ...Array.from({ length: 990 }, () => ({ action: 'sendCode', persona: 'anna', email: 'anna.svensson@company.com' })),
      ] as Scenario['steps'],
    };
    const { recorder } = await recordRun(codes);
    expect(recorder.full).toBe(true);
    expect(recorder.recording).toBe(false);
    const file = recorder.scenario();
    expect(file.steps.length).toBeLessThan(1000);
    expect(file.steps.length).toBeGreaterThan(900);
    expect(parseScenario(JSON.parse(JSON.stringify(file))).ok).toBe(true);
  }, 120_000);

  test('a short recording is not full', async () => {
    const { recorder } = await recordRun(builtInScenario('happy-path')!);
    expect(recorder.full).toBe(false);
  }, 60_000);
});
