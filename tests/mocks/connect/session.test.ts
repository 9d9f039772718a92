// Tests signing in to Connect (R20): the identifier step that never tells whether an account exists,
// the password step's generic failures, the session cookie, /api/me, logging out, and the audit of logins (R26).
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type ConnectAccount, type LinkAccountResponse } from '../../../src/contracts/connect';
import { it } from '../../support/world-test';
import { asClient, auditLog, body, CONNECT, expectProblem, login } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };

describe('POST /api/session/identify', () => {
  it('answers {next: "password"} alike for an existing account, an unknown email and a linked account without a password', async ({
    world,
  }) => {
    await asClient(world, '/api/accounts/link', {
      method: 'POST',
      body: { email: 'anna.svensson@company.com', name: 'Anna Svensson', externalUserId: 'u1' },
    });
    const answers = [];
    for (const email of [ERIK.email, 'nobody@company.com', 'anna.svensson@company.com']) {
      const response = await world.browser().api(`${CONNECT}/api/session/identify`, { body: { email } });
      answers.push({ status: response.status, body: await response.text() });
    }
    expect(answers).toEqual(Array(3).fill({ status: 200, body: JSON.stringify({ next: 'password' }) }));
  });

  it('refuses a malformed email with 422 email_malformed at the field, and an empty one with email_required', async ({ world }) => {
    const malformed = await world.browser().api(`${CONNECT}/api/session/identify`, { body: { email: 'erik.johansson' } });
    await expectProblem(malformed, 422, 'email_malformed', 'email');
    const empty = await world.browser().api(`${CONNECT}/api/session/identify`, { body: { email: ' ' } });
    await expectProblem(empty, 422, 'email_required', 'email');
  });
});

describe('POST /api/session', () => {
  it('signs Erik in, sets a browser-session connect_session cookie, and /account then renders his account', async ({ world }) => {
    const erik = world.browser('erik');
    const response = await login(erik, ERIK.email, ERIK.password);
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ redirectTo: '/account' });
    expect(erik.jar.toJSON()).toEqual([
      expect.objectContaining({ host: 'connect.test', name: 'connect_session', path: '/', expiresAt: null }),
    ]);
    const account = await erik.navigate(`${CONNECT}/account`);
    expect(account.outcome).toMatchObject({
      kind: 'page',
      page: {
        view: CONNECT_VIEWS.account,
        data: { account: { email: ERIK.email, name: 'Erik Johansson', hasPassword: true, apps: ['Expense'] } },
      },
    });
    const me = await body<ConnectAccount>(await erik.api(`${CONNECT}/api/me`));
    expect(me).toMatchObject({ email: ERIK.email, createdAt: world.now() });
  });

  it('accepts the email in any case and with spaces around it', async ({ world }) => {
    expect((await login(world.browser(), '  Erik.Johansson@COMPANY.com ', ERIK.password)).status).toBe(200);
  });

  it('sends the user back where they were going (return_to), but never to another host', async ({ world }) => {
    expect(await body(await login(world.browser(), ERIK.email, ERIK.password, '/account?tab=security'))).toEqual({
      redirectTo: '/account?tab=security',
    });
    for (const bad of ['https://evil.test/', '//evil.test/x', '/\\evil.test', 'account'])
      expect(await body(await login(world.browser(), ERIK.email, ERIK.password, bad))).toEqual({ redirectTo: '/account' });
  });

  it('refuses an unknown email, an account without a password yet and a wrong password with the same generic 401', async ({ world }) => {
    await asClient(world, '/api/accounts/link', {
      method: 'POST',
      body: { email: 'anna.svensson@company.com', name: 'Anna Svensson', externalUserId: 'u1' },
    });
    const attempts = [
      await login(world.browser(), 'nobody@company.com', 'some-password-1'),
      await login(world.browser(), 'anna.svensson@company.com', 'some-password-1'),
      await login(world.browser(), ERIK.email, 'not-his-password'),
    ];
    const bodies = [];
    for (const response of attempts) bodies.push(await expectProblem(response, 401, 'invalid_credentials'));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]!.message).toBe('The email or password is incorrect.');
    for (const response of attempts) expect(response.headers.get('x-sim-set-cookie')).toBeNull();

    // Only the audit log says which (R26).
    const failed = (await auditLog(world)).filter((a) => a.type === 'login.failed');
    expect(failed.map((a) => [a.email, a.detail])).toEqual([
      ['nobody@company.com', expect.stringContaining('no account')],
      ['anna.svensson@company.com', expect.stringContaining('no password set yet')],
      [ERIK.email, expect.stringContaining('wrong password')],
    ]);
  });

  it('asks for the password when it is empty, and validates the email', async ({ world }) => {
    await expectProblem(await login(world.browser(), ERIK.email, ''), 422, 'invalid_request', 'password');
    await expectProblem(await login(world.browser(), 'erik@', 'whatever-1'), 422, 'email_malformed', 'email');
  });

  it('records a successful login in the audit log with who and when (R26)', async ({ world }) => {
    await world.advance(5 * 60_000);
    await login(world.browser(), ERIK.email, ERIK.password);
    const [entry] = (await auditLog(world)).filter((a) => a.type === 'login');
    expect(entry).toMatchObject({ at: world.now(), email: ERIK.email, accountId: expect.stringMatching(/^acc_/) });
  });

  it('ends the session after 8 hours of world time', async ({ world }) => {
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    await world.advance(8 * 3600_000 - 1);
    expect((await erik.api(`${CONNECT}/api/me`)).status).toBe(200);
    await world.advance(1);
    await expectProblem(await erik.api(`${CONNECT}/api/me`), 401, 'unauthenticated');
  });
});

describe('GET /api/me', () => {
  it('answers 401 unauthenticated without a session', async ({ world }) => {
    await expectProblem(await world.browser().api(`${CONNECT}/api/me`), 401, 'unauthenticated');
  });
});

describe('DELETE /api/session and GET /logout', () => {
  it('DELETE ends the session and clears the cookie', async ({ world }) => {
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    const response = await erik.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    expect(await body(response)).toEqual({ redirectTo: '/login' });
    expect(erik.jar.toJSON()).toEqual([]);
    expect((await auditLog(world)).map((a) => a.type)).toEqual(['email.admin_activation', 'login', 'logout']);
  });

  it('/logout ends the session, clears the cookie and lands on the login page', async ({ world }) => {
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    const cookie = erik.jar.toJSON()[0]!.value;
    const result = await erik.navigate(`${CONNECT}/logout`);
    expect(result.hops.map((h) => [h.url, h.status])).toEqual([
      [`${CONNECT}/logout`, 302],
      [`${CONNECT}/login`, 200],
    ]);
    expect(result.outcome).toMatchObject({ kind: 'page', page: { view: CONNECT_VIEWS.login } });
    expect(erik.jar.toJSON()).toEqual([]);
    // The old cookie value no longer opens a session, even if a browser kept it.
    const replay = await world.workspace.network.fetch(
      new Request(`${CONNECT}/api/me`, { headers: { 'x-sim-cookie': `connect_session=${cookie}` } }),
      {
        initiator: 'test',
      },
    );
    expect(replay.status).toBe(401);
  });
});

describe('server-to-server link and sign-in together', () => {
  it('an account created by a link has no password and cannot sign in', async ({ world }) => {
    const { accountId } = await body<LinkAccountResponse>(
      await asClient(world, '/api/accounts/link', {
        method: 'POST',
        body: { email: 'lena.holm@gmail.com', name: 'Lena Holm', externalUserId: 'u7' },
      }),
    );
    expect(accountId).toMatch(/^acc_/);
    await expectProblem(await login(world.browser(), 'lena.holm@gmail.com', ''), 422, 'invalid_request', 'password');
    await expectProblem(await login(world.browser(), 'lena.holm@gmail.com', 'lena-password-1'), 401, 'invalid_credentials');
  });
});
