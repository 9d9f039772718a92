// The scenario file format (src/contracts/scenario.ts): what it accepts, the defaults it fills in, and errors that name
// the field.
import { describe, expect, test } from 'vitest';
import { parseDuration, parseScenario, SCENARIO_FORMAT } from '../../../src/contracts/scenario';

const file = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  format: SCENARIO_FORMAT,
  version: 1,
  id: 'example',
  title: 'Example',
  workspace: { template: 'demo', seed: 'example' },
  steps,
  ...extra,
});

const errorsOf = (input: unknown) => {
  const parsed = parseScenario(input);
  return parsed.ok ? [] : parsed.errors;
};

describe('parseScenario', () => {
  test('reads a file and fills in the defaults', () => {
    const parsed = parseScenario(
      JSON.stringify(
        file([
          { persona: 'anna', action: 'connectLogin', email: 'anna.svensson@company.com', password: 'x', note: 'She logs in' },
          { action: 'advanceClock', by: '29m59s' },
          { expect: 'signedIn', persona: 'anna' },
        ]),
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.description).toBe('');
    expect(parsed.scenario.steps).toEqual([
      { persona: 'anna', action: 'connectLogin', app: 'hrm', email: 'anna.svensson@company.com', password: 'x', note: 'She logs in' },
      { action: 'advanceClock', by: '29m59s' },
      { expect: 'signedIn', persona: 'anna', app: 'hrm', signedIn: true },
    ]);
  });

  test('names an unknown action at its step, with the action it looks like', () => {
    const steps = [
      { persona: 'anna', action: 'hrmLogin' },
      { action: 'nextEvent' },
      { expect: 'phase', phase: 'activation' },
      { persona: 'anna', action: 'sendCod', email: 'a@b.se' },
    ];
    expect(errorsOf(file(steps))).toEqual(['steps[3].action: unknown action "sendCod" (did you mean "sendCode"?)']);
  });

  test('names unknown expectations, unknown and missing fields, and bad values by their path', () => {
    expect(
      errorsOf(
        file([
          { expect: 'mails', persona: 'anna' },
          { persona: 'anna', action: 'sendCode', emial: 'a@b.se' },
          { action: 'advanceClock', by: '30 minutes' },
          { action: 'jumpTo', at: 'next monday' },
          { expect: 'phase', phase: 'cutover' },
          { persona: 'anna', action: 'verifyCode', expectError: 'code_expired', expectOutcome: 'linked' },
          { persona: 'anna' },
          { action: 'sendCode', email: 'a@b.se' },
          { expect: 'mail', subject: 'Verify' },
        ]),
      ),
    ).toEqual([
      'steps[0].expect: unknown expectation "mails" (did you mean "mail"?)',
      'steps[1].email: missing (text)',
      'steps[1].emial: unknown field "emial"',
      'steps[2].by: a duration such as "30m", "29m59s", "2h", "7d" or "300s" (got "30 minutes")',
      'steps[3].at: a date-time such as "2026-03-30T07:00:00Z" (got "next monday")',
      'steps[4].phase: expected one of "setup"|"preparation"|"activation" (got "cutover")',
      'steps[5].expectError: an action expected to fail has no outcome or result to expect',
      'steps[6]: a step needs an "action" (what a persona does) or an "expect" (what must be seen)',
      'steps[7].persona: missing (text)',
      'steps[8].persona: a mail expectation names a persona or a mailbox',
    ]);
  });

  test('single sign-on steps: Connect’s redirect URI by default, and each bad field named by its path', () => {
    const parsed = parseScenario(file([{ persona: 'tomas', action: 'registerIdpApplication', idp: 'entra', name: 'Connect' }]));
    expect(parsed.ok && parsed.scenario.steps[0]).toMatchObject({ redirectUris: ['https://connect.test/connect/sso/callback'] });
    expect(
      errorsOf(
        file([
          { persona: 'tomas', action: 'registerIdpApplication', idp: 'entro', name: 'Connect' },
          { persona: 'tomas', action: 'addIdpClientSecret', idp: 'entra', clientId: 'x', description: 'Connect', months: 3 },
          { persona: 'jonas', action: 'idpSignIn', password: 'p' },
          { persona: 'jonas', action: 'ssoLogin', app: 'payroll', email: 'j@northwind.test' },
          { persona: 'helena', action: 'testIdentityProvider' },
          { persona: 'helena', action: 'changeIdentityProvider', name: 'Entra ID', secretExpiresAt: 'next week' },
        ]),
      ),
    ).toEqual([
      'steps[0].idp: expected one of "entra"|"google"|"okta"|"ping" (got "entro")',
      'steps[1].months: one of 6, 12, 24 (months) (got 3)',
      'steps[2].username: missing (text)',
      'steps[3].app: expected one of "hrm"|"expense"|"connect" (got "payroll")',
      'steps[4].name: missing (text)',
      'steps[5].secretExpiresAt: a date-time such as "2026-03-30T07:00:00Z" (got "next week")',
    ]);
  });

  test('checks the header: format, version, id, workspace', () => {
    expect(errorsOf({ ...file([{ action: 'nextEvent' }]), version: 2 })).toEqual([
      'version: this reader knows version 1 of the scenario format, not 2',
    ]);
    expect(errorsOf(file([{ action: 'nextEvent' }], { format: 'something-else', id: 'Bad Id', workspace: { template: 'demo' } }))).toEqual([
      'format: expected "rollout-rehearsal/scenario" (got "something-else")',
      'id: lower-case letters, digits and dashes, such as "happy-path" (got "Bad Id")',
      'workspace.seed: missing (text)',
    ]);
    expect(errorsOf(file([]))).toEqual(['steps: at least one step']);
    expect(errorsOf('{"format":')[0]).toMatch(/^not JSON: /);
  });
});

describe('parseScenario, the JSON itself', () => {
  test('a field given twice is found however its name is written, and braces or quotes inside text are only text', () => {
    const text = `{"format":"${SCENARIO_FORMAT}","version":1,"id":"x","title":"A \\"quoted\\" {title} [1]","workspace":{"template":"demo","seed":"s"},
      "steps":[{"action":"nextEvent","note":"}]{["},{"persona":"anna","action":"sendCode","email":"a@b.se","em\\u0061il":"c@d.se"}]}`;
    expect(errorsOf(text)).toEqual(['steps[1].email: the field "email" is given twice; keep one']);
  });

  test('nesting is counted in objects and lists alike, and named by its path', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 15; i++) deep = { list: [deep] };
    expect(errorsOf(JSON.stringify(file([{ persona: 'anna', action: 'hrmLogin', expectResult: deep }])))).toEqual([
      `steps[0].expectResult${'.list[0]'.repeat(14)}.list: nested more than 32 levels deep`,
    ]);
  });
});

describe('parseDuration', () => {
  test('reads days, hours, minutes, seconds and milliseconds, combined', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('29m59s')).toBe(29 * 60_000 + 59_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('30 minutes')).toBeNaN();
    expect(parseDuration('')).toBeNaN();
  });

  test('a text longer than any duration is not one, whatever it holds', () => {
    expect(parseDuration(`${'9'.repeat(1_000)}d`)).toBeNaN();
  });
});

describe('parseScenario, names', () => {
  test('a workspace seed is any line a person typed when they made the workspace they recorded in', () => {
    expect(parseScenario(file([{ action: 'nextEvent' }], { workspace: { template: 'demo', seed: 'x'.repeat(1_000) } })).ok).toBe(true);
  });

  test('suggests a known name only for a name about as long as one', () => {
    const steps = (action: string) => [{ persona: 'anna', action, email: 'a@b.se' }];
    expect(errorsOf(file(steps('sendCodee')))).toEqual(['steps[0].action: unknown action "sendCodee" (did you mean "sendCode"?)']);
    expect(errorsOf(file(steps(`sendCode${' '.repeat(40)}`)))).toEqual([
      'steps[0].action: unknown action “sendCode                …” (48 characters)',
    ]);
  });
});
