// Owns trainer mode's state on the stage: the scenario replay (replay.ts) mirrored into runes, the catalogue, a
// scenario file's errors, the pause between steps while playing, and large text. After each step the stage follows
// the step's persona, showing the page the step left them on.
import type { Scenario } from '../../contracts/scenario';
import { parseScenario, SCENARIO_MAX_FILE_BYTES, tooLargeMessage } from '../../contracts/scenario';
import { readLargeText } from '../../platform/preferences';
import { setLargeText } from '../state/large-text';
import type { Stage } from '../state/stage.svelte';
import { DEFAULT_PAUSE_BETWEEN_STEPS, NO_REPLAY, ScenarioReplay, type ReplayState, type StepView } from './replay';

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

  /** The step Next runs; null at the end. */
  readonly upcoming: StepView | null = $derived(this.state.steps[this.state.position] ?? null);
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
    });
    this.#unsubscribe = this.replay.subscribe(() => (this.state = this.replay.state));
    void this.#loadCatalogue();
  }

  personaName(id: string | null): string | null {
    if (id === null) return null;
    return this.#stage.personas.find((p) => p.id === id)?.name ?? id;
  }

  async loadBuiltIn(id: string): Promise<void> {
    const scenario = this.catalogue.find((s) => s.id === id);
    if (!scenario) return;
    this.fileErrors = [];
    this.fileName = null;
    await this.replay.load(scenario);
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
