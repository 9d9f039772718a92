// Owns a workspace's running world clock: the persisted WorldClockState read against an injected real clock, and the
// servers' timers on it. Moving the clock steps through every timer it passes, in time order, firing each at its own
// moment, so a phase scheduled for 08:00 opens at 08:00 even when the clock jumps a week ahead.
import { jumpClockTo, pauseClock, playClock, worldTimeAt, type Clock, type WorldClockState } from '../../src/domain/clock';
import { LAST_WORLD_TIME } from '../../src/domain/world-dates';
import type { ServerTimers, TimerOptions, WorldEvent } from '../shared/server';

/** What a move past the last world time is refused with: no date after it can be shown, formatted or added to. */
export const CLOCK_LIMIT_MESSAGE = 'The clock cannot go past 31 Dec 9999';

interface Timer extends WorldEvent {
  key: string;
  fire: () => Promise<void>;
  routine: boolean;
  period?: number;
}

/** Real-time scheduling for a playing clock; injected, so tests drive time by hand. */
export interface RealTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class WorldClock implements Clock, ServerTimers {
  readonly #listeners = new Set<() => void>();
  readonly #timers = new Map<string, Timer>();
  /** Clock moves and timer firings run one at a time, in the order they were asked for. */
  #queue: Promise<unknown> = Promise.resolve();
  #realTimer: unknown = null;
  #current: WorldClockState;
  readonly #realClock: Clock;
  readonly #persist: (state: WorldClockState) => Promise<void>;
  readonly #realTimers: RealTimers | undefined;

  constructor(current: WorldClockState, realClock: Clock, persist: (state: WorldClockState) => Promise<void>, realTimers?: RealTimers) {
    this.#current = current;
    this.#realClock = realClock;
    this.#persist = persist;
    this.#realTimers = realTimers;
  }

  /** A clock left playing stops at the last world time rather than run into dates JavaScript cannot hold. */
  now(): number {
    return Math.min(LAST_WORLD_TIME, Math.floor(worldTimeAt(this.#current, this.#realClock.now())));
  }

  state(): WorldClockState {
    return { ...this.#current };
  }

  pause(): Promise<void> {
    return this.#serialize(() => this.#change(pauseClock(this.#atLimit(), this.#realClock.now())));
  }

  play(speed?: number): Promise<void> {
    return this.#serialize(async () => {
      if (this.now() >= LAST_WORLD_TIME) throw new RangeError(CLOCK_LIMIT_MESSAGE);
      await this.#change(playClock(this.#atLimit(), this.#realClock.now(), speed));
    });
  }

  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) return Promise.reject(new RangeError('The clock only moves forward'));
    return this.#serialize(() => this.#moveTo(this.now() + ms));
  }

  jumpTo(time: number): Promise<void> {
    return this.#serialize(() => this.#moveTo(time));
  }

  /** The next timer a move of the clock would fire, routine ones left out. */
  nextEvent(): WorldEvent | null {
    const next = this.#nextTimer(false);
    return next ? { at: next.at, label: next.label } : null;
  }

  #nextTimer(withRoutine: boolean): Timer | null {
    let next: Timer | null = null;
    for (const timer of this.#timers.values()) if ((withRoutine || !timer.routine) && (!next || timer.at < next.at)) next = timer;
    return next;
  }

  /** Moves the clock to the next timer and fires it (and any other due at that moment). */
  jumpToNextEvent(): Promise<void> {
    return this.#serialize(async () => {
      const next = this.nextEvent();
      if (next) await this.#moveTo(Math.max(next.at, this.now()));
    });
  }

  set(key: string, at: number, label: string, fire: () => Promise<void>, options: TimerOptions = {}): void {
    const timer: Timer = { key, at, label, fire, routine: options.routine ?? false };
    if (timer.routine && options.period !== undefined && options.period > 0) timer.period = options.period;
    this.#timers.set(key, timer);
    this.#notify();
    // A timer already due fires at once, as a server's scheduler would on start.
    if (at <= this.now()) void this.#serialize(() => this.#fireDue(this.now()));
    else this.#armRealTimer();
  }

  clear(key: string): void {
    if (this.#timers.delete(key)) {
      this.#notify();
      this.#armRealTimer();
    }
  }

  /** Resolves when every move and firing asked for so far has finished. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the real-time timer (the workspace is closing). */
  stop(): void {
    if (this.#realTimer !== null) this.#realTimers?.clearTimeout(this.#realTimer);
    this.#realTimer = null;
    this.#timers.clear();
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Steps through every timer due by `target`, each at its own moment, then settles at `target`. */
  async #moveTo(target: number): Promise<void> {
    const start = this.now();
    if (!Number.isFinite(target)) throw new RangeError('Not a valid date');
    if (target > LAST_WORLD_TIME) throw new RangeError(CLOCK_LIMIT_MESSAGE);
    if (target < start) throw new RangeError('The clock only moves forward: pick a date after the current world time');
    this.#current = this.#atLimit();
    this.#coalesce(target);
    for (;;) {
      const next = this.#dueBy(target);
      if (!next) break;
      if (next.at > this.now()) await this.#change(jumpClockTo(this.#current, this.#realClock.now(), next.at));
      await this.#fire(next);
    }
    if (target > this.now()) await this.#change(jumpClockTo(this.#current, this.#realClock.now(), target));
  }

  /**
   * The state as read now, re-anchored at the last world time when a playing clock has reached it: arithmetic on the
   * state (pause, play, a jump) then starts from the limit, never from beyond it.
   */
  #atLimit(): WorldClockState {
    const realNow = this.#realClock.now();
    if (this.#current.paused || worldTimeAt(this.#current, realNow) < LAST_WORLD_TIME) return this.#current;
    return { ...this.#current, anchorWorld: LAST_WORLD_TIME, anchorReal: realNow, paused: true };
  }

  async #fireDue(now: number): Promise<void> {
    this.#coalesce(now);
    for (;;) {
      const next = this.#dueBy(now);
      if (!next) return;
      await this.#fire(next);
    }
  }

  /** Moves each recurring routine timer due by `time` to the last of its periods by then (TimerOptions.period). */
  #coalesce(time: number): void {
    for (const timer of this.#timers.values())
      if (timer.period !== undefined && timer.at <= time) timer.at += Math.floor((time - timer.at) / timer.period) * timer.period;
  }

  #dueBy(time: number): Timer | null {
    let next: Timer | null = null;
    for (const timer of this.#timers.values()) if (timer.at <= time && (!next || timer.at < next.at)) next = timer;
    return next;
  }

  async #fire(timer: Timer): Promise<void> {
    // Removed first: the handler may set the same key again for a later moment.
    if (this.#timers.get(timer.key) === timer) this.#timers.delete(timer.key);
    try {
      await timer.fire();
    } catch (error) {
      console.error(`The timer "${timer.label}" failed`, error);
    }
    this.#notify();
  }

  async #change(next: WorldClockState): Promise<void> {
    this.#current = next;
    await this.#persist(next);
    this.#notify();
    this.#armRealTimer();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /** While playing, wakes up in real time when the world clock reaches the next timer. */
  #armRealTimer(): void {
    if (!this.#realTimers) return;
    if (this.#realTimer !== null) this.#realTimers.clearTimeout(this.#realTimer);
    this.#realTimer = null;
    const next = this.#nextTimer(true);
    if (!next || this.#current.paused) return;
    const realMs = Math.max(0, (next.at - this.now()) / this.#current.speed);
    this.#realTimer = this.#realTimers.setTimeout(
      () => {
        this.#realTimer = null;
        void this.#serialize(() => this.#fireDue(this.now()));
      },
      Math.min(realMs, 2 ** 31 - 1),
    );
  }
}
