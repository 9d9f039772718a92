// Owns Connect's WebAuthn ceremonies, verified with @simplewebauthn/server (loaded on first use): registering a passkey
// for an account (WebAuthn L3 §7.1) and checking an assertion (§7.2), either for a sign-in without a password or as a
// second factor for a known account. Each ceremony is stored with its single-use challenge, bound to the browser that
// asked, and keeps the response and Connect's verdict for the developer x-ray. Nothing here speaks HTTP: api.ts does,
// and a second-factor step calls secondFactorOptions and verifySecondFactor.
import type {
  AuthenticationResponseJSON,
  CeremonyKind,
  CeremonyPurpose,
  CeremonyVerification,
  DecodedAuthenticatorResponse,
  PasskeyCreationOptions,
  PasskeyErrorCode,
  PasskeyRequestOptions,
  RegistrationResponseJSON,
} from '../../../../src/contracts/connect-passkeys';
import type { SetCookie } from '../../../../src/contracts/wire';
import { fromBase64Url, toBase64Url } from '../../../../src/domain/base64url';
import { readCookie } from '../../../shared/http';
import type { AccountRow, PasskeyCeremonyRow, PasskeyRow } from '../db';
import { auditEntry, connectProblem, now, type ConnectEnv } from '../env';
import {
  BROWSER_COOKIE,
  browserCookie,
  CEREMONIES_KEPT_PER_BROWSER,
  CEREMONY_TTL_MS,
  ceremonyState,
  CHALLENGE_BYTES,
  counterAccepted,
  crossOriginFrame,
  PASSKEY_MESSAGES,
  passkeyAmr,
  passkeyName,
  refusalCode,
  refusalMessage,
  RP_NAME,
  SUPPORTED_ALGORITHMS,
  userHandleOf,
} from './rules';

/** The library weighs ~93 kB gzip (docs/testing.md): it is loaded by the first ceremony, not with the first screen. */
const webauthn = () => import('./webauthn-library');
const webauthnHelpers = async () => (await webauthn()).helpers;

export interface RelyingParty {
  /** WebAuthn L3 §5.1.3 step 8: the page's real host (the virtual connect.test is no domain the browser knows). */
  id: string;
  /** The page's real origin, which the browser writes into clientDataJSON. */
  origin: string;
}

/** The RP ID and origin WebAuthn sees: the real page's, injected into the server; a thrown 503 where there is none. */
export function relyingParty(env: ConnectEnv): RelyingParty {
  const origin = env.ctx.pageOrigin;
  if (!origin) throw connectProblem(503, 'passkeys_unavailable', PASSKEY_MESSAGES.unavailable);
  return { id: new URL(origin).hostname, origin };
}

/** The asking browser's id (its `connect_browser` cookie) and the cookie to set when it has none yet. */
export function passkeyBrowser(env: ConnectEnv, request: Request): { id: string; cookies: SetCookie[] } {
  const existing = browserIdOf(request);
  if (existing) return { id: existing, cookies: [] };
  const id = env.ctx.random.hex(16);
  return { id, cookies: [browserCookie(id)] };
}

/** The browser's id, when it has a well-formed `connect_browser` cookie. */
export function browserIdOf(request: Request): string | undefined {
  const value = readCookie(request, BROWSER_COOKIE);
  return value && /^[0-9a-f]{32}$/.test(value) ? value : undefined;
}

export async function passkeysOf(env: ConnectEnv, accountId: string): Promise<PasskeyRow[]> {
  return (await env.db.passkeys.where('accountId').equals(accountId).toArray()).sort((a, b) => a.createdAt - b.createdAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Registration (WebAuthn L3 §7.1)

/**
 * Options for registering a passkey for `account`: a discoverable credential (so it can sign in without an email) with
 * user verification, no attestation, and the account's passkeys excluded, so an authenticator that already holds one
 * says so instead of making a second (§5.1.3 step 20).
 */
export async function registrationOptions(env: ConnectEnv, account: AccountRow, browserId: string): Promise<PasskeyCreationOptions> {
  const rp = relyingParty(env);
  const { generateRegistrationOptions } = await webauthn();
  const existing = await passkeysOf(env, account.id);
  const publicKey = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: account.email,
    userID: userHandleOf(account.id),
    userDisplayName: account.name,
    challenge: challengeBytes(env),
    timeout: CEREMONY_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  const ceremonyId = await begin(env, {
    kind: 'registration',
    purpose: 'register',
    browserId,
    accountId: account.id,
    rp,
    options: publicKey,
  });
  return { ceremonyId, publicKey };
}

export type RegistrationOutcome = { ok: true; passkey: PasskeyRow } | PasskeyRefusal;

export interface PasskeyRefusal {
  ok: false;
  code: PasskeyErrorCode;
  message: string;
  /** What the verification library or Connect found, for the audit log and the x-ray. */
  detail: string;
}

/**
 * Verifies the authenticator's answer to `ceremonyId` and stores the passkey for `account`, audited. The challenge is
 * spent by this answer whatever the outcome. A credential registered already (to this account or another) is refused
 * (§7.1 step 26).
 */
export async function verifyRegistration(
  env: ConnectEnv,
  account: AccountRow,
  input: { browserId: string | undefined; ceremonyId: string; response: RegistrationResponseJSON },
): Promise<RegistrationOutcome> {
  const claimed = await claim(env, input, { kind: 'registration', purpose: 'register', accountId: account.id });
  if (!claimed.ok) return claimed;
  const ceremony = claimed.ceremony;
  const decoded = await decodeResponse(input.response, ceremony.rpId);
  const refuse = (code: PasskeyErrorCode, detail: string) =>
    conclude(env, ceremony, decoded, refusal(code, detail), { accountEmail: account.email });
  // §7.1 step 10: Connect's pages are never embedded, so a passkey made inside another site's frame is not registered.
  const frame = crossOriginFrame(input.response.response.clientDataJSON);
  if (frame) return refuse('passkey_cross_origin', frame);

  const { verifyRegistrationResponse } = await webauthn();
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: ceremony.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!result.verified) return refuse('passkey_invalid', 'the attestation statement does not verify');
    info = result.registrationInfo;
  } catch (error) {
    const detail = errorMessage(error);
    return refuse(refusalCode(detail), detail);
  }
  // The credential ID is the authenticator's (in authenticatorData), whatever the response's `id` claims.
  if (info.credential.id !== input.response.id)
    return refuse('passkey_invalid', 'the response’s id is not the credential ID in its authenticator data');

  const at = now(env);
  const passkey: PasskeyRow = {
    id: info.credential.id,
    accountId: account.id,
    name: passkeyName(info.aaguid),
    publicKey: toBase64Url(info.credential.publicKey),
    counter: info.credential.counter,
    transports: input.response.response.transports ?? [],
    aaguid: info.aaguid,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
    createdAt: at,
    lastUsedAt: null,
  };
  const verification = verdict(ceremony, {
    verified: true,
    code: null,
    message: PASSKEY_MESSAGES.registered(passkey.name, account.email),
    detail: null,
    accountEmail: account.email,
  });
  const stored = await env.db.transaction('rw', [env.db.passkeys, env.db.passkeyCeremonies, env.db.audit], async () => {
    if (await env.db.passkeys.get(passkey.id)) return false;
    await env.db.passkeys.add(passkey);
    await record(env, ceremony, decoded, verification);
    await env.db.audit.add(
      auditEntry(env, 'passkey.registered', `${account.name} registered a passkey (${passkey.name})`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return true;
  });
  if (!stored) return refuse('passkey_already_registered', `credential ${passkey.id} is registered already`);
  return { ok: true, passkey };
}

// ---------------------------------------------------------------------------------------------------------------
// Authentication (WebAuthn L3 §7.2)

/**
 * Options for signing in without a password: no allowCredentials, so the authenticator offers the discoverable
 * passkeys it holds for this RP ID, and user verification required, since the passkey is the only factor.
 */
export async function passwordlessOptions(env: ConnectEnv, browserId: string): Promise<PasskeyRequestOptions> {
  return authenticationOptions(env, { purpose: 'passwordless', account: null, browserId, allow: [], userVerification: 'required' });
}

/**
 * Options for using a passkey as the second factor of `account`, after its password: allowCredentials lists its
 * passkeys, and user verification is preferred, not required (possession is the second factor). null when the account
 * has no passkey.
 */
export async function secondFactorOptions(env: ConnectEnv, account: AccountRow, browserId: string): Promise<PasskeyRequestOptions | null> {
  const allow = await passkeysOf(env, account.id);
  if (allow.length === 0) return null;
  return authenticationOptions(env, { purpose: 'second_factor', account, browserId, allow, userVerification: 'preferred' });
}

export type AuthenticationOutcome =
  { ok: true; account: AccountRow; passkey: PasskeyRow; amr: string[] } | (PasskeyRefusal & { account: AccountRow | null });

export interface AssertionInput {
  /** The asking browser's id (browserIdOf): a ceremony is answered only by the browser that started it. */
  browserId: string | undefined;
  ceremonyId: string;
  response: AuthenticationResponseJSON;
}

/**
 * Checks a sign-in without a password: the passkey names its account (through the credential and its user handle,
 * §7.2 step 6), which must not be blocked, and the user must have been verified. Updates the passkey's counter; the
 * caller starts the session and audits the outcome.
 */
export function verifyPasswordless(env: ConnectEnv, input: AssertionInput): Promise<AuthenticationOutcome> {
  return verifyAssertion(env, input, null);
}

/**
 * Checks a passkey as `account`'s second factor: the passkey must be one of its own, user presence is enough. Updates
 * the passkey's counter; the caller completes the sign-in (amr: the password's and these) and audits the outcome.
 */
export function verifySecondFactor(env: ConnectEnv, account: AccountRow, input: AssertionInput): Promise<AuthenticationOutcome> {
  return verifyAssertion(env, input, account);
}

async function authenticationOptions(
  env: ConnectEnv,
  request: {
    purpose: CeremonyPurpose;
    account: AccountRow | null;
    browserId: string;
    allow: PasskeyRow[];
    userVerification: 'required' | 'preferred';
  },
): Promise<PasskeyRequestOptions> {
  const rp = relyingParty(env);
  const { generateAuthenticationOptions } = await webauthn();
  const publicKey = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: request.allow.map((p) => ({ id: p.id, transports: p.transports })),
    challenge: challengeBytes(env),
    timeout: CEREMONY_TTL_MS,
    userVerification: request.userVerification,
  });
  const ceremonyId = await begin(env, {
    kind: 'authentication',
    purpose: request.purpose,
    browserId: request.browserId,
    accountId: request.account?.id ?? null,
    rp,
    options: publicKey,
  });
  return { ceremonyId, publicKey };
}

async function verifyAssertion(env: ConnectEnv, input: AssertionInput, account: AccountRow | null): Promise<AuthenticationOutcome> {
  const purpose: CeremonyPurpose = account ? 'second_factor' : 'passwordless';
  const claimed = await claim(env, input, { kind: 'authentication', purpose, accountId: account?.id ?? null });
  if (!claimed.ok) return { ...claimed, account };
  const ceremony = claimed.ceremony;
  const decoded = await decodeResponse(input.response, ceremony.rpId);
  const passkey = await env.db.passkeys.get(input.response.id);
  const owner = passkey ? await env.db.accounts.get(passkey.accountId) : undefined;
  const known = { accountEmail: owner?.email ?? account?.email ?? null, counterBefore: passkey?.counter ?? null };
  const refuse = async (code: PasskeyErrorCode, detail: string) => ({
    ...(await conclude(env, ceremony, decoded, refusal(code, detail), known)),
    account: owner ?? account,
  });

  // §7.2 step 13: Connect's pages are never embedded, so an assertion made inside another site's frame signs no one in.
  const frame = crossOriginFrame(input.response.response.clientDataJSON);
  if (frame) return refuse('passkey_cross_origin', frame);

  if (!passkey || !owner) return refuse('passkey_unknown', `no passkey has the credential ID ${input.response.id}`);
  if (account && passkey.accountId !== account.id)
    return refuse('passkey_unknown', `the passkey belongs to another account than ${account.email}`);
  // §7.2 step 6: a discoverable credential names its user; it must be the passkey's owner.
  const userHandle = input.response.response.userHandle;
  if (!account && !userHandle)
    return refuse('passkey_invalid', 'the authenticator returned no user handle, which a sign-in without a password needs');
  if (userHandle && !sameUserHandle(userHandle, owner.id)) return refuse('passkey_unknown', 'the user handle is not the passkey owner’s');
  if (owner.blockedAt !== null) return refuse('passkey_unknown', `${owner.email} is blocked`);

  const { verifyAuthenticationResponse } = await webauthn();
  let newCounter: number;
  let userVerified: boolean;
  try {
    const result = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: ceremony.rpId,
      credential: {
        id: passkey.id,
        publicKey: fromBase64Url(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
      // §7.2 step 17: the passkey alone must prove two factors; as a second factor, presence is enough.
      requireUserVerification: purpose === 'passwordless',
    });
    if (!result.verified) return refuse('passkey_invalid', 'the signature does not verify with the passkey’s public key');
    newCounter = result.authenticationInfo.newCounter;
    userVerified = result.authenticationInfo.userVerified;
  } catch (error) {
    const detail = errorMessage(error);
    return refuse(refusalCode(detail), detail);
  }

  const flags = decoded.authenticatorData?.flags ?? { up: true, uv: userVerified };
  const amr = passkeyAmr(passkey.aaguid, flags);
  const at = now(env);
  const outcome = await env.db.transaction('rw', env.db.passkeys, env.db.passkeyCeremonies, async () => {
    // Read again: a concurrent sign-in with the same passkey may have moved the counter meanwhile (§7.2 step 22).
    const current = await env.db.passkeys.get(passkey.id);
    if (!current) return refusal('passkey_unknown', 'the passkey was removed during the sign-in');
    if (!counterAccepted(current.counter, newCounter)) {
      return refusal('passkey_counter_regressed', `Response counter value ${newCounter} was lower than expected ${current.counter}`);
    }
    await env.db.passkeys.update(passkey.id, { counter: newCounter, lastUsedAt: at });
    await record(
      env,
      ceremony,
      decoded,
      {
        ...verdict(ceremony, {
          verified: true,
          code: null,
          message: PASSKEY_MESSAGES.signedIn(owner.email),
          detail: null,
          accountEmail: owner.email,
        }),
        counterBefore: current.counter,
        counterAfter: newCounter,
        amr,
      },
      owner.id,
    );
    return null;
  });
  if (outcome) return { ...(await conclude(env, ceremony, decoded, outcome, known)), account: owner };
  return { ok: true, account: owner, passkey: { ...passkey, counter: newCounter, lastUsedAt: at }, amr };
}

function sameUserHandle(userHandle: string, accountId: string): boolean {
  try {
    return new TextDecoder().decode(fromBase64Url(userHandle)) === accountId;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The ceremony record

function challengeBytes(env: ConnectEnv): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(env.ctx.random.bytes(CHALLENGE_BYTES));
}

/** Stores a new ceremony with its challenge; the browser's oldest beyond CEREMONIES_KEPT_PER_BROWSER are dropped. */
async function begin(
  env: ConnectEnv,
  fields: {
    kind: CeremonyKind;
    purpose: CeremonyPurpose;
    browserId: string;
    accountId: string | null;
    rp: RelyingParty;
    options: PasskeyCeremonyRow['options'];
  },
): Promise<string> {
  const at = now(env);
  const row: PasskeyCeremonyRow = {
    id: env.ctx.random.hex(16),
    kind: fields.kind,
    purpose: fields.purpose,
    browserId: fields.browserId,
    accountId: fields.accountId,
    challenge: fields.options.challenge,
    rpId: fields.rp.id,
    origin: fields.rp.origin,
    options: fields.options,
    createdAt: at,
    expiresAt: at + CEREMONY_TTL_MS,
    usedAt: null,
    response: null,
    decoded: null,
    verification: null,
  };
  await env.db.transaction('rw', env.db.passkeyCeremonies, async () => {
    await env.db.passkeyCeremonies.add(row);
    // Keys come in [browserId, seq] order: the oldest first.
    const keys = await env.db.passkeyCeremonies.where('browserId').equals(fields.browserId).primaryKeys();
    const surplus = keys.length - CEREMONIES_KEPT_PER_BROWSER;
    if (surplus > 0) await env.db.passkeyCeremonies.bulkDelete(keys.slice(0, surplus));
  });
  return row.id;
}

type Claim = { ok: true; ceremony: PasskeyCeremonyRow } | PasskeyRefusal;

/**
 * Spends the ceremony's challenge on this answer, in one transaction so two answers cannot both use it (WebAuthn L3
 * §13.4.3). Unknown covers another browser's ceremony and one of another kind, purpose or account. An expired one is
 * spent too and keeps the answer, so the x-ray shows what came too late.
 */
async function claim(
  env: ConnectEnv,
  input: { browserId: string | undefined; ceremonyId: string; response: PasskeyCeremonyRow['response'] },
  expected: { kind: CeremonyKind; purpose: CeremonyPurpose; accountId: string | null },
): Promise<Claim> {
  const at = now(env);
  return env.db.transaction('rw', env.db.passkeyCeremonies, async (): Promise<Claim> => {
    const row = await env.db.passkeyCeremonies.where('id').equals(input.ceremonyId).first();
    const fits =
      row &&
      row.kind === expected.kind &&
      row.purpose === expected.purpose &&
      (expected.accountId === null || row.accountId === expected.accountId);
    const state = ceremonyState(fits ? row : undefined, input.browserId, at);
    if (state === 'unknown' || state === 'used')
      return refusal(`ceremony_${state}`, `ceremony ${input.ceremonyId} is ${state} for this browser`);
    const spent = { ...row!, usedAt: at, response: input.response };
    if (state === 'expired') {
      const expired = refusal('ceremony_expired', `the challenge expired at ${new Date(row!.expiresAt).toISOString()} (world time)`);
      await env.db.passkeyCeremonies.put({ ...spent, verification: verdict(spent, { ...expired, verified: false, accountEmail: null }) });
      return expired;
    }
    await env.db.passkeyCeremonies.put(spent);
    return { ok: true, ceremony: spent };
  });
}

function refusal(code: PasskeyErrorCode, detail: string): PasskeyRefusal {
  return { ok: false, code, message: refusalMessage(code, detail), detail };
}

function verdict(
  ceremony: PasskeyCeremonyRow,
  outcome: { verified: boolean; code: PasskeyErrorCode | null; message: string; detail: string | null; accountEmail: string | null },
): CeremonyVerification {
  return {
    verified: outcome.verified,
    code: outcome.code,
    message: outcome.message,
    detail: outcome.detail,
    expectedOrigin: ceremony.origin,
    expectedRpId: ceremony.rpId,
    counterBefore: null,
    counterAfter: null,
    amr: null,
    accountEmail: outcome.accountEmail,
    at: ceremony.usedAt ?? ceremony.createdAt,
  };
}

/** Records a refusal on the ceremony and returns it. */
async function conclude(
  env: ConnectEnv,
  ceremony: PasskeyCeremonyRow,
  decoded: DecodedAuthenticatorResponse,
  refused: PasskeyRefusal,
  known: { accountEmail: string | null; counterBefore?: number | null },
): Promise<PasskeyRefusal> {
  const verification = {
    ...verdict(ceremony, { ...refused, verified: false, accountEmail: known.accountEmail }),
    counterBefore: known.counterBefore ?? null,
  };
  await record(env, ceremony, decoded, verification);
  return refused;
}

async function record(
  env: ConnectEnv,
  ceremony: PasskeyCeremonyRow,
  decoded: DecodedAuthenticatorResponse,
  verification: CeremonyVerification,
  accountId?: string,
): Promise<void> {
  await env.db.passkeyCeremonies.update(ceremony.seq!, { decoded, verification, ...(accountId ? { accountId } : {}) });
}

/** An audit line for a refused passkey sign-in (R26): who, when known, and why. */
export function failedSignInEntry(env: ConnectEnv, outcome: PasskeyRefusal & { account: AccountRow | null }) {
  const who = outcome.account ? ` for ${outcome.account.email}` : '';
  return auditEntry(env, 'login.failed', `Failed passkey sign-in${who} (${outcome.code}: ${outcome.detail})`, {
    accountId: outcome.account?.id ?? null,
    email: outcome.account?.email ?? null,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding, for the x-ray

/** The response decoded (WebAuthn L3 §5.8.1 clientDataJSON, §6.1 authenticator data, §6.5 attestation object). */
async function decodeResponse(
  response: RegistrationResponseJSON | AuthenticationResponseJSON,
  rpId: string,
): Promise<DecodedAuthenticatorResponse> {
  const decoded: DecodedAuthenticatorResponse = {
    credentialId: response.id,
    clientData: null,
    authenticatorData: null,
    attestationFormat: null,
    userHandle: 'userHandle' in response.response ? (response.response.userHandle ?? null) : null,
    problem: null,
  };
  try {
    const helpers = await webauthnHelpers();
    const clientData = helpers.decodeClientDataJSON(response.response.clientDataJSON);
    decoded.clientData = {
      type: clientData.type,
      challenge: clientData.challenge,
      origin: clientData.origin,
      crossOrigin: clientData.crossOrigin ?? null,
    };
    let authData: Uint8Array<ArrayBuffer>;
    if ('attestationObject' in response.response) {
      const attestation = helpers.decodeAttestationObject(fromBase64Url(response.response.attestationObject));
      decoded.attestationFormat = attestation.get('fmt');
      authData = attestation.get('authData');
    } else {
      authData = fromBase64Url(response.response.authenticatorData);
    }
    const parsed = helpers.parseAuthenticatorData(authData);
    const expectedHash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(rpId)));
    decoded.authenticatorData = {
      rpIdHash: hex(parsed.rpIdHash),
      rpIdMatches: hex(parsed.rpIdHash) === hex(expectedHash),
      flags: {
        up: parsed.flags.up,
        uv: parsed.flags.uv,
        be: parsed.flags.be,
        bs: parsed.flags.bs,
        at: parsed.flags.at,
        ed: parsed.flags.ed,
        byte: parsed.flags.flagsInt,
      },
      signCount: parsed.counter,
      aaguid: parsed.aaguid ? helpers.convertAAGUIDToString(parsed.aaguid) : null,
      credentialId: parsed.credentialID ? toBase64Url(parsed.credentialID) : null,
      publicKeyAlgorithm: parsed.credentialPublicKey
        ? numberOrNull(helpers.decodeCredentialPublicKey(parsed.credentialPublicKey).get(3))
        : null,
    };
  } catch (error) {
    decoded.problem = errorMessage(error);
  }
  return decoded;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
