// Owns the one read of the real time in the app: the world clock runs against it.
import type { Clock } from '../domain/clock';

export const systemClock: Clock = { now: () => Date.now() };

/** Monotonic real milliseconds, for durations in the traffic log. */
export const elapsed = (): number => performance.now();

/** Real-time wake-ups for a playing world clock (its next scheduled event). */
export const realTimers = {
  setTimeout: (callback: () => void, ms: number): unknown => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle: unknown): void => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
