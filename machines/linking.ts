// Owns one HRM user's link to Connect (seed 000, steps 4–7; rules 3, 4 and 10): unlinked → code sent → linking →
// linked, with expiry, too many tries and unlink. Pure: time enters through events; the HRM server advances it with
// `transition` on the snapshot stored in its database.
import { assign, setup, type SnapshotFrom } from 'xstate';

/** Seed 000: "The code is valid for 30 minutes." */
export const CODE_TTL_MS = 30 * 60_000;
/** Rule 4: after a few wrong tries a new code is needed. */
export const MAX_CODE_ATTEMPTS = 5;

export type LinkingError = 'code_incorrect' | 'code_expired' | 'code_attempts_exceeded' | 'link_failed';

export interface LinkingContext {
  /** The address the code went to; once linked, the linked email. */
  email: string | null;
  /** SHA-256 of the code: the server never keeps the code itself. */
  codeHash: string | null;
  codeSentAt: number | null;
  expiresAt: number | null;
  failedAttempts: number;
  lastError: LinkingError | null;
  connectAccountId: string | null;
  linkedAt: number | null;
}

export type LinkingEvent =
  | { type: 'SEND_CODE'; email: string; codeHash: string; now: number }
  | { type: 'VERIFY'; codeHash: string; now: number }
  | { type: 'CANCEL' }
  | { type: 'LINKED'; connectAccountId: string; now: number }
  | { type: 'LINK_FAILED' }
  | { type: 'UNLINK'; now: number };

const initialContext: LinkingContext = {
  email: null,
  codeHash: null,
  codeSentAt: null,
  expiresAt: null,
  failedAttempts: 0,
  lastError: null,
  connectAccountId: null,
  linkedAt: null,
};

export const linkingMachine = setup({
  types: {
    context: {} as LinkingContext,
    events: {} as LinkingEvent,
  },
  guards: {
    // Expired at exactly 30:00 of world time, valid at 29:59.999 (seed 000).
    isExpired: ({ context, event }) => event.type === 'VERIFY' && context.expiresAt !== null && event.now >= context.expiresAt,
    isCorrectCode: ({ context, event }) => event.type === 'VERIFY' && context.codeHash !== null && event.codeHash === context.codeHash,
    isLastAttempt: ({ context }) => context.failedAttempts + 1 >= MAX_CODE_ATTEMPTS,
  },
  actions: {
    // A new code invalidates the previous one and gives a fresh set of tries (seed 000).
    issueCode: assign(({ event }) => {
      if (event.type !== 'SEND_CODE') return {};
      return {
        ...initialContext,
        email: event.email,
        codeHash: event.codeHash,
        codeSentAt: event.now,
        expiresAt: event.now + CODE_TTL_MS,
      };
    }),
    countWrongCode: assign({ failedAttempts: ({ context }) => Math.min(context.failedAttempts + 1, MAX_CODE_ATTEMPTS) }),
    reset: assign(() => ({ ...initialContext })),
  },
}).createMachine({
  id: 'linking',
  initial: 'unlinked',
  context: { ...initialContext },
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
              {
                guard: 'isLastAttempt',
                target: 'exhausted',
                actions: ['countWrongCode', assign({ lastError: 'code_attempts_exceeded' })],
              },
              { target: 'awaitingCode', reenter: true, actions: ['countWrongCode', assign({ lastError: 'code_incorrect' })] },
            ],
          },
        },
        // The code can no longer be used: only a new SEND_CODE helps.
        expired: {
          on: { VERIFY: { actions: assign({ lastError: 'code_expired' }) } },
        },
        exhausted: {
          on: { VERIFY: { actions: assign({ lastError: 'code_attempts_exceeded' }) } },
        },
      },
    },
    // The code was right; the HRM is asking Connect to find or create the account (seed 000 step 7).
    linking: {
      on: {
        LINKED: {
          target: 'linked',
          actions: assign(({ context, event }) => ({
            ...initialContext,
            email: context.email,
            connectAccountId: event.connectAccountId,
            linkedAt: event.now,
          })),
        },
        // Connect did not answer: the accepted code stays usable for a retry.
        LINK_FAILED: { target: 'codeSent.awaitingCode', actions: assign({ lastError: 'link_failed' }) },
      },
    },
    linked: {
      // Rule 10 / seed 000 FAQ: after unlinking, the banner returns and the user links again.
      on: { UNLINK: { target: 'unlinked', actions: 'reset' } },
    },
  },
});

export type LinkingSnapshot = SnapshotFrom<typeof linkingMachine>;

export type LinkingStatus = 'unlinked' | 'code_sent' | 'linking' | 'linked';

export function linkingStatus(snapshot: LinkingSnapshot): LinkingStatus {
  if (snapshot.matches('linked')) return 'linked';
  if (snapshot.matches('linking')) return 'linking';
  if (snapshot.matches('codeSent')) return 'code_sent';
  return 'unlinked';
}

/** The code can no longer be used (expired or too many wrong tries): the user must send a new one. */
export function needsNewCode(snapshot: LinkingSnapshot): boolean {
  return snapshot.matches({ codeSent: 'expired' }) || snapshot.matches({ codeSent: 'exhausted' });
}
