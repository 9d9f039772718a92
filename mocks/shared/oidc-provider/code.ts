// Owns the verdict on a presented authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6) for any OpenID provider of the
// simulation: the code row's shape the verdict needs, and what is wrong with it in the provider's words.
import type { ProviderMessages } from './messages';

/** What a provider stores of an issued code that the verdict reads. */
export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  expiresAt: number;
  usedAt: number | null;
  /** The grant made when the code was exchanged, revoked when the code comes back (providers without grants: absent). */
  grantId?: string | null;
}

export type Verdict = { ok: true } | { ok: false; description: string; revokeGrant?: string };

/**
 * A presented code (RFC 6749 §4.1.3, RFC 7636 §4.6). A code that was already exchanged is refused and its grant
 * revoked (§4.1.2, §10.5) — but only when its own client brings it back. Expiry is exact: valid until the last
 * millisecond before `expiresAt`.
 */
export function judgeCode(
  row: IssuedCode | undefined,
  presented: { clientId: string; redirectUri: string; verifierChallenge: string | undefined },
  now: number,
  messages: ProviderMessages,
): Verdict {
  if (!row) return { ok: false, description: messages.codeInvalid };
  if (row.clientId !== presented.clientId) return { ok: false, description: messages.codeOtherClient };
  if (row.usedAt !== null) return { ok: false, description: messages.codeReused, ...(row.grantId ? { revokeGrant: row.grantId } : {}) };
  if (now >= row.expiresAt) return { ok: false, description: messages.codeExpired };
  if (row.redirectUri !== presented.redirectUri) return { ok: false, description: messages.codeRedirectMismatch };
  if (row.codeChallenge === null) {
    // RFC 9700 §2.1.1: a verifier for a request that had no challenge is a downgrade attempt.
    if (presented.verifierChallenge !== undefined) return { ok: false, description: messages.verifierWithoutChallenge };
  } else {
    if (presented.verifierChallenge === undefined) return { ok: false, description: messages.verifierMissing };
    if (presented.verifierChallenge !== row.codeChallenge) return { ok: false, description: messages.verifierMismatch };
  }
  return { ok: true };
}
