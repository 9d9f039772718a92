// Owns the HRM's own single sign-on before the migration: the HRM as a confidential OpenID Connect client of the
// organisation's identity provider (its app registration there), the login that goes there, and the callback that finds
// the HRM user by its external reference (never by email). From activation Connect is the only login (R14), so this
// way in closes and its sessions end. The protocol steps are mocks/shared/relying-party.ts.
import * as oauth from 'oauth4webapi';
import { rolloutPhase } from '../../../machines/rollout';
import { HRM_PATHS, HRM_SSO_PROVIDER_NAMES, type HrmLoginProblem } from '../../../src/contracts/hrm';
import { ORIGINS } from '../../../src/contracts/origins';
import type { SetCookie } from '../../../src/contracts/wire';
import { readCookie, redirect } from '../../shared/http';
import { authorizationUrl, exchangeCode, newPendingLogin, type RelyingParty } from '../../shared/relying-party';
import type { SsoSettings, StoredUser } from './db';
import type { Directory } from './directory';
import { auditEntry, now, type HrmEnv } from './env';
import { MESSAGES, SESSION_TTL_MS, safeReturnTo } from './rules';
import { loadRollout, loadTenant } from './store';

/** The browser's half of a sign-in in progress (its `state`), apart from a Connect login's. */
export const SSO_AUTH_COOKIE = 'hrm_sso';
/** A sign-in left at the provider's page for longer than this starts over. */
const SSO_REQUEST_TTL_MS = 10 * 60_000;

export const SSO_REDIRECT_URI = `${ORIGINS.hrm}${HRM_PATHS.ssoCallback}`;

export function ssoProviderName(sso: SsoSettings): string {
  return HRM_SSO_PROVIDER_NAMES[sso.provider];
}

/** The HRM's single sign-on while it is in use: configured, and the rollout not yet activated. */
export async function activeSso(env: HrmEnv): Promise<SsoSettings | null> {
  const { sso } = await loadTenant(env.db);
  if (!sso) return null;
  return rolloutPhase(await loadRollout(env.db)) === 'activation' ? null : sso;
}

function relyingParty(env: HrmEnv, sso: SsoSettings): RelyingParty {
  return {
    ctx: env.ctx,
    issuer: sso.issuer,
    issuerName: ssoProviderName(sso),
    clientId: sso.clientId,
    idTokenAlg: 'RS256',
    redirectUri: SSO_REDIRECT_URI,
    postLogoutRedirectUri: `${ORIGINS.hrm}${HRM_PATHS.login}`,
    // RFC 6749 §2.3.1: the secret in the body, as the providers' app registrations describe it.
    clientAuth: async () => oauth.ClientSecretPost(sso.clientSecret),
    initiator: 'server:hrm.test',
  };
}

/** UPNs and emails are case-insensitive; a `sub` is compared exactly (OIDC Core §2). */
function referenceKey(claim: SsoSettings['referenceClaim'], value: string): string {
  return claim === 'sub' ? value : value.trim().toLowerCase();
}

/** The HRM user whose external reference is this claim's value, or undefined. */
export function userByReference(directory: Directory, sso: SsoSettings, value: string): StoredUser | undefined {
  const key = referenceKey(sso.referenceClaim, value);
  for (const user of directory.all())
    if (user.externalReference !== undefined && referenceKey(sso.referenceClaim, user.externalReference) === key) return user;
  return undefined;
}

/** GET /sso/login?return_to=…: off to the provider's authorization endpoint; without single sign-on, to the login. */
export async function startSsoLogin(env: HrmEnv, request: Request): Promise<Response> {
  const sso = await activeSso(env);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  const back = returnTo !== '/' ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  if (!sso) return redirect(`${HRM_PATHS.login}${back}`);
  const pending = newPendingLogin(env.ctx.random);
  let url: string;
  try {
    url = await authorizationUrl(relyingParty(env, sso), pending);
  } catch {
    // The provider's metadata could not be read: say so on the HRM's page rather than leave the browser nowhere.
    return redirect(`${HRM_PATHS.login}?sso_error=failed${back ? `&${back.slice(1)}` : ''}`);
  }
  await env.db.authRequests.put({ ...pending, returnTo, expiresAt: now(env) + SSO_REQUEST_TTL_MS, via: 'sso' });
  return redirect(url, [
    // Lax: it comes back with the provider's cross-site redirect to the callback (a top-level GET).
    { name: SSO_AUTH_COOKIE, value: pending.state, maxAge: SSO_REQUEST_TTL_MS / 1000, path: '/sso', sameSite: 'Lax' },
  ]);
}

export type SsoOutcome =
  | { ok: true; user: StoredUser; sessionId: string; returnTo: string }
  | { ok: false; reason: Exclude<HrmLoginProblem, 'not_linked'>; message: string };

/**
 * GET /sso/callback?code&state: the state must be this browser's (its cookie) and a stored sign-in, used once
 * (RFC 6749 §10.12); then the code exchange and the ID token's checks; then the HRM user whose external reference is
 * the token's reference claim gets a session.
 */
export async function finishSsoLogin(env: HrmEnv, request: Request): Promise<SsoOutcome> {
  const { sso } = await loadTenant(env.db);
  const provider = sso ? ssoProviderName(sso) : 'the identity provider';
  const url = new URL(request.url);
  const state = url.searchParams.get('state') ?? '';
  const stored = state && readCookie(request, SSO_AUTH_COOKIE) === state ? await env.db.authRequests.get(state) : undefined;
  if (!sso || !stored || stored.via !== 'sso' || stored.expiresAt <= now(env))
    return { ok: false, reason: 'expired', message: MESSAGES.ssoLogin.expired(provider) };
  await env.db.authRequests.delete(state);
  // R14: a sign-in started before the cutover and finished after it does not get in this way.
  if (rolloutPhase(await loadRollout(env.db)) === 'activation')
    return { ok: false, reason: 'expired', message: MESSAGES.ssoLogin.expired(provider) };

  const exchanged = await exchangeCode(relyingParty(env, sso), url, stored, now(env));
  if (!exchanged.ok) {
    await env.db.audit.add(auditEntry(env, 'login_failed', `A sign-in through ${provider} failed: ${exchanged.detail}`));
    return exchanged.reason === 'denied'
      ? { ok: false, reason: 'denied', message: MESSAGES.ssoLogin.denied(provider, exchanged.detail.replace(`${provider} answered `, '')) }
      : { ok: false, reason: 'failed', message: MESSAGES.ssoLogin.failed(provider) };
  }
  const reference = exchanged.claims[sso.referenceClaim];
  if (typeof reference !== 'string' || reference === '') {
    await env.db.audit.add(auditEntry(env, 'login_failed', `${provider}'s ID token has no ${sso.referenceClaim}`));
    return { ok: false, reason: 'failed', message: MESSAGES.ssoLogin.noReference(provider, sso.referenceClaim) };
  }
  const directory = await env.directory();
  const user = userByReference(directory, sso, reference);
  if (!user) {
    await env.db.audit.add(
      auditEntry(env, 'login_failed', `${reference} signed in at ${provider}, but no HRM user has that external reference`),
    );
    return { ok: false, reason: 'unknown_user', message: MESSAGES.ssoLogin.unknown_user(provider, reference) };
  }
  const at = now(env);
  const sessionId = `ses_${env.ctx.random.hex(16)}`;
  await directory.mutate((draft) => {
    draft.put({ ...draft.get(user.id)!, lastLoginAt: at });
    draft.putRow(env.db.sessions, { id: sessionId, userId: user.id, expiresAt: at + SESSION_TTL_MS, method: 'sso' });
    draft.audit(
      auditEntry(env, 'login', `${user.name} logged in through ${provider} (${reference})`, { actor: user.id, subject: user.id }),
    );
  });
  return { ok: true, user, sessionId, returnTo: stored.returnTo };
}

export const CLEAR_SSO_AUTH: SetCookie = { name: SSO_AUTH_COOKIE, value: '', maxAge: 0, path: '/sso' };

/** The issuer of a provider's tenant, where its discovery document is (OIDC Discovery §4). */
export function ssoIssuer(provider: SsoSettings['provider'], tenantId: string): string {
  switch (provider) {
    case 'entra':
      return `${ORIGINS.entra}/${tenantId}/v2.0`;
    case 'okta':
      return `${ORIGINS.okta}/oauth2/${tenantId}`;
    case 'google':
      return ORIGINS.google;
    case 'ping':
      return ORIGINS.ping;
  }
}

/** Which claim names the user at each provider the way HRM administrators typed external references. */
export const SSO_REFERENCE_CLAIMS: Readonly<Record<SsoSettings['provider'], SsoSettings['referenceClaim']>> = {
  // Entra's UPN (`preferred_username`): what admins see in the Entra console; it need not be the mail address.
  entra: 'preferred_username',
  okta: 'preferred_username',
  google: 'email',
  ping: 'sub',
};
