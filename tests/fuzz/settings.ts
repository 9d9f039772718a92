// Owns how long the fuzz tests run and from which seed: fixed in the normal suite, so a run is the same every time and
// bounded; random (or the one given) under `npm run fuzz`, which sets FUZZ_RUNS and FUZZ_SEED (tests/fuzz/run.mjs).
import type { Parameters } from 'fast-check';

/** The seed the normal suite replays: any change of outcome is a change in the product, not luck. */
const SUITE_SEED = 20261207;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, not “${raw}”`);
  return value;
}

export interface FuzzSettings {
  seed: number;
  /** Scales each test's own number of runs: 1 in the normal suite. */
  runs: number | undefined;
  /** Whether this is a long `npm run fuzz` run rather than the normal suite's fixed one. */
  long: boolean;
}

export const FUZZ: FuzzSettings = (() => {
  const runs = envInt('FUZZ_RUNS');
  const seed = envInt('FUZZ_SEED');
  const long = runs !== undefined || seed !== undefined;
  return { seed: seed ?? (long ? Math.floor(Math.random() * 2 ** 31) : SUITE_SEED), runs, long };
})();

/**
 * fast-check parameters for a property: the suite's `suiteRuns`, or `npm run fuzz -- --runs N`. Properties run one after
 * the other (one per endpoint) pass their place, so each draws its own cases while one seed still replays them all.
 */
export function fuzzParameters<T>(suiteRuns: number, place = 0): Parameters<T> {
  return {
    seed: (FUZZ.seed + place) | 0,
    numRuns: FUZZ.runs ?? suiteRuns,
  };
}

/** A test's time limit: the normal suite's is bounded; a long run takes what it takes (a day at most). */
export const FUZZ_TIMEOUT_MS = FUZZ.long ? 24 * 60 * 60_000 : 300_000;

/** Printed with every failure, so the exact run can be replayed. */
export function replayHint(): string {
  return `Replay with: npm run fuzz -- --seed ${FUZZ.seed}${FUZZ.runs !== undefined ? ` --runs ${FUZZ.runs}` : ''}`;
}
