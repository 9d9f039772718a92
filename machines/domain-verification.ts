// Owns one domain's verification at Connect (R23): unverified (never checked, or the last check failed)
// → verified. Pure: the server looks the record or file up, then feeds what it found in as CHECKED; Connect advances
// the machine with `transition` on the snapshot stored with the domain. Verification is a moment, not a continuous
// check: once verified, nothing a later lookup finds (a removed record, R23) takes it back.
import { assign, setup, type SnapshotFrom } from 'xstate';
import type { DomainCheck, DomainStatus, VerificationMethod } from '../src/contracts/connect-domains';

export interface DomainVerificationContext {
  domain: string;
  lastCheck: DomainCheck | null;
  verifiedAt: number | null;
  verifiedWith: VerificationMethod | null;
}

export type DomainVerificationEvent = { type: 'CHECKED'; check: DomainCheck };

export const domainVerificationMachine = setup({
  types: {
    context: {} as DomainVerificationContext,
    events: {} as DomainVerificationEvent,
    input: {} as { domain: string },
  },
  guards: {
    found: ({ event }) => event.check.code === 'verified',
  },
  actions: {
    recordCheck: assign({ lastCheck: ({ event }) => event.check }),
    markVerified: assign(({ event }) => ({ lastCheck: event.check, verifiedAt: event.check.at, verifiedWith: event.check.method })),
  },
}).createMachine({
  id: 'domainVerification',
  initial: 'unverified',
  context: ({ input }) => ({ domain: input.domain, lastCheck: null, verifiedAt: null, verifiedWith: null }),
  states: {
    unverified: {
      initial: 'pending',
      on: {
        CHECKED: [
          { guard: 'found', target: 'verified', actions: 'markVerified' },
          // R23: "If the validation fails the first time, wait a few more minutes and try again."
          { target: '.failed', reenter: true, actions: 'recordCheck' },
        ],
      },
      states: {
        /** Added; nobody has clicked Verify yet. */
        pending: {},
        /** The last Verify found nothing, or the wrong thing: `lastCheck` says what. */
        failed: {},
      },
    },
    // No events: "You may remove the DNS TXT record or the static HTML file after Visma has verified your domain."
    verified: {},
  },
});

export type DomainVerificationSnapshot = SnapshotFrom<typeof domainVerificationMachine>;

export function domainStatus(snapshot: DomainVerificationSnapshot): DomainStatus {
  return snapshot.matches('verified') ? 'verified' : 'unverified';
}
