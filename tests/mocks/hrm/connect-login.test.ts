import { describe, expect } from 'vitest';
import type { ExpenseHomePageData, ExpenseWelcomePageData } from '../../../src/contracts/expense';
import type { HrmLoginPageData, HrmShellData, HrmVerifyEmailPageData } from '../../../src/contracts/hrm';
import { MINUTE } from '../../../src/domain/clock';
import { ConnectDb } from '../../../mocks/servers/connect/db';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { login as connectLogin } from '../connect/support';
import {
  body,
  CONNECT_PASSWORD,
  expectProblem,
  hrmDb,
  HRM,
  WEB,
  inbox,
  link,
  openPage,
  readMessage,
  setConnectPassword,
  signIn,
  signInAtConnect,
  signInThroughConnect,
  userId,
} from './support';

const EXPENSE = 'https://expense.test';
async function activate(world: TestWorld): Promise<void> {
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.settled();
}

const PASSWORD = CONNECT_PASSWORD;
const open = openPage;
const setPassword = setConnectPassword;

describe('activation: Connect becomes the only login (R14–R16)', () => {
  it('the old login is gone: its address shows where to log in now, and its API refuses', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await activate(world);
    // A session of the old login ends with it: the old address shows where the HRM moved (R18), and the new one logs
    // in through Connect.
    expect((await open(anna, `${HRM}/`)).page.view).toBe('hrm/moved');
    expect((await open(anna, `${WEB}/`)).url).toMatch(/^https:\/\/connect\.test\/login/);
    const landing = await open<HrmLoginPageData>(world.browser(), `${WEB}/login`);
    expect(landing.page.data).toMatchObject({ mode: 'connect', connectLoginUrl: '/auth/login', problem: null });
    await expectProblem(
      await world.browser().api(`${WEB}/api/session`, { body: { loginId: '10001', password: 'anna-hrm-1' } }),
      410,
      'old_login_gone',
    );
  });

  it('a linked user sets a password with "Forgot your password?", logs in through Connect, then opens Expense without a password', async ({
    world,
  }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await activate(world);
    const browser = world.browser('anna-after');
    const atConnect = await open(browser, `${WEB}/my-profile`);
    expect(atConnect.page.view).toBe('connect/login');
    await setPassword(browser, 'anna.svensson@company.com', PASSWORD);
    const inHrm = await signInAtConnect<HrmShellData>(browser, atConnect, 'anna.svensson@company.com', PASSWORD);
    expect(inHrm.url).toBe(`${WEB}/my-profile`);
    expect(inHrm.page.data).toMatchObject({ user: { name: 'Anna Svensson' }, phase: 'activation', showPreparationBanner: false });

    // Single sign-on: the second app gets her in through the same Connect session, no password asked.
    const expense = await open<ExpenseHomePageData>(browser, `${EXPENSE}/auth/login`);
    expect(expense.url).toBe(`${EXPENSE}/`);
    expect(expense.page.data).toMatchObject({ name: 'Anna Svensson', email: 'anna.svensson@company.com' });

    // The HRM's audit log says how she came in.
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('login').last())!.detail).toBe(
      'Anna Svensson logged in through Connect (anna.svensson@company.com)',
    );
    db.close();
  });

  it('logging out of the HRM ends the Connect session too (RP-initiated logout)', async ({ world }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await activate(world);
    const browser = world.browser('anna-after');
    await setPassword(browser, 'anna.svensson@company.com', PASSWORD);
    await signInAtConnect(browser, await open(browser, `${WEB}/`), 'anna.svensson@company.com', PASSWORD);
    const out = await open<HrmLoginPageData>(browser, `${WEB}/logout`);
    expect(out.url).toBe(`${WEB}/login`);
    expect((await open(browser, `${EXPENSE}/auth/login`)).page.view).toBe('connect/login');
  });

  it('a user who never linked is refused; the admin’s link rescues them, and they get in', async ({ world }) => {
    await link(await signIn(world, 'karin'), 'karin.berg@company.com');
    await activate(world);
    const sara = world.browser('sara');
    // She has no Connect account at all: Connect's answer is the same generic one as for a wrong password.
    const atConnect = await open(sara, `${WEB}/`);
    const refused = await connectLogin(
      sara,
      'sara.nilsson@gmail.com',
      'whatever she tries',
      new URL(atConnect.url).searchParams.get('return_to') ?? undefined,
    );
    await expectProblem(refused, 401, 'invalid_credentials');

    const karin = await karinViaConnect(world);
    const sent = await karin.api(`${WEB}/api/users/${await userId(world, 'sara')}/verification-email`, {
      body: { email: 'sara.nilsson@gmail.com' },
    });
    expect(sent.status, await sent.clone().text()).toBe(200);
    const mail = (await inbox(sara, 'sara.nilsson@gmail.com')).messages[0]!;
    const url = /https:\/\/web\.hrm\.test\/verify-email\?token=\S+/.exec((await readMessage(sara, mail.id)).text)![0];
    const token = new URL(url).searchParams.get('token')!;
    const verified = await body<HrmVerifyEmailPageData>(await sara.api(`${WEB}/api/verify-email`, { body: { token } }));
    expect(verified).toMatchObject({ state: 'verified', phase: 'activation' });

    await setPassword(sara, 'sara.nilsson@gmail.com', PASSWORD);
    const inHrm = await signInAtConnect<HrmShellData>(sara, await open(sara, `${WEB}/`), 'sara.nilsson@gmail.com', PASSWORD);
    expect(inHrm.page.data.user.name).toBe('Sara Nilsson');
  });

  it('a Connect account not linked to any HRM user is told to ask the administrator (R16)', async ({ world }) => {
    await activate(world);
    const erik = world.browser('erik');
    // Erik uses Connect for Expense, but never linked his HRM user.
    const back = await signInAtConnect<HrmLoginPageData>(
      erik,
      await open(erik, `${WEB}/`),
      'erik.johansson@company.com',
      'expense-erik-2024',
    );
    expect(back.status).toBe(403);
    expect(back.page.data).toMatchObject({ mode: 'connect', problem: { reason: 'not_linked' } });
    expect(back.page.data.problem!.message).toContain('ask your administrator to send you a verification email');
  });

  it('when Connect revokes the tokens and ends its sessions (what a block does), the next request of each app is signed out', async ({
    world,
  }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await activate(world);
    const browser = world.browser('anna-after');
    await setPassword(browser, 'anna.svensson@company.com', PASSWORD);
    await signInAtConnect(browser, await open(browser, `${WEB}/`), 'anna.svensson@company.com', PASSWORD);
    await open(browser, `${EXPENSE}/auth/login`);
    expect((await open(browser, `${WEB}/`)).page.view).toBe('hrm/start');

    const db = new ConnectDb(world.workspace.id);
    await db.grants.toCollection().modify({ revokedAt: world.now() });
    await db.sessions.clear();
    db.close();
    const after = await open(browser, `${WEB}/`);
    expect(after.page.view).toBe('connect/login');
    const hrm = hrmDb(world);
    expect((await hrm.audit.where('type').equals('logout').last())!.detail).toContain('Connect no longer accepts the session');
    hrm.close();
    const expense = await open<ExpenseWelcomePageData>(browser, `${EXPENSE}/`);
    expect(expense.page.view).toBe('expense/welcome');
    expect(expense.page.data.message).toContain('signed out');
  });

  it('a session outlives its access token: the HRM refreshes it at Connect', async ({ world }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await activate(world);
    const browser = world.browser('anna-after');
    await setPassword(browser, 'anna.svensson@company.com', PASSWORD);
    await signInAtConnect(browser, await open(browser, `${WEB}/`), 'anna.svensson@company.com', PASSWORD);
    await world.advance(30 * MINUTE);
    expect((await open(browser, `${WEB}/`)).page.view).toBe('hrm/start');
    const db = new ConnectDb(world.workspace.id);
    expect(await db.audit.where('type').equals('oidc.refresh_rotated').count()).toBe(1);
    db.close();
  });

  it('a callback with a state this browser did not start is refused', async ({ world }) => {
    await activate(world);
    const browser = world.browser('x');
    const forged = await open<HrmLoginPageData>(browser, `${WEB}/auth/callback?code=abc&state=nothing-we-sent`);
    expect(forged.status).toBe(400);
    expect(forged.page.data.problem?.reason).toBe('expired');
  });
});

const karinViaConnect = (world: TestWorld) => signInThroughConnect(world, 'karin', 'karin.berg@company.com');
