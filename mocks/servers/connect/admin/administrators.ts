// Owns the organisation's administrators (R28): the first ones, named by the workspace template, get an
// activation mail with a single-use link that sets their password and makes them administrators; an administrator
// grants access to a colleague's account by email and revokes it, never the organisation's last.
import { z } from 'zod';
import {
  CONNECT_VIEWS,
  type AdminInvitation,
  type AdministratorsPageData,
  type AdminUserResponse,
  type ConnectActivatePageData,
} from '../../../../src/contracts/connect';
import { parseEmail } from '../../../../src/domain/email';
import { checkPassword, PASSWORD_POLICY } from '../../../../src/domain/password';
import { hashPassword, sha256Hex } from '../../../shared/crypto';
import { json, page, problemFrom, readJson } from '../../../shared/http';
import type { AccountRow, OrganisationRow } from '../db';
import { auditEntry, connectProblem, now, spentLinkProblem, type ConnectEnv } from '../env';
import { sendMail } from '../peers';
import {
  ACTIVATION_MAIL,
  ACTIVATION_TTL_MS,
  activationMailText,
  isTokenShaped,
  MESSAGES,
  RESET_TOKEN_BYTES,
  resetTokenState,
} from '../rules';
import { adminShell, requireConnectAdmin, type ConnectAdmin } from './access';
import { ADMIN_MESSAGES, toAdminUser } from './rules';

/**
 * R28: sends the activation mail to every invited administrator it has not gone to yet. Runs when the workspace
 * starts (after every server is seeded, and again after a reload that interrupted it). Mail first, store after: the
 * link is stored, as a digest, only once mail.test has accepted the mail.
 */
export async function sendPendingInvitations(env: ConnectEnv): Promise<void> {
  for (const organisation of await env.db.organisations.toArray()) {
    for (const invited of organisation.invited) {
      if (invited.sentAt !== null) continue;
      const account = await env.db.accounts.get(invited.accountId);
      if (account) await sendActivation(env, organisation, account);
    }
  }
}

/**
 * Mails `account` a new activation link for `organisation`, replacing any earlier unused one. Mail first, store after;
 * the reason when mail.test did not accept it (nothing changed then).
 */
async function sendActivation(
  env: ConnectEnv,
  organisation: OrganisationRow,
  account: AccountRow,
  actorId?: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const token = env.ctx.random.hex(RESET_TOKEN_BYTES);
  const tokenHash = await sha256Hex(token);
  const who = { accountId: account.id, email: account.email, ...(actorId ? { actorId } : {}) };
  const sent = await sendMail(env.ctx, {
    to: account.email,
    ...ACTIVATION_MAIL,
    text: activationMailText(account, organisation.name, token),
  });
  if (!sent.ok) {
    await env.db.audit.add(
      auditEntry(
        env,
        'email.admin_activation_failed',
        `The administrator activation email to ${account.email} could not be sent: ${sent.reason}`,
        who,
      ),
    );
    return { ok: false, reason: sent.reason };
  }
  const at = now(env);
  const expiresAt = at + ACTIVATION_TTL_MS;
  await env.db.transaction('rw', env.db.organisations, env.db.activations, env.db.audit, async () => {
    await env.db.activations
      .where('accountId')
      .equals(account.id)
      .filter((a) => a.usedAt === null)
      .delete();
    await env.db.activations.add({
      tokenHash,
      accountId: account.id,
      organisationId: organisation.id,
      createdAt: at,
      expiresAt,
      usedAt: null,
    });
    const current = await env.db.organisations.get(organisation.id);
    if (current) {
      await env.db.organisations.update(organisation.id, {
        invited: current.invited.map((i) => (i.accountId === account.id ? { ...i, sentAt: at, expiresAt } : i)),
      });
    }
    await env.db.audit.add(
      auditEntry(env, 'email.admin_activation', `Administrator activation email for ${organisation.name} sent to ${account.email}`, who),
    );
  });
  return { ok: true };
}

type Activation =
  | { state: 'valid'; account: AccountRow; organisation: OrganisationRow }
  | { state: 'invalid' | 'expired' | 'used'; account?: AccountRow; organisation?: OrganisationRow };

/** An activation link's state at `now`, with its account and organisation (a blocked account's link works no more). */
async function activation(env: ConnectEnv, token: string, at: number): Promise<Activation> {
  const row = isTokenShaped(token) ? await env.db.activations.get(await sha256Hex(token)) : undefined;
  const account = row ? await env.db.accounts.get(row.accountId) : undefined;
  const organisation = row ? await env.db.organisations.get(row.organisationId) : undefined;
  if (!row || !account || !organisation || account.blockedAt !== null) return { state: 'invalid' };
  const state = resetTokenState(row, at);
  return state === 'valid' ? { state, account, organisation } : { state, account, organisation };
}

/** GET /activate?token=… The page says up front whether the link still works, with the password policy. */
export async function activatePage(env: ConnectEnv, request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const found = await activation(env, token, now(env));
  return page<ConnectActivatePageData>(CONNECT_VIEWS.activate, 'Activate your administrator account', {
    token,
    state: found.state,
    email: found.account?.email ?? null,
    organisationName: found.organisation?.name ?? null,
    policy: PASSWORD_POLICY,
  });
}

const ActivateBody = z.object({ token: z.string(), password: z.string(), confirmPassword: z.string() });

function activationProblem(state: 'invalid' | 'expired' | 'used'): Response {
  return spentLinkProblem(state, {
    invalid: MESSAGES.activationInvalid,
    expired: MESSAGES.activationExpired,
    used: MESSAGES.activationUsed,
  });
}

/**
 * POST /api/activate {token, password, confirmPassword} → {email, organisation}. The link first, then the policy,
 * then the confirmation; on success, in one transaction: the password, the account an administrator of the
 * organisation, the link used, earlier failed logins forgotten, audited. The administrator then signs in.
 */
export async function activate(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, ActivateBody);
  const found = await activation(env, body.token, now(env));
  if (found.state !== 'valid') return activationProblem(found.state);
  const policy = checkPassword(body.password, found.account.email);
  if (!policy.ok) return problemFrom(422, policy.problem);
  if (body.password !== body.confirmPassword) return connectProblem(422, 'password_mismatch', MESSAGES.passwordMismatch, 'confirmPassword');

  const salt = env.ctx.random.hex(16);
  const hash = await hashPassword(body.password, salt);
  const tokenHash = await sha256Hex(body.token);
  const at = now(env);
  const tables = [env.db.activations, env.db.accounts, env.db.organisations, env.db.loginThrottles, env.db.audit];
  const outcome = await env.db.transaction('rw', tables, async () => {
    // Read again inside the transaction: the link works once even when two tabs use it at once.
    const row = await env.db.activations.get(tokenHash);
    const state = resetTokenState(row, at);
    if (state !== 'valid') return activationProblem(state);
    const organisation = await env.db.organisations.get(row!.organisationId);
    const account = await env.db.accounts.get(row!.accountId);
    if (!organisation || !account) return activationProblem('invalid');
    await env.db.accounts.update(account.id, {
      passwordHash: hash,
      passwordSalt: salt,
      passwordChangedAt: at,
      temporaryPasswordExpiresAt: null,
    });
    await env.db.organisations.update(organisation.id, {
      admins: organisation.admins.includes(account.id) ? organisation.admins : [...organisation.admins, account.id],
      invited: organisation.invited.filter((i) => i.accountId !== account.id),
    });
    await env.db.activations.update(tokenHash, { usedAt: at });
    // Like a reset link, the activation link proves the mailbox: failed logins before it no longer count.
    await env.db.loginThrottles.delete(account.email);
    await env.db.audit.add(
      auditEntry(env, 'admin.activated', `${account.name} activated their administrator account for ${organisation.name}`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return { email: account.email, organisation: organisation.name };
  });
  if (outcome instanceof Response) return outcome;
  return json(outcome);
}

const RenewBody = z.object({ token: z.string() });

/**
 * POST /api/activate/renew {token} → 202 {email}. An expired activation link asks for a new one, sent to the same
 * address (the old link proves which invitation it is; the new one replaces it, so it works once for this too). A link
 * that still works, or was used, or belongs to no open invitation gets no new one.
 */
export async function renewActivation(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, RenewBody);
  const found = await activation(env, body.token, now(env));
  if (found.state === 'valid') return connectProblem(409, 'token_valid', MESSAGES.activationStillValid, 'token');
  if (found.state !== 'expired') return activationProblem(found.state);
  const { account, organisation } = found;
  if (!account || !organisation) return activationProblem('invalid');
  if (!organisation.invited.some((i) => i.accountId === account.id)) return activationProblem('used');
  const sent = await sendActivation(env, organisation, account);
  if (!sent.ok) return connectProblem(502, 'mail_failed', ADMIN_MESSAGES.mailFailed(sent.reason));
  return json({ email: account.email }, { status: 202 });
}

/** The Administrators tab's data: the administrators as users, and the invitations not yet activated. */
export async function administratorsPageData(env: ConnectEnv, admin: ConnectAdmin): Promise<AdministratorsPageData> {
  const organisation = admin.organisation;
  const at = now(env);
  const admins = (await env.db.accounts.bulkGet(organisation.admins)).filter((a): a is AccountRow => a !== undefined);
  const throttles = await env.db.loginThrottles.bulkGet(admins.map((a) => a.email));
  const invitedAccounts = await env.db.accounts.bulkGet(organisation.invited.map((i) => i.accountId));
  const invitations: AdminInvitation[] = organisation.invited.flatMap((invited, i) => {
    const account = invitedAccounts[i];
    return account
      ? [{ accountId: account.id, email: account.email, name: account.name, sentAt: invited.sentAt, expiresAt: invited.expiresAt }]
      : [];
  });
  return {
    shell: adminShell(admin, 'administrators'),
    administrators: admins.map((a, i) => toAdminUser(a, throttles[i], true, at)).sort((a, b) => a.name.localeCompare(b.name)),
    invitations,
  };
}

/** GET /api/admin/administrators → AdministratorsPageData */
export async function listAdministrators(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  return json<AdministratorsPageData>(await administratorsPageData(env, admin));
}

const GrantBody = z.object({ email: z.string() });

/**
 * POST /api/admin/administrators {email} → AdminUserResponse. R28: "access can be granted to additional colleagues
 * directly within the platform" — to an existing account at one of the organisation's domains, at once.
 */
export async function grantAdmin(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const body = await readJson(request, GrantBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  const at = now(env);
  const outcome = await env.db.transaction('rw', env.db.accounts, env.db.organisations, env.db.audit, async () => {
    const account = await env.db.accounts.where('email').equals(email.value).first();
    const organisation = await env.db.organisations.get(admin.organisation.id);
    if (!organisation || !account || !organisation.domains.some((d) => d.name === account.domain)) {
      return connectProblem(404, 'not_found', ADMIN_MESSAGES.noAccountForEmail(email.value), 'email');
    }
    if (organisation.admins.includes(account.id))
      return connectProblem(409, 'already_admin', ADMIN_MESSAGES.alreadyAdmin(account.email), 'email');
    await env.db.organisations.update(organisation.id, {
      admins: [...organisation.admins, account.id],
      invited: organisation.invited.filter((i) => i.accountId !== account.id),
    });
    await env.db.audit.add(
      auditEntry(env, 'admin.granted', `${admin.account.name} made ${account.email} an administrator of ${organisation.name}`, {
        accountId: account.id,
        email: account.email,
        actorId: admin.account.id,
      }),
    );
    return account;
  });
  if (outcome instanceof Response) return outcome;
  return json<AdminUserResponse>({ user: toAdminUser(outcome, await env.db.loginThrottles.get(outcome.email), true, at) });
}

/**
 * DELETE /api/admin/administrators/:accountId → 204. Any administrator's access may be revoked, one's own too, as
 * long as another administrator remains: the organisation is never left without one.
 */
export async function revokeAdmin(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const outcome = await env.db.transaction('rw', env.db.accounts, env.db.organisations, env.db.audit, async () => {
    const organisation = await env.db.organisations.get(admin.organisation.id);
    const account = await env.db.accounts.get(params.accountId);
    if (!organisation || !account || !organisation.admins.includes(account.id)) {
      return connectProblem(404, 'not_found', ADMIN_MESSAGES.notAdmin(account?.email ?? params.accountId));
    }
    if (organisation.admins.length === 1) return connectProblem(409, 'last_admin', ADMIN_MESSAGES.lastAdmin);
    await env.db.organisations.update(organisation.id, { admins: organisation.admins.filter((id) => id !== account.id) });
    const whose = account.id === admin.account.id ? 'their own administrator access' : `the administrator access of ${account.email}`;
    await env.db.audit.add(
      auditEntry(env, 'admin.revoked', `${admin.account.name} removed ${whose} to ${organisation.name}`, {
        accountId: account.id,
        email: account.email,
        actorId: admin.account.id,
      }),
    );
    return undefined;
  });
  return outcome ?? new Response(null, { status: 204 });
}

/**
 * POST /api/admin/administrators/:accountId/activation-email → AdministratorsPageData. An invited administrator who
 * lost the mail, or whose link expired, gets a new link; the earlier one stops working.
 */
export async function resendActivation(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const organisation = await env.db.organisations.get(admin.organisation.id);
  const account = await env.db.accounts.get(params.accountId);
  if (!organisation || !account || !organisation.invited.some((i) => i.accountId === account.id)) {
    return connectProblem(404, 'not_found', ADMIN_MESSAGES.notInvited(account?.email ?? params.accountId));
  }
  if (account.blockedAt !== null) return connectProblem(409, 'account_blocked', ADMIN_MESSAGES.invitedBlocked(account.email));
  const sent = await sendActivation(env, organisation, account, admin.account.id);
  if (!sent.ok) return connectProblem(502, 'mail_failed', ADMIN_MESSAGES.mailFailed(sent.reason));
  return json<AdministratorsPageData>(await administratorsPageData(env, await requireConnectAdmin(env, request)));
}
