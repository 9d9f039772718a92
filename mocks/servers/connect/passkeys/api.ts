// Owns Connect's passkey endpoints (connect.test/api/passkeys…): account settings list, register and remove the signed-in
// account's passkeys; the login page signs in with one, without a password; the developer x-ray reads the browser's
// ceremonies. Thin adapters over ceremonies.ts.
import { z } from 'zod';
import type {
  AuthenticationResponseJSON,
  PasskeyCeremoniesResponse,
  PasskeyCreationOptions,
  PasskeyListResponse,
  PasskeyRequestOptions,
  PasskeyView,
  RegistrationResponseJSON,
} from '../../../../src/contracts/connect-passkeys';
import type { PasswordLoginResponse } from '../../../../src/contracts/connect';
import { json, readJson } from '../../../shared/http';
import { auditEntry, connectProblem, now, requireAccount, type ConnectEnv } from '../env';
import { safeReturnTo } from '../rules';
import { newSession, sessionCookie } from '../session';
import { refuseWhenSsoOnly } from '../sso/routing';
import { secondStepFor, startPendingSignIn } from '../two-factor/pending';
import {
  browserIdOf,
  failedSignInEntry,
  passkeyBrowser,
  passkeysOf,
  passwordlessOptions,
  registrationOptions,
  verifyPasswordless,
  verifyRegistration,
  type PasskeyRefusal,
} from './ceremonies';
import { PASSKEY_MESSAGES, refusalStatus, toCeremonyView, toPasskeyView } from './rules';

/** base64url, bounded: credential IDs are at most 1023 bytes (WebAuthn L3 §4), other fields a few kilobytes. */
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'base64url characters only');

/**
 * A ceremony's answer: the ceremony it answers and a PublicKeyCredential as toJSON() gives it (WebAuthn L3 §5.1), with
 * `response` the authenticator's own part. Only the shape is checked here; the bytes inside are the verification's.
 */
function ceremonyAnswer<R extends z.ZodRawShape>(response: R) {
  return z.object({
    ceremonyId: z.string().min(1).max(64),
    response: z.looseObject({
      id: base64url(1400).min(1),
      rawId: base64url(1400),
      type: z.literal('public-key'),
      response: z.looseObject({ clientDataJSON: base64url(8_000), ...response }),
      clientExtensionResults: z.looseObject({}),
      authenticatorAttachment: z.string().max(32).optional(),
    }),
  });
}

/** RegistrationResponseJSON. */
const RegistrationBody = ceremonyAnswer({
  attestationObject: base64url(64_000),
  transports: z.array(z.string().max(32)).max(10).optional(),
});

/** AuthenticationResponseJSON. */
export const AuthenticationBody = ceremonyAnswer({
  authenticatorData: base64url(8_000),
  signature: base64url(2_000),
  userHandle: base64url(200).optional(),
});

export function refused(outcome: PasskeyRefusal): Response {
  return connectProblem(refusalStatus(outcome.code), outcome.code, outcome.message);
}

/** GET /api/passkeys → PasskeyListResponse: the signed-in account's passkeys, oldest first. */
export async function listPasskeys(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await requireAccount(env, request);
  return json<PasskeyListResponse>({ passkeys: (await passkeysOf(env, account.id)).map(toPasskeyView) });
}

/** POST /api/passkeys/registration/options → PasskeyCreationOptions (and the browser cookie, the first time). */
export async function startRegistration(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await requireAccount(env, request);
  const browser = passkeyBrowser(env, request);
  return json<PasskeyCreationOptions>(await registrationOptions(env, account, browser.id), { cookies: browser.cookies });
}

/** POST /api/passkeys/registration PasskeyRegistrationRequest → 201 PasskeyView. */
export async function finishRegistration(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await requireAccount(env, request);
  const body = await readJson(request, RegistrationBody);
  const outcome = await verifyRegistration(env, account, {
    browserId: browserIdOf(request),
    ceremonyId: body.ceremonyId,
    response: body.response as RegistrationResponseJSON,
  });
  if (!outcome.ok) return refused(outcome);
  return json<PasskeyView>(toPasskeyView(outcome.passkey), { status: 201 });
}

/** DELETE /api/passkeys/:id → 204: the passkey no longer signs anyone in; audited. Another account's is not found. */
export async function removePasskey(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const account = await requireAccount(env, request);
  const removed = await env.db.transaction('rw', env.db.passkeys, env.db.audit, async () => {
    const passkey = await env.db.passkeys.get(params.id);
    if (!passkey || passkey.accountId !== account.id) return false;
    await env.db.passkeys.delete(passkey.id);
    await env.db.audit.add(
      auditEntry(env, 'passkey.removed', `${account.name} removed a passkey (${passkey.name})`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return true;
  });
  if (!removed) return connectProblem(404, 'not_found', PASSKEY_MESSAGES.notFound(params.id));
  return new Response(null, { status: 204 });
}

/** POST /api/passkeys/authentication/options → PasskeyRequestOptions for a sign-in without a password. */
export async function startAuthentication(env: ConnectEnv, request: Request): Promise<Response> {
  const browser = passkeyBrowser(env, request);
  return json<PasskeyRequestOptions>(await passwordlessOptions(env, browser.id), { cookies: browser.cookies });
}

/**
 * POST /api/passkeys/authentication?return_to=/path PasskeyAuthenticationRequest → {redirectTo} and the session
 * cookie. The session's amr is what the passkey proved (rules.ts passkeyAmr), multi-factor by itself, so a policy that
 * requires two-factor authentication asks for no second step. Both outcomes are audited as logins
 * (R26). A passkey signs in even while the email is locked after failed passwords: the lock stops password
 * guessing, which a passkey is not (docs/decisions/a-passkey-signs-in-while-the-email-is-locked.md). At an "Only SSO"
 * domain it is refused like a password.
 */
export async function finishAuthentication(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, AuthenticationBody);
  const outcome = await verifyPasswordless(env, {
    browserId: browserIdOf(request),
    ceremonyId: body.ceremonyId,
    response: body.response as AuthenticationResponseJSON,
  });
  if (!outcome.ok) {
    await env.db.audit.add(failedSignInEntry(env, outcome));
    return refused(outcome);
  }
  const { account, passkey, amr } = outcome;
  // R22: at a domain that signs in only with its identity provider, a passkey made before is no way around it.
  const ssoOnly = await refuseWhenSsoOnly(env, account.email, 'passkey');
  if (ssoOnly) return ssoOnly;
  const at = now(env);
  const redirectTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  // The organisation's two-factor policy is met by the passkey itself when it verified its user (amr "mfa"), which a
  // sign-in without a password requires; a sign-in that proved less would go on to the second step.
  const second = await secondStepFor(env, request, account, { kind: 'passkey', amr }, at);
  if (second.step !== 'none') return startPendingSignIn(env, account, amr, at, redirectTo);
  const session = newSession(env, account.id, at, amr);
  await env.db.transaction('rw', [env.db.sessions, env.db.accounts, env.db.audit], async () => {
    await env.db.sessions.add(session);
    await env.db.accounts.update(account.id, { lastLoginAt: at });
    await env.db.audit.add(
      auditEntry(env, 'login', `${account.name} logged in with a passkey (${passkey.name}; amr ${amr.join(' ')})`, {
        accountId: account.id,
        email: account.email,
      }),
    );
  });
  return json<PasswordLoginResponse>({ redirectTo }, { cookies: [sessionCookie(session.id)] });
}

/**
 * GET /api/passkeys/ceremonies → PasskeyCeremoniesResponse: the ceremonies this browser started, newest first, with
 * what came back and what Connect concluded. A developer's view into the IdP, as a test server's debug page would be;
 * it shows a browser only what it sent and was told, beside the expected origin, RP ID and stored counter.
 */
export async function listCeremonies(env: ConnectEnv, request: Request): Promise<Response> {
  const browserId = browserIdOf(request);
  const rows = browserId ? await env.db.passkeyCeremonies.where('browserId').equals(browserId).toArray() : [];
  rows.sort((a, b) => b.seq! - a.seq!);
  return json<PasskeyCeremoniesResponse>({ ceremonies: rows.map(toCeremonyView) });
}
