import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  CODE_TTL_MS,
  LINK_TTL_MS,
  MAX_CODE_ATTEMPTS,
  linkingMachine,
  linkingStatus,
  needsNewCode,
  type LinkingEvent,
  type LinkingSnapshot,
} from '../../machines/linking';

const T0 = Date.UTC(2026, 2, 2, 8);

function run(events: LinkingEvent[], from?: LinkingSnapshot): LinkingSnapshot {
  let [snapshot] = from ? [from] : initialTransition(linkingMachine);
  for (const event of events) [snapshot] = transition(linkingMachine, snapshot, event);
  return snapshot;
}

const send = (codeHash = 'h-right', now = T0, email = 'anna.svensson@company.com'): LinkingEvent => ({
  type: 'SEND_CODE',
  email,
  codeHash,
  now,
});
const verify = (codeHash: string, now = T0 + 60_000): LinkingEvent => ({ type: 'VERIFY', codeHash, now });
const sendLink = (requestId = 'job_1', now = T0, email = 'sara.nilsson@gmail.com'): LinkingEvent => ({
  type: 'SEND_LINK',
  email,
  requestId,
  now,
});
const confirm = (requestId = 'job_1', now = T0 + 60_000): LinkingEvent => ({ type: 'CONFIRM_LINK', requestId, now });

describe('linking machine', () => {
  it('starts unlinked', () => {
    const snapshot = run([]);
    expect(linkingStatus(snapshot)).toBe('unlinked');
    expect(snapshot.can(verify('h-right'))).toBe(false);
  });

  it('sending a code records the email and an expiry 30 minutes later (R3)', () => {
    const snapshot = run([send()]);
    expect(linkingStatus(snapshot)).toBe('code_sent');
    expect(snapshot.context).toMatchObject({
      email: 'anna.svensson@company.com',
      codeSentAt: T0,
      expiresAt: T0 + CODE_TTL_MS,
      failedAttempts: 0,
    });
  });

  it('the right code moves on to linking, then LINKED links with the Connect account', () => {
    const linking = run([send(), verify('h-right')]);
    expect(linkingStatus(linking)).toBe('linking');
    const linked = run([{ type: 'LINKED', connectAccountId: 'acc_1', now: T0 + 70_000 }], linking);
    expect(linkingStatus(linked)).toBe('linked');
    expect(linked.context).toMatchObject({
      email: 'anna.svensson@company.com',
      connectAccountId: 'acc_1',
      linkedAt: T0 + 70_000,
      codeHash: null,
    });
    expect(linked.can(send())).toBe(false);
  });

  it('is valid at 29:59.999 and expired at exactly 30:00', () => {
    expect(linkingStatus(run([send(), verify('h-right', T0 + CODE_TTL_MS - 1)]))).toBe('linking');
    const expired = run([send(), verify('h-right', T0 + CODE_TTL_MS)]);
    expect(expired.matches({ codeSent: 'expired' })).toBe(true);
    expect(expired.context.lastError).toBe('code_expired');
    expect(needsNewCode(expired)).toBe(true);
    // Still expired on any later try, right code or not.
    expect(run([verify('h-right', T0 + CODE_TTL_MS + 5)], expired).context.lastError).toBe('code_expired');
  });

  it('counts wrong codes and needs a new code after the fifth', () => {
    let snapshot = run([send()]);
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) {
      snapshot = run([verify('h-wrong')], snapshot);
      expect(snapshot.context).toMatchObject({ failedAttempts: i, lastError: 'code_incorrect' });
      expect(needsNewCode(snapshot)).toBe(false);
    }
    snapshot = run([verify('h-wrong')], snapshot);
    expect(snapshot.matches({ codeSent: 'exhausted' })).toBe(true);
    expect(snapshot.context).toMatchObject({ failedAttempts: MAX_CODE_ATTEMPTS, lastError: 'code_attempts_exceeded' });
    // Even the right code is refused now.
    const after = run([verify('h-right')], snapshot);
    expect(after.matches({ codeSent: 'exhausted' })).toBe(true);
    expect(after.context.failedAttempts).toBe(MAX_CODE_ATTEMPTS);
  });

  it('a new code invalidates the previous one and resets the tries; the previous one is recognised and costs no try', () => {
    const snapshot = run([send('h-first'), verify('h-wrong'), send('h-second', T0 + 120_000)]);
    expect(snapshot.context).toMatchObject({
      codeHash: 'h-second',
      failedAttempts: 0,
      lastError: null,
      expiresAt: T0 + 120_000 + CODE_TTL_MS,
    });
    expect(run([verify('h-first', T0 + 130_000)], snapshot).context).toMatchObject({ lastError: 'code_superseded', failedAttempts: 0 });
    // Past its own 30 minutes, the previous code is just a wrong one.
    expect(run([verify('h-first', T0 + CODE_TTL_MS)], snapshot).context).toMatchObject({ lastError: 'code_incorrect', failedAttempts: 1 });
    expect(linkingStatus(run([verify('h-second', T0 + 130_000)], snapshot))).toBe('linking');
  });

  it('a new code rescues an expired or exhausted journey', () => {
    const expired = run([send(), verify('h-right', T0 + CODE_TTL_MS)]);
    const fresh = run([send('h-new', T0 + CODE_TTL_MS + 1)], expired);
    expect(fresh.matches({ codeSent: 'awaitingCode' })).toBe(true);
    expect(needsNewCode(fresh)).toBe(false);
  });

  it('CANCEL goes back to unlinked with nothing kept', () => {
    const snapshot = run([send(), { type: 'CANCEL' }]);
    expect(linkingStatus(snapshot)).toBe('unlinked');
    expect(snapshot.context.email).toBeNull();
  });

  it('LINK_FAILED keeps the accepted code usable for a retry', () => {
    const failed = run([send(), verify('h-right'), { type: 'LINK_FAILED' }]);
    expect(failed.matches({ codeSent: 'awaitingCode' })).toBe(true);
    expect(failed.context.lastError).toBe('link_failed');
    expect(linkingStatus(run([verify('h-right', T0 + 90_000)], failed))).toBe('linking');
  });

  it('UNLINK resets so the user links again (R10)', () => {
    const relinkable = run([
      send(),
      verify('h-right'),
      { type: 'LINKED', connectAccountId: 'acc_1', now: T0 },
      { type: 'UNLINK', now: T0 + 1 },
    ]);
    expect(linkingStatus(relinkable)).toBe('unlinked');
    expect(relinkable.context).toMatchObject({ email: null, connectAccountId: null });
    expect(relinkable.can(send())).toBe(true);
    expect(run([send()]).can({ type: 'UNLINK', now: T0 })).toBe(false);
  });

  it('a persisted snapshot survives JSON and keeps working (reload resumes)', () => {
    const snapshot = run([send(), verify('h-wrong')]);
    const stored = JSON.parse(JSON.stringify(linkingMachine.getPersistedSnapshot(snapshot)));
    const restored = linkingMachine.resolveState(stored) as LinkingSnapshot;
    expect(restored.context.failedAttempts).toBe(1);
    expect(linkingStatus(run([verify('h-right')], restored))).toBe('linking');
  });

  it('reaches every state through shortest paths (xstate/graph)', () => {
    const events: LinkingEvent[] = [
      send(),
      verify('h-right'),
      verify('h-wrong'),
      verify('h-right', T0 + CODE_TTL_MS),
      sendLink(),
      confirm(),
      { type: 'LINK_BY_DOMAIN', email: 'lena.holm@company.com', now: T0 },
      { type: 'CANCEL' },
      { type: 'LINKED', connectAccountId: 'acc_1', now: T0 + 1 },
      { type: 'LINK_FAILED' },
      { type: 'UNLINK', now: T0 + 2 },
    ];
    const paths = getShortestPaths(linkingMachine, { events });
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const value of [
      'unlinked',
      { codeSent: 'awaitingCode' },
      { codeSent: 'expired' },
      { codeSent: 'exhausted' },
      'linkSent',
      'linking',
      'linked',
    ]) {
      expect(reached, JSON.stringify(value)).toContain(JSON.stringify(value));
    }
    const toExhausted = paths.find((p) => JSON.stringify(p.state.value) === JSON.stringify({ codeSent: 'exhausted' }))!;
    expect(toExhausted.steps.filter((s) => s.event.type === 'VERIFY')).toHaveLength(MAX_CODE_ATTEMPTS);
  });

  describe('the admin’s verification link (R16)', () => {
    it('a link goes out from any state but linking and linked, and confirming it starts linking', () => {
      const sent = run([sendLink()]);
      expect(linkingStatus(sent)).toBe('link_sent');
      expect(sent.context).toMatchObject({
        email: 'sara.nilsson@gmail.com',
        method: 'link',
        linkRequestId: 'job_1',
        linkSentAt: T0,
        linkExpiresAt: T0 + LINK_TTL_MS,
      });
      const linking = run([confirm()], sent);
      expect(linkingStatus(linking)).toBe('linking');
      const linked = run([{ type: 'LINKED', connectAccountId: 'acc_9', now: T0 + 70_000 }], linking);
      expect(linked.context).toMatchObject({ method: 'link', linkRequestId: 'job_1', connectAccountId: 'acc_9' });
      expect(linked.can(sendLink('job_2'))).toBe(false);
      expect(linking.can(sendLink('job_2'))).toBe(false);
    });

    it('the newest request wins: a newer link replaces an older one and a pending code (R16: several requests)', () => {
      const replaced = run([send(), sendLink('job_1'), sendLink('job_2', T0 + 1)]);
      expect(replaced.context).toMatchObject({ linkRequestId: 'job_2', codeHash: null });
      const old = run([confirm('job_1')], replaced);
      expect(linkingStatus(old)).toBe('link_sent');
      expect(old.context.lastError).toBe('link_superseded');
      expect(linkingStatus(run([confirm('job_2')], replaced))).toBe('linking');
      // During preparation the user may still verify on their own, which replaces the admin's link.
      const coded = run([send('h-own')], replaced);
      expect(linkingStatus(coded)).toBe('code_sent');
      expect(run([confirm('job_2')], coded).context.linkRequestId).toBeNull();
    });

    it('is valid until its expiry and refused from that very moment', () => {
      expect(linkingStatus(run([sendLink(), confirm('job_1', T0 + LINK_TTL_MS - 1)]))).toBe('linking');
      const expired = run([sendLink(), confirm('job_1', T0 + LINK_TTL_MS)]);
      expect(linkingStatus(expired)).toBe('link_sent');
      expect(expired.context.lastError).toBe('link_expired');
    });

    it('LINK_FAILED returns to the link, still usable', () => {
      const failed = run([sendLink(), confirm(), { type: 'LINK_FAILED' }]);
      expect(linkingStatus(failed)).toBe('link_sent');
      expect(failed.context.lastError).toBe('link_failed');
      expect(linkingStatus(run([confirm('job_1', T0 + 90_000)], failed))).toBe('linking');
    });
  });

  describe('linking by a verified domain (R13)', () => {
    it('goes straight to linking with nothing to verify, replacing a pending code or link', () => {
      const byDomain = run([send(), { type: 'LINK_BY_DOMAIN', email: 'lena.holm@company.com', now: T0 }]);
      expect(linkingStatus(byDomain)).toBe('linking');
      expect(byDomain.context).toMatchObject({ email: 'lena.holm@company.com', method: 'domain', codeHash: null });
      expect(linkingStatus(run([{ type: 'LINKED', connectAccountId: 'acc_3', now: T0 }], byDomain))).toBe('linked');
    });

    it('goes back to the start when Connect fails, and is refused once linking or linked', () => {
      const failed = run([{ type: 'LINK_BY_DOMAIN', email: 'lena.holm@company.com', now: T0 }, { type: 'LINK_FAILED' }]);
      expect(linkingStatus(failed)).toBe('unlinked');
      expect(failed.context.lastError).toBe('link_failed');
      const linked = run([send(), verify('h-right'), { type: 'LINKED', connectAccountId: 'acc_1', now: T0 }]);
      expect(linked.can({ type: 'LINK_BY_DOMAIN', email: 'x@company.com', now: T0 })).toBe(false);
    });
  });
});
