// Owns signing in to mail.test: POST /api/session (a mailbox's address and password; a second sign-in adds the
// mailbox to the same session), DELETE /api/session, POST /api/accounts (registering an address nobody holds), and
// the check every reading endpoint makes: which mailboxes the request's session may read.
import { z } from 'zod';
import type { MailSession } from '../../../src/contracts/mail';
import type { SetCookie } from '../../../src/contracts/wire';
import { parseEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import { json, problem, problemFrom, readCookie, readJson } from '../../shared/http';
import { MAILBOXES_PER_SESSION, MAIL_SESSION_TTL_MS } from './accounts';
import type { MailEnv } from './messages';
import { deliveryMailbox, MESSAGES, SESSION_COOKIE } from './rules';

const SignInBody = z.object({ address: z.string().max(254), password: z.string().max(200) });

/** A mail provider's own minimum for a new account's password. */
export const MIN_PASSWORD_LENGTH = 8;

const CLEAR_SESSION_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

function sessionCookie(id: string): SetCookie {
  return { name: SESSION_COOKIE, value: id, maxAge: MAIL_SESSION_TTL_MS / 1000, path: '/' };
}

/**
 * A session id from the platform's random source, not the world's seeded stream: sessions live in memory only, and how
 * often a mail app signs in (a refresh, a trainer's look) must not change the ids the world draws next (H5).
 */
function newSessionId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The mailbox an address is read in (plus-address aliases share their base mailbox), or a thrown 400 at `address`. */
function mailboxOfAddress(address: string): string {
  const parsed = parseEmail(address, 'address');
  if (!parsed.ok) throw problemFrom(400, parsed.problem);
  return deliveryMailbox(parsed.value);
}

/** POST /api/session MailSignInRequest → MailSession and the session cookie; 401 for a wrong address or password. */
export async function signIn(env: MailEnv, request: Request): Promise<Response> {
  const body = await readJson(request, SignInBody);
  const mailbox = mailboxOfAddress(body.address);
  const accounts = await env.accounts();
  if (!(await accounts.verify(mailbox, body.password))) return problem(401, 'invalid_credentials', MESSAGES.invalidCredentials);
  const session = accounts.signIn(readCookie(request, SESSION_COOKIE), newSessionId, mailbox, env.ctx.clock.now());
  if (!session) return problem(403, 'invalid_request', MESSAGES.tooManyMailboxes(MAILBOXES_PER_SESSION));
  return json<MailSession>({ mailboxes: session.mailboxes }, { cookies: [sessionCookie(session.id)] });
}

/** DELETE /api/session → a MailSession with no mailboxes, the cookie cleared. */
export async function signOut(env: MailEnv, request: Request): Promise<Response> {
  (await env.accounts()).signOut(readCookie(request, SESSION_COOKIE));
  return json({ mailboxes: [] } satisfies MailSession, { cookies: [CLEAR_SESSION_COOKIE] });
}

/** POST /api/accounts MailSignUpRequest → 201 {mailbox}; 409 when the address already has an account. */
export async function signUp(env: MailEnv, request: Request): Promise<Response> {
  const body = await readJson(request, SignInBody);
  const mailbox = mailboxOfAddress(body.address);
  if (body.password.length < MIN_PASSWORD_LENGTH)
    return problem(422, 'invalid_request', MESSAGES.passwordTooShort(MIN_PASSWORD_LENGTH), 'password');
  const accounts = await env.accounts();
  if (accounts.has(mailbox)) return problem(409, 'address_taken', MESSAGES.addressTaken(mailbox), 'address');
  const salt = env.ctx.random.hex(16);
  const registered = await accounts.register(mailbox, { hash: await hashPassword(body.password, salt), salt });
  if (!registered) return problem(409, 'address_taken', MESSAGES.addressTaken(mailbox), 'address');
  return json({ mailbox }, { status: 201 });
}

/** The mailboxes the request's session may read, or a thrown 401 when it has no live session. */
export async function readableMailboxes(env: MailEnv, request: Request): Promise<ReadonlySet<string>> {
  const mailboxes = (await env.accounts()).session(readCookie(request, SESSION_COOKIE), env.ctx.clock.now());
  if (!mailboxes) throw problem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return mailboxes;
}
