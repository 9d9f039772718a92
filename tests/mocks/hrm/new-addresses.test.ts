import { describe, expect } from 'vitest';
import { ManualClock } from '../../../src/domain/clock';
import {
  HRM_VIEWS,
  type HrmLoginPageData,
  type HrmMobileMovedPageData,
  type HrmMobilePageData,
  type HrmMovedPageData,
  type HrmNotInUseYetPageData,
} from '../../../src/contracts/hrm';
import { HRM_NEW_ORIGINS } from '../../../src/contracts/origins';
import { navigate } from '../../../src/clients/navigation';
import { Workspace } from '../../../mocks/runtime/workspace';
import { integrationCalls } from '../../../mocks/servers/hrm/integration-calls';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import {
  CONNECT,
  CONNECT_PASSWORD,
  expectProblem,
  HRM,
  hrmDb,
  link,
  MOBILE,
  openPage,
  person,
  setConnectPassword,
  signIn,
  signInAtConnect,
  WEB,
} from './support';

/** Schedules nothing new: the demo tenant's cutover is already set; the clock jumps to it. */
async function move(world: TestWorld): Promise<void> {
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.settled();
  const status = await (await world.browser().api(`${WEB}/api/rollout`)).json();
  expect(status.phase).toBe('activation');
}

async function rollout(world: TestWorld) {
  const response = await world.browser().api(`${HRM}/api/rollout`);
  return response.ok ? ((await response.json()) as { phase: string; activationAt: number | null }) : null;
}

describe('the HRM at its new addresses (R18)', () => {
  it('before the move the new web and mobile hosts say they are not in use yet, naming the cutover and the old address', async ({
    world,
  }) => {
    const before = await rollout(world);
    expect(before?.phase).not.toBe('activation');
    for (const url of [`${WEB}/`, `${WEB}/users`, `${WEB}/login`, `${MOBILE}/`]) {
      const shown = await openPage<HrmNotInUseYetPageData>(world.browser(), url);
      expect(shown.page.view, url).toBe(HRM_VIEWS.notInUseYet);
      expect(shown.page.data).toMatchObject({ tenantName: world.template.tenant.name, oldAddress: `${HRM}/`, requested: url });
      expect(shown.page.data.cutoverAt).toBe(before?.activationAt ?? null);
    }
    const refused = await expectProblem(await world.browser().api(`${WEB}/api/me/connect`), 404, 'not_in_use_yet');
    expect(refused.message).toContain('hrm.test until then');
    // The old address is the HRM until then.
    expect((await openPage<HrmLoginPageData>(world.browser(), `${HRM}/login`)).page.view).toBe(HRM_VIEWS.login);
  });

  it('after the move every page of the old address, and every bookmark of it, shows where the HRM is now', async ({ world }) => {
    await move(world);
    for (const path of ['/', '/login', '/HRM-NoSSO', '/start', '/users', '/my-profile/account-settings', '/some/old/bookmark?x=1']) {
      const shown = await openPage<HrmMovedPageData>(world.browser(), `${HRM}${path}`);
      expect(shown.url, path).toBe(`${HRM}${path}`);
      expect(shown.page.view, path).toBe(HRM_VIEWS.moved);
      expect(shown.page.data.tenantName).toBe(world.template.tenant.name);
      expect(shown.page.data.addresses.map((a) => [a.kind, a.url])).toEqual([
        ['web', `${HRM_NEW_ORIGINS.web}/`],
        ['mobile', `${HRM_NEW_ORIGINS.mobile}/`],
        ['timeclock', `${HRM_NEW_ORIGINS.timeclock}/`],
        ['api', `${HRM_NEW_ORIGINS.api}/v1/`],
      ]);
      expect(shown.page.data.mobileUrl).toBe(`${HRM_NEW_ORIGINS.mobile}/`);
    }
  });

  it("after the move the old web app's own API answers 410 naming the new address; the public API and the other old paths are not its", async ({
    world,
  }) => {
    const anna = await signIn(world, 'anna');
    await move(world);
    const gone = await expectProblem(await anna.api(`${HRM}/api/me/connect`), 410, 'moved');
    expect(gone.message).toContain(`${WEB}/api/me/connect`);
    await expectProblem(await anna.api(`${HRM}/api/session`, { body: { loginId: 'x', password: 'y' } }), 410, 'moved');
    for (const path of ['/api/v1/employees', '/Calendar/abc.ics', '/ShiftRequest/Respond/1', '/Timeclock', '/Timeclock/punch']) {
      const response = await world.browser().navigate(`${HRM}${path}`);
      const view = response.outcome.kind === 'page' ? response.outcome.page.view : null;
      expect(view, path).not.toBe(HRM_VIEWS.moved);
    }
  });

  it('after the move the web app logs in through Connect at the new web host, with its own cookies', async ({ world }) => {
    const anna = person(world, 'anna');
    await link(await signIn(world, 'anna'), anna.email!);
    await move(world);
    const browser = world.browser('anna-web');
    const login = await openPage<HrmLoginPageData>(browser, `${WEB}/login`);
    expect(login.page.data.mode).toBe('connect');
    await setConnectPassword(browser, anna.email!, CONNECT_PASSWORD);
    const atConnect = await openPage(browser, `${WEB}/my-profile`);
    expect(atConnect.url.startsWith(`${CONNECT}/`)).toBe(true);
    const back = await signInAtConnect<{ user: { name: string } }>(browser, atConnect, anna.email!, CONNECT_PASSWORD);
    expect(back.url).toBe(`${WEB}/my-profile`);
    expect(back.page.data.user.name).toBe(anna.name);
    // The session is web.hrm.test's: the old address and the mobile host do not see it.
    expect((await openPage(browser, `${HRM}/my-profile`)).page.view).toBe(HRM_VIEWS.moved);
    const mobile = await browser.navigate(`${MOBILE}/`);
    expect(mobile.hops.map((hop) => hop.url).slice(0, 2)).toEqual([`${MOBILE}/`, `${MOBILE}/auth/login?return_to=%2F`]);
    // …and one login at Connect is enough for both hosts (single sign-on): the mobile app opens after its own callback.
    expect(mobile.url).toBe(`${MOBILE}/`);
    expect(mobile.outcome.kind === 'page' && mobile.outcome.page.view).toBe(HRM_VIEWS.mobile);
  });

  it("Connect's registration of the HRM takes the callbacks of the old, web and mobile hosts and refuses any other", async ({ world }) => {
    const authorize = (redirectUri: string) =>
      world
        .browser()
        .navigate(
          `${CONNECT}/connect/authorize?${new URLSearchParams({ client_id: 'hrm', redirect_uri: redirectUri, response_type: 'code', scope: 'openid email', state: 's', nonce: 'n', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
        );
    for (const origin of [HRM, WEB, MOBILE]) {
      const result = await authorize(`${origin}/auth/callback`);
      const view = result.outcome.kind === 'page' ? result.outcome.page.view : null;
      expect(view, origin).not.toBe('connect/error');
    }
    for (const uri of [
      `${HRM_NEW_ORIGINS.timeclock}/auth/callback`,
      `${HRM_NEW_ORIGINS.api}/auth/callback`,
      `${WEB}/auth/callback/`,
      `${WEB}/auth/callback?x=1`,
      'https://WEB.hrm.test/auth/callback',
      'http://web.hrm.test/auth/callback',
    ]) {
      const result = await authorize(uri);
      expect(result.status, uri).toBe(400);
      expect(
        result.hops.every((hop) => new URL(hop.url).origin === CONNECT),
        uri,
      ).toBe(true);
    }
  });

  it('the old mobile address: the app before the move; after it a device that used the app is sent on (301), a new one is shown where to go', async ({
    world,
  }) => {
    const anna = await signIn(world, 'anna');
    const app = await openPage<HrmMobilePageData>(anna, `${HRM}/mobile`);
    expect(app.page.view).toBe(HRM_VIEWS.mobile);
    expect(app.page.data.user.name).toBe(person(world, 'anna').name);
    await move(world);
    const moved = await anna.navigate(`${HRM}/mobile`);
    expect(moved.hops.slice(0, 2)).toMatchObject([
      { url: `${HRM}/mobile`, status: 301 },
      { url: `${MOBILE}/`, status: 302 },
    ]);
    expect(moved.url.startsWith(`${CONNECT}/`)).toBe(true);
    const db = hrmDb(world);
    try {
      // The demo's integrations call the HRM too: this is about the mobile app.
      expect((await integrationCalls({ db } as never)).filter((c) => c.kind === 'mobile')).toEqual([
        expect.objectContaining({
          kind: 'mobile',
          client: 'Mobile app',
          address: 'old',
          lastPath: '/mobile',
          lastOutcome: 'redirected',
          count: 1,
        }),
      ]);
    } finally {
      db.close();
    }
    const stranger = await openPage<HrmMobileMovedPageData>(world.browser('new-phone'), `${HRM}/mobile`);
    expect(stranger.page.view).toBe(HRM_VIEWS.mobileMoved);
    expect(stranger.page.data.mobileUrl).toBe(`${MOBILE}/`);
  });

  it('after a reload the old address still shows the landing page and the new web host still serves the app', async ({ world }) => {
    await move(world);
    await world.workspace.close();
    const reopened = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
    try {
      const jar = world.browser().jar;
      const old = await navigate(reopened!.network, { url: `${HRM}/users`, jar, initiator: 'browser:x' });
      expect(old.outcome.kind === 'page' && old.outcome.page.view).toBe(HRM_VIEWS.moved);
      const web = await navigate(reopened!.network, { url: `${WEB}/login`, jar, initiator: 'browser:x' });
      expect(web.outcome.kind === 'page' && web.outcome.page.view).toBe(HRM_VIEWS.login);
    } finally {
      await reopened?.close();
    }
  });
});
