import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { CODE_TTL_MS, linkingMachine, type LinkingEvent } from '../../../machines/linking';
import type { StoredUser } from '../../../mocks/servers/hrm/db';
import { sentLinkFor } from '../../../mocks/servers/hrm/jobs';
import { storeLinking } from '../../../mocks/servers/hrm/store';
import { appliedEvent, remember } from '../../../mocks/shared/machine-events';

const T0 = Date.UTC(2026, 2, 2, 8);

describe('sentLinkFor (a bulk job asks the machine once per step)', () => {
  it('gives, from every reachable state, exactly what the machine’s own SEND_LINK gives', () => {
    const events: LinkingEvent[] = [
      { type: 'SEND_CODE', email: 'a@company.com', codeHash: 'h', now: T0 },
      { type: 'VERIFY', codeHash: 'h', now: T0 + 1 },
      { type: 'VERIFY', codeHash: 'wrong', now: T0 + 1 },
      { type: 'VERIFY', codeHash: 'h', now: T0 + CODE_TTL_MS },
      { type: 'SEND_LINK', email: 'old@company.com', requestId: 'job_old', now: T0 },
      { type: 'CONFIRM_LINK', requestId: 'job_old', now: T0 + 2 },
      { type: 'LINK_BY_DOMAIN', email: 'l@company.com', now: T0 },
      { type: 'CANCEL' },
      { type: 'LINKED', connectAccountId: 'acc_1', now: T0 + 3 },
      { type: 'LINK_FAILED' },
      { type: 'UNLINK', now: T0 + 4 },
    ];
    const paths = getShortestPaths(linkingMachine, { events });
    const at = T0 + 10_000;
    const stamp = sentLinkFor('job_new', at);
    let compared = 0;
    for (const { state } of paths) {
      const stored = storeLinking(state);
      const user = { link: stored } as StoredUser;
      const event = { type: 'SEND_LINK', email: 'sara@company.com', requestId: 'job_new', now: at } as const;
      const [expected] = transition(linkingMachine, state, event);
      if (expected === state) {
        expect(stamp(user, 'sara@company.com'), JSON.stringify(state.value)).toBeNull();
        continue;
      }
      // The event is remembered as the machine itself took it from this state (which transition, from where).
      const remembered = remember(stored?.lastEvents, appliedEvent(linkingMachine, state, event, expected, at));
      expect(stamp(user, 'sara@company.com'), JSON.stringify(state.value)).toEqual(storeLinking(expected, remembered));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});
