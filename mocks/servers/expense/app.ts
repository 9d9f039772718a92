// Owns the Expense app's pages (expense.test): signing in through Connect as a public client (no secret, PKCE S256),
// the receipts page for whoever is signed in, and signing out at Connect too. Every page asks Connect whether the
// session's tokens still hold, so an account blocked at Connect is out on its next click (R25).
import * as oauth from 'oauth4webapi';
import {
  EXPENSE_PATHS,
  EXPENSE_VIEWS,
  type ExpenseHomePageData,
  type ExpenseReceipt,
  type ExpenseWelcomePageData,
} from '../../../src/contracts/expense';
import { ORIGINS } from '../../../src/contracts/origins';
import type { SetCookie } from '../../../src/contracts/wire';
import { page, readCookie, redirect } from '../../shared/http';
import {
  authorizationUrl,
  confirmTokens,
  endSessionUrl,
  exchangeCode,
  newPendingLogin,
  type RelyingParty,
} from '../../shared/relying-party';
import type { ServerContext } from '../../shared/server';
import type { ExpenseDb } from './db';

export interface ExpenseEnv {
  db: ExpenseDb;
  ctx: ServerContext;
}

const SESSION_COOKIE = 'expense_session';
const AUTH_COOKIE = 'expense_auth';
const SESSION_TTL_MS = 8 * 60 * 60_000;
const AUTH_TTL_MS = 10 * 60_000;
const CLEAR_SESSION: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

export const EXPENSE_MESSAGES = {
  revoked: 'You have been signed out: Connect no longer accepts your sign-in. If this is unexpected, contact your administrator.',
  failed: 'Signing in through Connect did not finish. Try again.',
} as const;

function relyingParty(env: ExpenseEnv): RelyingParty {
  return {
    ctx: env.ctx,
    clientId: 'expense',
    idTokenAlg: 'ES256',
    redirectUri: `${ORIGINS.expense}${EXPENSE_PATHS.callback}`,
    postLogoutRedirectUri: `${ORIGINS.expense}${EXPENSE_PATHS.home}`,
    clientAuth: async () => oauth.None(),
    initiator: 'server:expense.test',
  };
}

/** A few receipts for the demo, the same for the same person every time. */
export function receiptsOf(email: string | null): ExpenseReceipt[] {
  let hash = 0;
  for (const char of email ?? '') hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const amount = (base: number) => base + (hash % 7) * 25;
  return [
    { date: '2026-02-24', description: 'Train ticket Stockholm–Göteborg', amount: amount(1_095), status: 'approved' },
    { date: '2026-02-26', description: 'Hotel, one night, customer visit', amount: amount(1_480), status: 'submitted' },
    { date: '2026-03-01', description: 'Taxi from the airport', amount: amount(385), status: 'draft' },
  ];
}

function welcome(message: string | null, cookies: SetCookie[] = [], status = 200): Response {
  return page<ExpenseWelcomePageData>(EXPENSE_VIEWS.welcome, 'Expense', { message }, { status, cookies });
}

/** GET / → the receipts of whoever is signed in, or the welcome page with "Sign in with Connect". */
export async function homePage(env: ExpenseEnv, request: Request): Promise<Response> {
  const id = readCookie(request, SESSION_COOKIE);
  const session = id ? await env.db.sessions.get(id) : undefined;
  const now = env.ctx.clock.now();
  if (!session || session.expiresAt <= now) return welcome(null);
  const confirmation = await confirmTokens(relyingParty(env), session.tokens, now);
  if (!confirmation.valid) {
    await env.db.sessions.delete(session.id);
    return welcome(EXPENSE_MESSAGES.revoked, [CLEAR_SESSION]);
  }
  if (confirmation.tokens !== session.tokens) await env.db.sessions.update(session.id, { tokens: confirmation.tokens });
  return page<ExpenseHomePageData>(EXPENSE_VIEWS.home, 'Expense', {
    name: session.name,
    email: session.email,
    receipts: receiptsOf(session.email),
  });
}

/** GET /auth/login → 302 to Connect: a browser with a Connect session comes straight back, signed in (single sign-on). */
export async function startLogin(env: ExpenseEnv): Promise<Response> {
  const pending = newPendingLogin(env.ctx.random);
  await env.db.authRequests.put({ ...pending, expiresAt: env.ctx.clock.now() + AUTH_TTL_MS });
  // Lax: it comes back with Connect's cross-site redirect to the callback (a top-level GET).
  return redirect(await authorizationUrl(relyingParty(env), pending), [
    { name: AUTH_COOKIE, value: pending.state, maxAge: AUTH_TTL_MS / 1000, path: '/auth', sameSite: 'Lax' },
  ]);
}

/** GET /auth/callback → the session, then the receipts; or the welcome page saying the sign-in did not finish. */
export async function callback(env: ExpenseEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const state = url.searchParams.get('state') ?? '';
  const now = env.ctx.clock.now();
  const clearAuth: SetCookie = { name: AUTH_COOKIE, value: '', maxAge: 0, path: '/auth' };
  const pending = state && readCookie(request, AUTH_COOKIE) === state ? await env.db.authRequests.get(state) : undefined;
  if (!pending || pending.expiresAt <= now) return welcome(EXPENSE_MESSAGES.failed, [clearAuth], 400);
  await env.db.authRequests.delete(state);
  const exchanged = await exchangeCode(relyingParty(env), url, pending, now);
  if (!exchanged.ok) return welcome(`${EXPENSE_MESSAGES.failed} (${exchanged.detail})`, [clearAuth], 400);
  const id = env.ctx.random.hex(16);
  await env.db.sessions.add({
    id,
    name: exchanged.name ?? exchanged.email ?? 'Connect user',
    email: exchanged.email,
    tokens: exchanged.tokens,
    expiresAt: now + SESSION_TTL_MS,
  });
  // Lax: this very redirect is still part of Connect's cross-site navigation back, and must carry it.
  return redirect(EXPENSE_PATHS.home, [
    { name: SESSION_COOKIE, value: id, maxAge: SESSION_TTL_MS / 1000, path: '/', sameSite: 'Lax' },
    clearAuth,
  ]);
}

/** GET /logout → the session ended here, then at Connect (RP-initiated logout), back to the welcome page. */
export async function logout(env: ExpenseEnv, request: Request): Promise<Response> {
  const id = readCookie(request, SESSION_COOKIE);
  const session = id ? await env.db.sessions.get(id) : undefined;
  if (session) await env.db.sessions.delete(session.id);
  return redirect(endSessionUrl(relyingParty(env), session?.tokens.idToken ?? null), [CLEAR_SESSION]);
}

export async function notFound(_env: ExpenseEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(EXPENSE_VIEWS.notFound, 'Page not found', { path, message: `There is no page at ${path}` }, { status: 404 });
}
