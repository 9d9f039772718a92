import { describe, expect, it } from 'vitest';
import {
  VERIFICATION_METHODS,
  type DomainCheck,
  type DomainCheckCode,
  type VerificationMethod,
} from '../../../src/contracts/connect-domains';
import {
  domainStatus,
  domainVerificationMachine,
  type DomainVerificationEvent,
  type DomainVerificationSnapshot,
} from '../../../machines/domain-verification';
import { allSteps, atomicStateIds, atomicStatesOf, definedTransitions, modelPaths, takenTransitions } from './graph';

const T0 = Date.UTC(2026, 2, 2, 8);
const MINUTE = 60_000;
const input = { domain: 'company.com' };

/** Every answer "Verify" can give (R23), each by the method it fits; a failure a few minutes in. */
const FAILURES: Array<[Exclude<DomainCheckCode, 'verified'>, VerificationMethod]> = [
  ['not_visible_yet', 'txt'],
  ['wrong_value', 'txt'],
  ['wrong_host', 'cname'],
  ['file_not_found', 'https'],
  ['lookup_failed', 'cname'],
];

function checked(code: DomainCheckCode, method: VerificationMethod, at: number): DomainVerificationEvent {
  const check: DomainCheck = { code, method, at, found: [], message: `${code} by ${method}` };
  return { type: 'CHECKED', check };
}

/** Failures first, then a success by each method later (R23: "wait a few more minutes and try again"). */
function domainEvents(): DomainVerificationEvent[] {
  return [
    ...FAILURES.map(([code, method]) => checked(code, method, T0 + 5 * MINUTE)),
    ...VERIFICATION_METHODS.map((method) => checked('verified', method, T0 + 10 * MINUTE)),
  ];
}

const label = (event: DomainVerificationEvent) => `${event.check.code} (${event.check.method})`;

const paths = modelPaths(domainVerificationMachine, { events: domainEvents, label, input });
const steps = allSteps(domainVerificationMachine, domainEvents, input);

function expectConsistent(snapshot: DomainVerificationSnapshot): void {
  const c = snapshot.context;
  const where = JSON.stringify(snapshot.value);
  expect(c.domain, where).toBe('company.com');
  expect(domainStatus(snapshot), where).toBe(snapshot.matches('verified') ? 'verified' : 'unverified');
  if (snapshot.matches({ unverified: 'pending' }))
    expect(c, where).toMatchObject({ lastCheck: null, verifiedAt: null, verifiedWith: null });
  if (snapshot.matches({ unverified: 'failed' })) {
    // The page says what the last Verify found: never "verified" while unverified.
    expect(c.lastCheck, where).not.toBeNull();
    expect(c.lastCheck!.code, where).not.toBe('verified');
    expect(c, where).toMatchObject({ verifiedAt: null, verifiedWith: null });
  }
  if (snapshot.matches('verified')) {
    expect(c.lastCheck?.code, where).toBe('verified');
    expect(c.verifiedAt, where).toBe(c.lastCheck!.at);
    expect(c.verifiedWith, where).toBe(c.lastCheck!.method);
  }
}

function expectStepAllowed(before: DomainVerificationSnapshot, event: DomainVerificationEvent, after: DomainVerificationSnapshot): void {
  const step = `${JSON.stringify(before.value)} --${label(event)}--> ${JSON.stringify(after.value)}`;
  // Only a check that found the record or file verifies.
  if (after.matches('verified') && !before.matches('verified')) expect(event.check.code, step).toBe('verified');
  // Verification is a moment: once verified, nothing a later lookup finds takes it back or rewrites it (R23: the
  // record may be removed after "Verified").
  if (before.matches('verified')) expect(after, step).toBe(before);
}

describe('domain verification machine, model-based: the shortest path to every state its checks reach', () => {
  it('reaches every state of the machine (a state no path reaches is unreachable)', () => {
    const reached = new Set(paths.flatMap((p) => atomicStatesOf(p.snapshots.at(-1)!)));
    expect([...reached].sort()).toEqual(atomicStateIds(domainVerificationMachine));
    expect(atomicStateIds(domainVerificationMachine)).toHaveLength(3);
  });

  it('takes every transition the machine defines, each guard included', () => {
    expect(takenTransitions(domainVerificationMachine, steps)).toEqual(definedTransitions(domainVerificationMachine));
  });

  it('names every path differently', () => {
    expect(new Set(paths.map((p) => p.name)).size).toBe(paths.length);
  });

  it('keeps the rules on every step from every reachable state, a check after "Verified" included', () => {
    for (const { before, event, after } of steps) {
      expectConsistent(after);
      expectStepAllowed(before, event, after);
    }
    expect(steps.filter((s) => s.before.matches('verified'))).toHaveLength(3 * (FAILURES.length + VERIFICATION_METHODS.length));
  });

  it.each(paths.map((p) => [p.name, p] as const))('%s', (_name, path) => {
    path.snapshots.forEach(expectConsistent);
    path.events.forEach((event, i) => expectStepAllowed(path.snapshots[i]!, event, path.snapshots[i + 1]!));
  });
});
