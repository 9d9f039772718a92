import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { DomainCheck, DomainCheckCode, VerificationMethod } from '../../src/contracts/connect-domains';
import {
  domainStatus,
  domainVerificationMachine,
  type DomainVerificationEvent,
  type DomainVerificationSnapshot,
} from '../../machines/domain-verification';

const T0 = Date.UTC(2026, 2, 2, 8);
const input = { domain: 'company.com' };

function check(code: DomainCheckCode, at = T0, method: VerificationMethod = 'txt'): DomainVerificationEvent {
  const result: DomainCheck = { code, method, at, found: [], message: code };
  return { type: 'CHECKED', check: result };
}

function run(events: DomainVerificationEvent[], from?: DomainVerificationSnapshot): DomainVerificationSnapshot {
  let [snapshot] = from ? [from] : initialTransition(domainVerificationMachine, input);
  for (const event of events) [snapshot] = transition(domainVerificationMachine, snapshot, event);
  return snapshot;
}

describe('domain verification machine', () => {
  it('starts unverified and pending, for its domain', () => {
    const snapshot = run([]);
    expect(snapshot.value).toEqual({ unverified: 'pending' });
    expect(domainStatus(snapshot)).toBe('unverified');
    expect(snapshot.context).toEqual({ domain: 'company.com', lastCheck: null, verifiedAt: null, verifiedWith: null });
  });

  it('stays unverified on every failed check, keeping the last one (R23: wait and try again)', () => {
    for (const code of ['not_visible_yet', 'wrong_value', 'wrong_host', 'file_not_found', 'lookup_failed'] as const) {
      const snapshot = run([check(code)]);
      expect(snapshot.value, code).toEqual({ unverified: 'failed' });
      expect(snapshot.context.lastCheck?.code).toBe(code);
    }
    const retried = run([check('not_visible_yet', T0), check('wrong_value', T0 + 60_000)]);
    expect(retried.context.lastCheck).toMatchObject({ code: 'wrong_value', at: T0 + 60_000 });
  });

  it('is verified by a successful check, with the time and the method', () => {
    const snapshot = run([check('not_visible_yet'), check('verified', T0 + 300_000, 'cname')]);
    expect(domainStatus(snapshot)).toBe('verified');
    expect(snapshot.context).toMatchObject({ verifiedAt: T0 + 300_000, verifiedWith: 'cname', lastCheck: { code: 'verified' } });
  });

  it('stays verified whatever a later lookup finds: the record may be removed once verified (R23)', () => {
    const verified = run([check('verified', T0, 'https')]);
    expect(verified.can(check('not_visible_yet', T0 + 1))).toBe(false);
    const later = run([check('not_visible_yet', T0 + 1), check('wrong_value', T0 + 2)], verified);
    expect(later.value).toBe('verified');
    expect(later.context).toEqual(verified.context);
  });

  it('restores from a stored snapshot and goes on from there', () => {
    const stored = JSON.parse(JSON.stringify(domainVerificationMachine.getPersistedSnapshot(run([check('wrong_host')])))) as {
      value: never;
      context: never;
    };
    const restored = domainVerificationMachine.resolveState({ value: stored.value, context: stored.context });
    expect(domainStatus(run([check('verified', T0 + 1)], restored))).toBe('verified');
  });

  it('reaches every state along its shortest paths (xstate/graph)', () => {
    const paths = getShortestPaths(domainVerificationMachine, { input, events: [check('not_visible_yet'), check('verified')] });
    const reached = new Map(
      paths.map((p) => [
        JSON.stringify(p.state.value),
        p.steps.map((s) => (s.event as DomainVerificationEvent).check?.code ?? s.event.type),
      ]),
    );
    expect(reached.get(JSON.stringify({ unverified: 'pending' }))).toEqual(['xstate.init']);
    expect(reached.get(JSON.stringify({ unverified: 'failed' }))).toEqual(['xstate.init', 'not_visible_yet']);
    expect(reached.get(JSON.stringify('verified'))).toEqual(['xstate.init', 'verified']);
    expect(reached.size).toBe(3);
  });
});
