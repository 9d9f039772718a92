// Owns the pure rules of Connect's passkeys: how long a challenge lives, the browser cookie ceremonies are bound to,
// a ceremony's state, what a passkey is called, which RFC 8176 methods a passkey proves, how a refusal of the WebAuthn
// library is told to the user, and the words of every passkey message.
import {
  PASSKEY_ALREADY_REGISTERED,
  SANDBOX_AUTHENTICATOR_AAGUID,
  type PasskeyCeremonyView,
  type PasskeyErrorCode,
  type PasskeyView,
} from '../../../../src/contracts/connect-passkeys';
import type { SetCookie } from '../../../../src/contracts/wire';
import { fromBase64Url } from '../../../../src/domain/base64url';
import { DAY, MINUTE } from '../../../../src/domain/clock';
import type { PasskeyCeremonyRow, PasskeyRow } from '../db';

/**
 * WebAuthn L3 §13.4.3: challenges are random, used once and short-lived. Five minutes of world time, which is also the
 * ceremony's `timeout` (§15.1 recommends 300,000 ms and up when user verification is required).
 */
export const CEREMONY_TTL_MS = 5 * MINUTE;
/** 32 random bytes (WebAuthn L3 §13.4.3 asks for at least 16). */
export const CHALLENGE_BYTES = 32;
/** How many ceremonies Connect keeps per browser for the developer x-ray; older ones are dropped as new ones start. */
export const CEREMONIES_KEPT_PER_BROWSER = 20;
/** COSE algorithms Connect accepts (RFC 9053): ES256 and RS256, what every platform authenticator offers. */
export const SUPPORTED_ALGORITHMS = [-7, -257];
export const RP_NAME = 'Connect';

/**
 * The browser a ceremony belongs to: a challenge is answered only by the browser that asked for it, as a server that
 * keeps the challenge in the browser's session does (SimpleWebAuthn's examples). Long-lived (RFC 6265bis caps a cookie
 * at 400 days), so the x-ray can list a browser's ceremonies before and after signing in.
 */
export const BROWSER_COOKIE = 'connect_browser';
const BROWSER_COOKIE_MAX_AGE_S = (400 * DAY) / 1000;

export function browserCookie(id: string): SetCookie {
  // Strict: only the passkey ceremonies' API reads it, called from Connect's own pages.
  return { name: BROWSER_COOKIE, value: id, maxAge: BROWSER_COOKIE_MAX_AGE_S, path: '/', sameSite: 'Strict' };
}

export type CeremonyState = 'valid' | 'unknown' | 'expired' | 'used';

/** A ceremony's state for this browser at world time `now`: used wins over expired; valid until 4:59.999. */
export function ceremonyState(
  row: Pick<PasskeyCeremonyRow, 'browserId' | 'usedAt' | 'expiresAt'> | undefined,
  browserId: string | undefined,
  now: number,
): CeremonyState {
  if (!row || row.browserId !== browserId) return 'unknown';
  if (row.usedAt !== null) return 'used';
  if (now >= row.expiresAt) return 'expired';
  return 'valid';
}

/** A passkey's name in account settings: its authenticator's, when Connect knows the AAGUID. */
export function passkeyName(aaguid: string): string {
  return aaguid === SANDBOX_AUTHENTICATOR_AAGUID ? 'Sandbox authenticator' : 'Passkey';
}

/**
 * RFC 8176 §2 methods a passkey assertion proves. Possession of a key: "swk" for the sandbox authenticator, whose key
 * is kept in the workspace's IndexedDB; "pop" for any other, because without attestation (fmt "none") Connect cannot
 * tell a hardware-secured key ("hwk") from a software one. "user" when the authenticator tested the user's presence
 * (the UP flag). "mfa" when it also verified the user (the UV flag: the device's PIN, fingerprint or face), since
 * possession and that verification are two factors (NIST SP 800-63B §5.1.9: a multi-factor cryptographic authenticator).
 */
export function passkeyAmr(aaguid: string, flags: { up: boolean; uv: boolean }): string[] {
  const amr = [aaguid === SANDBOX_AUTHENTICATOR_AAGUID ? 'swk' : 'pop'];
  if (flags.up) amr.push('user');
  if (flags.uv) amr.push('mfa');
  return amr;
}

/**
 * The methods of a sign-in finished with a passkey as its second step (RFC 8176 §2): the first step's (e.g. "pwd"),
 * the passkey's, and "mfa", since two independent factors were presented, whatever the passkey's own UV flag said.
 */
export function amrWithPasskeySecondFactor(firstStepAmr: readonly string[], passkeyAmr: readonly string[]): string[] {
  const amr = [...firstStepAmr];
  for (const method of [...passkeyAmr, 'mfa']) if (!amr.includes(method)) amr.push(method);
  return amr;
}

/**
 * A refusal by @simplewebauthn/server, which throws an Error with a sentence, as a code the page can switch on: the
 * counter (WebAuthn L3 §7.2 step 22) and user verification (§7.2 step 17) have their own; anything else says what.
 */
export function refusalCode(libraryMessage: string): PasskeyErrorCode {
  if (/counter value/i.test(libraryMessage)) return 'passkey_counter_regressed';
  if (/user verification (was )?required/i.test(libraryMessage)) return 'passkey_user_not_verified';
  return 'passkey_invalid';
}

/**
 * Why a ceremony's clientDataJSON (base64url) shows it ran in a frame embedded by another site, or null when it did
 * not. WebAuthn L3 §7.1 step 10 and §7.2 step 13 leave `crossOrigin` and `topOrigin` to the relying party: Connect
 * embeds its pages in no one's, so any `crossOrigin: true` (with a `topOrigin` or without, as some browsers send it)
 * is refused. Unreadable client data is left to the verification, which refuses it with its own reason.
 */
export function crossOriginFrame(clientDataJSON: string): string | null {
  let clientData: unknown;
  try {
    clientData = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(clientDataJSON)));
  } catch {
    return null;
  }
  if (typeof clientData !== 'object' || clientData === null) return null;
  const { crossOrigin, topOrigin } = clientData as { crossOrigin?: unknown; topOrigin?: unknown };
  if (crossOrigin === true)
    return typeof topOrigin === 'string'
      ? `clientDataJSON.crossOrigin is true, topOrigin "${topOrigin.slice(0, 200)}"`
      : 'clientDataJSON.crossOrigin is true';
  if (typeof topOrigin === 'string') return `clientDataJSON.topOrigin "${topOrigin.slice(0, 200)}" is present`;
  return null;
}

/** Whether counter `next` may follow `stored` (WebAuthn L3 §7.2 step 22): it must grow, unless both are 0 (no counter). */
export function counterAccepted(stored: number, next: number): boolean {
  return (next === 0 && stored === 0) || next > stored;
}

export function toPasskeyView(row: PasskeyRow): PasskeyView {
  return {
    id: row.id,
    name: row.name,
    aaguid: row.aaguid,
    synced: row.backupEligible,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export function toCeremonyView(row: PasskeyCeremonyRow): PasskeyCeremonyView {
  return {
    id: row.id,
    kind: row.kind,
    purpose: row.purpose,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    options: row.options,
    response: row.response,
    decoded: row.decoded,
    verification: row.verification,
  };
}

/** What a WebAuthn user handle (the options' `user.id`) holds: the account id's UTF-8 bytes, no personal data (§14.6.1). */
export function userHandleOf(accountId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(accountId);
}

export const PASSKEY_MESSAGES = {
  unavailable: 'Passkeys need the real address of the page, which this run was not given: open Rollout Rehearsal in a browser tab.',
  ceremonyUnknown: 'This passkey request is not known here. Start again.',
  ceremonyExpired: 'This passkey request has expired: it is valid for 5 minutes. Start again.',
  ceremonyUsed: 'This passkey request has already been answered. Start again.',
  alreadyRegistered: PASSKEY_ALREADY_REGISTERED,
  unknown: 'Connect does not accept this passkey: it may have been removed. Sign in with your email and password.',
  counterRegressed:
    'Connect refused this passkey: its signature counter went backwards, a sign that the authenticator may have been copied. Sign in another way and remove the passkey.',
  userNotVerified: 'Signing in with a passkey needs your device’s PIN, fingerprint or face, and your authenticator did not verify you.',
  crossOrigin:
    'Connect refused this passkey because it was used inside another site’s page. Passkeys for Connect work only on Connect’s own sign-in and account pages: open Connect directly and try again.',
  invalid: (detail: string) => `Connect could not verify the passkey: ${detail}`,
  notFound: (id: string) => `You have no passkey ${id}.`,
  none: 'This account has no passkey to confirm the sign-in with. Use another method.',
  registered: (name: string, email: string) => `${name} registered for ${email}.`,
  signedIn: (email: string) => `Signed in as ${email}.`,
} as const satisfies Record<string, string | ((...args: never[]) => string)>;

/** The words for each refusal code. */
export function refusalMessage(code: PasskeyErrorCode, detail: string): string {
  switch (code) {
    case 'passkeys_unavailable':
      return PASSKEY_MESSAGES.unavailable;
    case 'ceremony_unknown':
      return PASSKEY_MESSAGES.ceremonyUnknown;
    case 'ceremony_expired':
      return PASSKEY_MESSAGES.ceremonyExpired;
    case 'ceremony_used':
      return PASSKEY_MESSAGES.ceremonyUsed;
    case 'passkey_already_registered':
      return PASSKEY_MESSAGES.alreadyRegistered;
    case 'passkey_unknown':
      return PASSKEY_MESSAGES.unknown;
    case 'passkey_none':
      return PASSKEY_MESSAGES.none;
    case 'passkey_counter_regressed':
      return PASSKEY_MESSAGES.counterRegressed;
    case 'passkey_user_not_verified':
      return PASSKEY_MESSAGES.userNotVerified;
    case 'passkey_cross_origin':
      return PASSKEY_MESSAGES.crossOrigin;
    case 'passkey_invalid':
      return PASSKEY_MESSAGES.invalid(detail);
  }
}

/** The HTTP status of each refusal. */
export function refusalStatus(code: PasskeyErrorCode): number {
  switch (code) {
    case 'passkeys_unavailable':
      return 503;
    case 'ceremony_unknown':
      return 400;
    case 'ceremony_expired':
    case 'ceremony_used':
      return 410;
    case 'passkey_already_registered':
    case 'passkey_none':
      return 409;
    case 'passkey_unknown':
    case 'passkey_counter_regressed':
    case 'passkey_user_not_verified':
      return 401;
    case 'passkey_cross_origin':
    case 'passkey_invalid':
      return 400;
  }
}
