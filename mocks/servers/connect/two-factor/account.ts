// Owns two-factor authentication in Connect's account settings (R21): GET /account/two-factor sets up (or replaces)
// the authenticator app, POST /api/me/two-factor/totp/confirm confirms it with a code and answers the recovery codes
// once, POST /api/me/two-factor/totp/remove takes it away with the password — unless the organisation requires it.
import { z } from 'zod';
import { CONNECT_PATHS } from '../../../../src/contracts/connect';
import {
  TWO_FACTOR_PATHS,
  TWO_FACTOR_VIEWS,
  type ConfirmTotpResponse,
  type TwoFactorSetupPageData,
  type TwoFactorStatus,
} from '../../../../src/contracts/connect-two-factor';
import { verifyPassword } from '../../../shared/crypto';
import { json, page, readCookie, readJson, redirect } from '../../../shared/http';
import { auditEntry, connectProblem, now, requireAccount, sessionAccount, type ConnectEnv } from '../env';
import { SESSION_COOKIE } from '../rules';
import { CLEAR_SESSION_COOKIE } from '../session';
import { checkEnrolment, enrolmentTables, ensureEnrolment, factorsOf, requirementOf, storeEnrolment, twoFactorStatus } from './factors';
import { TWO_FACTOR_MESSAGES } from './rules';

const CodeBody = z.object({ code: z.string().max(100) });
const PasswordBody = z.object({ password: z.string().max(1000) });

/** GET /account/two-factor: the QR code and key of a new authenticator app; signed-out visitors sign in first. */
export async function accountSetupPage(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await sessionAccount(env, request);
  if (!account) {
    const stale = readCookie(request, SESSION_COOKIE) !== undefined;
    return redirect(
      `${CONNECT_PATHS.login}?return_to=${encodeURIComponent(TWO_FACTOR_PATHS.accountSetup)}`,
      stale ? [CLEAR_SESSION_COOKIE] : [],
    );
  }
  const at = now(env);
  return page<TwoFactorSetupPageData>(TWO_FACTOR_VIEWS.setup, 'Set up two-factor authentication', {
    context: 'account',
    email: account.email,
    returnTo: CONNECT_PATHS.account,
    enrolment: await ensureEnrolment(env, account, at),
    requirement: await requirementOf(env, account, at),
    replaces: (await env.db.totpFactors.get(account.id)) !== undefined,
  });
}

/** POST /api/me/two-factor/totp/confirm {code} → {recoveryCodes, redirectTo: '/account'}: shown once, stored as digests. */
export async function confirmSetupInAccount(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await requireAccount(env, request);
  const body = await readJson(request, CodeBody);
  const at = now(env);
  const confirmed = await checkEnrolment(env, account, body.code, at);
  const stored = await env.db.transaction('rw', enrolmentTables(env), () => storeEnrolment(env, account, confirmed, 'in account settings'));
  if (!stored) return connectProblem(410, 'enrolment_expired', TWO_FACTOR_MESSAGES.enrolmentExpired, 'code');
  return json<ConfirmTotpResponse>({ recoveryCodes: confirmed.recoveryCodes, redirectTo: CONNECT_PATHS.account });
}

/**
 * POST /api/me/two-factor/totp/remove {password} → TwoFactorStatus. The password again, as a stolen session must not
 * be enough to turn the second step off; refused while the organisation requires it and no passkey is left (a new app
 * replaces it instead).
 * The recovery codes and remembered browsers go with it.
 */
export async function removeTotp(env: ConnectEnv, request: Request): Promise<Response> {
  const account = await requireAccount(env, request);
  const body = await readJson(request, PasswordBody);
  const at = now(env);
  if (body.password.length === 0) return connectProblem(422, 'invalid_request', TWO_FACTOR_MESSAGES.enterPassword, 'password');
  const valid =
    account.passwordHash !== null &&
    account.passwordSalt !== null &&
    (await verifyPassword(body.password, { hash: account.passwordHash, salt: account.passwordSalt }));
  if (!valid) return connectProblem(422, 'invalid_credentials', TWO_FACTOR_MESSAGES.wrongPassword, 'password');
  // A passkey left keeps the organisation's requirement met.
  const required = (await requirementOf(env, account, at)).kind === 'required';
  if (required && !(await factorsOf(env, account.id)).includes('passkey'))
    return connectProblem(409, 'two_factor_required', TWO_FACTOR_MESSAGES.cannotRemoveRequired);

  const tables = [env.db.totpFactors, env.db.recoveryCodes, env.db.rememberedDevices, env.db.audit];
  const removed = await env.db.transaction('rw', tables, async () => {
    if (!(await env.db.totpFactors.get(account.id))) return false;
    await env.db.totpFactors.delete(account.id);
    await env.db.recoveryCodes.delete(account.id);
    await env.db.rememberedDevices.where('accountId').equals(account.id).delete();
    await env.db.audit.add(
      auditEntry(env, 'two_factor.removed', `${account.name} removed the authenticator app in account settings`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return true;
  });
  if (!removed) return connectProblem(404, 'not_found', TWO_FACTOR_MESSAGES.nothingToRemove);
  return json<TwoFactorStatus>(await twoFactorStatus(env, account, at));
}
