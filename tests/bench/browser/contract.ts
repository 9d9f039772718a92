// Owns what the scale bench's page (scale.ts) answers the Playwright driver (scale.spec.ts): plain numbers, so they
// cross page.evaluate unchanged.

/** One raw IndexedDB baseline: a fresh database, one readwrite transaction putting `rows`, timed until `complete`. */
export interface RawPut {
  rows: number;
  ms: number;
}

/** Where a figure's time went, by part (a request, an IndexedDB transaction …): how often, and ms in all. */
export type Breakdown = Record<string, { count: number; ms: number }>;

export interface ImportResult {
  rows: number;
  updated: number;
  previewMs: number;
  applyMs: number;
  totalMs: number;
  raw: RawPut;
}

export interface MailResult {
  total: number;
  processed: number;
  sent: number;
  skipped: number;
  /** POST /api/users/bulk-emails until the workspace is settled (job done, traffic stored). */
  ms: number;
  breakdown: Breakdown;
  /** Request and response bodies the traffic log kept. */
  trafficCharacters: number;
  raw: RawPut;
}

export interface QueryTiming {
  query: string;
  ms: number;
  rows: number;
  total: number;
}

export interface UsersResult {
  /** The first query after opening the workspace: loading the directory from IndexedDB and building the sort order. */
  cold: QueryTiming;
  /** The first run of each other query (a new sort order or the search index may be built). */
  firstRuns: QueryTiming[];
  warm: QueryTiming[];
  warmMedianMs: number;
  /** The first query after each of several single changes (one verification email each; the sort orders are patched). */
  afterChange: QueryTiming[];
  afterChangeMedianMs: number;
  /** The changes themselves: POST /api/users/:id/verification-email. */
  changeMedianMs: number;
}

export interface DashboardResult {
  /** The first request: one pass over 100,000 users. */
  coldMs: number;
  warmMedianMs: number;
  /** The first request after each of several single changes (the figures are computed again). */
  afterChangeMs: number[];
  afterChangeMedianMs: number;
  eligible: number;
  total: number;
}

export interface HeapReading {
  /** usedJSHeapSize, bytes. */
  used: number;
  label: string;
}
