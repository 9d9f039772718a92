// Owns trainer mode's state on the stage: the scenario replay (replay.ts) mirrored into runes, the catalogue, a
// scenario file's errors, the pause between steps while playing, large text, and the presenter view's own state (where
// it floats over the stage, whether it is minimised, the time since the scenario was loaded). After each step the stage
// follows the step's persona, showing the page the step left them on.
import type { Scenario } from '../../contracts/scenario';
import { parseScenario, SCENARIO_MAX_FILE_BYTES, tooLargeMessage } from '../../contracts/scenario';
import { readLargeText } from '../../platform/preferences';
import { elapsed } from '../../platform/system-clock';
import { setLargeText } from '../state/large-text';
import type { Stage } from '../state/stage.svelte';
import { DEFAULT_PAUSE_BETWEEN_STEPS, NO_REPLAY, personaFromId, ScenarioReplay, type ReplayState, type StepView } from './replay';

/** Where the presenter view floats: its top-left corner in the window's pixels; null where it starts (bottom right). */
export interface PresenterPlace {
  left: number;
  top: number;
}

export const PAUSES_BETWEEN_STEPS = [1000, 2000, 4000] as const;

export class TrainerView {
  readonly replay: ScenarioReplay;
  state = $state.raw<ReplayState>(NO_REPLAY);
  catalogue = $state.raw<readonly Scenario[]>([]);
  catalogueError = $state<string | null>(null);
  /** What is wrong with the scenario file opened last, each naming its field. */
  fileErrors = $state.raw<string[]>([]);
  fileName = $state<string | null>(null);
  largeText = $state(readLargeText());
  pauseBetweenSteps = $state<number>(DEFAULT_PAUSE_BETWEEN_STEPS);
  /** Folded to its title bar (the step and Next stay), so the stage shows whole. */
  minimised = $state(false);
  place = $state.raw<PresenterPlace | null>(null);
  /** Real time (ms, monotonic) when the scenario on show was loaded: the presenter's timer counts from it. */
  startedAt = $state<number | null>(null);

  /** The step Next runs; null at the end. */
  readonly upcoming: StepView | null = $derived(this.state.steps[this.state.position] ?? null);
  /** The step after the upcoming one: what the presenter says next. */
  readonly following: StepView | null = $derived(this.state.steps[this.state.position + 1] ?? null);
  /** The step run last; null before the first. */
  readonly last: StepView | null = $derived(this.state.position > 0 ? (this.state.steps[this.state.position - 1] ?? null) : null);
  readonly finished: boolean = $derived(this.state.scenario !== null && this.state.position >= this.state.steps.length);

  readonly #unsubscribe: () => void;
  readonly #stage: Stage;

  constructor(stage: Stage) {
    this.#stage = stage;
    this.replay = new ScenarioReplay(stage.simulation, {
      onStep: async ({ report }) => {
        if (report.persona) await stage.follow(report.persona);
      },
      names: (id) => this.personaName(id) ?? id,
    });
    this.#unsubscribe = this.replay.subscribe(() => (this.state = this.replay.state));
    void this.#loadCatalogue();
  }

  personaName(id: string | null): string | null {
    if (id === null) return null;
    return this.#stage.personas.find((p) => p.id === id)?.name ?? personaFromId(id);
  }

  /** Restarts the presenter's timer. */
  restartTimer(): void {
    this.startedAt = elapsed();
  }

  /** Milliseconds since the scenario was loaded (or the timer restarted); 0 before any. */
  elapsedMs(): number {
    return this.startedAt === null ? 0 : Math.max(0, elapsed() - this.startedAt);
  }

  async loadBuiltIn(id: string): Promise<void> {
    const scenario = this.catalogue.find((s) => s.id === id);
    if (!scenario) return;
    this.fileErrors = [];
    this.fileName = null;
    await this.replay.load(scenario);
    if (this.state.scenario === scenario) this.restartTimer();
  }

  /** A scenario file: checked against the format first; a file with errors loads nothing. */
  async loadFile(file: File): Promise<void> {
    this.fileName = file.name;
    if (file.size > SCENARIO_MAX_FILE_BYTES) {
      this.fileErrors = [tooLargeMessage(file.size)];
      return;
    }
    const parsed = parseScenario(await file.text());
    if (!parsed.ok) {
      this.fileErrors = parsed.errors;
      return;
    }
    this.fileErrors = [];
    await this.replay.load(parsed.scenario);
    if (this.state.scenario === parsed.scenario) this.restartTimer();
  }

  setPause(ms: number): void {
    this.pauseBetweenSteps = ms;
    this.replay.pauseBetweenSteps = ms;
  }

  toggleLargeText(): void {
    this.largeText = !this.largeText;
    setLargeText(this.largeText);
  }

  destroy(): void {
    this.#unsubscribe();
    this.replay.destroy();
  }

  async #loadCatalogue(): Promise<void> {
    try {
      this.catalogue = (await this.#stage.simulation.scenarios()).catalogue();
    } catch (error) {
      this.catalogueError = `The scenario catalogue could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
