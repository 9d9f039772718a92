// Owns where the admin's verification link lands (R16: "The user will now receive a link to click on to
// verify their email address. When the user has verified their email address, the user is linked"): the page shows
// the address and a "Confirm email" button — opening a link changes nothing, so a mail scanner following it is harmless —
// and confirming links the user through the linking machine. No session is needed: after activation the user cannot
// log in yet (R16), and the link itself proves the inbox.
import { z } from 'zod';
import { linkingStatus, type LinkingSnapshot } from '../../../machines/linking';
import { rolloutPhase } from '../../../machines/rollout';
import { HRM_VIEWS, type HrmVerifyEmailPageData, type VerifyEmailState } from '../../../src/contracts/hrm';
import { json, page, readJson } from '../../shared/http';
import { hrmProblem, now, type HrmEnv } from './env';
import { verifyLinkToken } from './jobs';
import { checkEmailFor, commitLinking, finishLink, settle } from './link';
import { CONNECT_ACCOUNT_SETTINGS_URL, MESSAGES } from './rules';
import { loadRollout, loadTenant } from './store';

const ConfirmBody = z.object({ token: z.string().max(400) });

/** What the token's link can do now, without changing anything. */
function stateOf(snapshot: LinkingSnapshot, jobId: string, at: number): VerifyEmailState {
  const status = linkingStatus(snapshot);
  const { context } = snapshot;
  if (status === 'linked') return context.linkRequestId === jobId ? 'verified' : 'already_linked';
  if ((status === 'link_sent' || status === 'linking') && context.linkRequestId === jobId) {
    return context.linkExpiresAt !== null && at >= context.linkExpiresAt ? 'expired' : 'ready';
  }
  // A newer code or link replaced this one, or the journey was cancelled.
  return 'superseded';
}

const STATE_MESSAGES: Partial<Record<VerifyEmailState, string>> = {
  invalid: MESSAGES.linkInvalid,
  expired: MESSAGES.linkExpired,
  superseded: MESSAGES.linkSuperseded,
  already_linked: MESSAGES.linkAlreadyUsed,
};

async function pageData(
  env: HrmEnv,
  token: string,
  state: VerifyEmailState,
  userId: string | null,
  email: string | null,
): Promise<HrmVerifyEmailPageData> {
  const tenant = await loadTenant(env.db);
  const user = userId ? (await env.directory()).get(userId) : undefined;
  return {
    tenantName: tenant.name,
    phase: rolloutPhase(await loadRollout(env.db)),
    state,
    token,
    email,
    name: user?.name ?? null,
    message: STATE_MESSAGES[state] ?? null,
    connectAccountSettingsUrl: CONNECT_ACCOUNT_SETTINGS_URL,
  };
}

/** GET /verify-email?token=… → the page ("Confirm email", or why the link cannot be used). */
export async function verifyEmailPage(env: HrmEnv, request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const verified = token ? await verifyLinkToken(env, token) : null;
  if (!verified)
    return page(HRM_VIEWS.verifyEmail, 'Verify your email', await pageData(env, token, 'invalid', null, null), { status: 404 });
  const { snapshot } = await settle(env, verified.userId);
  const state = stateOf(snapshot, verified.jobId, now(env));
  const email = state === 'superseded' ? null : snapshot.context.email;
  return page(HRM_VIEWS.verifyEmail, 'Verify your email', await pageData(env, token, state, verified.userId, email));
}

/**
 * POST /api/verify-email {token} → HrmVerifyEmailPageData (verified). The link must be the newest one sent to the
 * user (R16: several can be sent) and unexpired; the allowed domains and R7 are checked again at this moment.
 */
export async function confirmEmail(env: HrmEnv, request: Request): Promise<Response> {
  const { token } = await readJson(request, ConfirmBody);
  const verified = await verifyLinkToken(env, token);
  if (!verified) return hrmProblem(404, 'link_invalid', MESSAGES.linkInvalid);
  const { userId, jobId } = verified;

  const settled = await settle(env, userId);
  if (settled.failure) return settled.failure;
  const state = stateOf(settled.snapshot, jobId, now(env));
  if (state === 'verified') return json(await pageData(env, token, 'verified', userId, settled.snapshot.context.email));
  if (state === 'already_linked') return hrmProblem(409, 'already_linked', MESSAGES.linkAlreadyUsed);
  if (state === 'superseded') return hrmProblem(409, 'link_superseded', MESSAGES.linkSuperseded);
  if (state === 'expired') return hrmProblem(410, 'link_expired', MESSAGES.linkExpired);

  const email = settled.snapshot.context.email!;
  await checkEmailFor(env, userId, email, 'token', 'self');
  const accepted = await commitLinking(env, userId, { type: 'CONFIRM_LINK', requestId: jobId, now: now(env) });
  if (!accepted || linkingStatus(accepted) !== 'linking') {
    // A second click raced this one, or the link expired at this very moment: what is stored now is the answer.
    const after = await settle(env, userId);
    const stateNow = stateOf(after.snapshot, jobId, now(env));
    if (stateNow === 'verified') return json(await pageData(env, token, 'verified', userId, after.snapshot.context.email));
    return hrmProblem(
      409,
      stateNow === 'expired' ? 'link_expired' : 'link_superseded',
      STATE_MESSAGES[stateNow] ?? MESSAGES.linkSuperseded,
    );
  }
  const outcome = await finishLink(env, userId, accepted, userId);
  if (!outcome.ok) return outcome.response;
  return json(await pageData(env, token, 'verified', userId, email));
}
