// Tests the DNS provider's pure rules where the API tests cannot reach easily: a CNAME loop, changes whose TTLs make
// them visible out of order, and the names a host may have.
import { describe, expect, it } from 'vitest';
import type { ChangeRow } from '../../../mocks/servers/dns/db';
import { lookupName, parseHost, resolveAnswer, visibleAfter, visibleRecords, zoneOf } from '../../../mocks/servers/dns/rules';

const ZONE = 'company.com';
const T = Date.UTC(2026, 2, 2, 8);

function change(seq: number, value: string | null, at: number, ttl: number, visibleTtl = ttl, name = ZONE): ChangeRow {
  return { seq, recordId: 'rec_1', zone: ZONE, name, type: 'TXT', value, ttl, at, visibleAt: visibleAfter(at, visibleTtl) };
}

describe('DNS rules', () => {
  it('a newer change that propagates sooner wins once visible, and hides the older one for good', () => {
    // Created with a TTL of an hour, changed a minute later to a TTL of 300 s: the change is seen after the old TTL.
    const changes = [change(1, 'first', T, 3600), change(2, 'second', T + 60_000, 300, 3600)];
    expect(visibleRecords(changes, T + 3599_999)).toEqual([]);
    expect(visibleRecords(changes, T + 3600_000).map((r) => r.value)).toEqual(['first']);
    expect(visibleRecords(changes, T + 60_000 + 3600_000).map((r) => r.value)).toEqual(['second']);
    // A deletion propagated leaves nothing.
    expect(visibleRecords([...changes, change(3, null, T + 7200_000, 300)], T + 7500_000)).toEqual([]);
  });

  it('answers SERVFAIL for a CNAME loop instead of following it for ever', () => {
    const visible = [
      { recordId: 'a', name: `a.${ZONE}`, type: 'CNAME' as const, value: `b.${ZONE}`, ttl: 300 },
      { recordId: 'b', name: `b.${ZONE}`, type: 'CNAME' as const, value: `a.${ZONE}`, ttl: 300 },
    ];
    const answer = resolveAnswer(`a.${ZONE}`, 16, (name) => lookupName(name, ZONE, visible));
    expect(answer.Status).toBe(2);
    expect(answer.Comment).toMatch(/CNAME records in a row/);
    expect(answer.Answer!.length).toBeGreaterThan(8);
  });

  it('finds the longest zone that holds a name', () => {
    expect(zoneOf('www.eu.company.com', ['company.com', 'eu.company.com'])).toBe('eu.company.com');
    expect(zoneOf('notcompany.com', ['company.com'])).toBeUndefined();
  });

  it('takes hosts relative to the zone, with underscores for service labels', () => {
    expect(parseHost(' @ ', ZONE)).toEqual({ ok: true, value: { host: '@', name: ZONE } });
    expect(parseHost('_Connect-Verify', ZONE)).toEqual({ ok: true, value: { host: '_connect-verify', name: `_connect-verify.${ZONE}` } });
    expect(parseHost('a.b', ZONE)).toEqual({ ok: true, value: { host: 'a.b', name: `a.b.${ZONE}` } });
    expect(parseHost('company.com.', ZONE)).toMatchObject({ ok: false, problem: { code: 'host_is_zone' } });
    expect(parseHost(`${'x'.repeat(64)}`, ZONE)).toMatchObject({ ok: false, problem: { code: 'host_invalid' } });
  });
});
