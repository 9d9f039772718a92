// The trainer's replay controller (src/app/trainer/replay.ts) over a live Simulation: Next, Previous, Play and Pause,
// checkpoints, and that going back restores the very state the workspace had (the state hash says so).
import { afterEach, describe, expect, test } from 'vitest';
import { Simulation } from '../../../../mocks/runtime/simulation';
import { stateHash } from '../../../../mocks/scenarios/state-hash';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../../../src/contracts/scenario';
import type { ReplayedStep } from '../../../../src/contracts/scenario-replay';
import { ScenarioReplay } from '../../../../src/app/trainer/replay';
import { ManualClock } from '../../../../src/domain/clock';
import { TEST_PAGE_ORIGIN } from '../../../support/harness';

const ANNA = 'anna.svensson@company.com';

function scenario(steps: unknown[], workspace: Record<string, unknown> = {}): Scenario {
  const parsed = parseScenario({
    format: SCENARIO_FORMAT,
    version: 1,
    id: 'replay-test',
    title: 'Replay test',
    workspace: { template: 'demo', seed: 'replay', ...workspace },
    steps,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.scenario;
}

const LINKING = scenario([
  { persona: 'anna', action: 'hrmLogin', note: 'Anna logs in.' },
  { persona: 'anna', action: 'sendCode', email: ANNA, expectOutcome: 'code_sent' },
  { expect: 'mail', persona: 'anna', subject: 'Verify your email address', count: 1 },
  { persona: 'anna', action: 'verifyCode', expectOutcome: 'linked' },
  { expect: 'linkStatus', persona: 'anna', status: 'linked', banner: false },
]);

let simulation: Simulation | undefined;
let replay: ScenarioReplay | undefined;
afterEach(async () => {
  replay?.destroy();
  await simulation?.runtime.close();
  simulation = replay = undefined;
});

async function setUp(options: ConstructorParameters<typeof ScenarioReplay>[1] = {}) {
  simulation = await Simulation.start({ realClock: new ManualClock(Date.UTC(2026, 0, 5, 9)), pageOrigin: TEST_PAGE_ORIGIN });
  replay = new ScenarioReplay(simulation, { pauseBetweenSteps: 0, ...options });
  return { simulation, replay };
}

/** The live workspace's state hash, once the world is still. */
async function hashNow(simulation: Simulation): Promise<string> {
  await simulation.settled();
  return stateHash(simulation.workspace().id);
}

const states = (replay: ScenarioReplay) => replay.state.steps.map((s) => s.state);

describe('ScenarioReplay', () => {
  test('load creates the scenario’s workspace from its template, seed and start time, before step 1', async () => {
    const { simulation, replay } = await setUp();
    await replay.load(scenario([{ persona: 'anna', action: 'hrmLogin' }], { startAt: '2026-03-16T07:30:00Z' }));
    expect(replay.state.error).toBeNull();
    expect(simulation.workspace()).toMatchObject({
      id: 'scenario-replay-test',
      templateId: 'demo',
      seed: 'replay',
      name: 'Scenario: Replay test',
    });
    expect(simulation.clock.now()).toBe(Date.parse('2026-03-16T07:30:00Z'));
    expect(replay.state).toMatchObject({ position: 0, busy: null, playing: false, checkpoints: [] });
    expect(replay.state.steps).toEqual([
      {
        index: 0,
        kind: 'action',
        name: 'hrmLogin',
        title: 'Anna logs in to the HRM with the old login',
        persona: 'anna',
        note: null,
        state: 'pending',
        detail: null,
      },
    ]);
  });

  test('each step is named for a trainer: its own title, or one said from what it does with the persona’s name', async () => {
    const { replay } = await setUp({ names: (id) => (id === 'anna' ? 'Anna Svensson' : id) });
    await replay.load(
      scenario([
        { persona: 'anna', action: 'hrmLogin', title: 'Anna opens the HRM as every morning' },
        { persona: 'anna', action: 'sendCode', email: ANNA },
      ]),
    );
    expect(replay.state.steps.map((s) => s.title)).toEqual(['Anna opens the HRM as every morning', `Anna asks for a code at ${ANNA}`]);
    await replay.next();
    await replay.next();
    // The checkpoints a trainer clicks to go back say which step they come before, by its title.
    expect(replay.state.checkpoints.map((c) => c.name)).toEqual([
      'Before step 1: Anna opens the HRM as every morning',
      `Before step 2: Anna asks for a code at ${ANNA}`,
    ]);
  });

  test('a persona the template lacks is refused at load, naming the step', async () => {
    const { replay } = await setUp();
    await replay.load(scenario([{ persona: 'nobody', action: 'hrmLogin' }]));
    expect(replay.state.error).toMatch(/^The scenario could not be loaded: steps\[0\]\.persona: no persona “nobody”/);
    expect(replay.state.scenario).toBeNull();
  });

  test('Next runs one step at a time, each with its result, and hands the stage the page the persona is on', async () => {
    const shown: ReplayedStep[] = [];
    const { simulation, replay } = await setUp({ onStep: (step) => void shown.push(step) });
    await replay.load(LINKING);
    await replay.next();
    expect(replay.state.position).toBe(1);
    expect(states(replay)).toEqual(['passed', 'pending', 'pending', 'pending', 'pending']);
    expect(replay.state.steps[0]!.detail).toMatch(/Anna Svensson is in the HRM/);
    expect(shown[0]!.shown).toMatchObject({ url: 'https://hrm.test/', page: { view: 'hrm/start' } });
    // The persona's devices in the simulation are the ones the step used: the stage's browser opens on that page.
    expect(simulation.devices('anna').browser.history.at(-1)).toBe('https://hrm.test/');
    expect(replay.state.checkpoints).toMatchObject([
      { name: 'Before step 1: Anna logs in to the HRM with the old login', position: 0, automatic: true },
    ]);

    await replay.next();
    await replay.next();
    expect(states(replay)).toEqual(['passed', 'passed', 'passed', 'pending', 'pending']);
    expect(replay.state.checkpoints.map((c) => c.position)).toEqual([0, 1, 2]);
  });

  test('a failed step shows ✗ with the reason, and the steps after a failed action are not run', async () => {
    const { replay } = await setUp();
    await replay.load(
      scenario([
        { persona: 'anna', action: 'hrmLogin' },
        { expect: 'linkStatus', persona: 'anna', status: 'linked' },
        { persona: 'anna', action: 'verifyCode', code: '000000' },
        { expect: 'linkStatus', persona: 'anna', status: 'unlinked' },
      ]),
    );
    for (let i = 0; i < 4; i++) await replay.next();
    expect(states(replay)).toEqual(['passed', 'failed', 'failed', 'skipped']);
    expect(replay.state.steps[1]!.detail).toMatch(/^status: expected "linked", saw "unlinked"/);
    expect(replay.state.steps[3]!.detail).toBe('not run: step 2 (verifyCode) failed');
    expect(replay.finished).toBe(true);
  });

  test('Previous restores the workspace exactly as it was before the step, and the step runs again to the same state', async () => {
    const { simulation, replay } = await setUp();
    await replay.load(LINKING);
    await replay.next();
    await replay.next();
    const beforeMail = await hashNow(simulation);
    await replay.next();
    await replay.next(); // Anna's account is linked now
    const afterVerify = await hashNow(simulation);
    expect(afterVerify).not.toBe(beforeMail);

    await replay.previous();
    expect(replay.state.position).toBe(3);
    await replay.previous();
    expect(replay.state.position).toBe(2);
    expect(states(replay)).toEqual(['passed', 'passed', 'pending', 'pending', 'pending']);
    expect(await hashNow(simulation)).toBe(beforeMail);

    // The run's own state went back too: verifyCode reads the code from the inbox again and links Anna again.
    await replay.next();
    await replay.next();
    expect(states(replay)).toEqual(['passed', 'passed', 'passed', 'passed', 'pending']);
    expect(await hashNow(simulation)).toBe(afterVerify);
    // Running step 3 again replaced the checkpoints after it: one per step, in order.
    expect(replay.state.checkpoints.map((c) => c.name)).toEqual([
      'Before step 1: Anna logs in to the HRM with the old login',
      `Before step 2: Anna asks for a code at ${ANNA}`,
      'Before step 3: Check: “Verify your email address” in Anna’s inbox',
      'Before step 4: Anna types the code from the mail',
    ]);
  });

  test('any checkpoint of the replay can be returned to, forward as well as back', async () => {
    const { simulation, replay } = await setUp();
    await replay.load(LINKING);
    for (let i = 0; i < 4; i++) await replay.next();
    await replay.takeCheckpoint('Linked');
    const linked = await hashNow(simulation);
    const first = replay.state.checkpoints[0]!;
    await replay.restore(first.id);
    expect(replay.state.position).toBe(0);
    expect(states(replay)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);

    const mine = replay.state.checkpoints.find((c) => c.name === 'Linked')!;
    expect(mine).toMatchObject({ position: 4, automatic: false });
    await replay.restore(mine.id);
    expect(replay.state.position).toBe(4);
    expect(await hashNow(simulation)).toBe(linked);
    await replay.next();
    expect(replay.state.steps[4]).toMatchObject({ state: 'passed' });
  });

  test('Play runs the rest with a pause between steps; Pause stops after the step under way', async () => {
    const pauses: number[] = [];
    const { replay } = await setUp({
      pauseBetweenSteps: 1500,
      sleep: async (ms) => {
        pauses.push(ms);
        if (pauses.length === 2) replay.pause();
      },
    });
    await replay.load(LINKING);
    await replay.play();
    expect(replay.state.position).toBe(2);
    expect(replay.state.playing).toBe(false);
    expect(pauses).toEqual([1500, 1500]);

    await replay.play();
    expect(replay.finished).toBe(true);
    expect(states(replay)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
    // No pause after the last step.
    expect(pauses).toHaveLength(4);
  });

  test('Pause while a step runs lets it finish and plays no further', async () => {
    let release!: () => void;
    const { replay } = await setUp({ onStep: () => new Promise<void>((resolve) => (release = resolve)) });
    await replay.load(LINKING);
    const playing = replay.play();
    await expect.poll(() => release).toBeTypeOf('function');
    replay.pause();
    release();
    await playing;
    expect(replay.state).toMatchObject({ position: 1, playing: false });
  });

  test('a replay whose workspace is no longer the live one refuses to step', async () => {
    const { simulation, replay } = await setUp();
    await replay.load(LINKING);
    await simulation.switchWorkspace('default');
    await replay.next();
    expect(replay.state.error).toBe('Another workspace is live now: load the scenario again to replay it');
    expect(replay.state.position).toBe(0);
  });
});
