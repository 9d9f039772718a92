import { describe, expect, it } from 'vitest';
import {
  CODE_TTL_MS,
  LINK_TTL_MS,
  MAX_CODE_ATTEMPTS,
  linkingMachine,
  linkingStatus,
  needsNewCode,
  type LinkingEvent,
  type LinkingSnapshot,
} from '../../../machines/linking';
import { allSteps, atomicStateIds, atomicStatesOf, definedTransitions, modelPaths, takenTransitions } from './graph';
import { linkingEvents, linkingLabel } from './linking-model';

const paths = modelPaths(linkingMachine, { events: linkingEvents, label: linkingLabel });
const steps = allSteps(linkingMachine, linkingEvents);

/** What must hold in every state of a user's link journey, whatever led there. */
function expectConsistent(snapshot: LinkingSnapshot): void {
  const c = snapshot.context;
  const where = JSON.stringify(snapshot.value);
  // R4: the tries are counted up to the maximum and never beyond.
  expect(c.failedAttempts, where).toBeGreaterThanOrEqual(0);
  expect(c.failedAttempts, where).toBeLessThanOrEqual(MAX_CODE_ATTEMPTS);
  // The server never keeps a code without its expiry (R3: valid 30 minutes), nor a link without its own.
  if (c.codeHash !== null) expect(c, where).toMatchObject({ method: 'code', expiresAt: c.codeSentAt! + CODE_TTL_MS });
  if (c.linkRequestId !== null) expect(c.method, where).toBe('link');

  if (snapshot.matches('unlinked')) {
    // Nothing pending and nothing linked; only the failure of a link by domain is left to say (R13).
    expect(c, where).toEqual({
      ...c,
      email: null,
      method: null,
      codeHash: null,
      codeSentAt: null,
      expiresAt: null,
      failedAttempts: 0,
      linkRequestId: null,
      linkSentAt: null,
      linkExpiresAt: null,
      connectAccountId: null,
      linkedAt: null,
    });
    expect([null, 'link_failed'], where).toContain(c.lastError);
  }
  if (snapshot.matches('codeSent')) {
    expect(c.email, where).not.toBeNull();
    expect(c.codeHash, where).not.toBeNull();
    expect(c.codeSentAt, where).not.toBeNull();
    expect(c.expiresAt, where).toBe(c.codeSentAt! + CODE_TTL_MS);
    expect(c, where).toMatchObject({
      method: 'code',
      linkRequestId: null,
      linkSentAt: null,
      linkExpiresAt: null,
      connectAccountId: null,
      linkedAt: null,
    });
  }
  if (snapshot.matches({ codeSent: 'awaitingCode' })) {
    expect(c.failedAttempts, where).toBeLessThan(MAX_CODE_ATTEMPTS);
    expect([null, 'code_incorrect', 'code_superseded', 'link_failed'], where).toContain(c.lastError);
    if (c.lastError === 'code_incorrect') expect(c.failedAttempts, where).toBeGreaterThan(0);
  }
  if (snapshot.matches({ codeSent: 'expired' })) {
    expect(c.lastError, where).toBe('code_expired');
    expect(c.failedAttempts, where).toBeLessThan(MAX_CODE_ATTEMPTS);
  }
  if (snapshot.matches({ codeSent: 'exhausted' })) {
    expect(c, where).toMatchObject({ failedAttempts: MAX_CODE_ATTEMPTS, lastError: 'code_attempts_exceeded' });
  }
  if (snapshot.matches('linkSent')) {
    expect(c.email, where).not.toBeNull();
    expect(c.linkRequestId, where).not.toBeNull();
    expect(c.linkExpiresAt, where).toBe(c.linkSentAt! + LINK_TTL_MS);
    expect(c, where).toMatchObject({
      method: 'link',
      codeHash: null,
      expiresAt: null,
      failedAttempts: 0,
      connectAccountId: null,
      linkedAt: null,
    });
    expect([null, 'link_superseded', 'link_expired', 'link_failed'], where).toContain(c.lastError);
  }
  if (snapshot.matches('linking')) {
    // An accepted code or link, or a verified domain: Connect is asked for this email (R4).
    expect(c.email, where).not.toBeNull();
    expect(c, where).toMatchObject({ lastError: null, connectAccountId: null, linkedAt: null });
    if (c.method === 'code') expect(c.codeHash, where).not.toBeNull();
    else if (c.method === 'link') expect(c.linkRequestId, where).not.toBeNull();
    else expect(c, where).toMatchObject({ method: 'domain', codeHash: null, linkRequestId: null, failedAttempts: 0 });
  }
  if (snapshot.matches('linked')) {
    expect(c.email, where).not.toBeNull();
    expect(c.method, where).not.toBeNull();
    expect(c.connectAccountId, where).not.toBeNull();
    expect(c.linkedAt, where).not.toBeNull();
    // A linked user has no code that could still be typed in, nor a count of old tries.
    expect(c, where).toMatchObject({
      codeHash: null,
      codeSentAt: null,
      expiresAt: null,
      failedAttempts: 0,
      lastError: null,
      linkSentAt: null,
      linkExpiresAt: null,
    });
  }
  // What the HRM's pages show is read from the same snapshot.
  expect(needsNewCode(snapshot), where).toBe(snapshot.matches({ codeSent: 'expired' }) || snapshot.matches({ codeSent: 'exhausted' }));
  expect(linkingStatus(snapshot), where).toBe(
    ({ unlinked: 'unlinked', codeSent: 'code_sent', linkSent: 'link_sent', linking: 'linking', linked: 'linked' } as const)[
      typeof snapshot.value === 'string' ? snapshot.value : (Object.keys(snapshot.value)[0] as 'codeSent')
    ],
  );
}

/** What must hold of every step: nothing but the stored code or the newest link, in time, is accepted. */
function expectStepAllowed(before: LinkingSnapshot, event: LinkingEvent, after: LinkingSnapshot): void {
  const step = `${JSON.stringify(before.value)} --${event.type}--> ${JSON.stringify(after.value)}`;
  const b = before.context;
  if (after.matches('linking') && !before.matches('linking')) {
    if (event.type === 'VERIFY') {
      expect(before.matches({ codeSent: 'awaitingCode' }), step).toBe(true);
      expect(event.codeHash, step).toBe(b.codeHash);
      expect(event.now, step).toBeLessThan(b.expiresAt!);
      expect(b.failedAttempts, step).toBeLessThan(MAX_CODE_ATTEMPTS);
    } else if (event.type === 'CONFIRM_LINK') {
      expect(before.matches('linkSent'), step).toBe(true);
      expect(event.requestId, step).toBe(b.linkRequestId);
      expect(event.now, step).toBeLessThan(b.linkExpiresAt!);
    } else {
      // R13: only a verified domain links without a code or a link; never over a finished link.
      expect(event.type, step).toBe('LINK_BY_DOMAIN');
      expect(before.matches('linked'), step).toBe(false);
    }
  }
  if (after.matches('linked') && !before.matches('linked')) {
    expect(before.matches('linking'), step).toBe(true);
    expect(event.type, step).toBe('LINKED');
    expect(after.context.connectAccountId, step).toBe(event.type === 'LINKED' ? event.connectAccountId : undefined);
  }
  // A linked user is unlinked only on purpose (R10), never by a new code, link or domain.
  if (before.matches('linked') && !after.matches('linked')) expect(event.type, step).toBe('UNLINK');
  // Wrong codes are counted one at a time; only a new start (a code, link, domain, cancel, unlink or the link made)
  // forgets them.
  const fresh = ['SEND_CODE', 'SEND_LINK', 'LINK_BY_DOMAIN', 'CANCEL', 'UNLINK', 'LINKED'].includes(event.type);
  if (!fresh) {
    expect(after.context.failedAttempts - b.failedAttempts, step).toBeGreaterThanOrEqual(0);
    expect(after.context.failedAttempts - b.failedAttempts, step).toBeLessThanOrEqual(1);
  }
  if (after.context.failedAttempts > b.failedAttempts) {
    expect(event.type === 'VERIFY' && event.codeHash !== b.codeHash, step).toBe(true);
  }
}

describe('linking machine, model-based: the shortest path to every state its events reach', () => {
  it('reaches every state of the machine (a state no path reaches is unreachable)', () => {
    const reached = new Set(paths.flatMap((p) => atomicStatesOf(p.snapshots.at(-1)!)));
    expect([...reached].sort()).toEqual(atomicStateIds(linkingMachine));
    expect(atomicStateIds(linkingMachine)).toHaveLength(7);
  });

  it('takes every transition the machine defines, each guard included, from the states the paths reach', () => {
    expect(takenTransitions(linkingMachine, steps)).toEqual(definedTransitions(linkingMachine));
  });

  it('keeps the rules on every step from every reachable state, not only on the shortest paths', () => {
    for (const { before, event, after } of steps) {
      expectConsistent(after);
      expectStepAllowed(before, event, after);
    }
    expect(steps.length).toBeGreaterThan(paths.length);
  });

  it('names every path differently', () => {
    expect(new Set(paths.map((p) => p.name)).size).toBe(paths.length);
  });

  it.each(paths.map((p) => [p.name, p] as const))('%s', (_name, path) => {
    path.snapshots.forEach(expectConsistent);
    path.events.forEach((event, i) => expectStepAllowed(path.snapshots[i]!, event, path.snapshots[i + 1]!));
  });
});
