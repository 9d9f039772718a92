// Owns the brokered sign-in (R22): GET /connect/sso/start sends the browser to the organisation's identity provider,
// GET /connect/sso/callback finishes — the account found by its link to the provider's user, else linked by email at a
// verified domain the provider serves (R24), else created without a password — and signs in: the provider's own MFA
// stands for Connect's second step (R21), otherwise Connect's policy asks for one. A "Test connection" run's callback
// completes the run's steps and goes back to the admin portal.
import { CONNECT_VIEWS, type ConnectErrorPageData } from '../../../../src/contracts/connect';
import type { SsoFailure, SsoTestStep } from '../../../../src/contracts/connect-sso';
import { parseEmail } from '../../../../src/domain/email';
import { describeStorageFailure } from '../../../shared/storage-failure';
import { page, redirect } from '../../../shared/http';
import type { AccountRow, AuditRow, IdentityProviderRow, SessionRow, SsoSignInRow } from '../db';
import { auditEntry, now, type ConnectEnv } from '../env';
import { newAccount, safeReturnTo } from '../rules';
import { newSession, sessionCookie } from '../session';
import { pendingSignInCookie, secondStepFor } from '../two-factor/pending';
import { PENDING_SIGN_IN_TTL_MS, TWO_FACTOR_TOKEN_BYTES, upstreamDidMfa } from '../two-factor/rules';
import { secondStepView } from '../two-factor/sign-in';
import { sha256Hex } from '../../../shared/crypto';
import { finishSsoSignIn, recordTestSteps, startSsoSignIn, type SsoIdentity } from './relying-party';
import { providerForEmail, loginAgainUrl } from './routing';
import { SSO_MESSAGES, userMessage } from './rules';

/** Where the admin portal shows a "Test connection" run. */
export function testRunPath(providerId: string, testId: string): string {
  return `/admin/identity-providers/${encodeURIComponent(providerId)}/test/${encodeURIComponent(testId)}`;
}

/** Connect's sign-in error page: what went wrong, and the login page to start again from. */
function ssoErrorPage(code: ConnectErrorPageData['code'], message: string, retryUrl: string, status = 400): Response {
  return page<ConnectErrorPageData>(CONNECT_VIEWS.error, 'Sign-in error', { code, message, retryUrl }, { status });
}

/**
 * GET /connect/sso/start?provider=…&return_to=…&email=… The provider must serve the email's verified domain and be
 * switched on (R24: an email at a domain it does not serve never goes there, nor anything typed with it); then the
 * sign-in is stored by its state and the browser goes to the provider's authorization endpoint.
 */
export async function ssoStartPage(env: ConnectEnv, request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const returnTo = safeReturnTo(query.get('return_to'));
  const typed = parseEmail(query.get('email') ?? '');
  const email = typed.ok ? typed.value : null;
  const retry = loginAgainUrl(returnTo, email);
  const provider = await env.db.identityProviders.get(query.get('provider') ?? '');
  if (!provider) return ssoErrorPage('invalid_request', SSO_MESSAGES.providerUnknown, retry);
  if (!provider.enabled) return ssoErrorPage('sso_unavailable', SSO_MESSAGES.providerDisabled(provider.name), retry, 403);
  if (email === null || (await providerForEmail(env, email))?.id !== provider.id) {
    return ssoErrorPage(
      'email_domain_not_assigned',
      SSO_MESSAGES.emailNotServed(email ?? query.get('email') ?? '', provider.name),
      retry,
      403,
    );
  }
  const started = await startSsoSignIn(env, provider, { purpose: 'sign_in', returnTo, email });
  if (!started.ok) {
    await refusedAudit(env, provider, email, null, started.failure, started.steps);
    return ssoErrorPage(started.failure, userMessage(started.failure, provider.name), retry, 502);
  }
  return redirect(started.url);
}

/** The audit entry of a refused brokered sign-in, with the failed step's own words. */
async function refusedAudit(
  env: ConnectEnv,
  provider: IdentityProviderRow | null,
  email: string | null,
  accountId: string | null,
  failure: SsoFailure | 'account_blocked',
  steps: SsoTestStep[],
): Promise<void> {
  const detail = steps.find((s) => !s.ok)?.detail ?? failure.replace(/_/g, ' ');
  await env.db.audit.add(
    auditEntry(
      env,
      'sso.refused',
      `Single sign-on${provider ? ` with ${provider.name}` : ''} refused${email ? ` for ${email}` : ''} (${failure}): ${detail}`,
      {
        accountId,
        email,
      },
    ),
  );
}

/**
 * GET /connect/sso/callback?code=…&state=… (or ?error=…&state=…). A test run goes back to the admin portal with its
 * steps; a user's sign-in ends signed in (on to return_to), at the second step, or on the sign-in error page.
 */
export async function ssoCallbackPage(env: ConnectEnv, request: Request): Promise<Response> {
  const result = await finishSsoSignIn(env, new URL(request.url));
  const signIn = result.signIn;
  if (signIn?.purpose === 'test') return finishTest(env, signIn, result.provider, result.ok ? result.steps : null);

  const returnTo = signIn?.returnTo ?? null;
  const retry = loginAgainUrl(returnTo, signIn?.email ?? null);
  if (!result.ok) {
    await refusedAudit(env, result.provider, signIn?.email ?? null, null, result.failure, result.steps);
    return ssoErrorPage(result.failure, userMessage(result.failure, result.provider?.name ?? 'your identity provider'), retry);
  }
  return signInBrokered(env, request, result.provider, result.identity, safeReturnTo(returnTo), retry);
}

/**
 * A test run's end: the callback's steps added after the run's first ones when all passed (a failure recorded them
 * already), audited, and back to the run's page in the admin portal, which shows its steps.
 */
async function finishTest(
  env: ConnectEnv,
  signIn: SsoSignInRow,
  provider: IdentityProviderRow | null,
  passedSteps: SsoTestStep[] | null,
): Promise<Response> {
  const run = signIn.testId ? await env.db.ssoTests.get(signIn.testId) : undefined;
  if (run && passedSteps) await recordTestSteps(env, run.id, [...run.steps, ...passedSteps], true);
  const finished = run ? await env.db.ssoTests.get(run.id) : undefined;
  if (provider) {
    const failedStep = finished?.steps.find((s) => !s.ok);
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.tested',
        failedStep
          ? `Test connection of ${provider.name} failed at ${failedStep.step}: ${failedStep.detail}`
          : `Test connection of ${provider.name} passed`,
        { actorId: run?.actorId ?? null },
      ),
    );
  }
  return redirect(testRunPath(signIn.providerId, signIn.testId ?? ''));
}

type Resolved = { kind: 'account'; account: AccountRow; how: 'linked' | 'created' | 'known' } | { kind: 'blocked'; account: AccountRow };

/**
 * Inside the sign-in's transaction: the account of the provider's user (R22). Its link by the provider's `sub` first;
 * else the account with the email (the caller checked that the provider serves the email's verified domain, R24),
 * linked; else a new account without a password. A blocked account stays blocked (R25).
 */
async function resolveAccount(
  env: ConnectEnv,
  provider: IdentityProviderRow,
  identity: SsoIdentity,
  newId: string,
  at: number,
): Promise<Resolved> {
  const link = await env.db.federatedIdentities.get([provider.id, identity.subject]);
  const linked = link ? await env.db.accounts.get(link.accountId) : undefined;
  if (linked) {
    if (linked.blockedAt !== null) return { kind: 'blocked', account: linked };
    await env.db.federatedIdentities.update([provider.id, identity.subject], { lastSignInAt: at });
    return { kind: 'account', account: linked, how: 'known' };
  }
  const existing = await env.db.accounts.where('email').equals(identity.email).first();
  if (existing?.blockedAt !== null && existing !== undefined) return { kind: 'blocked', account: existing };
  const account =
    existing ??
    newAccount({
      id: newId,
      email: identity.email,
      name: identity.name ?? identity.email,
      createdAt: at,
      apps: [],
      externalIds: {},
    });
  if (!existing) await env.db.accounts.add(account);
  await env.db.federatedIdentities.put({
    providerId: provider.id,
    subject: identity.subject,
    accountId: account.id,
    email: identity.email,
    linkedAt: at,
    lastSignInAt: at,
  });
  return { kind: 'account', account, how: existing ? 'linked' : 'created' };
}

/** The audit entries of a sign-in's account: linked to the provider's user, or created for it. */
function accountEntries(
  env: ConnectEnv,
  provider: IdentityProviderRow,
  resolved: Resolved & { kind: 'account' },
  identity: SsoIdentity,
): AuditRow[] {
  const who = { accountId: resolved.account.id, email: resolved.account.email };
  if (resolved.how === 'created')
    return [
      auditEntry(env, 'sso.account_created', `Account ${resolved.account.email} created at the first sign-in with ${provider.name}`, who),
    ];
  if (resolved.how === 'linked')
    return [
      auditEntry(
        env,
        'sso.account_linked',
        `Account ${resolved.account.email} linked to its ${provider.name} user (${identity.subject})`,
        who,
      ),
    ];
  return [];
}

/**
 * Signs the provider's user in, all or nothing in one transaction (the account, its link, the session and the audit):
 * a full disk leaves no account half made. With the provider's MFA in `amr`, or no second step asked, straight on
 * to `returnTo`; otherwise the second step's page with a pending sign-in.
 */
async function signInBrokered(
  env: ConnectEnv,
  request: Request,
  provider: IdentityProviderRow,
  identity: SsoIdentity,
  returnTo: string,
  retry: string,
): Promise<Response> {
  const at = now(env);
  const mfa = upstreamDidMfa(identity.amr);
  const session = newSession(env, '', at, identity.amr, provider.id);
  const newId = `acc_${env.ctx.random.hex(8)}`;
  const pendingToken = env.ctx.random.hex(TWO_FACTOR_TOKEN_BYTES);
  const pendingHash = await sha256Hex(pendingToken);
  // The second step is decided against the account as it is before this sign-in; a new account has no factors.
  const before = await env.db.federatedIdentities.get([provider.id, identity.subject]);
  const known = before ? await env.db.accounts.get(before.accountId) : await env.db.accounts.where('email').equals(identity.email).first();
  const second = known
    ? await secondStepFor(env, request, known, { kind: 'sso', upstreamAmr: identity.amr }, at)
    : await secondStepFor(env, request, newAccountStandIn(identity), { kind: 'sso', upstreamAmr: identity.amr }, at);

  const tables = [env.db.accounts, env.db.federatedIdentities, env.db.sessions, env.db.pendingSignIns, env.db.audit];
  let outcome: Resolved & { session?: SessionRow };
  try {
    outcome = await env.db.transaction('rw', tables, async () => {
      const resolved = await resolveAccount(env, provider, identity, newId, at);
      if (resolved.kind === 'blocked') return resolved;
      for (const entry of accountEntries(env, provider, resolved, identity)) await env.db.audit.add(entry);
      const { account } = resolved;
      if (second.step !== 'none') {
        await env.db.pendingSignIns.add({
          tokenHash: pendingHash,
          accountId: account.id,
          amr: identity.amr,
          createdAt: at,
          expiresAt: at + PENDING_SIGN_IN_TTL_MS,
          brokeredBy: provider.id,
        });
        return resolved;
      }
      const started = { ...session, accountId: account.id };
      await env.db.sessions.add(started);
      await env.db.accounts.update(account.id, { lastLoginAt: at });
      await env.db.audit.add(
        auditEntry(
          env,
          'sso.login',
          `${account.name} signed in with ${provider.name}${mfa ? ' (multi-factor authentication at the provider)' : ''}`,
          { accountId: account.id, email: account.email },
        ),
      );
      return { ...resolved, session: started };
    });
  } catch (error) {
    const storage = await describeStorageFailure(error, 'the sign-in');
    if (!storage) throw error;
    return ssoErrorPage('access_denied', SSO_MESSAGES.storageFull, retry, storage.code === 'storage_full' ? 507 : 503);
  }

  if (outcome.kind === 'blocked') {
    await refusedAudit(env, provider, outcome.account.email, outcome.account.id, 'account_blocked', []);
    return ssoErrorPage('access_denied', SSO_MESSAGES.blocked, retry, 403);
  }
  if (outcome.session) return redirect(returnTo, [sessionCookie(outcome.session.id)]);
  // Answered here rather than by a redirect: the browser came from the provider's site, and the pending sign-in's
  // cookie (SameSite=Strict) would not go with a redirect that continues that cross-site navigation.
  return secondStepView(env, outcome.account, returnTo, at, [pendingSignInCookie(pendingToken)]);
}

/** What the second-step decision reads of an account not made yet: its email (the organisation's policy), no factors. */
function newAccountStandIn(identity: SsoIdentity): AccountRow {
  return newAccount({ id: '', email: identity.email, name: identity.name ?? identity.email, createdAt: 0, apps: [], externalIds: {} });
}
