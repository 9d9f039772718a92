// What trainer mode calls a step: its own title, or a sentence said from its action and fields — never the code name —
// and the catalogue's promise that every built-in step has a title and a presenter note.
import { describe, expect, test } from 'vitest';
import { CATALOGUE } from '../../../mocks/scenarios/catalogue';
import {
  ACTION_NAMES,
  EXPECTATION_NAMES,
  parseScenario,
  SCENARIO_FORMAT,
  STEP_TITLE_MAX,
  type ScenarioStep,
} from '../../../src/contracts/scenario';
import { durationWords, stepTitle } from '../../../src/contracts/scenario-titles';

const NAMES: Record<string, string> = { anna: 'Anna Svensson', karin: 'Karin Berg', tomas: 'Tomas Lindqvist' };
const names = (id: string) => NAMES[id] ?? id;

function parse(steps: unknown[]) {
  return parseScenario({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'titles',
    title: 'Titles',
    workspace: { template: 'demo', seed: 's' },
    steps,
  });
}

function step(raw: Record<string, unknown>): ScenarioStep {
  const parsed = parse([raw]);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.scenario.steps[0]!;
}

describe('a step’s title', () => {
  test('a title the file gives is the one shown', () => {
    expect(stepTitle(step({ persona: 'anna', action: 'verifyCode', title: 'Anna types the code' }), names)).toBe('Anna types the code');
  });

  test('without one, the action is said as what the persona does, with the fields that matter', () => {
    expect(stepTitle(step({ persona: 'anna', action: 'hrmLogin' }), names)).toBe('Anna logs in to the HRM with the old login');
    expect(stepTitle(step({ persona: 'anna', action: 'verifyCode' }), names)).toBe('Anna types the code from the mail');
    expect(stepTitle(step({ persona: 'anna', action: 'verifyCode', code: '000000' }), names)).toBe('Anna types the code “000000”');
    expect(stepTitle(step({ persona: 'anna', action: 'sendCode', email: 'anna@company.com' }), names)).toBe(
      'Anna asks for a code at anna@company.com',
    );
    expect(stepTitle(step({ persona: 'karin', action: 'importCsv', csv: 'a', apply: false }), names)).toBe(
      'Karin previews the import of users.csv',
    );
    expect(stepTitle(step({ persona: 'karin', action: 'setConnectEmail', user: 'anna', email: 'a@b.se' }), names)).toBe(
      'Karin sets Anna Svensson’s Connect email to a@b.se',
    );
    expect(
      stepTitle(step({ persona: 'tomas', action: 'addDnsRecord', zone: 'northwind.test', host: '@', type: 'TXT', value: 'v' }), names),
    ).toBe('Tomas adds a TXT record at northwind.test');
    expect(stepTitle(step({ persona: 'anna', action: 'openPage', url: 'https://hrm.test/my-profile' }), names)).toBe(
      'Anna opens hrm.test/my-profile',
    );
  });

  test('after the move, the integrations console and the Timeclock devices are said by what they change', () => {
    expect(stepTitle(step({ persona: 'karin', action: 'runIntegration', integration: 'payroll-export' }), names)).toBe(
      'Karin runs the Payroll export now',
    );
    expect(
      stepTitle(
        step({ persona: 'karin', action: 'repointIntegration', integration: 'payroll-export', address: 'https://api.hrm.test/v1' }),
        names,
      ),
    ).toBe('Karin points the Payroll export at api.hrm.test/v1');
    expect(stepTitle(step({ persona: 'karin', action: 'allowAddress', address: '198.51.100.189' }), names)).toBe(
      'Karin allows 198.51.100.189 on the file server',
    );
    expect(stepTitle(step({ persona: 'karin', action: 'punchTimeclock', device: 'Factory clock', employeeNumber: '4' }), names)).toBe(
      'Karin punches employee number 4 at the Factory clock',
    );
    expect(stepTitle(step({ expect: 'integrationsChecklist', persona: 'karin', red: ['Payroll export'] }), names)).toBe(
      'Check: the checklist shows Payroll export still on an old address',
    );
    expect(stepTitle(step({ expect: 'timeclockDevice', device: 'Factory clock', screen: 'unreachable' }), names)).toBe(
      'Check: the Factory clock cannot reach its address',
    );
  });

  test('a step expected to fail says so', () => {
    expect(stepTitle(step({ persona: 'anna', action: 'hrmLogin', expectError: 'old_login_gone' }), names)).toBe(
      'Anna logs in to the HRM with the old login (and is refused)',
    );
  });

  test('the clock’s moves are said in words', () => {
    expect(stepTitle(step({ action: 'advanceClock', by: '1d2h' }), names)).toBe('Time passes: 1 day 2 hours');
    expect(stepTitle(step({ action: 'nextEvent', label: 'activation' }), names)).toBe('The clock jumps to the next event: activation');
    expect(stepTitle(step({ action: 'jumpTo', at: '2026-03-30T07:00:00Z' }), names)).toBe('The clock jumps to 30 Mar 2026, 07:00 UTC');
    expect(durationWords('30m')).toBe('30 minutes');
    expect(durationWords('1h')).toBe('1 hour');
  });

  test('an expectation is a check of what can be seen', () => {
    expect(stepTitle(step({ expect: 'linkStatus', persona: 'anna', status: 'unlinked' }), names)).toBe(
      'Check: Anna’s account is not linked yet',
    );
    expect(stepTitle(step({ expect: 'mail', persona: 'anna', subject: 'Verify your email address', count: 0 }), names)).toBe(
      'Check: no “Verify your email address” in Anna’s inbox',
    );
    expect(stepTitle(step({ expect: 'phase', phase: 'activation' }), names)).toBe('Check: the rollout is in activation');
  });

  test('a title never shows a code name, for any action or expectation', () => {
    const samples: Record<string, unknown>[] = [
      ...ACTION_NAMES.map((action) => ({ action })),
      ...EXPECTATION_NAMES.map((expect) => ({ expect })),
    ];
    for (const sample of samples) {
      // Each kind of step, made valid with whatever its schema requires, found from the parser's own errors.
      const built = completeStep(sample);
      const title = stepTitle(built, names);
      const code = 'action' in built ? built.action : built.expect;
      // "mail", "page", "phase" are words; "hrmLogin", "linkStatus" are code.
      if (/[A-Z]/.test(code)) expect(title, code).not.toContain(code);
      expect(title.length, code).toBeGreaterThan(5);
    }
  });

  test('a title is checked: one line, not empty, at most the limit, each error at the field', () => {
    const bad = parse([
      { persona: 'anna', action: 'hrmLogin', title: '   ' },
      { persona: 'anna', action: 'hrmLogin', title: 'x'.repeat(STEP_TITLE_MAX + 1) },
      { expect: 'phase', phase: 'activation', title: 'Two\nlines' },
      { expect: 'phase', phase: 'activation', title: 42 },
    ]);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      'steps[0].title: a title to read aloud, such as "Anna types the code" (or leave the field out)',
      `steps[1].title: a title a trainer reads aloud in one breath: at most ${STEP_TITLE_MAX} characters`,
      'steps[2].title: a title is one line: no line breaks (got "Two\\nlines")',
      'steps[3].title: expected text (got 42)',
    ]);
  });
});

describe('the catalogue', () => {
  test('every step of every built-in scenario has a title and a presenter note', () => {
    const missing: string[] = [];
    for (const scenario of CATALOGUE) {
      scenario.steps.forEach((s, i) => {
        if (!s.title) missing.push(`${scenario.id} step ${i + 1}: no title`);
        if (!s.note?.trim()) missing.push(`${scenario.id} step ${i + 1}: no note`);
      });
    }
    expect(missing).toEqual([]);
  });

  test('the titles read as sentences, not code: no action or expectation name in them', () => {
    const codeNames = new RegExp(`\\b(${[...ACTION_NAMES, ...EXPECTATION_NAMES].filter((n) => /[A-Z]/.test(n)).join('|')})\\b`);
    for (const scenario of CATALOGUE) {
      for (const s of scenario.steps) expect(s.title ?? '', scenario.id).not.toMatch(codeNames);
    }
  });
});

/** Fills in the required fields of a step with plausible values until it parses. */
function completeStep(sample: Record<string, unknown>): ScenarioStep {
  const FILL: Record<string, unknown> = {
    persona: 'anna',
    email: 'anna@company.com',
    subject: 'Verify your email address',
    password: 'pw',
    user: 'anna',
    csv: 'a',
    domains: ['company.com'],
    domain: 'company.com',
    groups: ['HR'],
    name: 'Entra ID',
    kind: 'entra',
    issuer: 'https://entra.test/t/v2.0',
    clientId: 'client',
    idp: 'entra',
    username: 'anna',
    description: 'd',
    zone: 'company.com',
    host: '@',
    type: 'TXT',
    value: 'v',
    by: '30m',
    at: '2026-03-30T07:00:00Z',
    url: 'https://hrm.test/',
    phase: 'activation',
    stage: 'complete',
    system: 'hrm',
    query: 'anna',
    integration: 'payroll-export',
    address: 'https://api.hrm.test/v1',
    device: 'Factory clock',
  };
  const raw = { ...sample };
  for (let round = 0; round < 10; round++) {
    const parsed = parse([raw]);
    if (parsed.ok) return parsed.scenario.steps[0]!;
    for (const error of parsed.errors) {
      const field = /^steps\[0\]\.(\w+)/.exec(error)?.[1];
      if (field && field in FILL && !(field in raw)) raw[field] = FILL[field];
    }
    if (raw.expect === 'mail' && !('persona' in raw)) raw.persona = 'anna';
  }
  throw new Error(`could not complete ${JSON.stringify(sample)}`);
}
