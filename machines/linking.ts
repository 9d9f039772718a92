// Owns one HRM user's link to Connect (R3, R4, R10, R16): unlinked → code sent (the
// user's own path) or link sent (the admin's path) → linking → linked, with expiry, too many tries, newer requests
// replacing older ones, and unlink. Pure: time enters through events; the HRM server advances it with `transition`
// on the snapshot stored in its database.
import { assign, setup, type SnapshotFrom } from 'xstate';

/** R3: "The code is valid for 30 minutes." */
export const CODE_TTL_MS = 30 * 60_000;
/** R4: after a few wrong tries a new code is needed. */
export const MAX_CODE_ATTEMPTS = 5;
/**
 * The admin's verification link (R16). The rule gives no lifetime; a week lets an employee back
 * from leave open it at their own pace, and the admin can always send another (several requests).
 */
export const LINK_TTL_MS = 7 * 24 * 60 * 60_000;

export type LinkingError =
  | 'code_incorrect'
  /** An earlier code, replaced by a newer one while it was still valid: no try is counted. */
  | 'code_superseded'
  | 'code_expired'
  | 'code_attempts_exceeded'
  | 'link_expired'
  | 'link_superseded'
  | 'link_failed';

/**
 * How the email was verified: a code typed by the user, a link an admin sent, or not at all because the organisation
 * verified the email's domain at Connect (R13: users without an inbox).
 */
export type LinkingMethod = 'code' | 'link' | 'domain';

export interface LinkingContext {
  /** The address the code or link went to; once linked, the linked email. */
  email: string | null;
  method: LinkingMethod | null;
  /** SHA-256 of the code: the server never keeps the code itself. */
  codeHash: string | null;
  codeSentAt: number | null;
  expiresAt: number | null;
  failedAttempts: number;
  /**
   * Digests of earlier codes that a newer one replaced, each until its own 30:00 are over (R3), so that typing
   * one says "a newer code was sent" instead of costing a try. Absent in journeys stored before it was kept.
   */
  supersededCodes?: SupersededCode[];
  lastError: LinkingError | null;
  /** The send request whose link is the valid one: a newer request replaces it (R16: the newest wins). */
  linkRequestId: string | null;
  linkSentAt: number | null;
  linkExpiresAt: number | null;
  connectAccountId: string | null;
  linkedAt: number | null;
}

export interface SupersededCode {
  codeHash: string;
  expiresAt: number;
}

/** Earlier codes remembered at most: more than anyone sends in 30 minutes by hand. */
export const SUPERSEDED_CODES_KEPT = 10;

export type LinkingEvent =
  | { type: 'SEND_CODE'; email: string; codeHash: string; now: number }
  | { type: 'VERIFY'; codeHash: string; now: number }
  | { type: 'SEND_LINK'; email: string; requestId: string; now: number }
  | { type: 'CONFIRM_LINK'; requestId: string; now: number }
  /** R13: the email's domain is verified at Connect and the tenant links such emails without a code. */
  | { type: 'LINK_BY_DOMAIN'; email: string; now: number }
  | { type: 'CANCEL' }
  | { type: 'LINKED'; connectAccountId: string; now: number }
  | { type: 'LINK_FAILED' }
  | { type: 'UNLINK'; now: number };

export const initialLinkingContext: LinkingContext = {
  email: null,
  method: null,
  codeHash: null,
  codeSentAt: null,
  expiresAt: null,
  failedAttempts: 0,
  supersededCodes: [],
  lastError: null,
  linkRequestId: null,
  linkSentAt: null,
  linkExpiresAt: null,
  connectAccountId: null,
  linkedAt: null,
};

export const linkingMachine = setup({
  types: {
    context: {} as LinkingContext,
    events: {} as LinkingEvent,
  },
  guards: {
    // Expired at exactly 30:00 of world time, valid at 29:59.999 (R3).
    isExpired: ({ context, event }) => event.type === 'VERIFY' && context.expiresAt !== null && event.now >= context.expiresAt,
    isCorrectCode: ({ context, event }) => event.type === 'VERIFY' && context.codeHash !== null && event.codeHash === context.codeHash,
    isSupersededCode: ({ context, event }) =>
      event.type === 'VERIFY' && (context.supersededCodes ?? []).some((c) => c.codeHash === event.codeHash && event.now < c.expiresAt),
    isLastAttempt: ({ context }) => context.failedAttempts + 1 >= MAX_CODE_ATTEMPTS,
    isSupersededLink: ({ context, event }) => event.type === 'CONFIRM_LINK' && event.requestId !== context.linkRequestId,
    isExpiredLink: ({ context, event }) =>
      event.type === 'CONFIRM_LINK' && context.linkExpiresAt !== null && event.now >= context.linkExpiresAt,
    viaLink: ({ context }) => context.method === 'link',
    viaDomain: ({ context }) => context.method === 'domain',
  },
  actions: {
    // A new code invalidates the previous code or link and gives a fresh set of tries (R3, R4). The previous code is
    // remembered while it would still have been valid, only to tell the user that a newer one was sent.
    issueCode: assign(({ context, event }) => {
      if (event.type !== 'SEND_CODE') return {};
      const previous =
        context.method === 'code' && context.codeHash !== null && context.expiresAt !== null
          ? [{ codeHash: context.codeHash, expiresAt: context.expiresAt }]
          : [];
      const supersededCodes = [...(context.supersededCodes ?? []), ...previous]
        .filter(
          (c, i, all) => c.codeHash !== event.codeHash && event.now < c.expiresAt && all.findIndex((o) => o.codeHash === c.codeHash) === i,
        )
        .slice(-SUPERSEDED_CODES_KEPT);
      return {
        ...initialLinkingContext,
        email: event.email,
        method: 'code' as const,
        codeHash: event.codeHash,
        codeSentAt: event.now,
        expiresAt: event.now + CODE_TTL_MS,
        supersededCodes,
      };
    }),
    // A new link invalidates every earlier code and link (R16: several requests can be sent).
    issueLink: assign(({ event }) => {
      if (event.type !== 'SEND_LINK') return {};
      return {
        ...initialLinkingContext,
        email: event.email,
        method: 'link' as const,
        linkRequestId: event.requestId,
        linkSentAt: event.now,
        linkExpiresAt: event.now + LINK_TTL_MS,
      };
    }),
    // Nothing to verify: the domain is the organisation's (R13). A pending code or link is replaced.
    linkByDomain: assign(({ event }) =>
      event.type === 'LINK_BY_DOMAIN' ? { ...initialLinkingContext, email: event.email, method: 'domain' as const } : {},
    ),
    countWrongCode: assign({ failedAttempts: ({ context }) => Math.min(context.failedAttempts + 1, MAX_CODE_ATTEMPTS) }),
    reset: assign(() => ({ ...initialLinkingContext })),
  },
}).createMachine({
  id: 'linking',
  initial: 'unlinked',
  context: { ...initialLinkingContext },
  on: {
    // Offered from every state but `linking` and `linked` (their own `on` takes precedence): see below.
    SEND_LINK: { target: '.linkSent', reenter: true, actions: 'issueLink' },
    LINK_BY_DOMAIN: { target: '.linking', actions: 'linkByDomain' },
  },
  states: {
    unlinked: {
      on: { SEND_CODE: { target: 'codeSent', actions: 'issueCode' } },
    },
    codeSent: {
      initial: 'awaitingCode',
      on: {
        SEND_CODE: { target: '.awaitingCode', reenter: true, actions: 'issueCode' },
        CANCEL: { target: 'unlinked', actions: 'reset' },
      },
      states: {
        awaitingCode: {
          on: {
            VERIFY: [
              { guard: 'isExpired', target: 'expired', actions: assign({ lastError: 'code_expired' }) },
              { guard: 'isCorrectCode', target: '#linking.linking', actions: assign({ lastError: null }) },
              { guard: 'isSupersededCode', target: 'awaitingCode', reenter: true, actions: assign({ lastError: 'code_superseded' }) },
              {
                guard: 'isLastAttempt',
                target: 'exhausted',
                actions: ['countWrongCode', assign({ lastError: 'code_attempts_exceeded' })],
              },
              { target: 'awaitingCode', reenter: true, actions: ['countWrongCode', assign({ lastError: 'code_incorrect' })] },
            ],
          },
        },
        // The code can no longer be used: only a new SEND_CODE (or an admin's link) helps.
        expired: {
          on: { VERIFY: { actions: assign({ lastError: 'code_expired' }) } },
        },
        exhausted: {
          on: { VERIFY: { actions: assign({ lastError: 'code_attempts_exceeded' }) } },
        },
      },
    },
    // R16: the admin sent a verification link; the user clicks it in their inbox.
    linkSent: {
      on: {
        CONFIRM_LINK: [
          { guard: 'isSupersededLink', actions: assign({ lastError: 'link_superseded' }) },
          { guard: 'isExpiredLink', actions: assign({ lastError: 'link_expired' }) },
          { target: 'linking', actions: assign({ lastError: null }) },
        ],
        // During preparation the user may still verify on their own: the newest request wins.
        SEND_CODE: { target: 'codeSent', actions: 'issueCode' },
        CANCEL: { target: 'unlinked', actions: 'reset' },
      },
    },
    // The code or link was accepted; the HRM is asking Connect to find or create the account (R4).
    linking: {
      on: {
        // Refused here: the accepted request is finished first (the HRM settles it on the next read).
        SEND_LINK: {},
        LINK_BY_DOMAIN: {},
        LINKED: {
          target: 'linked',
          actions: assign(({ context, event }) => ({
            ...initialLinkingContext,
            email: context.email,
            method: context.method,
            linkRequestId: context.linkRequestId,
            connectAccountId: event.connectAccountId,
            linkedAt: event.now,
          })),
        },
        // Connect did not answer: the accepted code or link stays usable for a retry.
        LINK_FAILED: [
          { guard: 'viaLink', target: 'linkSent', actions: assign({ lastError: 'link_failed' }) },
          // Nothing was sent to keep: the user (or admin) simply asks again.
          { guard: 'viaDomain', target: 'unlinked', actions: assign({ ...initialLinkingContext, lastError: 'link_failed' }) },
          { target: 'codeSent.awaitingCode', actions: assign({ lastError: 'link_failed' }) },
        ],
      },
    },
    linked: {
      on: {
        // R17: the connection is removed first; a linked user gets no new link.
        SEND_LINK: {},
        LINK_BY_DOMAIN: {},
        // R10: after unlinking, the banner returns and the user links again.
        UNLINK: { target: 'unlinked', actions: 'reset' },
      },
    },
  },
});

export type LinkingSnapshot = SnapshotFrom<typeof linkingMachine>;

export type LinkingStatus = 'unlinked' | 'code_sent' | 'link_sent' | 'linking' | 'linked';

export function linkingStatus(snapshot: LinkingSnapshot): LinkingStatus {
  if (snapshot.matches('linked')) return 'linked';
  if (snapshot.matches('linking')) return 'linking';
  if (snapshot.matches('codeSent')) return 'code_sent';
  if (snapshot.matches('linkSent')) return 'link_sent';
  return 'unlinked';
}

/** The code can no longer be used (expired or too many wrong tries): the user must send a new one. */
export function needsNewCode(snapshot: LinkingSnapshot): boolean {
  return snapshot.matches({ codeSent: 'expired' }) || snapshot.matches({ codeSent: 'exhausted' });
}
