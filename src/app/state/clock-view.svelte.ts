// Owns the stage's view of time: world time as a reactive value that ticks while the clock plays (always read from
// simulation.clock.now()), the chosen speed, and the tenant's phase as the HRM reports it over the network.
import { createSubscriber } from 'svelte/reactivity';
import type { Exchange } from '../../contracts/network';
import { HRM_API, type RolloutPhase } from '../../contracts/hrm';
import { serverOf } from '../../contracts/origins';
import type { SimulationControl, WorldEvent } from '../../contracts/simulation';
import { CLOCK_SPEEDS, type WorldClockState } from '../../domain/clock';
import { getRolloutAtEitherAddress } from '../../clients/hrm';

/** Often enough for a seconds display; world time itself always comes from the clock. */
const TICK_MS = 250;
const ROLLOUT_PATH = HRM_API.getRollout.path;
const INITIATOR = 'stage';

export class ClockView {
  /** The tenant's phase, null until the HRM has answered. */
  phase = $state<RolloutPhase | null>(null);
  tenantName = $state<string | null>(null);
  /** The speed the next Play uses; follows the clock's own speed when that changes. */
  speed = $state<number>(1);

  readonly #simulation: SimulationControl;
  readonly #subscribe: () => void;
  readonly #unsubscribers: Array<() => void>;
  #phaseSequence = 0;

  constructor(simulation: SimulationControl) {
    this.#simulation = simulation;
    this.speed = simulation.clock.state().speed;
    this.#subscribe = createSubscriber((update) => {
      const off = simulation.clock.subscribe(update);
      const timer = setInterval(() => {
        if (!simulation.clock.state().paused) update();
      }, TICK_MS);
      return () => {
        off();
        clearInterval(timer);
      };
    });
    this.#unsubscribers = [
      simulation.subscribe(() => void this.refreshPhase()),
      simulation.clock.subscribe(() => {
        this.speed = simulation.clock.state().speed;
        void this.refreshPhase();
      }),
      simulation.network.subscribe((exchange: Exchange) => {
        if (exchange.initiator !== INITIATOR && serverOf(exchange.url) === 'hrm' && new URL(exchange.url).pathname.startsWith(ROLLOUT_PATH))
          void this.refreshPhase();
      }),
    ];
    void this.refreshPhase();
  }

  /** World time, epoch ms; reactive in effects and templates. */
  get now(): number {
    this.#subscribe();
    return this.#simulation.clock.now();
  }

  get state(): WorldClockState {
    this.#subscribe();
    return this.#simulation.clock.state();
  }

  get playing(): boolean {
    return !this.state.paused;
  }

  /** The next thing a server scheduled on the world clock ("Preparation opens"), or null. */
  get nextEvent(): WorldEvent | null {
    this.#subscribe();
    return this.#simulation.clock.nextEvent();
  }

  readonly speeds = CLOCK_SPEEDS;

  /** Calls `listener` whenever the world clock moves or changes (a step, a jump, play, pause, an event set or fired); not on every tick. */
  onChange(listener: () => void): () => void {
    return this.#simulation.clock.subscribe(listener);
  }

  async refreshPhase(): Promise<void> {
    const sequence = ++this.#phaseSequence;
    const result = await getRolloutAtEitherAddress({ network: this.#simulation.network, initiator: INITIATOR });
    if (sequence !== this.#phaseSequence) return;
    if (result.ok) {
      this.phase = result.value.phase;
      this.tenantName = result.value.tenantName;
    } else {
      this.phase = null;
    }
  }

  play(): Promise<void> {
    return this.#simulation.clock.play(this.speed);
  }

  pause(): Promise<void> {
    return this.#simulation.clock.pause();
  }

  async setSpeed(speed: number): Promise<void> {
    this.speed = speed;
    if (!this.#simulation.clock.state().paused) await this.#simulation.clock.play(speed);
  }

  advance(ms: number): Promise<void> {
    return this.#simulation.clock.advance(ms);
  }

  /** Moves the world clock to `time`; the clock never runs backwards, so an earlier time is refused with a message. */
  async jumpTo(time: number): Promise<string | null> {
    if (!Number.isFinite(time)) return 'Pick a date and time';
    if (time < this.#simulation.clock.now()) return 'That time is in the past: the clock only moves forward. Pick a later time.';
    try {
      await this.#simulation.clock.jumpTo(time);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Moves the clock to the next scheduled event and lets it happen (it may take a moment: e.g. mailing every user). */
  async jumpToNextEvent(): Promise<string | null> {
    try {
      await this.#simulation.clock.jumpToNextEvent();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  destroy(): void {
    for (const off of this.#unsubscribers) off();
  }
}
