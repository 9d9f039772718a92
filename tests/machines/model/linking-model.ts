// Owns the events the linking model offers a user's journey, chosen so that every guard is met both ways: the right
// and a wrong code, in time and at the expiry (R3: expired at exactly 30:00), the last try (R4), the newest
// link and an older one, in time and at its expiry (R16: several requests), a verified domain (R13), and
// Connect answering or not.
import { MAX_CODE_ATTEMPTS, type LinkingEvent, type LinkingSnapshot } from '../../../machines/linking';

export const T0 = Date.UTC(2026, 2, 2, 8);
const MINUTE = 60_000;

export const EMAIL = 'anna.svensson@company.com';
export const LINK_EMAIL = 'anna.svensson@gmail.com';
export const SENT_CODE = 'digest-of-the-mailed-code';
export const WRONG_CODE = 'digest-of-a-mistyped-code';
export const NEWER_CODE = 'digest-of-the-code-mailed-again';
export const REQUEST = 'job_newest';
export const OLDER_REQUEST = 'job_older';

export function linkingEvents(snapshot: LinkingSnapshot): LinkingEvent[] {
  const c = snapshot.context;
  const codeSentAt = c.codeSentAt ?? T0;
  const expiresAt = c.expiresAt ?? T0;
  const linkSentAt = c.linkSentAt ?? T0;
  const linkExpiresAt = c.linkExpiresAt ?? T0;
  return [
    { type: 'SEND_CODE', email: EMAIL, codeHash: SENT_CODE, now: T0 },
    { type: 'VERIFY', codeHash: c.codeHash ?? SENT_CODE, now: expiresAt - 1 },
    { type: 'VERIFY', codeHash: WRONG_CODE, now: codeSentAt + MINUTE },
    { type: 'VERIFY', codeHash: c.codeHash ?? SENT_CODE, now: expiresAt },
    // "Send verification code" again a minute later, and the earlier mail's code typed after it.
    ...(c.codeHash === SENT_CODE ? [{ type: 'SEND_CODE' as const, email: EMAIL, codeHash: NEWER_CODE, now: codeSentAt + MINUTE }] : []),
    ...(c.supersededCodes?.length ? [{ type: 'VERIFY' as const, codeHash: c.supersededCodes[0]!.codeHash, now: codeSentAt + MINUTE }] : []),
    { type: 'SEND_LINK', email: LINK_EMAIL, requestId: REQUEST, now: T0 },
    { type: 'CONFIRM_LINK', requestId: c.linkRequestId ?? REQUEST, now: linkExpiresAt - 1 },
    { type: 'CONFIRM_LINK', requestId: c.linkRequestId ?? REQUEST, now: linkExpiresAt },
    { type: 'CONFIRM_LINK', requestId: OLDER_REQUEST, now: linkSentAt + MINUTE },
    { type: 'LINK_BY_DOMAIN', email: EMAIL, now: T0 },
    { type: 'CANCEL' },
    // Connect answers within the request that accepted the code, link or domain: at that same moment.
    {
      type: 'LINKED',
      connectAccountId: 'acc_anna',
      now: c.method === 'code' ? expiresAt - 1 : c.method === 'link' ? linkExpiresAt - 1 : T0,
    },
    { type: 'LINK_FAILED' },
    { type: 'UNLINK', now: (c.linkedAt ?? T0) + MINUTE },
  ];
}

/** How a step reads in a test name, given the journey it was taken from. */
export function linkingLabel(event: LinkingEvent, before: LinkingSnapshot): string {
  const c = before.context;
  switch (event.type) {
    case 'SEND_CODE':
      return event.codeHash === NEWER_CODE ? 'code sent again' : 'code sent';
    case 'VERIFY': {
      const late = c.expiresAt !== null && event.now >= c.expiresAt ? ' at expiry' : '';
      if (event.codeHash === c.codeHash) return `right code${late}`;
      if (c.supersededCodes?.some((old) => old.codeHash === event.codeHash)) return `earlier code${late}`;
      return c.failedAttempts + 1 >= MAX_CODE_ATTEMPTS && before.matches({ codeSent: 'awaitingCode' })
        ? `last wrong code${late}`
        : `wrong code${late}`;
    }
    case 'SEND_LINK':
      return 'link sent by admin';
    case 'CONFIRM_LINK': {
      if (event.requestId !== c.linkRequestId) return 'older link confirmed';
      return c.linkExpiresAt !== null && event.now >= c.linkExpiresAt ? 'link confirmed at expiry' : 'link confirmed';
    }
    case 'LINK_BY_DOMAIN':
      return 'domain verified';
    case 'CANCEL':
      return 'cancelled';
    case 'LINKED':
      return 'Connect linked';
    case 'LINK_FAILED':
      return 'Connect failed';
    case 'UNLINK':
      return 'unlinked';
  }
}
