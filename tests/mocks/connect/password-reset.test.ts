// Tests self-service passwords (R27; R5: a linked account sets its first password this way):
// the generic answer of "Forgot your password?", the mail and its single-use 60-minute link, the reset page's states,
// the policy and confirmation, and what a reset ends (other links, sessions).
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type ConnectResetPasswordPageData, type LinkAccountResponse } from '../../../src/contracts/connect';
import type { PageBody } from '../../../src/contracts/wire';
import { MINUTE } from '../../../src/domain/clock';
import { PASSWORD_POLICY } from '../../../src/domain/password';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { asClient, auditLog, body, CONNECT, connectDb, expectProblem, inbox, login, requestReset, reset } from './support';

const ANNA = 'anna.svensson@company.com';
const ERIK = 'erik.johansson@company.com';

async function linkAnna(world: TestWorld): Promise<string> {
  const response = await asClient(world, '/api/accounts/link', {
    method: 'POST',
    body: { email: ANNA, name: 'Anna Svensson', externalUserId: 'usr_anna' },
  });
  return (await body<LinkAccountResponse>(response)).accountId;
}

async function resetPage(browser: TestBrowser, token: string): Promise<ConnectResetPasswordPageData> {
  const result = await browser.navigate(`${CONNECT}/reset-password?token=${token}`);
  if (result.outcome.kind !== 'page') throw new Error(JSON.stringify(result.outcome));
  const page = result.outcome.page as PageBody<ConnectResetPasswordPageData>;
  expect(page.view).toBe(CONNECT_VIEWS.resetPassword);
  return page.data;
}

describe('POST /api/password/forgot', () => {
  it('mails a single-use link to an existing account and answers 202 with the generic message', async ({ world }) => {
    await linkAnna(world);
    const anna = world.browser('anna');
    const response = await anna.api(`${CONNECT}/api/password/forgot`, { body: { email: ANNA } });
    expect(response.status).toBe(202);
    expect(await body(response)).toEqual({ message: `If an account exists for ${ANNA}, we've sent a link to reset the password.` });

    await anna.settled();
    const { messages } = await inbox(anna, ANNA);
    expect(messages).toHaveLength(1);
    const { link, message } = await requestReset(anna, ANNA);
    expect(message).toMatchObject({ to: ANNA, from: 'no-reply@connect.test', fromName: 'Connect', subject: 'Reset your Connect password' });
    expect(message.text).toContain('Hi Anna');
    expect(message.text).toContain(link);
    expect(message.text).toContain('The link is valid for 60 minutes and can be used once.');
    expect(message.text).toContain("If you didn't ask to reset your password, you can ignore this email.");
  });

  it('answers an unknown email exactly the same, and sends no mail', async ({ world }) => {
    const known = await world.browser().api(`${CONNECT}/api/password/forgot`, { body: { email: ERIK } });
    const unknown = await world.browser().api(`${CONNECT}/api/password/forgot`, { body: { email: 'nobody@company.com' } });
    expect(unknown.status).toBe(known.status);
    expect(await body(unknown)).toEqual({
      message: "If an account exists for nobody@company.com, we've sent a link to reset the password.",
    });
    expect([...unknown.headers.keys()].sort()).toEqual([...known.headers.keys()].sort());
    await world.workspace.settled();
    expect((await inbox(world.browser(), 'nobody@company.com')).messages).toEqual([]);
    expect((await inbox(world.browser(), ERIK)).messages).toHaveLength(1);
    // Only the real mail is in the audit log (R26).
    expect((await auditLog(world)).filter((a) => a.type === 'email.password_reset').map((a) => a.email)).toEqual([ERIK]);
  });

  it('delivers the mail of a plus-address account to the base inbox', async ({ world }) => {
    await asClient(world, '/api/accounts/link', {
      method: 'POST',
      body: { email: 'oskar.lund+hrm@company.com', name: 'Oskar Lund', externalUserId: 'u8' },
    });
    const { message } = await requestReset(world.browser('oskar'), 'oskar.lund+hrm@company.com');
    expect(message).toMatchObject({ mailbox: 'oskar.lund@company.com', to: 'oskar.lund+hrm@company.com' });
  });

  it('refuses a malformed email with 422 at the field', async ({ world }) => {
    await expectProblem(
      await world.browser().api(`${CONNECT}/api/password/forgot`, { body: { email: 'anna' } }),
      422,
      'email_malformed',
      'email',
    );
  });
});

describe('POST /api/password/reset', () => {
  it('sets the first password of a linked account: valid page → policy → mismatch → success → used → login', async ({ world }) => {
    await linkAnna(world);
    const anna = world.browser('anna');
    const { token } = await requestReset(anna, ANNA);

    expect(await resetPage(anna, token)).toEqual({ token, state: 'valid', email: ANNA, policy: PASSWORD_POLICY });

    const violations: Array<[string, string]> = [
      ['short-1', 'Use at least 10 characters (this one has 7)'],
      ['password123', 'This password is too common. Choose another one'],
      ['zzzzzzzzzzzz', 'A password cannot be one character repeated'],
      ['          ', 'A password cannot be only spaces'],
      ['anna.svensson-2026', 'Your password cannot contain your email address'],
      ['x'.repeat(64) + 'y'.repeat(65), 'Use at most 128 characters'],
    ];
    for (const [password, message] of violations) {
      const problem = await expectProblem(await reset(anna, token, password), 422, 'password_policy', 'password');
      expect(problem.message, password).toBe(message);
    }
    await expectProblem(
      await reset(anna, token, 'correct horse battery', 'correct horse batery'),
      422,
      'password_mismatch',
      'confirmPassword',
    );
    // None of the refusals used the link.
    expect((await resetPage(anna, token)).state).toBe('valid');

    const success = await reset(anna, token, 'correct horse battery');
    expect(success.status).toBe(200);
    expect(await body(success)).toEqual({ email: ANNA });

    expect((await resetPage(anna, token)).state).toBe('used');
    await expectProblem(await reset(anna, token, 'another fine phrase'), 410, 'token_used', 'token');

    expect((await login(anna, ANNA, 'another fine phrase')).status).toBe(401);
    const signedIn = await login(anna, ANNA, 'correct horse battery');
    expect(signedIn.status).toBe(200);
    const me = await body<{ hasPassword: boolean; passwordChangedAt: number }>(await anna.api(`${CONNECT}/api/me`));
    expect(me).toMatchObject({ hasPassword: true, passwordChangedAt: world.now() });
    expect((await auditLog(world)).map((a) => a.type)).toEqual([
      // R28: the workspace's first administrator got an activation mail when it started.
      'email.admin_activation',
      'account.created',
      'account.linked',
      'email.password_reset',
      'password.reset',
      'login.failed',
      'login',
    ]);
  });

  it('replaces Erik’s existing password and ends every session he had', async ({ world }) => {
    const laptop = world.browser('erik-laptop');
    const phone = world.browser('erik-phone');
    await login(laptop, ERIK, 'expense-erik-2024');
    await login(phone, ERIK, 'expense-erik-2024');
    const { token } = await requestReset(laptop, ERIK);
    expect((await reset(laptop, token, 'a brand new phrase')).status).toBe(200);
    await expectProblem(await laptop.api(`${CONNECT}/api/me`), 401, 'unauthenticated');
    await expectProblem(await phone.api(`${CONNECT}/api/me`), 401, 'unauthenticated');
    await expectProblem(await login(world.browser(), ERIK, 'expense-erik-2024'), 401, 'invalid_credentials');
    expect((await login(world.browser(), ERIK, 'a brand new phrase')).status).toBe(200);
    // The stale cookie is dropped when /account sends the laptop to the login.
    const result = await laptop.navigate(`${CONNECT}/account`);
    expect(result.hops.map((h) => h.status)).toEqual([302, 200]);
    expect(laptop.jar.toJSON()).toEqual([]);
  });

  it('a link is valid at 59:59 and expired at exactly 60:00 of world time', async ({ world }) => {
    await linkAnna(world);
    const anna = world.browser('anna');
    const { token } = await requestReset(anna, ANNA);
    await world.advance(60 * MINUTE - 1000);
    expect((await resetPage(anna, token)).state).toBe('valid');
    await world.advance(1000);
    expect(await resetPage(anna, token)).toMatchObject({ state: 'expired', email: ANNA });
    await expectProblem(await reset(anna, token, 'correct horse battery'), 410, 'token_expired', 'token');
  });

  it('a link still resets the password one millisecond before its 60 minutes are up', async ({ world }) => {
    await linkAnna(world);
    const anna = world.browser('anna');
    const { token } = await requestReset(anna, ANNA);
    await world.advance(60 * MINUTE - 1);
    expect((await reset(anna, token, 'correct horse battery')).status).toBe(200);
  });

  it('a second request invalidates the first link; the second one works', async ({ world }) => {
    await linkAnna(world);
    const anna = world.browser('anna');
    const first = await requestReset(anna, ANNA);
    await world.advance(2 * MINUTE);
    const second = await requestReset(anna, ANNA);
    expect(second.token).not.toBe(first.token);
    expect((await inbox(anna, ANNA)).messages.map((m) => m.id)).toEqual([second.message.id, first.message.id]);

    expect((await resetPage(anna, first.token)).state).toBe('invalid');
    await expectProblem(await reset(anna, first.token, 'correct horse battery'), 400, 'token_invalid', 'token');
    expect((await reset(anna, second.token, 'correct horse battery')).status).toBe(200);
  });

  it('refuses an unknown or malformed token with 400 token_invalid', async ({ world }) => {
    await expectProblem(await reset(world.browser(), 'f'.repeat(64), 'correct horse battery'), 400, 'token_invalid', 'token');
    await expectProblem(await reset(world.browser(), 'not-a-token', 'correct horse battery'), 400, 'token_invalid', 'token');
  });

  it('refuses a body without the required fields with 400 invalid_request', async ({ world }) => {
    await expectProblem(
      await world.browser().api(`${CONNECT}/api/password/reset`, { body: { token: 'x' } }),
      400,
      'invalid_request',
      'password',
    );
  });

  it('stores only the SHA-256 of a token, never the token', async ({ world }) => {
    await linkAnna(world);
    const { token } = await requestReset(world.browser(), ANNA);
    const db = connectDb(world);
    try {
      const rows = await db.resetTokens.toArray();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.tokenHash).not.toBe(token);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows[0]).toMatchObject({ createdAt: world.now(), expiresAt: world.now() + 60 * MINUTE, usedAt: null });
    } finally {
      db.close();
    }
  });
});
