// Owns time for the simulation: the Clock interface every server reads and the world clock's pure arithmetic.
// Nothing outside src/platform/system-clock.ts reads the real time; servers only ever see a Clock.

export interface Clock {
  /** World time, epoch milliseconds. */
  now(): number;
}

/** Persisted state of a workspace's world clock. World time advances with real time × speed while playing. */
export interface WorldClockState {
  /** World time (epoch ms) at the moment the anchor was taken. */
  anchorWorld: number;
  /** Real time (epoch ms) at the same moment. */
  anchorReal: number;
  /** World milliseconds per real millisecond while playing. */
  speed: number;
  paused: boolean;
}

export const CLOCK_SPEEDS = [1, 10, 60, 600] as const;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function worldTimeAt(state: WorldClockState, realNow: number): number {
  if (state.paused) return state.anchorWorld;
  return state.anchorWorld + Math.max(0, realNow - state.anchorReal) * state.speed;
}

/** Re-anchors so later arithmetic starts from the current world time. */
export function reanchor(state: WorldClockState, realNow: number): WorldClockState {
  return { ...state, anchorWorld: worldTimeAt(state, realNow), anchorReal: realNow };
}

export function pauseClock(state: WorldClockState, realNow: number): WorldClockState {
  return { ...reanchor(state, realNow), paused: true };
}

export function playClock(state: WorldClockState, realNow: number, speed = state.speed): WorldClockState {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`Clock speed must be a positive number, got ${speed}`);
  return { ...reanchor(state, realNow), paused: false, speed };
}

/** Moves world time forward by `ms`. The clock never runs backwards: servers rely on issued-at < expires-at. */
export function advanceClock(state: WorldClockState, realNow: number, ms: number): WorldClockState {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('The clock only moves forward');
  const anchored = reanchor(state, realNow);
  return { ...anchored, anchorWorld: anchored.anchorWorld + ms };
}

export function jumpClockTo(state: WorldClockState, realNow: number, target: number): WorldClockState {
  const current = worldTimeAt(state, realNow);
  if (!Number.isFinite(target)) throw new RangeError('Not a valid date');
  if (target < current) throw new RangeError('The clock only moves forward: pick a date after the current world time');
  return advanceClock(state, realNow, target - current);
}

/** A clock that stands still unless moved: tests and headless scenarios. */
export class ManualClock implements Clock {
  #time: number;

  constructor(time: number) {
    this.#time = time;
  }
  now(): number {
    return this.#time;
  }
  advance(ms: number): void {
    this.#time += ms;
  }
  set(time: number): void {
    this.#time = time;
  }
}
