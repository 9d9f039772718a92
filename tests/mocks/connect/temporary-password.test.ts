// Tests the temporary password an administrator sends (R27: "administrators can send a temporary password to a
// colleague"): drawn from the seeded random and mailed; it replaces the password, must be changed at the next login
// (a single-use ticket to the "choose a new password" step with the policy), works for 72 hours of world time, and
// is audited (R26).
import { describe, expect } from 'vitest';
import type { PasswordLoginResponse } from '../../../src/contracts/connect';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, adminUser, failLogins, signedInAdmin } from './admin-support';
import { auditLog, body, CONNECT, expectProblem, inbox, login, readMessage } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const HOUR = 3600_000;
const SUBJECT = 'Your temporary Connect password';

/** Karin sends Erik a temporary password; the password as his mail shows it. */
async function sendToErik(world: TestWorld, karin: TestBrowser): Promise<{ password: string; text: string }> {
  const id = (await adminUser(karin, ERIK.email)).id;
  const response = await adminApi(karin, `/users/${id}/temporary-password`, { method: 'POST' });
  expect(response.status).toBe(200);
  const mail = (await inbox(world.browser(), ERIK.email)).messages.find((m) => m.subject === SUBJECT);
  expect(mail).toBeDefined();
  const text = (await readMessage(world.browser(), mail!.id)).text;
  const password = /Temporary password: ([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})/.exec(text)?.[1];
  expect(password, text).toBeDefined();
  return { password: password!, text };
}

function change(browser: TestBrowser, token: string, password: string, confirmPassword = password, returnTo?: string): Promise<Response> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  return browser.api(`${CONNECT}/api/password/change${query}`, { body: { token, password, confirmPassword } });
}

async function changeToken(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const answer = await body<PasswordLoginResponse>(response);
  if (answer.next !== 'change_password') throw new Error(`Expected the change step, got ${JSON.stringify(answer)}`);
  expect(answer.policy.minLength).toBe(10);
  return answer.changeToken;
}

describe('POST /api/admin/users/:accountId/temporary-password', () => {
  it('mails Erik a temporary password that replaces his own; signing in with it leads to choosing a new one, which signs him in', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const { password, text } = await sendToErik(world, karin);
    expect(text).toContain('Karin Berg, an administrator of Demo Company');
    expect(text).toContain('https://connect.test/login?email=erik.johansson%40company.com');
    expect(await adminUser(karin, ERIK.email)).toMatchObject({ status: 'active', temporaryPasswordExpiresAt: world.now() + 72 * HOUR });

    const erik = world.browser('erik');
    await expectProblem(await login(erik, ERIK.email, ERIK.password), 401, 'invalid_credentials');
    const token = await changeToken(await login(erik, ERIK.email, password, '/account?from=temp'));
    // No session before the new password is chosen.
    expect(erik.jar.toJSON()).toEqual([]);
    await expectProblem(await erik.api(`${CONNECT}/api/me`), 401, 'unauthenticated');

    await expectProblem(await change(erik, token, 'short'), 422, 'password_policy', 'password');
    await expectProblem(await change(erik, token, password), 422, 'password_policy', 'password');
    await expectProblem(
      await change(erik, token, 'my own new passphrase', 'my own new passphrase!'),
      422,
      'password_mismatch',
      'confirmPassword',
    );
    const changed = await change(erik, token, 'my own new passphrase', 'my own new passphrase', '/account?from=temp');
    expect(await body(changed)).toEqual({ redirectTo: '/account?from=temp' });
    expect(await body(await erik.api(`${CONNECT}/api/me`))).toMatchObject({ email: ERIK.email, passwordChangedAt: world.now() });

    // Single use: neither the ticket nor the temporary password works again.
    await expectProblem(await change(erik, token, 'yet another passphrase'), 410, 'token_used', 'token');
    await expectProblem(await login(world.browser(), ERIK.email, password), 401, 'invalid_credentials');
    expect((await login(world.browser(), ERIK.email, 'my own new passphrase')).status).toBe(200);
    expect(await adminUser(karin, ERIK.email)).toMatchObject({ temporaryPasswordExpiresAt: null, lastLoginAt: world.now() });

    const types = (await auditLog(world)).filter((a) => a.email === ERIK.email).map((a) => a.type);
    expect(types).toEqual(['email.temporary_password', 'login.failed', 'password.changed', 'login', 'login.failed', 'login']);
    const sent = (await auditLog(world)).find((a) => a.type === 'email.temporary_password');
    expect(sent?.detail).toBe('Karin Berg sent a temporary password to erik.johansson@company.com, valid for 72 hours');
  });

  it('stops working after 72 hours of world time: accepted at 71:59:59.999, refused like a wrong password at 72:00', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const { password } = await sendToErik(world, karin);
    await world.advance(72 * HOUR - 1);
    await changeToken(await login(world.browser(), ERIK.email, password));
    await world.advance(1);
    await expectProblem(await login(world.browser(), ERIK.email, password), 401, 'invalid_credentials');
    expect((await auditLog(world)).at(-1)?.detail).toContain('temporary password expired');
  });

  it('a ticket lasts 15 minutes, and a second sign-in with the temporary password replaces the first ticket', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const { password } = await sendToErik(world, karin);
    const first = await changeToken(await login(world.browser(), ERIK.email, password));
    const second = await changeToken(await login(world.browser(), ERIK.email, password));
    await expectProblem(await change(world.browser(), first, 'my own new passphrase'), 400, 'token_invalid', 'token');
    await world.advance(15 * 60_000);
    await expectProblem(await change(world.browser(), second, 'my own new passphrase'), 410, 'token_expired', 'token');
  });

  it('ends Erik’s Connect sessions and a lockout, like a reset', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const erik = world.browser('erik');
    expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);
    await failLogins(world.browser(), ERIK.email, 10);
    const { password } = await sendToErik(world, karin);
    await expectProblem(await erik.api(`${CONNECT}/api/me`), 401, 'unauthenticated');
    await changeToken(await login(world.browser(), ERIK.email, password));
    const entry = (await auditLog(world)).find((a) => a.type === 'email.temporary_password');
    expect(entry?.detail).toContain('(1 session ended)');
    expect((await auditLog(world)).some((a) => a.type === 'account.unlocked' && a.detail.includes('temporary password'))).toBe(true);
  });

  it('the same seed gives the same temporary password (QA replays)', async ({ world, onTestFinished }) => {
    const first = (await sendToErik(world, await signedInAdmin(world))).password;
    await world.close();
    world = await createTestWorld();
    onTestFinished(() => world.close());
    expect((await sendToErik(world, await signedInAdmin(world))).password).toBe(first);
  });
});
