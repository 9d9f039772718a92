// Owns the viewer's small preferences kept in the real browser (which x-ray view was open, large text for projectors): localStorage, which may be
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

const LARGE_TEXT = 'large-text';

/** Whether the stage's text is shown large, for a projector (trainer mode's toggle). */
export function readLargeText(): boolean {
  return readPreference(LARGE_TEXT) === 'on';
}

export function writeLargeText(on: boolean): void {
  writePreference(LARGE_TEXT, on ? 'on' : 'off');
}
