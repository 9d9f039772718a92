// Owns when the inbox opens a mail by itself: the newest one that just arrived, as a mail app does when a verification
// mail lands while its reader waits for it — unless the reader opened another mail by hand moments ago and is reading
// it. No runes here: tested in Node.

/** Real time after a mail opened by hand during which arriving mail does not take the reader away from it. */
export const READING_GRACE_MS = 10_000;

/**
 * The id of the mail to open now, or null. `known` are the ids of the listing before (null: this is the first listing,
 * whose mails are not news); `messages` the listing now, newest first; `shown` whether the inbox is on screen;
 * `sinceHandOpen` the real milliseconds since the reader last opened a mail by hand (Infinity: never).
 */
export function mailToOpen(
  known: ReadonlySet<string> | null,
  messages: ReadonlyArray<{ id: string }>,
  shown: boolean,
  sinceHandOpen: number,
): string | null {
  if (known === null || !shown || sinceHandOpen < READING_GRACE_MS) return null;
  return messages.find((m) => !known.has(m.id))?.id ?? null;
}
