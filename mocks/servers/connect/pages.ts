// Owns Connect's pages (navigations answered with a view and its data): the login, the account page (Connect
// account settings, "Manage your account"), "Forgot your password?", the reset link's page, the OpenID
// provider's error page and not-found.
import {
  CONNECT_PATHS,
  CONNECT_VIEWS,
  type ConnectAccountPageData,
  type ConnectErrorPageData,
  type ConnectForgotPasswordPageData,
  type ConnectLoginPageData,
  type ConnectResetPasswordPageData,
  type OidcErrorCode,
} from '../../../src/contracts/connect';
import { PASSWORD_POLICY } from '../../../src/domain/password';
import { sha256Hex } from '../../shared/crypto';
import { page, readCookie, redirect } from '../../shared/http';
import { endedSession, now, sessionAccount, type ConnectEnv } from './env';
import { administeredBy } from './organisation';
import { passkeysOf } from './passkeys/ceremonies';
import { toPasskeyView } from './passkeys/rules';
import { isTokenShaped, MESSAGES, prefillEmail, resetTokenState, safeReturnTo, SESSION_COOKIE, toConnectAccount } from './rules';
import { CLEAR_SESSION_COOKIE } from './session';
import { twoFactorStatus } from './two-factor/factors';

/** GET / → the account page (which sends signed-out visitors to the login). */
export async function rootPage(): Promise<Response> {
  return redirect(CONNECT_PATHS.account);
}

/** GET /account: signed-out visitors go to the login first and come back here after. */
export async function accountPage(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await sessionAccount(env, request);
  if (!account) {
    const url = new URL(request.url);
    // A stale cookie (expired session, ended by a password reset) is dropped on the way.
    const stale = readCookie(request, SESSION_COOKIE) !== undefined;
    return redirect(
      `${CONNECT_PATHS.login}?return_to=${encodeURIComponent(url.pathname + url.search)}`,
      stale ? [CLEAR_SESSION_COOKIE] : [],
    );
  }
  const isAdmin = (await administeredBy(env, account.id)) !== undefined;
  const passkeys = (await passkeysOf(env, account.id)).map(toPasskeyView);
  return page<ConnectAccountPageData>(CONNECT_VIEWS.account, 'Your Connect account', {
    account: toConnectAccount(account),
    isAdmin,
    twoFactor: await twoFactorStatus(env, account, now(env)),
    passkeys,
  });
}

/**
 * GET /login?return_to=/path&email=…&prompt=login. The email step first (R20); `return_to` is kept only when it is
 * a path on this host. A visitor who is already signed in goes straight on, unless an application asked for a new
 * sign-in (OIDC Core §3.1.2.1 prompt=login, or max_age).
 */
export async function loginPage(env: ConnectEnv, request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const returnTo = safeReturnTo(query.get('return_to'));
  if (query.get('prompt') !== 'login' && (await sessionAccount(env, request))) return redirect(returnTo);
  // A session that ran out is said once: the cookie naming it is cleared with this answer.
  const sessionEnded = await endedSession(env, request);
  return page<ConnectLoginPageData>(
    CONNECT_VIEWS.login,
    'Log in to Connect',
    { returnTo, email: prefillEmail(query.get('email')), sessionEnded },
    { cookies: sessionEnded ? [CLEAR_SESSION_COOKIE] : [] },
  );
}

/** GET /forgot-password?email=… */
export async function forgotPasswordPage(_env: ConnectEnv, request: Request): Promise<Response> {
  const email = prefillEmail(new URL(request.url).searchParams.get('email'));
  return page<ConnectForgotPasswordPageData>(CONNECT_VIEWS.forgotPassword, 'Forgot your password?', { email });
}

/** GET /reset-password?token=… The page says up front whether the link still works, with the policy to follow. */
export async function resetPasswordPage(env: ConnectEnv, request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const row = isTokenShaped(token) ? await env.db.resetTokens.get(await sha256Hex(token)) : undefined;
  const account = row ? await env.db.accounts.get(row.accountId) : undefined;
  const state = account ? resetTokenState(row, now(env)) : 'invalid';
  return page<ConnectResetPasswordPageData>(CONNECT_VIEWS.resetPassword, 'Choose a new password', {
    token,
    state,
    email: account?.email ?? null,
    policy: PASSWORD_POLICY,
  });
}

/**
 * An OpenID Connect request Connect cannot answer with a redirect (RFC 6749 §4.1.2.1: unknown client, missing or
 * unregistered redirect_uri; an expired stored request): the user reads why, on Connect.
 */
export function oidcErrorPage(code: OidcErrorCode, message: string): Response {
  return page<ConnectErrorPageData>(CONNECT_VIEWS.error, 'Sign-in error', { code, message }, { status: 400 });
}

export async function notFoundPage(_env: ConnectEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(CONNECT_VIEWS.notFound, 'Page not found', { path, message: MESSAGES.notFound(path) }, { status: 404 });
}
