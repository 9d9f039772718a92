// Tests the admin portal's audit log (R26: "who logged in and when, as well as whether emails — such as
// password reset emails — have been sent"): newest first, filtered by user, by category and by time, paged, with the
// administrator who acted; for administrators only.
import { describe, expect } from 'vitest';
import type { AdminAuditPage } from '../../../src/contracts/connect';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, adminUser, failLogins, KARIN, signedInAdmin } from './admin-support';
import { body, expectProblem, login, requestReset } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const MINUTE = 60_000;

async function audit(query: string, admin: TestBrowser): Promise<AdminAuditPage> {
  const response = await adminApi(admin, `/audit?${query}`);
  expect(response.status).toBe(200);
  return body<AdminAuditPage>(response);
}

describe('GET /api/admin/audit', () => {
  it('shows who logged in and when, failures, lockouts, blocks and the emails sent, newest first, with the acting administrator', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const start = world.now();
    await world.advance(MINUTE);
    await login(world.browser(), ERIK.email, ERIK.password);
    await world.advance(MINUTE);
    await failLogins(world.browser(), ERIK.email, 10);
    await world.advance(MINUTE);
    await requestReset(world.browser(), ERIK.email);
    const erikId = (await adminUser(karin, ERIK.email)).id;
    await adminApi(karin, `/users/${erikId}/block`, { method: 'POST' });

    const all = await audit('', karin);
    expect(all.entries[0]).toMatchObject({ type: 'account.blocked', email: ERIK.email, actor: { name: 'Karin Berg' } });
    expect(all.entries.at(-1)).toMatchObject({ type: 'email.admin_activation', email: KARIN.email, at: start, actor: null });
    expect(all.total).toBe(all.entries.length);
    for (let i = 1; i < all.entries.length; i++) expect(all.entries[i - 1]!.at).toBeGreaterThanOrEqual(all.entries[i]!.at);

    const logins = await audit('category=logins', karin);
    expect(logins.entries.map((e) => [e.type, e.email, e.at])).toEqual([
      ['login', ERIK.email, start + MINUTE],
      ['login', KARIN.email, start],
    ]);
    expect((await audit('category=failures', karin)).total).toBe(10);
    expect((await audit('category=lockouts', karin)).entries.map((e) => e.type)).toEqual(['account.locked']);
    expect((await audit('category=emails', karin)).entries.map((e) => [e.type, e.email])).toEqual([
      ['email.password_reset', ERIK.email],
      ['email.admin_activation', KARIN.email],
    ]);
    expect((await audit('category=blocks', karin)).entries.map((e) => e.detail)).toEqual([
      'Karin Berg blocked erik.johansson@company.com: 1 session ended, 0 app grants revoked',
    ]);
  });

  it('filters by user (a whole email or its beginning) and by time, combined with a category', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const t0 = world.now();
    await world.advance(10 * MINUTE);
    await login(world.browser(), ERIK.email, ERIK.password);
    await world.advance(10 * MINUTE);
    await login(world.browser(), ERIK.email, ERIK.password);
    await failLogins(world.browser(), ERIK.email, 1);

    const erik = await audit(`user=${encodeURIComponent(ERIK.email)}`, karin);
    expect(erik.entries.map((e) => e.type)).toEqual(['login.failed', 'login', 'login']);
    expect((await audit('user=ERIK.JOH', karin)).total).toBe(3);
    expect((await audit(`user=${encodeURIComponent(ERIK.email)}&category=logins`, karin)).total).toBe(2);

    const window = await audit(`from=${t0 + 5 * MINUTE}&to=${t0 + 15 * MINUTE}`, karin);
    expect(window.entries.map((e) => [e.type, e.at])).toEqual([['login', t0 + 10 * MINUTE]]);
    const loginsSince = await audit(`category=logins&from=${t0 + 20 * MINUTE}`, karin);
    expect(loginsSince.entries.map((e) => e.at)).toEqual([t0 + 20 * MINUTE]);
  });

  it('pages through the log: offset and limit over the same order, with the total', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await failLogins(world.browser(), 'someone@gmail.com', 7);
    const first = await audit('category=failures&limit=3', karin);
    const second = await audit('category=failures&limit=3&offset=3', karin);
    const third = await audit('category=failures&limit=3&offset=6', karin);
    expect([first.total, second.total, third.total]).toEqual([7, 7, 7]);
    const ids = [...first.entries, ...second.entries, ...third.entries].map((e) => e.id);
    expect(ids).toHaveLength(7);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const everything = await audit('limit=2&offset=1', karin);
    expect(everything.entries.map((e) => e.id)).toEqual((await audit('limit=3', karin)).entries.slice(1).map((e) => e.id));
  });

  it('refuses an unknown category with 400 at the field, and anyone who is not an administrator', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await expectProblem(await adminApi(karin, '/audit?category=secrets'), 400, 'invalid_request', 'category');
    await expectProblem(await adminApi(world.browser(), '/audit'), 401, 'unauthenticated');
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    await expectProblem(await adminApi(erik, '/audit'), 403, 'forbidden');
  });
});
