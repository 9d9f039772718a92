// Owns a scenario replayed in front of an audience: which step is next, each step's result, Next / Previous / Play /
// Pause, and the checkpoints the replay stands on — one taken automatically before every step, so Previous (or a click
// on any of them) puts the whole workspace back there. Plain TypeScript over the control surface, so it runs in vitest
// as in the tab; the panel mirrors its state into runes (trainer.svelte.ts).
import type { Scenario } from '../../contracts/scenario';
import type { ReplayedStep, ScenarioRun, StepStatus } from '../../contracts/scenario-replay';
import type { SimulationControl } from '../../contracts/simulation';
import { stepTitle, type PersonaNames } from '../../contracts/scenario-titles';

export type StepState = 'pending' | 'running' | StepStatus;

export interface StepView {
  index: number;
  kind: 'action' | 'expect';
  /** The action or expectation's name ("sendCode", "linkStatus"). */
  name: string;
  /** What a trainer reads aloud: the step's own title, or one said from what it does ("Anna types the code from the mail"). */
  title: string;
  persona: string | null;
  note: string | null;
  state: StepState;
  /** What happened, or why not; null until the step ran. */
  detail: string | null;
}

/** A checkpoint of this replay: where in the scenario it stands (the index of the step next from there). */
export interface ReplayCheckpoint {
  id: string;
  name: string;
  worldTime: number;
  position: number;
  /** Taken by the replay before a step (Previous goes back to these), not by the trainer. */
  automatic: boolean;
}

export type ReplayBusy = 'loading' | 'step' | 'restoring' | 'checkpoint';

export interface ReplayState {
  scenario: Scenario | null;
  steps: readonly StepView[];
  /** The index of the step Next runs; steps.length once every step ran. */
  position: number;
  busy: ReplayBusy | null;
  playing: boolean;
  checkpoints: readonly ReplayCheckpoint[];
  error: string | null;
}

export interface ReplayOptions {
  /** Real time between two steps while playing, for a trainer to follow (and talk). */
  pauseBetweenSteps?: number;
  /** Waits `ms` of real time, resolving early when `signal` aborts (Pause). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told each step as it finished, before the next may start: the stage shows the persona and the page. */
  onStep?: (step: ReplayedStep) => Promise<void> | void;
  /** A persona's name by id, for the titles of steps that have none; asked when a scenario loads. */
  names?: PersonaNames;
}

export const DEFAULT_PAUSE_BETWEEN_STEPS = 2000;

/** Nothing loaded yet. */
export const NO_REPLAY: ReplayState = { scenario: null, steps: [], position: 0, busy: null, playing: false, checkpoints: [], error: null };

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A persona id (or a user as a scenario names one) as a name, where no better one is known: "nils.olsson" → "Nils",
 * "10005" → "user 10005", "Ida Gustafsson" as it is.
 */
export function personaFromId(id: string): string {
  if (/^\d+$/.test(id)) return `user ${id}`;
  if (/\s/.test(id)) return id;
  const first = id.split(/[._-]/)[0] || id;
  return first.charAt(0).toUpperCase() + first.slice(1);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ScenarioReplay {
  pauseBetweenSteps: number;
  #state: ReplayState = NO_REPLAY;
  #run: ScenarioRun | null = null;
  #workspaceId: string | null = null;
  #playing: AbortController | null = null;
  readonly #listeners = new Set<() => void>();
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #onStep: ReplayOptions['onStep'];
  readonly #names: PersonaNames;
  readonly #unsubscribe: () => void;
  readonly #simulation: SimulationControl;

  constructor(simulation: SimulationControl, options: ReplayOptions = {}) {
    this.#simulation = simulation;
    this.pauseBetweenSteps = options.pauseBetweenSteps ?? DEFAULT_PAUSE_BETWEEN_STEPS;
    this.#sleep = options.sleep ?? realSleep;
    this.#onStep = options.onStep;
    this.#names = options.names ?? personaFromId;
    // A checkpoint deleted in the workspace menu leaves this list too.
    this.#unsubscribe = simulation.subscribe(() => {
      const alive = new Set(simulation.checkpoints().map((c) => c.id));
      const kept = this.#state.checkpoints.filter((c) => alive.has(c.id));
      if (kept.length !== this.#state.checkpoints.length) this.#set({ checkpoints: kept });
    });
  }

  get state(): ReplayState {
    return this.#state;
  }

  get finished(): boolean {
    return this.#run !== null && this.#state.position >= this.#state.steps.length;
  }

  /** Called on every change of `state`. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Creates the scenario's workspace (template, seed, start time), makes it the live one, and stands before step 1. */
  async load(scenario: Scenario): Promise<void> {
    this.pause();
    if (this.#state.busy) return;
    this.#set({ busy: 'loading', error: null });
    try {
      const control = await this.#simulation.scenarios();
      const run = await control.start(scenario);
      this.#run = run;
      this.#workspaceId = this.#simulation.workspace().id;
      this.#set({
        scenario,
        steps: scenario.steps.map((step, index) => ({
          index,
          kind: 'action' in step ? 'action' : 'expect',
          name: 'action' in step ? step.action : step.expect,
          title: stepTitle(step, this.#names),
          persona: 'persona' in step && step.persona !== undefined ? step.persona : null,
          note: step.note ?? null,
          state: 'pending',
          detail: null,
        })),
        position: run.next,
        checkpoints: [],
      });
    } catch (error) {
      this.#set({ error: `The scenario could not be loaded: ${message(error)}` });
    } finally {
      this.#set({ busy: null });
    }
  }

  /** Takes the checkpoint before the next step, runs the step, and shows its result. */
  async next(): Promise<void> {
    const run = this.#ready();
    if (!run || this.finished) return;
    const index = this.#state.position;
    const step = this.#state.steps[index]!;
    this.#set({ busy: 'step', error: null, steps: this.#withStep(index, { state: 'running', detail: null }) });
    try {
      await this.#dropFuture(index);
      const taken = await this.#simulation.takeCheckpoint(`Before step ${index + 1}: ${step.title}`);
      this.#set({ checkpoints: [...this.#state.checkpoints, { ...taken, position: index, automatic: true }] });
      const replayed = await run.step();
      this.#set({ steps: this.#withStep(index, { state: replayed.report.status, detail: replayed.report.detail }), position: run.next });
      await this.#onStep?.(replayed);
    } catch (error) {
      this.#set({ steps: this.#withStep(index, { state: 'pending' }), error: `Step ${index + 1} could not run: ${message(error)}` });
      this.pause();
    } finally {
      this.#set({ busy: null });
    }
  }

  /** Back one step: the checkpoint taken before the last step run is restored, and that step is to run again. */
  async previous(): Promise<void> {
    this.pause();
    const position = this.#state.position;
    if (!this.#run || position === 0) return;
    const before = this.#state.checkpoints.find((c) => c.automatic && c.position === position - 1);
    if (!before) {
      this.#set({
        error: `The checkpoint before step ${position} is gone (deleted in the workspace menu?): load the scenario again to go back`,
      });
      return;
    }
    await this.restore(before.id);
  }

  /** Puts the workspace back at one of this replay's checkpoints and the replay at its step. */
  async restore(checkpointId: string): Promise<void> {
    this.pause();
    const run = this.#ready();
    if (!run) return;
    const checkpoint = this.#state.checkpoints.find((c) => c.id === checkpointId);
    if (!checkpoint) {
      this.#set({ error: `No checkpoint “${checkpointId}” in this replay` });
      return;
    }
    this.#set({ busy: 'restoring', error: null });
    try {
      await this.#simulation.restoreCheckpoint(checkpoint.id);
      run.rewind(checkpoint.position);
      const steps = this.#state.steps.map((s) => (s.index >= checkpoint.position ? { ...s, state: 'pending' as const, detail: null } : s));
      this.#set({ steps, position: checkpoint.position });
    } catch (error) {
      this.#set({ error: `“${checkpoint.name}” could not be restored: ${message(error)}` });
    } finally {
      this.#set({ busy: null });
    }
  }

  /** A checkpoint of the trainer's own, here in the scenario; an empty name says which step is next. */
  async takeCheckpoint(name = ''): Promise<void> {
    if (!this.#ready()) return;
    const position = this.#state.position;
    const fallback = position < this.#state.steps.length ? `At step ${position + 1}` : 'At the end';
    this.#set({ busy: 'checkpoint', error: null });
    try {
      const taken = await this.#simulation.takeCheckpoint(name.trim() || fallback);
      this.#set({ checkpoints: [...this.#state.checkpoints, { ...taken, position, automatic: false }] });
    } catch (error) {
      this.#set({ error: `The checkpoint could not be taken: ${message(error)}` });
    } finally {
      this.#set({ busy: null });
    }
  }

  /** Runs step after step, with a pause between them, until the end, an error, or Pause. */
  async play(): Promise<void> {
    if (this.#playing || !this.#ready() || this.finished) return;
    const playing = new AbortController();
    this.#playing = playing;
    this.#set({ playing: true });
    try {
      while (!playing.signal.aborted && !this.finished) {
        await this.next();
        if (playing.signal.aborted || this.finished || this.#state.error) break;
        await this.#sleep(this.pauseBetweenSteps, playing.signal);
      }
    } finally {
      if (this.#playing === playing) {
        this.#playing = null;
        this.#set({ playing: false });
      }
    }
  }

  /** Stops playing after the step running now. */
  pause(): void {
    const playing = this.#playing;
    if (!playing) return;
    this.#playing = null;
    playing.abort();
    this.#set({ playing: false });
  }

  destroy(): void {
    this.pause();
    this.#unsubscribe();
    this.#listeners.clear();
  }

  /** The run, when one is loaded, nothing else is under way, and its workspace is still the live one. */
  #ready(): ScenarioRun | null {
    if (!this.#run || this.#state.busy) return null;
    if (this.#simulation.workspace().id !== this.#workspaceId) {
      this.#set({ error: 'Another workspace is live now: load the scenario again to replay it' });
      return null;
    }
    return this.#run;
  }

  /**
   * Running step `index` again starts another future: the checkpoints after it (and the automatic one before it, taken
   * anew) belong to the run that went on before, so they go.
   */
  async #dropFuture(index: number): Promise<void> {
    const stale = this.#state.checkpoints.filter((c) => c.position > index || (c.automatic && c.position === index));
    if (stale.length === 0) return;
    const alive = new Set(this.#simulation.checkpoints().map((c) => c.id));
    for (const c of stale) if (alive.has(c.id)) await this.#simulation.deleteCheckpoint(c.id);
    this.#set({ checkpoints: this.#state.checkpoints.filter((c) => !stale.includes(c)) });
  }

  #withStep(index: number, change: Partial<StepView>): StepView[] {
    return this.#state.steps.map((s) => (s.index === index ? { ...s, ...change } : s));
  }

  #set(change: Partial<ReplayState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}
