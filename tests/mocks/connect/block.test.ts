// Tests blocking and unblocking an account in the admin portal (R25: "with a single action in Connect,
// access is revoked across all connected systems … unblocking accounts is also fast"): Erik's tokens at the HRM
// (confidential, with a refresh token) and at Expense (public) stop at once, his browser is signed out, his password is
// refused like a wrong one; one action unblocks him and he signs in again. After activation, the HRM and Expense apps
// themselves sign a blocked user out on their next page.
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type AdminUserResponse } from '../../../src/contracts/connect';
import type { ExpenseWelcomePageData } from '../../../src/contracts/expense';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, adminUser, KARIN, signedInAdmin } from './admin-support';
import { auditLog, body, expectProblem, login } from './support';
import { link, openPage, setConnectPassword, signIn, signInAtConnect } from '../hrm/support';
import {
  authorizationUrl,
  codeFor,
  ERIK,
  EXPENSE,
  expectOAuthError,
  HRM,
  pkce,
  tokenRequest,
  userinfoRequest,
  visit,
  type TokenBody,
} from './oidc-support';

/** The HRM's web app after the move (R18), where people open it from activation on. */
const HRM_ORIGIN = 'https://web.hrm.test';
const EXPENSE_ORIGIN = 'https://expense.test';
const ANNA = { email: 'anna.svensson@company.com', password: 'midnight orchard lantern' };

/** Erik signs in once at the HRM (the login page) and gets into Expense by single sign-on: tokens of both. */
async function erikInBothApps(world: TestWorld, erik: TestBrowser): Promise<{ hrm: TokenBody; expense: TokenBody }> {
  const hrmCode = await codeFor(world, erik, HRM);
  const hrm = await body<TokenBody>(
    await tokenRequest(world, { grant_type: 'authorization_code', code: hrmCode, redirect_uri: HRM.redirect_uri }),
  );
  const { verifier, challenge } = await pkce();
  const sso = await visit(
    world,
    erik,
    authorizationUrl(EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256' }),
    EXPENSE.redirect_uri,
  );
  const expenseCode = sso.callback?.searchParams.get('code');
  expect(expenseCode, 'Expense gets a code by single sign-on, without a password').toBeTruthy();
  const expense = await body<TokenBody>(
    await tokenRequest(
      world,
      {
        grant_type: 'authorization_code',
        code: expenseCode!,
        redirect_uri: EXPENSE.redirect_uri,
        client_id: 'expense',
        code_verifier: verifier,
      },
      null,
    ),
  );
  expect(hrm.refresh_token).toBeDefined();
  expect(expense.refresh_token).toBeUndefined();
  return { hrm, expense };
}

describe('POST /api/admin/users/:accountId/block', () => {
  it('revokes Erik’s access in both apps at once; unblocking is one action and he signs in again', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const erik = world.browser('erik');
    const { hrm, expense } = await erikInBothApps(world, erik);
    for (const token of [hrm.access_token, expense.access_token]) expect((await userinfoRequest(world, token)).status).toBe(200);

    const erikId = (await adminUser(karin, ERIK.email)).id;
    const blocked = await body<AdminUserResponse>(await adminApi(karin, `/users/${erikId}/block`, { method: 'POST' }));
    expect(blocked.user).toMatchObject({ email: ERIK.email, status: 'blocked', blockedAt: world.now() });

    // Both applications' access tokens: 401 invalid_token.
    for (const token of [hrm.access_token, expense.access_token]) {
      const response = await userinfoRequest(world, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    // The HRM's refresh token: invalid_grant.
    await expectOAuthError(
      await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: hrm.refresh_token! }),
      400,
      'invalid_grant',
    );
    // A new authorization asks for a sign-in: his Connect session has ended.
    const again = await visit(world, erik, authorizationUrl(HRM, { state: 'after-block' }), HRM.redirect_uri);
    expect(again.page?.view).toBe(CONNECT_VIEWS.login);
    expect((await erik.navigate('https://connect.test/account')).outcome).toMatchObject({
      kind: 'page',
      page: { view: CONNECT_VIEWS.login },
    });
    // And the sign-in is refused like a wrong password: nothing tells that the account is blocked.
    const refused = await expectProblem(await login(erik, ERIK.email, ERIK.password), 401, 'invalid_credentials');
    expect(refused.message).toBe('The email or password is incorrect.');

    const unblocked = await body<AdminUserResponse>(await adminApi(karin, `/users/${erikId}/unblock`, { method: 'POST' }));
    expect(unblocked.user).toMatchObject({ status: 'active', blockedAt: null });
    expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);
    const code = await codeFor(world, erik, HRM);
    const fresh = await body<TokenBody>(
      await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri }),
    );
    expect(await (await userinfoRequest(world, fresh.access_token)).json()).toMatchObject({ email: ERIK.email });
    // The tokens of before the block stay revoked.
    expect((await userinfoRequest(world, expense.access_token)).status).toBe(401);

    const entries = (await auditLog(world)).filter((a) => a.type === 'account.blocked' || a.type === 'account.unblocked');
    expect(entries.map((a) => [a.type, a.detail])).toEqual([
      ['account.blocked', 'Karin Berg blocked erik.johansson@company.com: 1 session ended, 2 app grants revoked'],
      ['account.unblocked', 'Karin Berg unblocked erik.johansson@company.com'],
    ]);
  });

  it('after activation, the HRM and the Expense app sign Anna out on their next page; after the unblock she signs in again', async ({
    world,
  }) => {
    await link(await signIn(world, 'anna'), ANNA.email);
    const karin = await signedInAdmin(world);
    // To the cutover, four weeks on: Karin's Connect session of today has long ended.
    await world.workspace.clock.jumpToNextEvent();
    await world.workspace.settled();
    expect((await login(karin, KARIN.email, KARIN.password)).status).toBe(200);
    const anna = world.browser('anna-after');
    await setConnectPassword(anna, ANNA.email, ANNA.password);
    await signInAtConnect(anna, await openPage(anna, `${HRM_ORIGIN}/`), ANNA.email, ANNA.password);
    expect((await openPage(anna, `${EXPENSE_ORIGIN}/auth/login`)).page.view).toBe('expense/home');
    expect((await openPage(anna, `${HRM_ORIGIN}/`)).page.view).toBe('hrm/start');

    const annaId = (await adminUser(karin, ANNA.email)).id;
    await adminApi(karin, `/users/${annaId}/block`, { method: 'POST' });
    expect((await openPage(anna, `${HRM_ORIGIN}/`)).page.view).toBe(CONNECT_VIEWS.login);
    const expense = await openPage<ExpenseWelcomePageData>(anna, `${EXPENSE_ORIGIN}/`);
    expect(expense.page.view).toBe('expense/welcome');
    expect(expense.page.data.message).toContain('Connect no longer accepts your sign-in');

    await adminApi(karin, `/users/${annaId}/unblock`, { method: 'POST' });
    const back = await signInAtConnect(anna, await openPage(anna, `${HRM_ORIGIN}/`), ANNA.email, ANNA.password);
    expect(back.page.view).toBe('hrm/start');
    expect((await openPage(anna, `${EXPENSE_ORIGIN}/auth/login`)).page.view).toBe('expense/home');
  });

  it('a code issued before the block cannot be exchanged after it', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const erik = world.browser('erik');
    const code = await codeFor(world, erik, HRM);
    await adminApi(karin, `/users/${(await adminUser(karin, ERIK.email)).id}/block`, { method: 'POST' });
    await expectOAuthError(
      await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri }),
      400,
      'invalid_grant',
    );
  });

  it('blocking twice changes nothing; nobody blocks themselves; accounts outside the organisation’s domains are not found', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const erikId = (await adminUser(karin, ERIK.email)).id;
    await adminApi(karin, `/users/${erikId}/block`, { method: 'POST' });
    expect((await adminApi(karin, `/users/${erikId}/block`, { method: 'POST' })).status).toBe(200);
    expect((await auditLog(world)).filter((a) => a.type === 'account.blocked')).toHaveLength(1);

    const karinId = (await adminUser(karin, KARIN.email)).id;
    await expectProblem(await adminApi(karin, `/users/${karinId}/block`, { method: 'POST' }), 409, 'own_account');

    // Anna's private address is linked by the HRM, but gmail.com is not the organisation's domain.
    const linked = await world.workspace.network.fetch(
      new Request('https://connect.test/api/accounts/link', {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(`hrm:${world.template.tenant.hrmClientSecret}`)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'anna.svensson@gmail.com', name: 'Anna Svensson', externalUserId: 'u1' }),
      }),
      { initiator: 'server:hrm.test' },
    );
    const { accountId } = await body<{ accountId: string }>(linked);
    await expectProblem(await adminApi(karin, `/users/${accountId}/block`, { method: 'POST' }), 404, 'not_found');
  });

  it('only an administrator may block: 401 signed out, 403 for an account that is not one', async ({ world }) => {
    await signedInAdmin(world);
    await expectProblem(await adminApi(world.browser(), '/users/acc_x/block', { method: 'POST' }), 401, 'unauthenticated');
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    await expectProblem(await adminApi(erik, '/users/acc_x/block', { method: 'POST' }), 403, 'forbidden');
  });
});
