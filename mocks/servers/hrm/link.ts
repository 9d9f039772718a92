// Owns My Profile > Account Settings > Link to Connect (seed 000 steps 2–7; rules 2–4, 6, 7, 10): the link status,
// sending a verification code, verifying it (then asking Connect to find or create the account), and unlinking.
// Each step: validate → the linking machine's pure `transition` on the stored snapshot → one Dexie transaction.
import { transition } from 'xstate';
import { z } from 'zod';
import { linkingMachine, linkingStatus, MAX_CODE_ATTEMPTS, type LinkingEvent, type LinkingSnapshot } from '../../../machines/linking';
import { rolloutPhase } from '../../../machines/rollout';
import type { LinkStatus } from '../../../src/contracts/hrm';
import { isDomainAllowed, parseEmail } from '../../../src/domain/email';
import { sha256Hex } from '../../shared/crypto';
import { json, problemFrom, readJson } from '../../shared/http';
import type { UserRow } from './db';
import { auditEntry, hrmProblem, now, requireUser, type HrmEnv } from './env';
import { linkAtConnect, sendMail, unlinkAtConnect } from './peers';
import { buildLinkStatus, MESSAGES, parseCode, suggestions, VERIFICATION_MAIL, verificationMailText } from './rules';
import { linkRow, loadLinking, loadRollout, loadSecurity, loadTenant, restoreLinking } from './store';

const SendCodeBody = z.object({ email: z.string() });
const VerifyBody = z.object({ code: z.string() });

type Outcome = { ok: true; snapshot: LinkingSnapshot } | { ok: false; response: Response };

export async function linkStatusOf(env: HrmEnv, user: UserRow, snapshot: LinkingSnapshot): Promise<LinkStatus> {
  const employments = await env.db.employments.where('userId').equals(user.id).toArray();
  const phase = rolloutPhase(await loadRollout(env.db));
  return buildLinkStatus(snapshot, { suggestions: suggestions({ email: user.email, employments }), phase, now: now(env) });
}

/**
 * Applies `event` to the snapshot stored now, inside one transaction, refusing it when the machine cannot take it
 * (another request moved the journey on meanwhile). `extra` writes what belongs with the new snapshot (audit).
 */
async function commit(
  env: HrmEnv,
  user: UserRow,
  event: LinkingEvent,
  extra?: (before: LinkingSnapshot, after: LinkingSnapshot) => Promise<unknown>,
): Promise<LinkingSnapshot | undefined> {
  return env.db.transaction('rw', env.db.links, env.db.audit, async () => {
    const current = restoreLinking((await env.db.links.get(user.id))?.snapshot);
    if (!current.can(event)) return undefined;
    const [next] = transition(linkingMachine, current, event);
    await env.db.links.put(linkRow(user.id, next));
    if (extra) await extra(current, next);
    return next;
  });
}

function isConstraintError(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'name' in error && (error as { name: string }).name === 'ConstraintError';
}

/**
 * The code was accepted and `linking` stored: ask Connect to find or create the account (seed 000: an existing
 * account is linked, never duplicated), then store LINKED. Connect failing sends the machine back to the code step
 * with the accepted code still usable.
 */
async function finishLink(env: HrmEnv, user: UserRow, snapshot: LinkingSnapshot): Promise<Outcome> {
  const email = snapshot.context.email!;
  const tenant = await loadTenant(env.db);
  const linked = await linkAtConnect(env.ctx, tenant.hrmClientSecret, { email, name: user.name, externalUserId: user.id });
  if (!linked.ok) {
    await commit(env, user, { type: 'LINK_FAILED' }, () =>
      env.db.audit.add(auditEntry(env, 'link_failed', `Linking ${email} failed: ${linked.reason}`, { actor: user.id, subject: user.id })),
    );
    return { ok: false, response: hrmProblem(502, 'connect_unavailable', MESSAGES.connectUnavailable, 'code') };
  }
  const { accountId, created } = linked.value;
  try {
    const done = await commit(env, user, { type: 'LINKED', connectAccountId: accountId, now: now(env) }, () =>
      env.db.audit.add(
        auditEntry(
          env,
          'linked',
          `${user.name} linked to Connect account ${accountId} (${email}, ${created ? 'created' : 'existing account linked'})`,
          { actor: user.id, subject: user.id },
        ),
      ),
    );
    if (done) return { ok: true, snapshot: done };
    // Another request settled this journey meanwhile: what is stored now is the answer.
    const stored = await loadLinking(env.db, user.id);
    if (linkingStatus(stored) === 'linked') return { ok: true, snapshot: stored };
    return { ok: false, response: hrmProblem(502, 'connect_unavailable', MESSAGES.connectUnavailable, 'code') };
  } catch (error) {
    if (!isConstraintError(error)) throw error;
    // Rule 7: another user linked this email between our check and Connect's answer.
    await commit(env, user, { type: 'LINK_FAILED' });
    return { ok: false, response: hrmProblem(409, 'email_in_use', MESSAGES.emailInUse(email), 'code') };
  }
}

/**
 * The user's journey as stored, finishing a link interrupted between accepting the code and Connect's answer
 * (a crash or reload): find-or-create at Connect is idempotent, so asking again is safe.
 */
async function settle(env: HrmEnv, user: UserRow): Promise<{ snapshot: LinkingSnapshot; resumed: boolean; failure?: Response }> {
  const snapshot = await loadLinking(env.db, user.id);
  if (linkingStatus(snapshot) !== 'linking') return { snapshot, resumed: false };
  const outcome = await finishLink(env, user, snapshot);
  if (outcome.ok) return { snapshot: outcome.snapshot, resumed: true };
  return { snapshot: await loadLinking(env.db, user.id), resumed: true, failure: outcome.response };
}

/** For pages that show the link (Account Settings) and the banner. */
export async function settledLinking(env: HrmEnv, user: UserRow): Promise<LinkingSnapshot> {
  return (await settle(env, user)).snapshot;
}

/** GET /api/me/connect → LinkStatus. */
export async function getLink(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const { snapshot } = await settle(env, user);
  return json(await linkStatusOf(env, user, snapshot));
}

/** Checks shared by sending and verifying: the phase, rule 6 (allowed domains) and rule 7 (one user per email). */
async function checkEmail(env: HrmEnv, user: UserRow, email: string, field: string): Promise<Response | undefined> {
  const { allowedDomains } = await loadSecurity(env.db);
  if (!isDomainAllowed(email, allowedDomains)) return hrmProblem(422, 'domain_not_allowed', MESSAGES.domainNotAllowed(allowedDomains), field);
  // Plus-address aliases are distinct emails (rule 7, seed 004): the exact address is what must be free.
  const holder = await env.db.links.where('linkedEmail').equals(email).first();
  if (holder && holder.userId !== user.id) return hrmProblem(409, 'email_in_use', MESSAGES.emailInUse(email), field);
  return undefined;
}

async function linkingOpen(env: HrmEnv): Promise<boolean> {
  return rolloutPhase(await loadRollout(env.db)) === 'preparation';
}

/** POST /api/me/connect/verification-code {email} → LinkStatus (code_sent), and the mail of seed 000. */
export async function sendCode(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const body = await readJson(request, SendCodeBody);
  const parsed = parseEmail(body.email, 'email');
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const email = parsed.value;
  if (!(await linkingOpen(env))) return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed, 'email');

  const { snapshot } = await settle(env, user);
  if (linkingStatus(snapshot) === 'linked') return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');
  const refused = await checkEmail(env, user, email, 'email');
  if (refused) return refused;

  // Seed 000: a 6-digit code, valid 30 minutes; only its digest is kept. Hashed before the transaction.
  const code = env.ctx.random.digits(6);
  const event: LinkingEvent = { type: 'SEND_CODE', email, codeHash: await sha256Hex(code), now: now(env) };
  if (!snapshot.can(event)) return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');

  // Mail first, store after: a code the user never received must not replace a working one.
  const mailed = await sendMail(env.ctx, { to: email, ...VERIFICATION_MAIL, text: verificationMailText(user.name, code) });
  if (!mailed.ok) return hrmProblem(502, 'mail_unavailable', MESSAGES.mailUnavailable, 'email');

  const next = await commit(env, user, event, () =>
    env.db.audit.add(auditEntry(env, 'code_sent', `Verification code sent to ${email}`, { actor: user.id, subject: user.id })),
  );
  if (!next) return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');
  return json(await linkStatusOf(env, user, next));
}

/** POST /api/me/connect/verify {code} → LinkStatus (linked). Every refusal belongs to the code field. */
export async function verifyCode(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const body = await readJson(request, VerifyBody);
  const parsed = parseCode(body.code);
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  if (!(await linkingOpen(env))) return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed, 'code');

  const settled = await settle(env, user);
  if (settled.failure) return settled.failure;
  const { snapshot } = settled;
  const state = linkingStatus(snapshot);
  // The code had been accepted before an interruption, and the link is now finished: that is this request's answer.
  if (state === 'linked' && settled.resumed) return json(await linkStatusOf(env, user, snapshot));
  if (state === 'linked') return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'code');
  if (state === 'unlinked' || !snapshot.context.email) return hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  const email = snapshot.context.email;
  // The admin may have changed the allowed domains, or someone else linked this email, since the code was sent.
  const refused = await checkEmail(env, user, email, 'code');
  if (refused) return refused;

  const event: LinkingEvent = { type: 'VERIFY', codeHash: await sha256Hex(parsed.value), now: now(env) };
  if (!snapshot.can(event)) return hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  const next = await commit(env, user, event, async (before, after) => {
    if (after.context.failedAttempts > before.context.failedAttempts)
      await env.db.audit.add(
        auditEntry(env, 'code_incorrect', `Wrong verification code for ${email} (${after.context.failedAttempts} of ${MAX_CODE_ATTEMPTS})`, {
          actor: user.id,
          subject: user.id,
        }),
      );
  });
  if (!next) {
    // Another request took the code first (a double click on Verify): its outcome is this one's too.
    const raced = await settle(env, user);
    if (linkingStatus(raced.snapshot) === 'linked') return json(await linkStatusOf(env, user, raced.snapshot));
    return raced.failure ?? hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  }

  if (linkingStatus(next) === 'linking') {
    const outcome = await finishLink(env, user, next);
    return outcome.ok ? json(await linkStatusOf(env, user, outcome.snapshot)) : outcome.response;
  }
  switch (next.context.lastError) {
    case 'code_expired':
      return hrmProblem(422, 'code_expired', MESSAGES.codeExpired, 'code');
    case 'code_attempts_exceeded':
      return hrmProblem(422, 'code_attempts_exceeded', MESSAGES.codeAttemptsExceeded, 'code');
    default:
      return hrmProblem(422, 'code_incorrect', MESSAGES.codeIncorrect(MAX_CODE_ATTEMPTS - next.context.failedAttempts), 'code');
  }
}

/**
 * DELETE /api/me/connect → LinkStatus (unlinked). Rule 10 (seed 000 FAQ): during preparation the banner returns and
 * the user links again. A pending code is simply cancelled. Connect is told after the HRM has unlinked; if it does not
 * answer, the HRM stays unlinked and the audit log says the notification failed.
 */
export async function unlink(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  if (!(await linkingOpen(env))) return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed);
  const { snapshot } = await settle(env, user);
  const state = linkingStatus(snapshot);

  if (state === 'code_sent') {
    const next = await commit(env, user, { type: 'CANCEL' });
    return json(await linkStatusOf(env, user, next ?? (await loadLinking(env.db, user.id))));
  }
  if (state !== 'linked') return hrmProblem(409, 'not_linked', MESSAGES.notLinked);

  const { email, connectAccountId } = snapshot.context;
  const next = await commit(env, user, { type: 'UNLINK', now: now(env) }, () =>
    env.db.audit.add(auditEntry(env, 'unlinked', `${user.name} unlinked ${email} (Connect account ${connectAccountId})`, { actor: user.id, subject: user.id })),
  );
  if (!next) return hrmProblem(409, 'not_linked', MESSAGES.notLinked);

  if (connectAccountId) {
    const tenant = await loadTenant(env.db);
    const told = await unlinkAtConnect(env.ctx, tenant.hrmClientSecret, connectAccountId);
    if (!told.ok)
      await env.db.audit.add(
        auditEntry(env, 'unlink_notification_failed', `Connect was not told that account ${connectAccountId} is no longer linked: ${told.reason}`, {
          actor: user.id,
          subject: user.id,
        }),
      );
  }
  return json(await linkStatusOf(env, user, next));
}
