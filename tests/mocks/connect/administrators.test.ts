// Tests the organisation's administrators (R28): the first one, named by the workspace template, gets an
// activation mail when the workspace is created; the single-use link sets a password and makes her an administrator;
// she grants access to a colleague by email and revokes it, and the organisation is never left without one.
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type AdministratorsPageData, type ConnectActivatePageData } from '../../../src/contracts/connect';
import { ManualClock } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ConnectDb } from '../../../mocks/servers/connect/db';
import { MailDb } from '../../../mocks/servers/mail/db';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { createTestWorld, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { activate, activationLink, ACTIVATION_SUBJECT, adminApi, adminUser, KARIN, signedInAdmin } from './admin-support';
import { auditLog, body, CONNECT, expectProblem, inbox, login, readMessage } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const DAY = 86_400_000;

const renew = (world: TestWorld, token: string) => world.browser().api(`${CONNECT}/api/activate/renew`, { body: { token } });

async function activatePage(world: TestWorld, url: string): Promise<ConnectActivatePageData> {
  const result = await world.browser().navigate(url);
  if (result.outcome.kind !== 'page') throw new Error(`Not a page: ${JSON.stringify(result.outcome)}`);
  expect(result.outcome.page.view).toBe(CONNECT_VIEWS.activate);
  return result.outcome.page.data as ConnectActivatePageData;
}

describe('the first administrator’s activation (R28)', () => {
  it('Karin, named by the template, gets an account without a password and one activation mail when the workspace is created', async ({
    world,
  }) => {
    const messages = (await inbox(world.browser(), KARIN.email)).messages.filter((m) => m.subject === ACTIVATION_SUBJECT);
    expect(messages).toHaveLength(1);
    const text = (await readMessage(world.browser(), messages[0]!.id)).text;
    expect(text).toContain('You have been named an administrator of Demo Company in Connect, for the account karin.berg@company.com.');
    expect(text).toContain('valid for 7 days');
    const entries = await auditLog(world);
    expect(entries.map((a) => [a.type, a.detail])).toEqual([
      ['email.admin_activation', 'Administrator activation email for Demo Company sent to karin.berg@company.com'],
    ]);
    await expectProblem(await login(world.browser(), KARIN.email, 'anything-at-all'), 401, 'invalid_credentials');
  });

  it('the link shows the page, refuses a weak password and a mismatch without using itself, then makes Karin an administrator once', async ({
    world,
  }) => {
    const link = await activationLink(world.browser(), KARIN.email);
    const token = new URL(link).searchParams.get('token')!;
    expect(await activatePage(world, link)).toMatchObject({
      state: 'valid',
      email: KARIN.email,
      organisationName: 'Demo Company',
      policy: { minLength: 10 },
    });
    await expectProblem(await activate(world.browser(), token, 'short'), 422, 'password_policy', 'password');
    await expectProblem(
      await activate(world.browser(), token, KARIN.password, 'something else'),
      422,
      'password_mismatch',
      'confirmPassword',
    );
    expect(await body(await activate(world.browser(), token, KARIN.password))).toEqual({
      email: KARIN.email,
      organisation: 'Demo Company',
    });

    expect((await activatePage(world, link)).state).toBe('used');
    await expectProblem(await activate(world.browser(), token, 'another passphrase'), 410, 'token_used', 'token');
    const karin = world.browser('karin');
    expect(await body(await login(karin, KARIN.email, KARIN.password, '/admin'))).toEqual({ redirectTo: '/admin' });
    const page = await karin.navigate(`${CONNECT}/admin`);
    expect(page.url).toBe(`${CONNECT}/admin/users`);
    expect(page.outcome).toMatchObject({
      kind: 'page',
      page: { view: CONNECT_VIEWS.adminUsers, data: { shell: { organisation: { name: 'Demo Company' }, admin: { email: KARIN.email } } } },
    });
    expect((await auditLog(world)).map((a) => a.type)).toContain('admin.activated');
  });

  it('expires after 7 days of world time: valid at 6 days 23:59:59.999, expired at 7 days', async ({ world }) => {
    const link = await activationLink(world.browser(), KARIN.email);
    await world.advance(7 * DAY - 1);
    expect((await activatePage(world, link)).state).toBe('valid');
    await world.advance(1);
    expect((await activatePage(world, link)).state).toBe('expired');
    await expectProblem(
      await activate(world.browser(), new URL(link).searchParams.get('token')!, KARIN.password),
      410,
      'token_expired',
      'token',
    );
  });

  it('an expired link asks for a new one: mailed to the same address, the old link then dead, the new one working', async ({ world }) => {
    const link = await activationLink(world.browser(), KARIN.email);
    const token = new URL(link).searchParams.get('token')!;
    // A link that still works is not renewed.
    await expectProblem(await renew(world, token), 409, 'token_valid', 'token');
    await world.advance(7 * DAY);
    const renewed = await renew(world, token);
    expect(renewed.status).toBe(202);
    expect(await body(renewed)).toEqual({ email: KARIN.email });
    const mails = (await inbox(world.browser(), KARIN.email)).messages.filter((m) => m.subject === ACTIVATION_SUBJECT);
    expect(mails).toHaveLength(2);
    const fresh = await activationLink(world.browser(), KARIN.email);
    expect(fresh).not.toBe(link);
    // The old link is replaced: it neither renews again nor activates.
    expect((await activatePage(world, link)).state).toBe('invalid');
    await expectProblem(await renew(world, token), 400, 'token_invalid', 'token');
    expect(await body(await activate(world.browser(), new URL(fresh).searchParams.get('token')!, KARIN.password))).toEqual({
      email: KARIN.email,
      organisation: 'Demo Company',
    });
    // Used now: no new link for it.
    await expectProblem(await renew(world, new URL(fresh).searchParams.get('token')!), 410, 'token_used', 'token');
    expect((await auditLog(world)).filter((a) => a.type === 'email.admin_activation')).toHaveLength(2);
  });

  it('refuses an unknown or malformed link with 400 token_invalid', async ({ world }) => {
    await expectProblem(await activate(world.browser(), 'ab'.repeat(32), KARIN.password), 400, 'token_invalid', 'token');
    await expectProblem(await activate(world.browser(), 'not-a-token', KARIN.password), 400, 'token_invalid', 'token');
    expect((await activatePage(world, `${CONNECT}/activate?token=nope`)).state).toBe('invalid');
  });

  it('is sent once: a reopened workspace sends no second mail', async ({ world }) => {
    const id = world.workspace.id;
    await world.close();
    const reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    try {
      const mail = new MailDb(id);
      expect((await mail.deliveries.toArray()).flatMap((d) => d.messages).map((m) => [m.to, m.subject])).toEqual([
        [KARIN.email, ACTIVATION_SUBJECT],
      ]);
      mail.close();
    } finally {
      await reopened.close();
    }
  });

  it('a template without administrators makes the organisation with none, and sends no mail', async () => {
    const world2 = await createTestWorld({ template: { ...demoTenant, tenant: { ...demoTenant.tenant, connectAdmins: [] } } });
    try {
      expect((await inbox(world2.browser(), KARIN.email)).messages).toEqual([]);
      const db = new ConnectDb(world2.workspace.id);
      expect((await db.organisations.toArray()).map((o) => [o.name, o.domains, o.admins, o.invited])).toEqual([
        ['Demo Company', [{ name: 'company.com', verifiedAt: null }], [], []],
      ]);
      db.close();
    } finally {
      await world2.close();
    }
  });
});

describe('Administrators tab', () => {
  it('Karin grants Erik administrator access by email; he uses the portal; either can revoke the other, never the last one', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const before = await body<AdministratorsPageData>(await adminApi(karin, '/administrators'));
    expect(before.administrators.map((a) => a.email)).toEqual([KARIN.email]);
    expect(before.invitations).toEqual([]);

    const granted = await adminApi(karin, '/administrators', { body: { email: ' Erik.Johansson@company.com ' } });
    expect(await body(granted)).toMatchObject({ user: { email: ERIK.email, isAdmin: true } });
    await expectProblem(await adminApi(karin, '/administrators', { body: { email: ERIK.email } }), 409, 'already_admin', 'email');
    await expectProblem(await adminApi(karin, '/administrators', { body: { email: 'nobody@company.com' } }), 404, 'not_found', 'email');
    await expectProblem(await adminApi(karin, '/administrators', { body: { email: 'nobody' } }), 422, 'email_malformed', 'email');

    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    const page = await erik.navigate(`${CONNECT}/account`);
    expect(page.outcome).toMatchObject({ kind: 'page', page: { data: { isAdmin: true } } });
    const karinId = (await adminUser(erik, KARIN.email)).id;
    expect((await adminApi(erik, `/administrators/${karinId}`, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await adminApi(karin, '/users'), 403, 'forbidden');

    const erikId = (await adminUser(erik, ERIK.email)).id;
    await expectProblem(await adminApi(erik, `/administrators/${erikId}`, { method: 'DELETE' }), 409, 'last_admin');
    await expectProblem(await adminApi(erik, `/administrators/${karinId}`, { method: 'DELETE' }), 404, 'not_found');

    const entries = (await auditLog(world)).filter((a) => a.type === 'admin.granted' || a.type === 'admin.revoked');
    expect(entries.map((a) => a.detail)).toEqual([
      'Karin Berg made erik.johansson@company.com an administrator of Demo Company',
      'Erik Johansson removed the administrator access of karin.berg@company.com to Demo Company',
    ]);
  });

  it('an administrator may give up their own access while another one remains', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await adminApi(karin, '/administrators', { body: { email: ERIK.email } });
    const karinId = (await adminUser(karin, KARIN.email)).id;
    expect((await adminApi(karin, `/administrators/${karinId}`, { method: 'DELETE' })).status).toBe(204);
    const page = await karin.navigate(`${CONNECT}/admin/users`);
    expect(page.status).toBe(403);
    expect(page.outcome).toMatchObject({ kind: 'page', page: { view: CONNECT_VIEWS.forbidden } });
  });

  it('shows a pending invitation until it is activated', async ({ world }) => {
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    // Karin has not activated yet: nobody administers the organisation, so Erik cannot see it.
    expect((await erik.navigate(`${CONNECT}/admin`)).outcome).toMatchObject({ page: { view: CONNECT_VIEWS.forbidden } });
    const signedOut = await world.browser().navigate(`${CONNECT}/admin/audit?category=logins`);
    expect(signedOut.url).toBe(`${CONNECT}/login?return_to=${encodeURIComponent('/admin/audit?category=logins')}`);

    const db = new ConnectDb(world.workspace.id);
    const [organisation] = await db.organisations.toArray();
    db.close();
    expect(organisation!.invited).toEqual([
      { accountId: expect.stringMatching(/^acc_/), sentAt: world.now(), expiresAt: world.now() + 7 * DAY },
    ]);
  });

  it('sends an invited colleague a new activation email; the earlier link stops working', async () => {
    const both = await createTestWorld({
      template: { ...demoTenant, tenant: { ...demoTenant.tenant, connectAdmins: [KARIN.email, ERIK.email] } },
    });
    try {
      const eriksFirst = await activationLink(both.browser(), ERIK.email);
      const karin = both.browser('karin');
      await activate(karin, new URL(await activationLink(karin, KARIN.email)).searchParams.get('token')!, KARIN.password);
      await login(karin, KARIN.email, KARIN.password, '/admin');
      const before = await body<AdministratorsPageData>(await adminApi(karin, '/administrators'));
      const invited = before.invitations.find((i) => i.email === ERIK.email)!;
      // Erik's link expired unused; Karin signs in again (sessions last 8 hours).
      await both.advance(8 * DAY);
      await login(karin, KARIN.email, KARIN.password, '/admin');

      const after = await body<AdministratorsPageData>(
        await adminApi(karin, `/administrators/${invited.accountId}/activation-email`, { method: 'POST' }),
      );
      expect(after.invitations.find((i) => i.email === ERIK.email)).toMatchObject({ sentAt: both.now(), expiresAt: both.now() + 7 * DAY });
      const erikNew = await activationLink(both.browser(), ERIK.email);
      expect(erikNew).not.toBe(eriksFirst);
      const erik = both.browser('erik');
      await expectProblem(
        await activate(erik, new URL(eriksFirst).searchParams.get('token')!, ERIK.password),
        400,
        'token_invalid',
        'token',
      );
      expect(await body(await activate(erik, new URL(erikNew).searchParams.get('token')!, ERIK.password))).toEqual({
        email: ERIK.email,
        organisation: 'Demo Company',
      });
      const resent = (await auditLog(both)).filter((a) => a.type === 'email.admin_activation' && a.email === ERIK.email);
      expect(resent).toHaveLength(2);
      expect(resent.some((a) => a.actorId === after.administrators.find((x) => x.email === KARIN.email)!.id)).toBe(true);

      // Erik is an administrator now: there is no invitation left to resend.
      await expectProblem(
        await adminApi(karin, `/administrators/${invited.accountId}/activation-email`, { method: 'POST' }),
        404,
        'not_found',
      );
    } finally {
      await both.close();
    }
  });
});
