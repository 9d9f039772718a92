// Owns the traffic list's rows: the log filtered (host, sender, status class, free text) and grouped as a network panel
// groups it — a navigation is one row (its first hop, where it ended, how many hops), its hops shown when expanded;
// API and server-to-server calls are rows of their own. Pure, so tens of thousands of exchanges filter in one pass.
import type { ExchangeSummary } from '../../contracts/network';
import { hostOf, initiatorKind } from './exchange-parts';

export type StatusClass = 'all' | '2xx' | '3xx' | '4xx' | '5xx';

export interface TrafficFilter {
  /** Matched, case-insensitively, in the method, URL, status and sender. */
  search: string;
  /** '' for every host. */
  host: string;
  /** An initiator ("browser:anna"), or '' for every sender. */
  initiator: string;
  status: StatusClass;
  /** The x-ray's own requests (a JWKS fetched to verify a token) are left out unless asked for. */
  showXray: boolean;
}

export const NO_FILTER: TrafficFilter = { search: '', host: '', initiator: '', status: 'all', showXray: false };

export type TrafficRow =
  | { kind: 'exchange'; summary: ExchangeSummary }
  | { kind: 'navigation'; summary: ExchangeSummary; hops: ExchangeSummary[]; last: ExchangeSummary; durationMs: number; expanded: boolean }
  | { kind: 'hop'; summary: ExchangeSummary; hop: number; of: number };

function statusMatches(status: number, wanted: StatusClass): boolean {
  return wanted === 'all' || String(Math.floor(status / 100)) === wanted[0];
}

function matcher(filter: TrafficFilter, labelOf: (initiator: string) => string): (s: ExchangeSummary) => boolean {
  const needle = filter.search.trim().toLowerCase();
  return (s) =>
    (filter.showXray || initiatorKind(s.initiator) !== 'xray') &&
    (filter.host === '' || hostOf(s.url) === filter.host) &&
    (filter.initiator === '' || s.initiator === filter.initiator) &&
    statusMatches(s.status, filter.status) &&
    (needle === '' || `${s.method} ${s.url} ${s.status} ${labelOf(s.initiator)} ${s.initiator}`.toLowerCase().includes(needle));
}

/** The rows to show, in the order requests were sent; a navigation shows when any of its hops matches. */
export function trafficRows(
  summaries: readonly ExchangeSummary[],
  filter: TrafficFilter,
  expanded: ReadonlySet<number>,
  labelOf: (initiator: string) => string = (i) => i,
): TrafficRow[] {
  const matches = matcher(filter, labelOf);
  const navigations = new Map<number, ExchangeSummary[]>();
  for (const s of summaries) {
    if (s.navigationId === undefined) continue;
    const hops = navigations.get(s.navigationId);
    if (hops) hops.push(s);
    else navigations.set(s.navigationId, [s]);
  }
  const rows: TrafficRow[] = [];
  for (const s of summaries) {
    if (s.navigationId === undefined) {
      if (matches(s)) rows.push({ kind: 'exchange', summary: s });
      continue;
    }
    const hops = navigations.get(s.navigationId)!;
    // A navigation is listed at its first hop still in the log.
    if (hops[0] !== s || !hops.some(matches)) continue;
    const open = expanded.has(s.navigationId);
    rows.push({
      kind: 'navigation',
      summary: s,
      hops,
      last: hops[hops.length - 1]!,
      durationMs: hops.reduce((sum, h) => sum + h.durationMs, 0),
      expanded: open,
    });
    if (open) hops.forEach((hop, i) => rows.push({ kind: 'hop', summary: hop, hop: i + 1, of: hops.length }));
  }
  return rows;
}

/** The exchanges behind these rows (every hop of a navigation), for an export of what is shown. */
export function exchangeIdsOf(rows: readonly TrafficRow[]): number[] {
  const ids = new Set<number>();
  for (const row of rows) {
    if (row.kind === 'navigation') row.hops.forEach((h) => ids.add(h.id));
    else ids.add(row.summary.id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Inserts exchanges that arrived live, keeping id order (a hop may finish after the server calls it caused). */
export function mergeSummaries(current: readonly ExchangeSummary[], arrived: readonly ExchangeSummary[]): ExchangeSummary[] {
  const fresh = [...arrived].sort((a, b) => a.id - b.id);
  const last = current[current.length - 1];
  if (fresh.length === 0 || !last || fresh[0]!.id > last.id) return [...current, ...fresh];
  // Some arrived before the last one listed, or were listed already (the log read while they came): merge by id.
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const s of fresh) byId.set(s.id, s);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
