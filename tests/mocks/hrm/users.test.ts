import { describe, expect } from 'vitest';
import type { HrmVerifyEmailPageData, UserDetail, UserListPage } from '../../../src/contracts/hrm';
import type { PageBody } from '../../../src/contracts/wire';
import { DAY } from '../../../src/domain/clock';
import { LINK_TTL_MS } from '../../../machines/linking';
import { createTestWorld, type TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, inbox, link, readMessage, signIn, signInThroughConnect, userId, WEB } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
  app = HRM;
});

/** The web app's address: the old one until the move, the new one after it (R18). */
let app: string = HRM;

const users = async (browser: TestBrowser, query = '') => {
  const response = await browser.api(`${HRM}/api/users${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return body<UserListPage>(response);
};
const detail = async (id: string) => body<UserDetail>(await karin.api(`${app}/api/users/${id}`));
const sendLink = (id: string, email?: string) =>
  karin.api(`${app}/api/users/${id}/verification-email`, { body: email === undefined ? {} : { email } });

/** The link in the newest "Verify your email address for Connect" mail to `email`. */
async function linkIn(browser: TestBrowser, email: string): Promise<string> {
  const mail = (await inbox(browser, email)).messages.find((m) => m.subject === 'Verify your email address for Connect');
  expect(mail, `a verification link mail to ${email}`).toBeDefined();
  const text = (await readMessage(browser, mail!.id)).text;
  const url = /https:\/\/(?:web\.)?hrm\.test\/verify-email\?token=\S+/.exec(text)?.[0];
  expect(url, text).toBeDefined();
  return url!;
}

async function open(browser: TestBrowser, url: string): Promise<HrmVerifyEmailPageData> {
  const result = await browser.navigate(url);
  return (result.outcome as { page: PageBody<HrmVerifyEmailPageData> }).page.data;
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

describe('GET /api/users (the Users view)', () => {
  it('lists everyone with their state, counts each state, and pages', async () => {
    const page = await users(karin, '?limit=10');
    expect(page).toMatchObject({ total: 30, offset: 0, limit: 10, sort: 'name', dir: 'asc' });
    expect(page.rows).toHaveLength(10);
    expect(page.counts).toEqual({ all: 30, not_linked: 27, not_started: 27, code_sent: 0, link_sent: 0, linked: 0, timeclock_only: 3 });
    expect(page.rows.map((r) => r.name)).toEqual([...page.rows.map((r) => r.name)].sort((a, b) => a.localeCompare(b, 'sv')));
    const next = await users(karin, '?limit=10&offset=10');
    expect(next.rows[0]!.name).not.toBe(page.rows[0]!.name);
    const sara = (await users(karin, '?q=sara')).rows;
    expect(sara.map((r) => r.name)).toEqual(['Sara Nilsson']);
    expect(sara[0]).toMatchObject({
      loginId: '10005',
      state: 'not_started',
      timeclockOnly: false,
      connectEmail: null,
      passwordSet: null,
      employments: [{ status: 'parental_leave' }],
    });
  });

  it('filters by state (R8: who has and has not verified) and shows linked users with their Connect email', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    const linked = await users(karin, '?status=linked');
    expect(linked.rows.map((r) => [r.name, r.connectEmail, r.passwordSet])).toEqual([
      ['Anna Svensson', 'anna.svensson@company.com', false],
    ]);
    expect(linked.counts).toMatchObject({ linked: 1, not_linked: 26 });
    const notLinked = await users(karin, '?status=not_linked&limit=100');
    expect(notLinked.total).toBe(26);
    expect(notLinked.rows.some((r) => r.timeclockOnly || r.state === 'linked')).toBe(false);
    expect((await users(karin, '?status=timeclock_only')).rows.map((r) => r.name).sort()).toEqual([
      'Axel Nyström',
      'Fredrik Forsberg',
      'Pekka Virtanen',
    ]);
    // Anna logged in, so her last login is known.
    expect(linked.rows[0]!.lastLoginAt).toBe(world.now());
  });

  it('sorts by any column both ways, and narrows by department', async () => {
    const byLogin = await users(karin, '?sort=loginId&dir=desc&limit=3');
    expect(byLogin.rows.map((r) => r.loginId)).toEqual(['10122', '10121', '10120']);
    const finance = await users(karin, '?department=Finance&limit=100');
    expect(finance.rows.every((r) => r.employments.some((e) => e.department === 'Finance'))).toBe(true);
    expect(finance.departments).toContain('Finance');
  });

  it('refuses a bad parameter by name, and is for admins only', async ({ world }) => {
    await expectProblem(await karin.api(`${HRM}/api/users?status=verified`), 400, 'invalid_request', 'status');
    await expectProblem(await karin.api(`${HRM}/api/users?sort=salary`), 400, 'invalid_request', 'sort');
    await expectProblem(await karin.api(`${HRM}/api/users?limit=0`), 400, 'invalid_request', 'limit');
    await expectProblem(await (await signIn(world, 'anna')).api(`${HRM}/api/users`), 403, 'forbidden');
    await expectProblem(await world.browser().api(`${HRM}/api/users`), 401, 'unauthenticated');
  });
});

describe('Send verification email (R16: the admin path sends a link)', () => {
  it('sends Sara a link; she opens it without logging in, confirms, and is linked', async ({ world }) => {
    const sara = await userId(world, 'sara');
    const response = await sendLink(sara, 'sara.nilsson@gmail.com');
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await body<UserDetail>(response)).toMatchObject({
      state: 'link_sent',
      connectEmail: 'sara.nilsson@gmail.com',
      link: { method: 'link', email: 'sara.nilsson@gmail.com', sentAt: world.now(), expiresAt: world.now() + LINK_TTL_MS },
    });

    const phone = world.browser('sara');
    const url = await linkIn(phone, 'sara.nilsson@gmail.com');
    // Opening the link changes nothing (a mail scanner may follow it): it asks to confirm.
    expect(await open(phone, url)).toMatchObject({ state: 'ready', email: 'sara.nilsson@gmail.com', name: 'Sara Nilsson' });
    expect((await detail(sara)).state).toBe('link_sent');

    const confirmed = await phone.api(`${HRM}/api/verify-email`, { body: { token: tokenOf(url) } });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    expect(await body<HrmVerifyEmailPageData>(confirmed)).toMatchObject({ state: 'verified', email: 'sara.nilsson@gmail.com' });
    expect(await detail(sara)).toMatchObject({ state: 'linked', connectEmail: 'sara.nilsson@gmail.com', link: { method: 'link' } });
    // Clicked twice: the same answer, nothing linked twice.
    expect(await body<HrmVerifyEmailPageData>(await phone.api(`${HRM}/api/verify-email`, { body: { token: tokenOf(url) } }))).toMatchObject(
      { state: 'verified' },
    );
    expect(await open(phone, url)).toMatchObject({ state: 'verified' });
  });

  it('several sends are allowed: the newest link wins, the earlier one says so (R16)', async ({ world }) => {
    const sara = await userId(world, 'sara');
    await sendLink(sara, 'sara.nilsson@gmail.com');
    const phone = world.browser('sara');
    const first = await linkIn(phone, 'sara.nilsson@gmail.com');
    await world.advance(DAY);
    karin = await signIn(world, 'karin');
    expect((await sendLink(sara)).status).toBe(200);
    const second = await linkIn(phone, 'sara.nilsson@gmail.com');
    expect(second).not.toBe(first);
    expect(await open(phone, first)).toMatchObject({ state: 'superseded' });
    await expectProblem(await phone.api(`${HRM}/api/verify-email`, { body: { token: tokenOf(first) } }), 409, 'link_superseded');
    expect((await phone.api(`${HRM}/api/verify-email`, { body: { token: tokenOf(second) } })).status).toBe(200);
  });

  it('a link expires after its validity, at the exact moment', async ({ world }) => {
    const sara = await userId(world, 'sara');
    await sendLink(sara, 'sara.nilsson@gmail.com');
    const phone = world.browser('sara');
    const url = await linkIn(phone, 'sara.nilsson@gmail.com');
    await world.advance(LINK_TTL_MS - 1);
    expect(await open(phone, url)).toMatchObject({ state: 'ready' });
    await world.advance(1);
    expect(await open(phone, url)).toMatchObject({ state: 'expired' });
    await expectProblem(await phone.api(`${HRM}/api/verify-email`, { body: { token: tokenOf(url) } }), 410, 'link_expired');
  });

  it('a forged or altered link is refused, and says nothing about the user', async ({ world }) => {
    const sara = await userId(world, 'sara');
    await sendLink(sara, 'sara.nilsson@gmail.com');
    const phone = world.browser('sara');
    const token = tokenOf(await linkIn(phone, 'sara.nilsson@gmail.com'));
    const [job, user, mac] = token.split('.');
    const anna = await userId(world, 'anna');
    for (const forged of [`${job}.${anna}.${mac}`, `${job}.${user}.${mac!.slice(0, -2)}xx`, 'nonsense', '']) {
      await expectProblem(await phone.api(`${HRM}/api/verify-email`, { body: { token: forged } }), 404, 'link_invalid');
      expect(await open(phone, `${HRM}/verify-email?token=${encodeURIComponent(forged)}`)).toMatchObject({
        state: 'invalid',
        email: null,
        name: null,
      });
    }
    expect((await detail(anna)).state).toBe('not_started');
  });

  it('falls back to the Connect email, then the first suggestion; refuses what cannot be linked, at the email field', async ({ world }) => {
    const johan = await userId(world, 'johan');
    expect(await body<UserDetail>(await sendLink(johan))).toMatchObject({ state: 'link_sent', link: { email: 'johan.ek@company.com' } });

    const lena = await userId(world, 'lena');
    await expectProblem(await sendLink(lena), 422, 'no_email', 'email');
    await expectProblem(await sendLink(lena, 'not an address'), 422, 'email_malformed', 'email');
    await expectProblem(await sendLink(await userId(world, 'pekka'), 'pekka@company.com'), 409, 'timeclock_only_user', 'email');

    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await expectProblem(await sendLink(await userId(world, 'anna'), 'anna.svensson@gmail.com'), 409, 'already_linked', 'email');
    // R7: Anna's linked address cannot be verified for Lena.
    await expectProblem(await sendLink(lena, 'anna.svensson@company.com'), 409, 'email_in_use', 'email');
    // R6 holds for the admin's path too.
    await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } });
    await expectProblem(await sendLink(lena, 'lena.holm@gmail.com'), 422, 'domain_not_allowed', 'email');
  });

  it('entering a Connect email keeps each address to one user, and audits the change', async ({ world }) => {
    const lena = await userId(world, 'lena');
    const put = (id: string, email: string) => karin.api(`${HRM}/api/users/${id}/connect-email`, { method: 'PUT', body: { email } });
    expect(await body<UserDetail>(await put(lena, 'Lena.Holm@Gmail.com'))).toMatchObject({
      connectEmail: 'lena.holm@gmail.com',
      state: 'not_started',
      cannotSend: null,
    });
    await expectProblem(await put(await userId(world, 'anna'), 'lena.holm@gmail.com'), 409, 'email_in_use', 'email');
    const history = (await detail(lena)).history;
    expect(history[0]).toMatchObject({
      type: 'connect_email_changed',
      actor: { name: 'Karin Berg' },
      detail: 'Karin Berg set the Connect email of Lena Holm to lena.holm@gmail.com',
    });
  });

  it('is refused in setup, where linking has not opened', async ({ world, onTestFinished }) => {
    await world.close();
    const { demoTenantInSetup } = await import('../../../mocks/templates/demo-tenant');
    world = await createTestWorld({ template: demoTenantInSetup });
    onTestFinished(() => world.close());
    karin = await signIn(world, 'karin');
    await expectProblem(await sendLink(await userId(world, 'sara'), 'sara.nilsson@gmail.com'), 409, 'linking_closed', 'email');
    expect((await detail(await userId(world, 'sara'))).cannotSend).toContain('preparation phase');
  });
});

describe('Remove connection (R10)', () => {
  it('an admin removes a linked user’s connection; during preparation the banner returns for them', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    const id = await userId(world, 'anna');
    const removed = await karin.api(`${HRM}/api/users/${id}/connect`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await body<UserDetail>(removed)).toMatchObject({ state: 'not_started', connectEmail: null, canRemoveConnection: false });
    const start = await anna.navigate(`${HRM}/`);
    expect((start.outcome as { page: PageBody<{ showPreparationBanner: boolean }> }).page.data.showPreparationBanner).toBe(true);
    expect((await detail(id)).history[0]).toMatchObject({
      type: 'unlinked',
      detail: expect.stringContaining('Karin Berg removed the Connect connection of Anna Svensson'),
    });
    await expectProblem(await karin.api(`${HRM}/api/users/${id}/connect`, { method: 'DELETE' }), 409, 'not_linked');
  });

  it('after activation the admin removes the private address and sends a link to the company one (R17)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    await link(karin, 'karin.berg@company.com');
    await world.workspace.clock.jumpToNextEvent();
    karin = await signInThroughConnect(world, 'karin', 'karin.berg@company.com');
    app = WEB;
    const id = await userId(world, 'anna');
    expect((await karin.api(`${WEB}/api/users/${id}/connect`, { method: 'DELETE' })).status).toBe(200);
    expect((await sendLink(id, 'anna.svensson@company.com')).status).toBe(200);
    const phone = world.browser('anna-phone');
    const url = await linkIn(phone, 'anna.svensson@company.com');
    expect((await readMessage(phone, (await inbox(phone, 'anna.svensson@company.com')).messages[0]!.id)).text).toContain(
      'HRM now uses Connect for logging in',
    );
    // The link is at the new address: the old one only says where the HRM moved.
    expect(url.startsWith(`${WEB}/verify-email?token=`)).toBe(true);
    expect((await phone.api(`${WEB}/api/verify-email`, { body: { token: tokenOf(url) } })).status).toBe(200);
    expect(await detail(id)).toMatchObject({ state: 'linked', connectEmail: 'anna.svensson@company.com' });
  });
});

describe('a changed email (R17)', () => {
  it('a new address entered while a link is pending gets the new link; the old address’s link is superseded', async ({ world }) => {
    const sara = await userId(world, 'sara');
    await sendLink(sara, 'sara.nilsson@gmail.com');
    const response = await sendLink(sara, 'sara.nilsson@company.com');
    expect(await body<UserDetail>(response)).toMatchObject({
      state: 'link_sent',
      connectEmail: 'sara.nilsson@company.com',
      link: { email: 'sara.nilsson@company.com' },
    });
    const phone = world.browser('sara');
    const fresh = await linkIn(phone, 'sara.nilsson@company.com');
    const old = (await inbox(phone, 'sara.nilsson@gmail.com')).messages.filter(
      (m) => m.subject === 'Verify your email address for Connect',
    );
    expect(old).toHaveLength(1);
    expect(await open(phone, await linkIn(phone, 'sara.nilsson@gmail.com'))).toMatchObject({ state: 'superseded' });
    expect(await open(phone, fresh)).toMatchObject({ state: 'ready', email: 'sara.nilsson@company.com' });
  });
});
