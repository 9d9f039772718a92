// Tests the brute-force protection of Connect's password login (issue "Connect IdP"): 10 failures within 15 minutes of
// world time lock the email for 15 minutes, the same for an email no account has; the lock's exact end; the admin's
// unlock; a password reset's unlock; the organisation's own settings; and the audit entries (R26).
import { describe, expect } from 'vitest';
import type { ProblemBody } from '../../../src/contracts/wire';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, adminUser, failLogins, signedInAdmin } from './admin-support';
import { auditLog, body, expectProblem, login, requestReset, reset } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const MINUTE = 60_000;

describe('POST /api/session lockout', () => {
  it('refuses 9 wrong passwords with the generic 401; the 10th locks with 429 too_many_attempts, and then even the right password is refused', async ({
    world,
  }) => {
    const browser = world.browser('erik');
    expect(await failLogins(browser, ERIK.email, 9)).toEqual(Array(9).fill(401));
    const tenth = await login(browser, ERIK.email, 'wrong-password-9');
    const problem = await expectProblem(tenth, 429, 'too_many_attempts');
    expect(problem.message).toBe('Too many attempts. Try again later or use “Forgot your password?”.');
    await expectProblem(await login(browser, ERIK.email, ERIK.password), 429, 'too_many_attempts');
    expect(browser.jar.toJSON()).toEqual([]);

    const entries = (await auditLog(world)).filter((a) => a.email === ERIK.email);
    expect(entries.map((a) => a.type)).toEqual([...Array(10).fill('login.failed'), 'account.locked', 'login.failed']);
    expect(entries[10]!.detail).toBe('erik.johansson@company.com is locked for 15 minutes after 10 failed logins within 15 minutes');
    expect(entries[11]!.detail).toContain('locked after too many attempts');
  });

  it('answers an email no account has exactly as an existing one, attempt for attempt (the lock never tells)', async ({ world }) => {
    const answers = async (world: TestWorld, email: string) => {
      const out: Array<{ status: number; body: ProblemBody }> = [];
      for (let i = 0; i < 11; i++) {
        const response = await login(world.browser(), email, `wrong-password-${i}`);
        out.push({ status: response.status, body: await body<ProblemBody>(response) });
      }
      return out;
    };
    const existing = await answers(world, ERIK.email);
    const unknown = await answers(world, 'nobody.here@company.com');
    expect(unknown).toEqual(existing);
    expect(existing.map((a) => a.status)).toEqual([...Array(9).fill(401), 429, 429]);
  });

  it('counts only the failures of the last 15 minutes: one exactly 15 minutes old is out', async ({ world }) => {
    const browser = world.browser('erik');
    await failLogins(browser, ERIK.email, 5);
    await world.advance(10 * MINUTE);
    await failLogins(browser, ERIK.email, 4);
    await world.advance(5 * MINUTE);
    // The first five are exactly 15 minutes old: four count, and this one makes five.
    expect(await failLogins(browser, ERIK.email, 1)).toEqual([401]);
    expect(await failLogins(browser, ERIK.email, 4)).toEqual([401, 401, 401, 401]);
    expect(await failLogins(browser, ERIK.email, 1)).toEqual([429]);
  });

  it('ends the lock after exactly 15 minutes of world time: refused at 14:59.999, signed in at 15:00', async ({ world }) => {
    const browser = world.browser('erik');
    await failLogins(browser, ERIK.email, 10);
    await world.advance(15 * MINUTE - 1);
    await expectProblem(await login(browser, ERIK.email, ERIK.password), 429, 'too_many_attempts');
    await world.advance(1);
    expect((await login(browser, ERIK.email, ERIK.password)).status).toBe(200);
  });

  it('starts counting afresh after a successful login', async ({ world }) => {
    const browser = world.browser('erik');
    await failLogins(browser, ERIK.email, 9);
    expect((await login(browser, ERIK.email, ERIK.password)).status).toBe(200);
    expect(await failLogins(browser, ERIK.email, 9)).toEqual(Array(9).fill(401));
  });

  it('a successful password reset unlocks the email, and says so in the audit log', async ({ world }) => {
    const browser = world.browser('erik');
    await failLogins(browser, ERIK.email, 10);
    const { token } = await requestReset(browser, ERIK.email);
    expect((await reset(browser, token, 'a brand new passphrase')).status).toBe(200);
    expect((await login(browser, ERIK.email, 'a brand new passphrase')).status).toBe(200);
    const unlocked = (await auditLog(world)).filter((a) => a.type === 'account.unlocked');
    expect(unlocked.map((a) => a.detail)).toEqual(['erik.johansson@company.com was unlocked by a password reset']);
  });
});

describe('the administrator and the lockout', () => {
  it('Karin sees Erik locked until when, unlocks him in one action, and he signs in', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const erik = world.browser('erik');
    await failLogins(erik, ERIK.email, 10);
    const locked = await adminUser(karin, ERIK.email);
    expect(locked).toMatchObject({ status: 'locked', lockedUntil: world.now() + 15 * MINUTE });
    const listed = await body<{ users: Array<{ email: string }>; total: number }>(await adminApi(karin, '/users?filter=locked'));
    expect(listed.users.map((u) => u.email)).toEqual([ERIK.email]);

    const unlock = await adminApi(karin, `/users/${locked.id}/unlock`, { method: 'POST' });
    expect(await body(unlock)).toMatchObject({ user: { email: ERIK.email, status: 'active', lockedUntil: null } });
    expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);

    const entry = (await auditLog(world)).find((a) => a.type === 'account.unlocked');
    expect(entry).toMatchObject({
      detail: 'Karin Berg unlocked erik.johansson@company.com',
      email: ERIK.email,
      actorId: expect.stringMatching(/^acc_/),
    });
  });

  it('the organisation’s own settings apply to its domain; other domains keep Connect’s defaults', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const saved = await adminApi(karin, '/lockout', { method: 'PUT', body: { maxFailures: 3, windowMinutes: 5, lockMinutes: 30 } });
    expect(await body(saved)).toEqual({ maxFailures: 3, windowMinutes: 5, lockMinutes: 30 });
    expect(await failLogins(world.browser(), ERIK.email, 3)).toEqual([401, 401, 429]);
    await world.advance(30 * MINUTE - 1);
    expect((await login(world.browser(), ERIK.email, ERIK.password)).status).toBe(429);
    await world.advance(1);
    expect((await login(world.browser(), ERIK.email, ERIK.password)).status).toBe(200);

    expect(await failLogins(world.browser(), 'someone@gmail.com', 10)).toEqual([...Array(9).fill(401), 429]);
    const changed = (await auditLog(world)).find((a) => a.type === 'organisation.lockout_changed');
    expect(changed?.detail).toBe('Karin Berg set the lockout to 3 failed logins within 5 minutes, locking for 30 minutes');
  });

  it('refuses settings outside their limits with 400 at the field', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await expectProblem(
      await adminApi(karin, '/lockout', { method: 'PUT', body: { maxFailures: 1, windowMinutes: 5, lockMinutes: 30 } }),
      400,
      'invalid_request',
      'maxFailures',
    );
    await expectProblem(
      await adminApi(karin, '/lockout', { method: 'PUT', body: { maxFailures: 5, windowMinutes: 5, lockMinutes: 2.5 } }),
      400,
      'invalid_request',
      'lockMinutes',
    );
  });
});
