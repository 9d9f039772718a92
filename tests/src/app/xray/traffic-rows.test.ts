// Tests the traffic list's rows as a network panel lists them: a navigation is one row that opens into its hops, in
// the order requests were sent; filters keep a navigation when any hop matches; the x-ray's own requests stay out
// unless asked for; the export takes every hop of what is shown; exchanges arriving live keep id order.
import { describe, expect, it } from 'vitest';
import { exchangeIdsOf, mergeSummaries, NO_FILTER, trafficRows } from '../../../../src/app/xray/traffic-rows';
import type { ExchangeSummary } from '../../../../src/contracts/network';
import { XRAY_INITIATOR } from '../../../../src/contracts/network';

function summary(id: number, url: string, status: number, extra: Partial<ExchangeSummary> = {}): ExchangeSummary {
  return { id, at: 0, initiator: 'browser:anna', method: 'GET', url, status, location: null, durationMs: 2, ...extra };
}

// A login's way back: resume (302) → callback (302) → start page (200), with the server's token call in between.
const LOG: ExchangeSummary[] = [
  summary(1, 'https://connect.test/connect/authorize/resume?request_id=r1', 302, {
    navigationId: 1,
    location: 'https://hrm.test/auth/callback?code=c',
  }),
  summary(2, 'https://hrm.test/auth/callback?code=c&state=s', 302, { navigationId: 1, location: '/' }),
  summary(3, 'https://connect.test/connect/token', 200, { initiator: 'server:hrm.test', method: 'POST' }),
  summary(4, 'https://hrm.test/', 200, { navigationId: 1 }),
  summary(5, 'https://connect.test/.well-known/jwks.json', 200, { initiator: XRAY_INITIATOR }),
  summary(6, 'https://hrm.test/api/me', 401, { durationMs: 1 }),
];

describe('traffic rows', () => {
  it('lists a navigation as one row with its hops, where it ended and its total time; the x-ray’s own requests left out', () => {
    const rows = trafficRows(LOG, NO_FILTER, new Set());
    expect(rows.map((r) => `${r.kind}:${r.summary.id}`)).toEqual(['navigation:1', 'exchange:3', 'exchange:6']);
    const navigation = rows[0]!;
    if (navigation.kind !== 'navigation') throw new Error('not a navigation');
    expect(navigation.hops.map((h) => h.id)).toEqual([1, 2, 4]);
    expect(navigation.last.url).toBe('https://hrm.test/');
    expect(navigation.durationMs).toBe(6);
  });

  it('opens a navigation into its hops, numbered, under it', () => {
    const rows = trafficRows(LOG, NO_FILTER, new Set([1]));
    expect(rows.map((r) => (r.kind === 'hop' ? `hop ${r.hop}/${r.of}:${r.summary.id}` : `${r.kind}:${r.summary.id}`))).toEqual([
      'navigation:1',
      'hop 1/3:1',
      'hop 2/3:2',
      'hop 3/3:4',
      'exchange:3',
      'exchange:6',
    ]);
  });

  it('keeps a navigation when any of its hops matches a filter, and drops what matches nothing', () => {
    const redirects = trafficRows(LOG, { ...NO_FILTER, status: '3xx' }, new Set());
    expect(redirects.map((r) => r.summary.id)).toEqual([1]);
    const byHost = trafficRows(LOG, { ...NO_FILTER, host: 'hrm.test' }, new Set());
    expect(byHost.map((r) => r.summary.id)).toEqual([1, 6]);
    const bySender = trafficRows(LOG, { ...NO_FILTER, initiator: 'server:hrm.test' }, new Set());
    expect(bySender.map((r) => r.summary.id)).toEqual([3]);
    const errors = trafficRows(LOG, { ...NO_FILTER, status: '4xx' }, new Set());
    expect(errors.map((r) => r.summary.id)).toEqual([6]);
    expect(trafficRows(LOG, { ...NO_FILTER, status: '5xx' }, new Set())).toEqual([]);
  });

  it('searches the method, URL, status and the sender’s name, ignoring case', () => {
    const labelOf = (initiator: string) => (initiator === 'browser:anna' ? 'Anna Svensson’s browser' : initiator);
    expect(trafficRows(LOG, { ...NO_FILTER, search: 'CALLBACK' }, new Set(), labelOf).map((r) => r.summary.id)).toEqual([1]);
    expect(trafficRows(LOG, { ...NO_FILTER, search: 'post' }, new Set(), labelOf).map((r) => r.summary.id)).toEqual([3]);
    expect(trafficRows(LOG, { ...NO_FILTER, search: '401' }, new Set(), labelOf).map((r) => r.summary.id)).toEqual([6]);
    expect(trafficRows(LOG, { ...NO_FILTER, search: 'svensson' }, new Set(), labelOf).map((r) => r.summary.id)).toEqual([1, 6]);
  });

  it('shows the x-ray’s own requests when asked', () => {
    expect(trafficRows(LOG, { ...NO_FILTER, showXray: true }, new Set()).map((r) => r.summary.id)).toEqual([1, 3, 5, 6]);
  });

  it('exports every hop of a shown navigation, in id order, whether it is open or not', () => {
    expect(exchangeIdsOf(trafficRows(LOG, NO_FILTER, new Set()))).toEqual([1, 2, 3, 4, 6]);
    expect(exchangeIdsOf(trafficRows(LOG, NO_FILTER, new Set([1])))).toEqual([1, 2, 3, 4, 6]);
  });

  it('lists a navigation whose first hops were cleared at its first hop still in the log', () => {
    const rows = trafficRows(LOG.slice(1), NO_FILTER, new Set());
    expect(rows[0]).toMatchObject({ kind: 'navigation', summary: { id: 2 } });
  });
});

describe('exchanges arriving live', () => {
  it('append after the last one listed', () => {
    expect(mergeSummaries(LOG.slice(0, 3), [LOG[4]!, LOG[3]!]).map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fall into id order when one finished before an earlier one, and are not listed twice', () => {
    const merged = mergeSummaries([LOG[0]!, LOG[2]!], [LOG[1]!, LOG[2]!, LOG[3]!]);
    expect(merged.map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });
});
