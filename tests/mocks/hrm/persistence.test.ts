import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { HRM_VIEWS, type HrmAccountSettingsPageData, type LinkStatus } from '../../../src/contracts/hrm';
import type { Exchange } from '../../../src/contracts/network';
import type { PageBody } from '../../../src/contracts/wire';
import { ManualClock } from '../../../src/domain/clock';
import { navigate } from '../../../src/clients/navigation';
import { sha256Hex } from '../../../mocks/shared/crypto';
import { Workspace } from '../../../mocks/runtime/workspace';
import { restoreLinking, withLinking } from '../../../mocks/servers/hrm/store';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import {
  body,
  CONNECT,
  connectDown,
  HRM,
  linkAnswers,
  linkStatus,
  rewriteStoredUser,
  sendCode,
  signIn,
  storedStatus,
  storedUser,
  userId,
} from './support';

let world: TestWorld;
let reopened: Workspace | undefined;
beforeEach(async () => {
  world = await createTestWorld();
  reopened = undefined;
});
afterEach(async () => {
  await reopened?.close();
  await world.close();
});

/** Closes the tab's workspace and opens it again from IndexedDB, as a reload does. */
async function reload(): Promise<Workspace> {
  await world.workspace.close();
  reopened = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
  expect(reopened).toBeDefined();
  return reopened!;
}

/** The same virtual browser (its cookie jar) on the reopened workspace. */
function again(workspace: Workspace, browser: TestBrowser) {
  return {
    api: (url: string, init: { method?: string; body?: unknown } = {}) =>
      workspace.network.fetch(
        new Request(url, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        }),
        { initiator: 'browser:anna', jar: browser.jar },
      ),
    navigate: (url: string) => navigate(workspace.network, { url, jar: browser.jar, initiator: 'browser:anna' }),
  };
}

/** Stores `linking` as the verify endpoint does just before it calls Connect, then "crashes". */
async function crashAfterAcceptingCode(code: string): Promise<void> {
  const codeHash = await sha256Hex(code);
  await rewriteStoredUser(world, 'anna', (user) => {
    const [linking] = transition(linkingMachine, restoreLinking(user.link), { type: 'VERIFY', codeHash, now: world.now() });
    return withLinking(user, linking);
  });
  expect(storedStatus(await storedUser(world, 'anna'))).toBe('linking');
}

describe('HRM state across a reload', () => {
  it('a fresh Workspace.open on the same id sees the same session, code and tries', async () => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await anna.api(`${HRM}/api/me/connect/verify`, { body: { code: code === '000000' ? '111111' : '000000' } });
    const before = await linkStatus(anna);

    const workspace = await reload();
    const tab = again(workspace, anna);
    const after = await body<LinkStatus>(await tab.api(`${HRM}/api/me/connect`));
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: 'code_sent', attemptsLeft: 4 });
    const verified = await tab.api(`${HRM}/api/me/connect/verify`, { body: { code } });
    expect(verified.status).toBe(200);
    expect((await body<LinkStatus>(verified)).status).toBe('linked');
  });

  it('GET /api/me/connect finishes a link interrupted between accepting the code and Connect’s answer', async () => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await crashAfterAcceptingCode(code);

    const workspace = await reload();
    const log: Exchange[] = [];
    workspace.network.subscribe((e) => log.push(e));
    const status = await body<LinkStatus>(await again(workspace, anna).api(`${HRM}/api/me/connect`));
    expect(status).toMatchObject({ status: 'linked', email: 'anna.svensson@company.com' });
    expect(linkAnswers(log)).toEqual([{ accountId: expect.any(String), created: true }]);
    // Asked again, nothing more happens at Connect.
    await again(workspace, anna).api(`${HRM}/api/me/connect`);
    expect(log.filter((e) => e.url === `${CONNECT}/api/accounts/link`)).toHaveLength(1);
  });

  it('Account Settings also finishes an interrupted link, so the page shows "linked" and no banner', async () => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await crashAfterAcceptingCode(code);
    const workspace = await reload();
    const result = await again(workspace, anna).navigate(`${HRM}/my-profile/account-settings`);
    const page = (result.outcome as { page: PageBody<HrmAccountSettingsPageData> }).page;
    expect(page.view).toBe(HRM_VIEWS.accountSettings);
    expect(page.data).toMatchObject({ showPreparationBanner: false, link: { status: 'linked' } });
  });

  it('Verify with the accepted code after the crash answers linked', async () => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await crashAfterAcceptingCode(code);
    const workspace = await reload();
    const verified = await again(workspace, anna).api(`${HRM}/api/me/connect/verify`, { body: { code } });
    expect(verified.status).toBe(200);
    expect((await body<LinkStatus>(verified)).status).toBe('linked');
  });

  it('when Connect is still down, the interrupted link falls back to the code step with the code usable', async () => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await crashAfterAcceptingCode(code);
    const workspace = await reload();
    workspace.network.setHandlers([...connectDown(), ...workspace.handlers()]);
    const status = await body<LinkStatus>(await again(workspace, anna).api(`${HRM}/api/me/connect`));
    expect(status).toMatchObject({ status: 'code_sent', attemptsLeft: 5 });
    workspace.network.setHandlers(workspace.handlers());
    expect((await again(workspace, anna).api(`${HRM}/api/me/connect/verify`, { body: { code } })).status).toBe(200);
  });

  it('the same seed gives the same user ids and the same codes', async () => {
    const other = await createTestWorld({ seed: 'test-seed' });
    try {
      expect(await userId(other, 'anna')).toBe(await userId(world, 'anna'));
      const a = await sendCode(await signIn(world, 'anna'), 'anna.svensson@company.com');
      const b = await sendCode(await signIn(other, 'anna'), 'anna.svensson@company.com');
      expect(b.code).toBe(a.code);
    } finally {
      await other.close();
    }
  });
});
