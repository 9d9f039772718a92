// Owns self-service passwords (R27, "Forgot password"; R5: a linked account sets its first
// password this way): POST /api/password/forgot mails a single-use link, POST /api/password/reset uses it, and
// POST /api/password/change replaces a temporary password an administrator sent (R27) at the next login.
import { z } from 'zod';
import { parseEmail } from '../../../src/domain/email';
import { checkPassword } from '../../../src/domain/password';
import { hashPassword, sha256Hex, verifyPassword } from '../../shared/crypto';
import { json, problemFrom, readJson } from '../../shared/http';
import type { ResetTokenRow } from './db';
import { auditEntry, connectProblem, now, spentLinkProblem, type ConnectEnv } from './env';
import { sendMail } from './peers';
import { refuseWhenSsoOnly } from './sso/routing';
import {
  isLocked,
  isTokenShaped,
  MESSAGES,
  RESET_MAIL,
  RESET_TOKEN_BYTES,
  RESET_TOKEN_TTL_MS,
  resetMailText,
  resetTokenState,
  safeReturnTo,
} from './rules';
import { newSession, PASSWORD_AMR, recordSignIn, sessionCookie, SIGN_IN_TABLES } from './session';
import { secondStepFor, startPendingSignIn } from './two-factor/pending';

const ForgotBody = z.object({ email: z.string() });
/** A reset link's or a password-change ticket's token, with the new password twice. */
const NewPasswordBody = z.object({ token: z.string(), password: z.string(), confirmPassword: z.string() });

/**
 * POST /api/password/forgot {email} → 202 {message}: the same status, headers and words, at once, whether or not the
 * account exists (OWASP Forgot Password Cheat Sheet: "return a consistent message … and ensure responses return in a
 * consistent amount of time"). Finding the account, the token and the mail are done after answering, as background
 * work (sendResetMail).
 */
export async function forgotPassword(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, ForgotBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  const address = email.value;
  // R22: no password to reset at a domain that signs in only with its identity provider; the answer names the
  // provider, which the email's domain alone already tells.
  const ssoOnly = await refuseWhenSsoOnly(env, address, 'reset');
  if (ssoOnly) return ssoOnly;
  env.background.start('password reset email', () => sendResetMail(env, address));
  return json({ message: MESSAGES.resetRequested(address) }, { status: 202 });
}

/**
 * Only when an account has `email`: a new token (earlier unused ones stop working), the mail, and an audit entry (rule
 * 26). The mail goes out first and the token is stored with the audit entry in one transaction after, so a mail that
 * could not be sent leaves the earlier link usable. A failed send is audited; the person asking was answered already.
 */
async function sendResetMail(env: ConnectEnv, email: string): Promise<void> {
  const account = await env.db.accounts.where('email').equals(email).first();
  if (!account) return;

  const token = env.ctx.random.hex(RESET_TOKEN_BYTES);
  const tokenHash = await sha256Hex(token);
  const sent = await sendMail(env.ctx, { to: account.email, ...RESET_MAIL, text: resetMailText(account, token) });
  const at = now(env);

  if (!sent.ok) {
    await env.db.audit.add(
      auditEntry(env, 'email.password_reset_failed', `The password reset email to ${account.email} could not be sent: ${sent.reason}`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return;
  }

  const row: ResetTokenRow = { tokenHash, accountId: account.id, createdAt: at, expiresAt: at + RESET_TOKEN_TTL_MS, usedAt: null };
  await env.db.transaction('rw', env.db.resetTokens, env.db.audit, async () => {
    // A new request invalidates earlier unused links: only the newest mail works.
    await env.db.resetTokens
      .where('accountId')
      .equals(account.id)
      .filter((t) => t.usedAt === null)
      .delete();
    await env.db.resetTokens.add(row);
    await env.db.audit.add(
      auditEntry(env, 'email.password_reset', `Password reset email sent to ${account.email}`, {
        accountId: account.id,
        email: account.email,
      }),
    );
  });
}

type ResetOutcome = { ok: true; email: string } | { ok: false; response: Response };

function tokenProblem(state: 'invalid' | 'expired' | 'used'): Response {
  return spentLinkProblem(state, { invalid: MESSAGES.tokenInvalid, expired: MESSAGES.tokenExpired, used: MESSAGES.tokenUsed });
}

/**
 * POST /api/password/reset {token, password, confirmPassword} → 200 {email}. The link's state first, then the
 * policy (the message belongs at the password field, which the user fills first), then the confirmation. On success:
 * the password set, the link used, other unused links dropped, every session of the account ended, audited.
 */
export async function resetPassword(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, NewPasswordBody);
  const tokenHash = isTokenShaped(body.token) ? await sha256Hex(body.token) : undefined;
  const row = tokenHash ? await env.db.resetTokens.get(tokenHash) : undefined;
  const account = row ? await env.db.accounts.get(row.accountId) : undefined;
  const state = account ? resetTokenState(row, now(env)) : 'invalid';
  if (state !== 'valid') return tokenProblem(state);
  // R22: a link mailed before the domain went "Only SSO" sets no password there.
  const ssoOnly = await refuseWhenSsoOnly(env, account!.email, 'reset');
  if (ssoOnly) return ssoOnly;

  const policy = checkPassword(body.password, account!.email);
  if (!policy.ok) return problemFrom(422, policy.problem);
  if (body.password !== body.confirmPassword) return connectProblem(422, 'password_mismatch', MESSAGES.passwordMismatch, 'confirmPassword');

  // Hash before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  const salt = env.ctx.random.hex(16);
  const hash = await hashPassword(body.password, salt);
  const at = now(env);

  const tables = [env.db.resetTokens, env.db.accounts, env.db.sessions, env.db.loginThrottles, env.db.passwordChanges, env.db.audit];
  const outcome = await env.db.transaction('rw', tables, async (): Promise<ResetOutcome> => {
    // Read again inside the transaction: two tabs using one link at once get one success.
    const current = await env.db.resetTokens.get(tokenHash!);
    const currentState = resetTokenState(current, at);
    if (currentState !== 'valid') return { ok: false, response: tokenProblem(currentState) };
    const owner = await env.db.accounts.get(current!.accountId);
    if (!owner) return { ok: false, response: tokenProblem('invalid') };
    // A password of the user's own replaces a temporary one an administrator sent, and its change ticket.
    await env.db.accounts.update(owner.id, {
      passwordHash: hash,
      passwordSalt: salt,
      passwordChangedAt: at,
      temporaryPasswordExpiresAt: null,
    });
    await env.db.passwordChanges.where('accountId').equals(owner.id).delete();
    await env.db.resetTokens.update(tokenHash!, { usedAt: at });
    await env.db.resetTokens
      .where('accountId')
      .equals(owner.id)
      .filter((t) => t.usedAt === null)
      .delete();
    const ended = await env.db.sessions.where('accountId').equals(owner.id).delete();
    await env.db.audit.add(
      auditEntry(
        env,
        'password.reset',
        `${owner.name} set a new password with a reset link${ended > 0 ? ` (${ended} session${ended === 1 ? '' : 's'} ended)` : ''}`,
        {
          accountId: owner.id,
          email: owner.email,
        },
      ),
    );
    // Issue "Connect IdP": a successful reset also ends a lockout (the locked message points here).
    if (isLocked(await env.db.loginThrottles.get(owner.email), at)) {
      await env.db.audit.add(
        auditEntry(env, 'account.unlocked', `${owner.email} was unlocked by a password reset`, { accountId: owner.id, email: owner.email }),
      );
    }
    await env.db.loginThrottles.delete(owner.email);
    return { ok: true, email: owner.email };
  });
  if (!outcome.ok) return outcome.response;
  return json({ email: outcome.email });
}

type ChangeOutcome = { ok: true } | { ok: false; response: Response };

/** Every way a password-change ticket fails sends the user back to sign in with the temporary password again. */
function ticketProblem(state: 'invalid' | 'expired' | 'used'): Response {
  const code = ({ invalid: 'token_invalid', expired: 'token_expired', used: 'token_used' } as const)[state];
  return connectProblem(state === 'invalid' ? 400 : 410, code, MESSAGES.changeTicketInvalid, 'token');
}

/**
 * POST /api/password/change?return_to=/path {token, password, confirmPassword} → {redirectTo} and the session cookie.
 * R27: a temporary password "must be changed at next login". The ticket the login answered first (single use,
 * 15 minutes), then the policy, a password other than the temporary one, the confirmation. On success, in one
 * transaction: the new password, the ticket used, the session, and the change and the login audited — or, when the
 * account has a second step (R21), the pending sign-in that leads to it instead of the session. At an "Only SSO" domain
 * it is refused like a password (R22).
 */
export async function changeTemporaryPassword(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, NewPasswordBody);
  const tokenHash = isTokenShaped(body.token) ? await sha256Hex(body.token) : undefined;
  const row = tokenHash ? await env.db.passwordChanges.get(tokenHash) : undefined;
  const account = row ? await env.db.accounts.get(row.accountId) : undefined;
  const at = now(env);
  // A used ticket says so; one whose account was blocked, or has no temporary password any more, is simply invalid.
  const state = account ? resetTokenState(row, at) : 'invalid';
  if (state !== 'valid') return ticketProblem(state);
  if (account!.blockedAt !== null || account!.temporaryPasswordExpiresAt === null) return ticketProblem('invalid');
  // R22: a ticket its temporary password gave before the domain went "Only SSO" sets no password there either.
  const ssoOnly = await refuseWhenSsoOnly(env, account!.email, 'change');
  if (ssoOnly) return ssoOnly;

  const policy = checkPassword(body.password, account!.email);
  if (!policy.ok) return problemFrom(422, policy.problem);
  if (
    account!.passwordHash &&
    account!.passwordSalt &&
    (await verifyPassword(body.password, { hash: account!.passwordHash, salt: account!.passwordSalt }))
  ) {
    return connectProblem(422, 'password_policy', MESSAGES.sameAsTemporary, 'password');
  }
  if (body.password !== body.confirmPassword) return connectProblem(422, 'password_mismatch', MESSAGES.passwordMismatch, 'confirmPassword');

  const salt = env.ctx.random.hex(16);
  const hash = await hashPassword(body.password, salt);
  const redirectTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  // R21: a temporary password is a first step like any other; the second follows when the account has one.
  const second = await secondStepFor(env, request, account!, { kind: 'password' }, at);
  const session = second.step === 'none' ? newSession(env, account!.id, at) : null;

  const tables = [env.db.passwordChanges, ...SIGN_IN_TABLES(env)];
  const outcome = await env.db.transaction('rw', tables, async (): Promise<ChangeOutcome> => {
    const current = await env.db.passwordChanges.get(tokenHash!);
    const currentState = resetTokenState(current, at);
    if (currentState !== 'valid') return { ok: false, response: ticketProblem(currentState) };
    const owner = await env.db.accounts.get(current!.accountId);
    if (!owner || owner.blockedAt !== null || owner.temporaryPasswordExpiresAt === null)
      return { ok: false, response: ticketProblem('invalid') };
    await env.db.accounts.update(owner.id, {
      passwordHash: hash,
      passwordSalt: salt,
      passwordChangedAt: at,
      temporaryPasswordExpiresAt: null,
    });
    await env.db.passwordChanges.update(tokenHash!, { usedAt: at });
    await env.db.audit.add(
      auditEntry(env, 'password.changed', `${owner.name} replaced the temporary password with a new one`, {
        accountId: owner.id,
        email: owner.email,
      }),
    );
    if (session) await recordSignIn(env, owner, session, 'with a password');
    return { ok: true };
  });
  if (!outcome.ok) return outcome.response;
  if (!session) return startPendingSignIn(env, account!, PASSWORD_AMR, at, redirectTo);
  return json({ redirectTo }, { cookies: [sessionCookie(session.id)] });
}
