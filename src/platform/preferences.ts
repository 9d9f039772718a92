// Owns the viewer's small preferences kept in the real browser (which x-ray view was open): localStorage, which may be
// unavailable (a private window, storage off), in which case nothing is remembered and nothing breaks.

const PREFIX = 'rollout-rehearsal/';

export function readPreference(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // Storage full or refused: the preference is simply not kept.
  }
}
