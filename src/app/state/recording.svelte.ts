// Owns the stage's scenario recording: starting and stopping it on the simulation's control surface, the count of
// steps and what could not be recorded while it runs, and saving the scenario file.
import type { RecordingGap, ScenarioRecording } from '../../contracts/scenario-recording';
import type { SimulationControl } from '../../contracts/simulation';
import { saveTextFile } from '../../platform/download';

export class Recording {
  recording = $state(false);
  /** It stopped itself: a scenario file holds no more steps. */
  full = $state(false);
  steps = $state(0);
  gaps = $state.raw<RecordingGap[]>([]);
  error = $state<string | null>(null);
  #simulation: SimulationControl;
  #current: ScenarioRecording | null = null;
  #unsubscribe: (() => void)[] = [];

  constructor(simulation: SimulationControl) {
    this.#simulation = simulation;
  }

  /** Whether there is a recording to export (running or stopped). */
  get hasRecording(): boolean {
    return this.steps > 0;
  }

  async start(): Promise<void> {
    this.#unsubscribeAll();
    this.error = null;
    const recording = await this.#simulation.startRecording();
    this.#current = recording;
    // The clock too: a move of the world clock is a step of its own.
    this.#unsubscribe = [recording.subscribe(() => this.#sync()), this.#simulation.clock.subscribe(() => this.#sync())];
    this.#sync();
  }

  stop(): void {
    this.#current?.stop();
    this.#sync();
  }

  /** Saves the recording as a scenario file; a recording that does not make a valid file says why instead. */
  export(): void {
    if (!this.#current) return;
    try {
      const file = this.#current.scenario();
      saveTextFile(`${JSON.stringify(file, null, 2)}\n`, `${file.id}.scenario.json`, 'application/json');
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  destroy(): void {
    this.#unsubscribeAll();
  }

  #unsubscribeAll(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #sync(): void {
    const current = this.#current;
    this.recording = current?.recording ?? false;
    this.full = current?.full ?? false;
    this.steps = current?.steps().length ?? 0;
    this.gaps = current?.gaps() ?? [];
  }
}
