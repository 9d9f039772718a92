// Owns one-time passwords as Connect verifies them and the phone's authenticator shows them: HOTP (RFC 4226) and TOTP
// (RFC 6238) codes computed with otpauth at a time the caller gives (world time, never the machine's clock), the ±1
// step window with its replay rule, the otpauth:// key URI authenticator apps scan, and a setup key typed by hand.
import { HOTP, Secret, TOTP, URI } from 'otpauth';
import type { Random } from './random';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpParameters {
  algorithm: TotpAlgorithm;
  digits: number;
  /** Seconds per step (RFC 6238 §4.1 X). */
  period: number;
}

/** What Connect issues and what Google and Microsoft Authenticator expect: SHA1, 6 digits, 30 s (RFC 6238 §4.1, §5.2). */
export const CONNECT_TOTP: TotpParameters = { algorithm: 'SHA1', digits: 6, period: 30 };

/** RFC 4226 §4 R6: a shared secret of at least 128 bits, 160 recommended. */
export const TOTP_SECRET_BYTES = 20;

/** RFC 6238 §5.2: "at most one time step is allowed as the network delay" either side of the current one. */
export const TOTP_WINDOW = 1;

/** A new shared secret from the server's seeded random stream (H5), base32 as key URIs carry it. */
export function newTotpSecret(random: Random): string {
  return new Secret({ buffer: random.bytes(TOTP_SECRET_BYTES).buffer }).base32;
}

/** RFC 6238 §4.2: T = floor((time − T0) / X), with T0 = 0. `time` in epoch milliseconds. */
export function totpStep(time: number, period = CONNECT_TOTP.period): number {
  return TOTP.counter({ period, timestamp: time });
}

/** Milliseconds until the code shown at `time` changes. */
export function totpMillisecondsLeft(time: number, period = CONNECT_TOTP.period): number {
  return TOTP.remaining({ period, timestamp: time });
}

/** RFC 4226 §5.3: the code for one counter value. */
export function hotpCode(
  secretBase32: string,
  counter: number,
  params: Pick<TotpParameters, 'algorithm' | 'digits'> = CONNECT_TOTP,
): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), counter, algorithm: params.algorithm, digits: params.digits });
}

/** RFC 6238 §4.2: the code shown at `time` (epoch milliseconds). */
export function totpCode(secretBase32: string, time: number, params: TotpParameters = CONNECT_TOTP): string {
  return hotpCode(secretBase32, totpStep(time, params.period), params);
}

export type TotpCheck =
  | { ok: true; step: number }
  /** Not `digits` digits: never compared. */
  | { ok: false; reason: 'malformed' }
  /** No step in the window gives this code (a typo, an old code, a phone clock too far off). */
  | { ok: false; reason: 'wrong' }
  /** RFC 6238 §5.2: the code of a step that was already used (or an earlier one): "MUST NOT accept the second attempt". */
  | { ok: false; reason: 'replayed' };

/**
 * Checks a typed code at world time `time`: the current step and `window` steps either side (RFC 6238 §5.2), and only
 * a step after `lastUsedStep`, so a code works once and an older one never after a newer one was used. Spaces in the
 * code are ignored (apps show "123 456").
 */
export function checkTotp(
  secretBase32: string,
  typed: string,
  time: number,
  options: { lastUsedStep: number | null; window?: number; params?: TotpParameters },
): TotpCheck {
  const params = options.params ?? CONNECT_TOTP;
  const code = typed.replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${params.digits}}$`).test(code)) return { ok: false, reason: 'malformed' };
  const current = totpStep(time, params.period);
  const window = options.window ?? TOTP_WINDOW;
  let replayed = false;
  // Newest step first: of two matching steps, the one that can still be used wins.
  for (let step = current + window; step >= current - window; step--) {
    if (step < 0 || hotpCode(secretBase32, step, params) !== code) continue;
    if (options.lastUsedStep !== null && step <= options.lastUsedStep) {
      replayed = true;
      continue;
    }
    return { ok: true, step };
  }
  return { ok: false, reason: replayed ? 'replayed' : 'wrong' };
}

/** An account as an authenticator app holds it. */
export interface OtpAccount extends TotpParameters {
  issuer: string;
  /** The account name the app shows, e.g. the email. */
  label: string;
  secret: string;
}

/** The Key Uri Format authenticator apps scan: otpauth://totp/Issuer:label?secret=…&issuer=…&algorithm&digits&period. */
export function otpauthUri(account: OtpAccount): string {
  const { issuer, label, secret, ...params } = account;
  return URI.stringify(new TOTP({ issuer, label, secret: Secret.fromBase32(secret), ...params }));
}

export type ParsedKey<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads a scanned key URI as an authenticator app does: TOTP only, with the parameters it names. */
export function parseOtpauthUri(uri: string): ParsedKey<OtpAccount> {
  let otp: HOTP | TOTP;
  try {
    otp = URI.parse(uri.trim());
  } catch (error) {
    return { ok: false, message: `This QR code is not an authenticator key: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!(otp instanceof TOTP)) return { ok: false, message: 'This key is counter-based (HOTP); the app adds time-based (TOTP) keys only' };
  const algorithm = otp.algorithm;
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512')
    return { ok: false, message: `The app does not support the ${algorithm} algorithm` };
  return {
    ok: true,
    value: { issuer: otp.issuer, label: otp.label, secret: otp.secret.base32, algorithm, digits: otp.digits, period: otp.period },
  };
}

/** A setup key as people read it aloud and type it: groups of four. */
export function formatSetupKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, '$1 ').trim();
}

/** A typed setup key: spaces, dashes and case are forgiven; anything outside base32 is not. */
export function parseSetupKey(typed: string): ParsedKey<string> {
  const key = typed
    .replace(/[\s-]+/g, '')
    .replace(/=+$/, '')
    .toUpperCase();
  if (key.length === 0) return { ok: false, message: 'Enter the key shown under the QR code' };
  if (!/^[A-Z2-7]+$/.test(key)) return { ok: false, message: 'A key has only the letters A–Z and the digits 2–7' };
  // RFC 4226 §4 R6: at least 128 bits, 26 base32 characters.
  if (key.length < 26) return { ok: false, message: 'This key is too short: copy all of it' };
  return { ok: true, value: key };
}
