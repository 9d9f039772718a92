// A scenario file comes from anyone (a mail attachment, a download, a colleague's recording): opened in the trainer or
// given to `npm run scenario`, a hostile one is refused with a message naming the field, without a hang, and the live
// workspace stays exactly as it was; a pattern that would backtrack without end runs, and finishes.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Simulation } from '../../mocks/runtime/simulation';
import { runScenarioHeadless } from '../../mocks/scenarios/run';
import { ScenarioReplay } from '../../src/app/trainer/replay';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../src/contracts/scenario';
import { ManualClock } from '../../src/domain/clock';
import { TEST_PAGE_ORIGIN } from '../support/harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/hostile/scenario/', import.meta.url));
const fixture = (name: string) => readFile(`${FIXTURES}${name}`, 'utf8');

const file = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'hostile',
    title: 'A hostile scenario file',
    workspace: { template: 'demo', seed: 'hostile' },
    steps,
    ...extra,
  });

const MEGABYTE = 1 << 20;

let simulation: Simulation;
let replay: ScenarioReplay;
beforeAll(async () => {
  simulation = await Simulation.start({ realClock: new ManualClock(Date.UTC(2026, 0, 5, 9)), pageOrigin: TEST_PAGE_ORIGIN });
  replay = new ScenarioReplay(simulation, { pauseBetweenSteps: 0 });
});
afterAll(async () => {
  replay.destroy();
  await simulation.runtime.close();
});

/** What the trainer does with a picked file (src/app/trainer/trainer.svelte.ts): a file with errors loads nothing. */
async function openInTrainer(text: string): Promise<string[]> {
  const parsed = parseScenario(text);
  if (!parsed.ok) return parsed.errors;
  await replay.load(parsed.scenario);
  return [];
}

/** Opens the file in the trainer and returns its errors, checking the live workspace is byte for byte what it was. */
async function refused(text: string): Promise<string[]> {
  const workspace = simulation.workspace().id;
  const before = await simulation.stateHash();
  const errors = await openInTrainer(text);
  expect(simulation.workspace().id).toBe(workspace);
  expect(await simulation.stateHash()).toBe(before);
  return errors;
}

describe('a hostile scenario file opened in the trainer', () => {
  test.each([
    [
      'look-behind-pattern.json',
      [
        'steps[2].pattern: look-behind (?<=…) is not supported; patterns use RE2 syntax: put the text around it in the pattern and what to note in a group, as in "Code: (\\d+)" (got "(?<=code: )\\\\d{6}")',
      ],
    ],
    [
      'back-reference-pattern.json',
      [
        'steps[2].pattern: the back-reference \\1 is not supported; patterns use RE2 syntax, which has no back-references (got "(\\\\d)\\\\1")',
      ],
    ],
    ['long-pattern.json', ['steps[2].pattern: a pattern has at most 500 characters (got “(a|b)(a|b)(a|b)(a|b)(a|b…” (505 characters))']],
    [
      'huge-duration.json',
      ['steps[0].by: a move longer than the world clock’s whole calendar, which ends on 31 Dec 9999 (got "1000000000000d")'],
    ],
    [
      'past-last-date.json',
      ['steps[2].by: would move the world clock past 31 Dec 9999, its last date (it stands at 9999-12-20T00:00:00.000Z or later)'],
    ],
    [
      'jump-past-last-date.json',
      [
        'steps[0].at: a date between 1 Jan 1970 and 31 Dec 9999 (got "9999-12-31T23:00:00-05:00")',
        'steps[1].at: a date between 1 Jan 1970 and 31 Dec 9999 (got "1969-12-31T23:59:59Z")',
      ],
    ],
    [
      'deep-nesting.json',
      ['steps[0].expectResult.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: nested more than 32 levels deep'],
    ],
    ['duplicate-keys.json', ['steps[0].email: the field "email" is given twice; keep one']],
    [
      'prototype-keys.json',
      [
        'steps[0].expectResult.__proto__: "__proto__" cannot name a field',
        'steps[1].remember.constructor: "constructor" cannot name a field',
      ],
    ],
    [
      'prototype-action.json',
      [
        'steps[0].action: unknown action "constructor"',
        'steps[1].expect: unknown expectation "toString"',
        'steps[2].action: unknown action "hasOwnProperty"',
      ],
    ],
    ['not-json.yaml.json', ['not JSON: Unexpected token \'o\', "format: rol"... is not valid JSON']],
    [
      'wrong-types.json',
      [
        'rules: expected a list [ … ] (got "all")',
        'steps[0].persona: expected text (got 7)',
        'steps[0].nth: expected a number (got "2")',
        'steps[1].ttl: at least 0 (got -1)',
        'steps[2].count: expected a whole number (got 1.5)',
        'steps[3]: a step is an object with an "action" or an "expect"',
      ],
    ],
    ['unknown-keys.json', ['author: unknown field "author"', 'steps[0].passwrd: unknown field "passwrd"']],
    ['infinite-number.json', ['steps[0].nth: expected a number (got Infinity)']],
  ])('%s is refused, naming the field', async (name, errors) => {
    expect(await refused(await fixture(name))).toEqual(errors);
  });

  test('a megabyte-long action name is refused without a suggestion, the message cutting it short', async () => {
    expect(await refused(file([{ persona: 'anna', action: 'a'.repeat(MEGABYTE) }]))).toEqual([
      'steps[0].action: unknown action “aaaaaaaaaaaaaaaaaaaaaaaa…” (1,048,576 characters)',
    ]);
  });

  test('every text field has a length: a persona id, an email, a note, a CSV', async () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(
      await refused(
        file([
          { persona: long(MEGABYTE), action: 'sendCode', email: long(MEGABYTE), note: long(20_000) },
          { persona: 'anna', action: 'importCsv', csv: ['User ID', long(10_001)] },
        ]),
      ),
    ).toEqual([
      'steps[0].persona: at most 100 characters (got “xxxxxxxxxxxxxxxxxxxxxxxx…” (1,048,576 characters))',
      'steps[0].note: at most 10,000 characters (got “xxxxxxxxxxxxxxxxxxxxxxxx…” (20,000 characters))',
      'steps[0].email: at most 1,000 characters (got “xxxxxxxxxxxxxxxxxxxxxxxx…” (1,048,576 characters))',
      'steps[1].csv[1]: at most 10,000 characters (got “xxxxxxxxxxxxxxxxxxxxxxxx…” (10,001 characters))',
    ]);
    expect(await refused(file([{ persona: 'anna', action: 'importCsv', csv: long(4_000_001) }]))).toEqual([
      'steps[0].csv: at most 4,000,000 characters (got “xxxxxxxxxxxxxxxxxxxxxxxx…” (4,000,001 characters))',
    ]);
  });

  test('more steps than a file may hold are refused before any is read', async () => {
    const steps = Array.from({ length: 100_000 }, () => ({ action: 'nope' }));
    expect(await refused(file(steps))).toEqual(['steps: at most 1,000 steps in one file (this one has 100,000)']);
  });

  test('a file too large to be one is refused whole', async () => {
    const text = file([{ action: 'nextEvent', note: 'x'.repeat(5_000_000) }]);
    expect(await refused(text)).toEqual([
      `(the file): a scenario file has at most 5,000,000 characters (this one has ${text.length.toLocaleString('en-US')})`,
    ]);
  });

  test('a million nested brackets are refused before they are parsed', async () => {
    expect(await refused('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toEqual([
      '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 32 levels deep',
    ]);
  });

  test('a long list of errors shows the first twenty and counts the rest', async () => {
    const errors = await refused(file(Array.from({ length: 50 }, () => ({ action: 'nope' }))));
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toBe('… and 30 more errors');
  });

  test('a byte order mark before the JSON is not part of it: the file reads', async () => {
    const parsed = parseScenario(await fixture('byte-order-mark.json'));
    expect(parsed.ok && parsed.scenario.id).toBe('byte-order-mark');
  });
});

describe('a scenario handed to the control surface without a file (the console)', () => {
  test('is checked as a file is, and refused before any workspace is made', async () => {
    const parsed = parseScenario(file([{ persona: 'anna', action: 'readMail', subject: 'Verify', pattern: 'code' }]));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const hostile = { ...parsed.scenario, steps: [{ ...parsed.scenario.steps[0]!, pattern: '(\\d)\\1' }] } as Scenario;
    const before = await simulation.stateHash();
    await expect((await simulation.scenarios()).start(hostile)).rejects.toThrow(
      'steps[0].pattern: the back-reference \\1 is not supported; patterns use RE2 syntax, which has no back-references (got "(\\\\d)\\\\1")',
    );
    expect(await simulation.stateHash()).toBe(before);
  });
});

describe('a pattern that backtracks without end', () => {
  test('runs, and the step fails saying the mail has nothing like it', async () => {
    const parsed = parseScenario(await fixture('catastrophic-pattern.json'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const { report } = await runScenarioHeadless(parsed.scenario);
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'failed']);
    expect(report.steps[2]!.detail).toBe('no_match: The mail “Verify your email address” has nothing like /([\\s\\S]*)*X/');
  });

  test('npm run scenario on the file exits 1 with that message, not killed', async () => {
    const { code, signal, stdout } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
      (resolve) => {
        const child = execFile(
          'npm',
          ['run', '--silent', 'scenario', '--', `${FIXTURES}catastrophic-pattern.json`],
          { env: { ...process.env, NO_COLOR: '1' }, timeout: 85_000 },
          (_error, stdout) => resolve({ code: child.exitCode, signal: child.signalCode, stdout }),
        );
      },
    );
    expect(signal).toBeNull();
    expect(code).toBe(1);
    expect(stdout).toContain(' ✗  2. anna readMail — no_match: The mail “Verify your email address” has nothing like /([\\s\\S]*)*X/');
    expect(stdout.trim().split('\n').at(-1)).toBe('2 passed, 1 failed');
  }, 90_000);
});

describe('the world clock’s last date at run time', () => {
  test('an advanceClock past 31 Dec 9999 from where the clock stands fails at its step', async () => {
    // From the template's start (2 Mar 2026): the file cannot know it, so the step checks when it runs.
    const parsed = parseScenario(file([{ action: 'advanceClock', by: '2920000d' }]));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const { report } = await runScenarioHeadless(parsed.scenario);
    expect(report.steps[0]).toMatchObject({
      status: 'failed',
      detail: 'past_last_date: +2920000d from 2026-03-02T08:00:00.000Z would move the world clock past 31 Dec 9999, its last date',
    });
  });
});
