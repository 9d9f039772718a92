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

function errorsOf(steps: unknown[]): string[] {
  const parsed = parseScenario({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'post-migration-steps',
    title: 'Post-migration steps',
    workspace: { template: 'demo', seed: 'post-migration' },
    steps,
  });
  return parsed.ok ? [] : parsed.errors;
}

test('the console and device steps name the field that is wrong', () => {
  expect(
    errorsOf([{ persona: 'karin', action: 'repointIntegration', integration: 'calendar-app', address: 'https://web.hrm.test/x' }]),
  ).toEqual([
    'steps[0].addresses: the calendar app takes "addresses": one feed address per subscription',
    'steps[0].address: the calendar app takes "addresses" (a list), not "address" (got "https://web.hrm.test/x")',
  ]);
  expect(errorsOf([{ persona: 'karin', action: 'repointIntegration', integration: 'payroll-export' }])).toEqual([
    'steps[0].address: the payroll-export integration takes "address": the URL it calls',
  ]);
  expect(errorsOf([{ persona: 'karin', action: 'runIntegration', integration: 'file-server' }])).toEqual([
    'steps[0].integration: expected one of "payroll-export"|"calendar-app" (got "file-server")',
  ]);
  expect(
    errorsOf([{ persona: 'pekka', action: 'punchTimeclock', device: 'Factory clock', badge: '04A1B2C3', employeeNumber: '10004' }]),
  ).toEqual(['steps[0].employeeNumber: a punch is by "badge" or by "employeeNumber", not both (got "10004")']);
  expect(errorsOf([{ persona: 'pekka', action: 'punchTimeclock', badge: '04A1B2C3' }])).toEqual(['steps[0].device: missing (text)']);
  expect(errorsOf([{ expect: 'timeclockDevice', device: 'Factory clock', screen: 'off' }])).toEqual([
    'steps[0].screen: expected one of "clock"|"login"|"unreachable" (got "off")',
  ]);
  expect(errorsOf([{ expect: 'integration', persona: 'karin', integration: 'payroll-export', lastStatus: 99 }])).toEqual([
    'steps[0].lastStatus: at least 100 (got 99)',
  ]);
});

test('a Timeclock device refuses what its settings would refuse, and a punch needs a badge or a number', async () => {
  const run = await runScenarioHeadless(
    scenario([
      { persona: 'karin', action: 'timeclockLogin', device: 'Tower clock', expectError: 'unknown_device' },
      {
        persona: 'karin',
        action: 'setTimeclockAddress',
        device: 'Factory clock',
        address: 'timeclock.hrm.test/x',
        expectError: 'address_invalid',
      },
      { persona: 'karin', action: 'timeclockLogin', device: 'factory clock', password: 'wrong', expectError: 'invalid_credentials' },
      { persona: 'karin', action: 'timeclockLogin', device: 'Factory clock', expectOutcome: 'logged_in' },
      { expect: 'timeclockDevice', device: 'Factory clock', screen: 'clock', address: 'https://hrm.test/Timeclock/Fabriksklocka' },
      { persona: 'karin', action: 'punchTimeclock', device: 'Factory clock', expectError: 'no_badge' },
      { persona: 'karin', action: 'punchTimeclock', device: 'Factory clock', badge: 'FFFFFFFF', expectError: 'unknown_badge' },
      { persona: 'pekka', action: 'punchTimeclock', device: 'Factory clock', expectOutcome: 'in' },
      {
        persona: 'karin',
        action: 'setTimeclockAddress',
        device: 'Factory clock',
        address: 'https://timeclock.hrm.test/Fabriksklocka/4711',
        expectOutcome: 'unreachable',
      },
      { expect: 'timeclockDevice', device: 'Factory clock', screen: 'unreachable', contains: 'not in use for this customer yet' },
    ]),
  );
  expect(run.report.steps.map((s) => `${s.status} ${s.detail ?? ''}`)).toEqual(run.report.steps.map((s) => `passed ${s.detail ?? ''}`));
});

test('the console steps need a signed-in console, and a stale or bad change is refused at its field', async () => {
  const run = await runScenarioHeadless(
    scenario([
      { persona: 'karin', action: 'runIntegration', integration: 'payroll-export', expectError: 'unauthenticated' },
      {
        persona: 'karin',
        action: 'integrationsLogin',
        email: 'karin.berg@company.com',
        password: 'wrong',
        expectError: 'invalid_credentials',
      },
      { persona: 'karin', action: 'integrationsLogin', email: 'karin.berg@company.com', password: 'integrations-karin-1' },
      {
        persona: 'karin',
        action: 'runIntegration',
        integration: 'payroll-export',
        expectOutcome: 'ok',
        expectResult: { last: { status: 201 } },
      },
      { persona: 'karin', action: 'repointIntegration', integration: 'sms', address: 'not a url', expectError: 'url_invalid' },
      {
        persona: 'karin',
        action: 'repointIntegration',
        integration: 'calendar-app',
        addresses: ['https://web.hrm.test/calendar/x/schedule.ics'],
        expectError: 'invalid_request',
      },
      { persona: 'karin', action: 'allowAddress', address: '192.0.2.24', expectError: 'address_listed' },
      { persona: 'karin', action: 'allowAddress', address: '198.51.100.189' },
      { expect: 'integration', persona: 'karin', integration: 'file-server', configured: '198.51.100.189' },
      {
        expect: 'integration',
        persona: 'karin',
        integration: 'payroll-export',
        lastStatus: 201,
        lastOk: true,
        lastMessage: 'travel expense stored',
      },
      { persona: 'karin', action: 'hrmLogin' },
      { expect: 'integrationsChecklist', persona: 'karin', red: [], allMoved: false },
    ]),
  );
  expect(run.report.steps.map((s) => `${s.status} ${s.detail ?? ''}`)).toEqual(run.report.steps.map((s) => `passed ${s.detail ?? ''}`));
});
