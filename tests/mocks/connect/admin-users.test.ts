// Tests the admin portal's Users tab API: the organisation's accounts only (its domains), in order, paged,
// searched by name or email and filtered by status, each with its status, linked apps, last login and admin flag —
// and the same answers at 17,000 accounts, read from indexes.
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type AdminUsersPage } from '../../../src/contracts/connect';
import { ConnectDb, type AccountRow } from '../../../mocks/servers/connect/db';
import { newAccount } from '../../../mocks/servers/connect/rules';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, adminUser, failLogins, KARIN, signedInAdmin } from './admin-support';
import { asClient, body, CONNECT, expectProblem, login } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };

async function users(admin: TestBrowser, query = ''): Promise<AdminUsersPage> {
  const response = await adminApi(admin, `/users${query ? `?${query}` : ''}`);
  expect(response.status).toBe(200);
  return body<AdminUsersPage>(response);
}

function link(world: TestWorld, email: string, name: string): Promise<Response> {
  return asClient(world, '/api/accounts/link', { method: 'POST', body: { email, name, externalUserId: email } });
}

describe('GET /api/admin/users', () => {
  it('lists the accounts at the organisation’s domains by email, with status, apps, last login and who is an administrator', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    await link(world, 'anna.svensson@company.com', 'Anna Svensson');
    await link(world, 'anna.svensson@gmail.com', 'Anna Svensson');
    await link(world, ERIK.email, 'Erik Johansson');
    await login(world.browser(), ERIK.email, ERIK.password);
    const loggedInAt = world.now();

    const page = await users(karin);
    expect(page).toMatchObject({ q: '', filter: 'all', offset: 0, limit: 25, total: 3 });
    expect(page.users.map((u) => [u.email, u.status, u.apps, u.isAdmin])).toEqual([
      ['anna.svensson@company.com', 'no_password', ['HRM'], false],
      [ERIK.email, 'active', ['Expense', 'HRM'], false],
      [KARIN.email, 'active', [], true],
    ]);
    expect(page.users[1]!.lastLoginAt).toBe(loggedInAt);
    expect(page.users[0]!.lastLoginAt).toBeNull();
  });

  it('searches names and emails by the beginnings of their words, folding å, ä and ö; pages with offset and limit', async ({ world }) => {
    const karin = await signedInAdmin(world);
    for (const [email, name] of [
      ['viktor.hakansson@company.com', 'Viktor Håkansson'],
      ['alva.sjoberg@company.com', 'Alva Sjöberg'],
      ['oskar.lund+hrm@company.com', 'Oskar Lund'],
      ['elin.persson@company.com', 'Elin Persson'],
    ] as const)
      await link(world, email, name);

    expect((await users(karin, 'q=h%C3%A5kan')).users.map((u) => u.email)).toEqual(['viktor.hakansson@company.com']);
    expect((await users(karin, 'q=SJOB')).users.map((u) => u.name)).toEqual(['Alva Sjöberg']);
    expect((await users(karin, 'q=hrm')).users.map((u) => u.email)).toEqual(['oskar.lund+hrm@company.com']);
    expect((await users(karin, 'q=erik%20joh')).users.map((u) => u.email)).toEqual([ERIK.email]);
    expect((await users(karin, 'q=karin.berg%40comp')).users.map((u) => u.email)).toEqual([KARIN.email]);
    expect((await users(karin, 'q=zzz')).total).toBe(0);

    const first = await users(karin, 'limit=2');
    const second = await users(karin, 'limit=2&offset=2');
    const third = await users(karin, 'limit=2&offset=4');
    expect([first.total, second.total, third.total]).toEqual([6, 6, 6]);
    expect([...first.users, ...second.users, ...third.users].map((u) => u.email)).toEqual([
      'alva.sjoberg@company.com',
      'elin.persson@company.com',
      ERIK.email,
      KARIN.email,
      'oskar.lund+hrm@company.com',
      'viktor.hakansson@company.com',
    ]);
  });

  it('filters the blocked and the locked', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await link(world, 'elin.persson@company.com', 'Elin Persson');
    const elin = await adminUser(karin, 'elin.persson@company.com');
    await adminApi(karin, `/users/${elin.id}/block`, { method: 'POST' });
    await failLogins(world.browser(), ERIK.email, 10);
    await failLogins(world.browser(), 'nobody@company.com', 10);
    expect((await users(karin, 'filter=blocked')).users.map((u) => [u.email, u.status])).toEqual([['elin.persson@company.com', 'blocked']]);
    expect((await users(karin, 'filter=locked')).users.map((u) => [u.email, u.status])).toEqual([[ERIK.email, 'locked']]);
    expect((await users(karin, 'filter=locked&q=karin')).total).toBe(0);
    await expectProblem(await adminApi(karin, '/users?filter=everyone'), 400, 'invalid_request', 'filter');
    await expectProblem(await adminApi(karin, '/users?limit=1000'), 400, 'invalid_request', 'limit');
  });

  it('the Users page renders the same query the address bar holds', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const page = await karin.navigate(`${CONNECT}/admin/users?q=erik&offset=0`);
    expect(page.outcome).toMatchObject({
      kind: 'page',
      page: {
        view: CONNECT_VIEWS.adminUsers,
        data: {
          shell: { tab: 'users' },
          page: { q: 'erik', total: 1, users: [{ email: ERIK.email }] },
          lockout: { maxFailures: 10, windowMinutes: 15, lockMinutes: 15 },
        },
      },
    });
  });
});

describe('the Users tab at 17,000 accounts', () => {
  it('counts, pages to the end and searches from indexes', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const db = new ConnectDb(world.workspace.id);
    const at = world.now();
    const rows: AccountRow[] = [];
    for (let i = 0; i < 17_000; i++) {
      const n = String(i).padStart(5, '0');
      const domain = i % 10 === 0 ? 'gmail.com' : 'company.com';
      rows.push(
        newAccount({
          id: `acc_bulk${n}`,
          email: `person.${n}@${domain}`,
          name: `Person ${n}`,
          createdAt: at,
          apps: ['HRM'],
          externalIds: {},
        }),
      );
    }
    await db.accounts.bulkAdd(rows);
    db.close();

    const first = await users(karin);
    // 15,300 company.com accounts, plus Erik and Karin; the gmail.com ones are not the organisation's.
    expect(first.total).toBe(15_302);
    expect(first.users.map((u) => u.email).slice(0, 3)).toEqual([ERIK.email, KARIN.email, 'person.00001@company.com']);
    const last = await users(karin, 'offset=15300');
    expect(last.users.map((u) => u.email)).toEqual(['person.16998@company.com', 'person.16999@company.com']);
    expect((await users(karin, 'q=16998')).users.map((u) => u.email)).toEqual(['person.16998@company.com']);
    expect((await users(karin, 'q=person%2016')).total).toBe(900);
  });
});
