// Owns how the simulation recognises a failure of the browser's storage (IndexedDB: full, or refusing a write) and
// says so in the user's words. Every place that turns such a failure into something a user reads uses this module:
// workspace changes, a server's answer (network.ts), the traffic log's warning and the recovery screen.

export type StorageFailureCode = 'storage_full' | 'storage_failed';

/** What navigator.storage.estimate() answers (Storage Standard §4.4), where the browser has it. */
export interface StorageEstimateLike {
  usage?: number | undefined;
  quota?: number | undefined;
}

/**
 * IndexedDB's and Dexie's names for a failed storage operation (IndexedDB 3.0 §2.11 lists the DOMException names;
 * Dexie adds its own for a database that is closed, could not open or was changed under it).
 */
const STORAGE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'QuotaExceededError',
  'AbortError',
  'ConstraintError',
  'DataError',
  'InvalidStateError',
  'TransactionInactiveError',
  'ReadOnlyError',
  'VersionError',
  'UnknownError',
  'NotFoundError',
  'DatabaseClosedError',
  'OpenFailedError',
  'MissingAPIError',
  'NoSuchDatabaseError',
  'PrematureCommitError',
  'UpgradeError',
  'BulkError',
  'ModifyError',
  'DataCloneError',
]);

/** The error, and what it wraps: Dexie keeps the browser's error in `inner`, a BulkError its rows' errors in `failures`. */
function* chain(error: unknown, depth = 0): Generator<{ name?: unknown; message?: unknown }> {
  if (depth > 8 || typeof error !== 'object' || error === null) return;
  const e = error as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  yield e;
  yield* chain(e.inner, depth + 1);
  yield* chain(e.cause, depth + 1);
  const failures = Array.isArray(e.failures) ? e.failures : e.failures && typeof e.failures === 'object' ? Object.values(e.failures) : [];
  for (const failure of failures.slice(0, 8)) yield* chain(failure, depth + 1);
}

/** True when the browser refused a write because the site's storage is full, however deeply Dexie wrapped it. */
export function isQuotaExceeded(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e.name === 'QuotaExceededError') return true;
    // Dexie 4 names a quota failure inside a transaction "AbortError" with the browser's message, which says so.
    if (typeof e.message === 'string' && /QuotaExceededError|quota (has been )?exceeded/i.test(e.message)) return true;
  }
  return false;
}

/** 'storage_full', 'storage_failed' for any other storage error, or null for an error that is not the storage's. */
export function storageFailureOf(error: unknown): StorageFailureCode | null {
  if (isQuotaExceeded(error)) return 'storage_full';
  for (const e of chain(error)) if (typeof e.name === 'string' && STORAGE_ERROR_NAMES.has(e.name)) return 'storage_failed';
  return null;
}

/** The error's technical text, whole (name, message, and what it wraps): for the x-ray and the details, never a message. */
export function technicalText(error: unknown): string {
  const parts: string[] = [];
  for (const e of chain(error)) {
    const text = `${typeof e.name === 'string' ? e.name : 'Error'}: ${typeof e.message === 'string' ? e.message : String(e)}`;
    if (!parts.includes(text)) parts.push(text);
  }
  return parts.length > 0 ? parts.join(' ← ') : String(error);
}

const MB = 1024 * 1024;
/** The share of the quota in use from which the numbers are said. */
const NUMBERS_SHOWN_FROM = 0.5;

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return mb < 10 ? (Math.round(mb * 10) / 10).toString() : Math.round(mb).toString();
}

/** "The browser's storage for this site is full: 9.8 MB used of 10 MB. Delete …": the numbers when the browser tells them. */
export function storageFullSentence(estimate: StorageEstimateLike | null): string {
  const usage = estimate?.usage;
  const quota = estimate?.quota;
  // Numbers that contradict "full" (a quota the browser reports but does not enforce, as under a test's override) would
  // mislead more than say nothing.
  const numbers =
    typeof usage === 'number' && typeof quota === 'number' && quota > 0 && usage >= quota * NUMBERS_SHOWN_FROM
      ? `: ${megabytes(usage)} MB used of ${megabytes(quota)} MB`
      : '';
  return `The browser's storage for this site is full${numbers}. Delete a workspace or checkpoint you no longer need, or export it first.`;
}

export const STORAGE_FAILED_SENTENCE =
  "The browser's storage refused it. Try again; if it keeps failing, export the workspace and reload the page.";

/** How full the site's storage is, or null where the browser does not say (and never throws). */
export async function estimateStorage(): Promise<StorageEstimateLike | null> {
  try {
    const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
    return storage?.estimate ? await storage.estimate() : null;
  } catch {
    return null;
  }
}

/** A failure of the browser's storage, told in the user's words; the browser's own text is kept apart in `detail`. */
export class StorageFailure extends Error {
  constructor(
    readonly code: StorageFailureCode,
    message: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageFailure';
  }
}

/**
 * `error` as a StorageFailure whose message begins with what failed ("The code could not be saved"), or null when the
 * error is not the storage's. A StorageFailure already worded is returned as it is.
 */
export async function describeStorageFailure(error: unknown, whatFailed: string): Promise<StorageFailure | null> {
  if (error instanceof StorageFailure) return error;
  const code = storageFailureOf(error);
  if (!code) return null;
  const why = code === 'storage_full' ? storageFullSentence(await estimateStorage()) : STORAGE_FAILED_SENTENCE;
  return new StorageFailure(code, `${whatFailed}. ${why}`, technicalText(error), { cause: error });
}
