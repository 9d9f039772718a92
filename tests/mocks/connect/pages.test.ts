// Tests Connect's pages as a virtual browser navigates them: the root and /account redirects, the login page's
// return_to sanitising and email prefill, the forgot-password page, the reset page for unknown links, and not-found.
import { describe, expect } from 'vitest';
import {
  CONNECT_VIEWS,
  type ConnectForgotPasswordPageData,
  type ConnectLoginPageData,
  type ConnectResetPasswordPageData,
} from '../../../src/contracts/connect';
import type { PageBody } from '../../../src/contracts/wire';
import { PASSWORD_POLICY } from '../../../src/domain/password';
import type { NavigationResult } from '../../../src/clients/navigation';
import { it } from '../../support/world-test';
import { CONNECT, expectProblem, login } from './support';

function pageOf<Data>(result: NavigationResult): PageBody<Data> {
  if (result.outcome.kind !== 'page') throw new Error(`Not a page: ${JSON.stringify(result.outcome)}`);
  return result.outcome.page as PageBody<Data>;
}

describe('GET / and GET /account', () => {
  it('/account sends a signed-out visitor to the login, which will bring them back', async ({ world }) => {
    const result = await world.browser().navigate(`${CONNECT}/`);
    expect(result.hops).toEqual([
      { url: `${CONNECT}/`, status: 302 },
      { url: `${CONNECT}/account`, status: 302 },
      { url: `${CONNECT}/login?return_to=%2Faccount`, status: 200 },
    ]);
    expect(pageOf<ConnectLoginPageData>(result)).toEqual({
      view: CONNECT_VIEWS.login,
      title: expect.any(String),
      data: { returnTo: '/account', email: null, sessionEnded: null },
    });
  });

  it('/account renders the account for a signed-in visitor, and /login sends them straight on', async ({ world }) => {
    const erik = world.browser('erik');
    await login(erik, 'erik.johansson@company.com', 'expense-erik-2024');
    expect(pageOf(await erik.navigate(`${CONNECT}/account`)).view).toBe(CONNECT_VIEWS.account);
    const again = await erik.navigate(`${CONNECT}/login?return_to=${encodeURIComponent('/account')}`);
    expect(again.hops.map((h) => h.status)).toEqual([302, 200]);
    expect(pageOf(again).view).toBe(CONNECT_VIEWS.account);
  });
});

describe('GET /login', () => {
  it('keeps a return_to that is a path on connect.test', async ({ world }) => {
    const page = pageOf<ConnectLoginPageData>(
      await world.browser().navigate(`${CONNECT}/login?return_to=${encodeURIComponent('/account?tab=apps')}`),
    );
    expect(page.data.returnTo).toBe('/account?tab=apps');
  });

  it('refuses an absolute external URL (and other hosts in disguise) and falls back to /account', async ({ world }) => {
    for (const bad of [
      'https://evil.test/steal',
      '//evil.test/steal',
      '/\\evil.test',
      'javascript:alert(1)',
      'https://connect.test/account',
    ]) {
      const page = pageOf<ConnectLoginPageData>(await world.browser().navigate(`${CONNECT}/login?return_to=${encodeURIComponent(bad)}`));
      expect(page.data.returnTo, bad).toBe('/account');
    }
  });

  it('prefills the email from ?email=', async ({ world }) => {
    const page = pageOf<ConnectLoginPageData>(
      await world.browser().navigate(`${CONNECT}/login?email=${encodeURIComponent(' Anna.Svensson@company.com')}`),
    );
    expect(page.data).toEqual({ returnTo: '/account', email: 'anna.svensson@company.com', sessionEnded: null });
  });
});

describe('GET /forgot-password', () => {
  it('renders with or without an email to prefill', async ({ world }) => {
    expect(pageOf<ConnectForgotPasswordPageData>(await world.browser().navigate(`${CONNECT}/forgot-password`))).toMatchObject({
      view: CONNECT_VIEWS.forgotPassword,
      title: 'Forgot your password?',
      data: { email: null },
    });
    const prefilled = await world.browser().navigate(`${CONNECT}/forgot-password?email=erik.johansson%40company.com`);
    expect(pageOf<ConnectForgotPasswordPageData>(prefilled).data).toEqual({ email: 'erik.johansson@company.com' });
  });
});

describe('GET /reset-password', () => {
  it('says "invalid" for a missing, malformed or unknown token, with the password policy', async ({ world }) => {
    for (const query of ['', '?token=abc', `?token=${'0'.repeat(64)}`]) {
      const page = pageOf<ConnectResetPasswordPageData>(await world.browser().navigate(`${CONNECT}/reset-password${query}`));
      expect(page).toMatchObject({ view: CONNECT_VIEWS.resetPassword, data: { state: 'invalid', email: null, policy: PASSWORD_POLICY } });
    }
  });
});

describe('other paths', () => {
  it('an unknown page answers the not-found view with 404', async ({ world }) => {
    const result = await world.browser().navigate(`${CONNECT}/nothing/here`);
    expect(result.status).toBe(404);
    expect(pageOf(result)).toMatchObject({ view: CONNECT_VIEWS.notFound, data: { path: '/nothing/here' } });
  });

  it('an unknown API answers 404 not_found', async ({ world }) => {
    await expectProblem(await world.browser().api(`${CONNECT}/api/nothing`), 404, 'not_found');
    await expectProblem(await world.browser().api(`${CONNECT}/api/session/nothing`, { body: {} }), 404, 'not_found');
  });
});
