// Owns a user's link to Connect (R2–R4, R6, R7, R10, R16): the self-service path of My
// Profile > Account Settings (status, verification code, verify, unlink) and the steps every path shares — advancing
// the linking machine in one directory write, and asking Connect to find or create the account.
import { transition } from 'xstate';
import { z } from 'zod';
import { linkingMachine, linkingStatus, MAX_CODE_ATTEMPTS, type LinkingEvent, type LinkingSnapshot } from '../../../machines/linking';
import { rolloutPhase } from '../../../machines/rollout';
import type { LinkStatus } from '../../../src/contracts/hrm';
import { isDomainAllowed, parseEmail } from '../../../src/domain/email';
import { sha256Hex } from '../../shared/crypto';
import { describeStorageFailure } from '../../shared/storage-failure';
import { appliedEvent, remember } from '../../shared/machine-events';
import { json, problemFrom, readJson } from '../../shared/http';
import type { AuditRow, StoredUser } from './db';
import type { DirectoryDraft } from './directory';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { requireUser } from './signed-in';
import { linkAtConnect, sendMail, unlinkAtConnect } from './peers';
import { buildLinkStatus, MESSAGES, parseCode, SKIP_REASONS, suggestions, VERIFICATION_MAIL, verificationMail } from './rules';
import { linksWithoutCode } from './security';
import { loadRollout, loadSecurity, loadTenant, restoreLinking, withLinking } from './store';

const SendCodeBody = z.object({ email: z.string() });
const VerifyBody = z.object({ code: z.string() });

type Outcome = { ok: true; snapshot: LinkingSnapshot } | { ok: false; response: Response };

const VERIFIED_BY = {
  code: 'verified by code',
  link: 'verified by link',
  domain: 'without a code: its domain is verified at Connect',
} as const;

/** R7 met at the last moment: another user linked this email while Connect was answering. */
class EmailTaken extends Error {}

export async function linkStatusOf(env: HrmEnv, user: StoredUser, snapshot: LinkingSnapshot): Promise<LinkStatus> {
  const phase = rolloutPhase(await loadRollout(env.db));
  return buildLinkStatus(snapshot, { suggestions: suggestions(user), phase, now: now(env) });
}

/**
 * Applies `event` to the user's journey as stored now, in one directory write with the event remembered among its
 * last, refusing it when the machine cannot take it (another request moved the journey on meanwhile). `extra` adds
 * what belongs with the new state (audit).
 */
export async function commitLinking(
  env: HrmEnv,
  userId: string,
  event: LinkingEvent,
  extra?: (before: LinkingSnapshot, after: LinkingSnapshot, draft: DirectoryDraft) => void,
): Promise<LinkingSnapshot | undefined> {
  const directory = await env.directory();
  return directory.mutate((draft) => {
    const user = draft.get(userId);
    if (!user) return undefined;
    const current = restoreLinking(user.link);
    if (!current.can(event)) return undefined;
    const [next] = transition(linkingMachine, current, event);
    if (event.type === 'LINKED') {
      const holder = directory.holderOfLinkedEmail(next.context.email!);
      if (holder && holder.id !== userId) throw new EmailTaken();
    }
    const lastEvents = remember(user.link?.lastEvents, appliedEvent(linkingMachine, current, event, next, now(env)));
    // Once linked, the linked email is the Connect email: an admin's earlier entry has served its purpose.
    draft.put({ ...withLinking(user, next, lastEvents), connectEmail: linkingStatus(next) === 'linked' ? null : user.connectEmail });
    extra?.(current, next, draft);
    return next;
  });
}

/**
 * The code or link was accepted and `linking` stored: ask Connect to find or create the account (R4: an existing
 * account is linked, never duplicated), then store LINKED. Connect failing sends the machine back a step with the
 * accepted code or link still usable. `field` is where a refusal belongs on the page that asked.
 */
export async function finishLink(env: HrmEnv, userId: string, snapshot: LinkingSnapshot, actor: string, field?: string): Promise<Outcome> {
  const email = snapshot.context.email!;
  const user = (await env.directory()).get(userId)!;
  const tenant = await loadTenant(env.db);
  const linked = await linkAtConnect(env.ctx, tenant.hrmClientSecret, { email, name: user.name, externalUserId: user.id });
  if (!linked.ok) {
    await commitLinking(env, userId, { type: 'LINK_FAILED' }, (_b, _a, draft) =>
      draft.audit(auditEntry(env, 'link_failed', `Linking ${email} failed: ${linked.reason}`, { actor, subject: userId })),
    );
    return { ok: false, response: hrmProblem(502, 'connect_unavailable', MESSAGES.connectUnavailable(snapshot.context.method), field) };
  }
  const { accountId, created } = linked.value;
  try {
    const done = await commitLinking(env, userId, { type: 'LINKED', connectAccountId: accountId, now: now(env) }, (_b, _a, draft) =>
      draft.audit(
        auditEntry(
          env,
          'linked',
          `${user.name} linked to Connect account ${accountId} (${email}, ${created ? 'created' : 'existing account linked'}, ${VERIFIED_BY[snapshot.context.method ?? 'code']})`,
          { actor, subject: userId },
        ),
      ),
    );
    if (done) return { ok: true, snapshot: done };
    // Another request settled this journey meanwhile: what is stored now is the answer.
    const stored = restoreLinking((await env.directory()).get(userId)?.link);
    if (linkingStatus(stored) === 'linked') return { ok: true, snapshot: stored };
    return { ok: false, response: hrmProblem(502, 'connect_unavailable', MESSAGES.connectUnavailable(snapshot.context.method), field) };
  } catch (error) {
    if (!(error instanceof EmailTaken)) throw error;
    await commitLinking(env, userId, { type: 'LINK_FAILED' });
    return { ok: false, response: hrmProblem(409, 'email_in_use', MESSAGES.emailInUse(email), field) };
  }
}

/**
 * The user's journey as stored, finishing a link interrupted between accepting the code or link and Connect's answer
 * (a crash or reload): find-or-create at Connect is idempotent, so asking again is safe.
 */
export async function settle(
  env: HrmEnv,
  userId: string,
  field?: string,
): Promise<{ snapshot: LinkingSnapshot; resumed: boolean; failure?: Response }> {
  const directory = await env.directory();
  const snapshot = restoreLinking(directory.get(userId)?.link);
  if (linkingStatus(snapshot) !== 'linking') return { snapshot, resumed: false };
  const outcome = await finishLink(env, userId, snapshot, userId, field);
  if (outcome.ok) return { snapshot: outcome.snapshot, resumed: true };
  return { snapshot: restoreLinking(directory.get(userId)?.link), resumed: true, failure: outcome.response };
}

/** For pages that show the link (Account Settings) and the banner. */
export async function settledLinking(env: HrmEnv, user: StoredUser): Promise<LinkingSnapshot> {
  return (await settle(env, user.id)).snapshot;
}

/** GET /api/me/connect → LinkStatus. */
export async function getLink(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const { snapshot } = await settle(env, user.id);
  return json(await linkStatusOf(env, user, snapshot));
}

/**
 * Checks shared by every path before a code or link goes out and before it is accepted: R6 (allowed domains)
 * and R7 (one user per email). The refusal, if any, at `field`.
 */
export async function checkEmailFor(env: HrmEnv, userId: string, email: string, field: string, who: 'self' | 'admin'): Promise<void> {
  const { allowedDomains } = await loadSecurity(env.db);
  if (!isDomainAllowed(email, allowedDomains))
    throw hrmProblem(422, 'domain_not_allowed', MESSAGES.domainNotAllowed(allowedDomains, who), field);
  // Plus-address aliases are distinct emails (R7): the exact address is what must be free.
  const holder = (await env.directory()).holderOfLinkedEmail(email);
  if (holder && holder.id !== userId)
    throw hrmProblem(409, 'email_in_use', who === 'admin' ? MESSAGES.emailInUseBy(email, holder.name) : MESSAGES.emailInUse(email), field);
}

/** Self-service linking is open during preparation only (R2, R16); after activation an admin's link is the way. */
async function selfServiceOpen(env: HrmEnv): Promise<boolean> {
  return rolloutPhase(await loadRollout(env.db)) === 'preparation';
}

/**
 * R13 (users without an inbox): the email's domain is verified at Connect and the tenant links such
 * emails without a code, so the link is made at once — by the user, or by an admin for them. Answers the user's
 * LinkStatus, or the refusal.
 */
export async function linkByDomain(env: HrmEnv, user: StoredUser, email: string, actor: StoredUser, field: string): Promise<Response> {
  const accepted = await commitLinking(env, user.id, { type: 'LINK_BY_DOMAIN', email, now: now(env) });
  if (!accepted) return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, field);
  const outcome = await finishLink(env, user.id, accepted, actor.id, field);
  return outcome.ok ? json(await linkStatusOf(env, user, outcome.snapshot)) : outcome.response;
}

/**
 * R13 in a bulk job: links `email` without a code or mail, as `linkByDomain` does for one user. What the job
 * reports: linked (also when a resumed step finds its own link made), skipped (linked meanwhile), or why it failed.
 */
export async function linkWithoutCode(
  env: HrmEnv,
  userId: string,
  email: string,
  actorId: string | null,
): Promise<{ outcome: 'linked' } | { outcome: 'skipped' | 'failed'; reason: string }> {
  const accepted = await commitLinking(env, userId, { type: 'LINK_BY_DOMAIN', email, now: now(env) });
  if (!accepted) {
    const user = (await env.directory()).get(userId);
    const linkedTo = user?.link?.status === 'linked' ? user.link.context.email : null;
    return linkedTo === email ? { outcome: 'linked' } : { outcome: 'skipped', reason: SKIP_REASONS.linked };
  }
  const finished = await finishLink(env, userId, accepted, actorId ?? userId);
  if (finished.ok) return { outcome: 'linked' };
  const problem = (await finished.response.json()) as { detail?: string };
  return { outcome: 'failed', reason: problem.detail ?? `HTTP ${finished.response.status}` };
}

/** POST /api/me/connect/verification-code {email} → LinkStatus (code_sent), and its mail (R3). */
export async function sendCode(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const body = await readJson(request, SendCodeBody);
  const parsed = parseEmail(body.email, 'email');
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const email = parsed.value;
  if (!(await selfServiceOpen(env)))
    return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed(rolloutPhase(await loadRollout(env.db))), 'email');

  const { snapshot } = await settle(env, user.id, 'email');
  if (linkingStatus(snapshot) === 'linked') return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');
  await checkEmailFor(env, user.id, email, 'email', 'self');
  if (await linksWithoutCode(env, email)) return linkByDomain(env, user, email, user, 'email');

  // R3: a 6-digit code, valid 30 minutes; only its digest is kept. Hashed before the write.
  const code = env.ctx.random.digits(6);
  const event: LinkingEvent = { type: 'SEND_CODE', email, codeHash: await sha256Hex(code), now: now(env) };
  if (!snapshot.can(event)) return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');

  // Mail first, store after: a code the user never received must not replace a working one.
  // In the recipient's language (ServerContext.languageOf), whoever asked for it.
  const mail = verificationMail(env.ctx.languageOf(email), user.name, code);
  const mailed = await sendMail(env.ctx, { to: email, ...VERIFICATION_MAIL, ...mail });
  if (!mailed.ok) {
    // The mail server's storage, not the mail server, failed: the in-tab network answers it in those words.
    if (mailed.storage) throw mailed.storage;
    return hrmProblem(502, 'mail_unavailable', MESSAGES.mailUnavailable, 'email');
  }

  let next: Awaited<ReturnType<typeof commitLinking>>;
  try {
    next = await commitLinking(env, user.id, event, (_b, _a, draft) =>
      draft.audit(auditEntry(env, 'code_sent', `Verification code sent to ${email}`, { actor: user.id, subject: user.id })),
    );
  } catch (error) {
    throw (await describeStorageFailure(error, 'The code could not be saved')) ?? error;
  }
  if (!next) return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'email');
  return json(await linkStatusOf(env, user, next));
}

/** POST /api/me/connect/verify {code} → LinkStatus (linked). Every refusal belongs to the code field. */
export async function verifyCode(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const body = await readJson(request, VerifyBody);
  const parsed = parseCode(body.code);
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  if (!(await selfServiceOpen(env)))
    return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed(rolloutPhase(await loadRollout(env.db))), 'code');

  const settled = await settle(env, user.id, 'code');
  if (settled.failure) return settled.failure;
  const { snapshot } = settled;
  const state = linkingStatus(snapshot);
  // The code had been accepted before an interruption, and the link is now finished: that is this request's answer.
  if (state === 'linked' && settled.resumed) return json(await linkStatusOf(env, user, snapshot));
  if (state === 'linked') return hrmProblem(409, 'already_linked', MESSAGES.alreadyLinked, 'code');
  if (state !== 'code_sent' || !snapshot.context.email) return hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  const email = snapshot.context.email;
  // The admin may have changed the allowed domains, or someone else linked this email, since the code was sent.
  await checkEmailFor(env, user.id, email, 'code', 'self');

  const event: LinkingEvent = { type: 'VERIFY', codeHash: await sha256Hex(parsed.value), now: now(env) };
  if (!snapshot.can(event)) return hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  const next = await commitLinking(env, user.id, event, (before, after, draft) => {
    if (after.context.failedAttempts > before.context.failedAttempts)
      draft.audit(
        auditEntry(
          env,
          'code_incorrect',
          `Wrong verification code for ${email} (${after.context.failedAttempts} of ${MAX_CODE_ATTEMPTS})`,
          {
            actor: user.id,
            subject: user.id,
          },
        ),
      );
  });
  if (!next) {
    // Another request took the code first (a double click on Verify): its outcome is this one's too.
    const raced = await settle(env, user.id, 'code');
    if (linkingStatus(raced.snapshot) === 'linked') return json(await linkStatusOf(env, user, raced.snapshot));
    return raced.failure ?? hrmProblem(409, 'no_code_sent', MESSAGES.noCodeSent, 'code');
  }

  if (linkingStatus(next) === 'linking') {
    const outcome = await finishLink(env, user.id, next, user.id, 'code');
    return outcome.ok ? json(await linkStatusOf(env, user, outcome.snapshot)) : outcome.response;
  }
  switch (next.context.lastError) {
    case 'code_expired':
      return hrmProblem(422, 'code_expired', MESSAGES.codeExpired, 'code');
    case 'code_attempts_exceeded':
      return hrmProblem(422, 'code_attempts_exceeded', MESSAGES.codeAttemptsExceeded, 'code');
    case 'code_superseded':
      return hrmProblem(422, 'code_superseded', MESSAGES.codeSuperseded(email), 'code');
    default:
      return hrmProblem(422, 'code_incorrect', MESSAGES.codeIncorrect(MAX_CODE_ATTEMPTS - next.context.failedAttempts), 'code');
  }
}

/**
 * Removes a user's link (R10), by the user themself or by an admin with the Users view. A pending
 * code or link is simply cancelled. Connect is told after the HRM has unlinked; if it does not answer, the HRM stays
 * unlinked and the audit log says the notification failed. Undefined when there was nothing to remove.
 */
export async function removeLink(env: HrmEnv, userId: string, actor: StoredUser): Promise<LinkingSnapshot | undefined> {
  const { snapshot } = await settle(env, userId);
  const state = linkingStatus(snapshot);
  const subject = (await env.directory()).get(userId)!;
  const byAdmin = actor.id !== userId;

  if (state === 'code_sent' || state === 'link_sent') {
    const what = state === 'code_sent' ? 'code' : 'link';
    return commitLinking(env, userId, { type: 'CANCEL' }, (_b, _a, draft) => {
      if (byAdmin)
        draft.audit(
          auditEntry(env, 'unlinked', `${actor.name} cancelled the pending verification ${what} of ${subject.name}`, {
            actor: actor.id,
            subject: userId,
          }),
        );
    });
  }
  if (state !== 'linked') return undefined;

  const { email, connectAccountId } = snapshot.context;
  const entries: AuditRow[] = [
    auditEntry(
      env,
      'unlinked',
      byAdmin
        ? `${actor.name} removed the Connect connection of ${subject.name} (${email}, Connect account ${connectAccountId})`
        : `${subject.name} unlinked ${email} (Connect account ${connectAccountId})`,
      { actor: actor.id, subject: userId },
    ),
  ];
  const next = await commitLinking(env, userId, { type: 'UNLINK', now: now(env) }, (_b, _a, draft) => draft.audit(...entries));
  if (!next) return undefined;

  if (connectAccountId) {
    const tenant = await loadTenant(env.db);
    const told = await unlinkAtConnect(env.ctx, tenant.hrmClientSecret, connectAccountId);
    if (!told.ok)
      await env.db.audit.add(
        auditEntry(
          env,
          'unlink_notification_failed',
          `Connect was not told that account ${connectAccountId} is no longer linked: ${told.reason}`,
          {
            actor: actor.id,
            subject: userId,
          },
        ),
      );
  }
  return next;
}

/** DELETE /api/me/connect → LinkStatus (unlinked). During preparation the banner returns and the user links again. */
export async function unlink(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  if (!(await selfServiceOpen(env)))
    return hrmProblem(409, 'linking_closed', MESSAGES.linkingClosed(rolloutPhase(await loadRollout(env.db))));
  const next = await removeLink(env, user.id, user);
  if (!next) return hrmProblem(409, 'not_linked', MESSAGES.notLinked);
  return json(await linkStatusOf(env, user, next));
}
