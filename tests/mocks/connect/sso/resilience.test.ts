// Tests the brokered sign-in across what happens around it: Connect restarted while the user is at the provider, two
// sign-ins in flight in two tabs, and a full disk when the account would be made.
import { afterEach, describe, expect, vi } from 'vitest';
import type { Table } from 'dexie';
import { Workspace } from '../../../../mocks/runtime/workspace';
import { ManualClock, MINUTE } from '../../../../src/domain/clock';
import { it } from '../../../support/world-test';
import { TEST_PAGE_ORIGIN, testWorldOf, type TestBrowser, type TestWorld } from '../../../support/harness';
import type { FakeIdp } from '../../../support/fake-idp';
import { connectDb } from '../support';
import { CONNECT, connectState, entries, ERIK, identify, signedIn, ssoWorld, viewOf } from './support';

afterEach(() => vi.restoreAllMocks());

/** The browser's trip up to the provider's answer: the callback URL it would go to next, not followed. */
async function atProvider(world: TestWorld, browser: TestBrowser, email: string): Promise<string> {
  const answer = await identify(browser, email);
  const start = await browser.api(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
  expect(start.status).toBe(302);
  const authorize = await world.workspace.network.fetch(new Request(start.headers.get('location')!), { initiator: 'browser:test' });
  expect(authorize.status).toBe(302);
  return authorize.headers.get('location')!;
}

describe('the brokered sign-in, around it', () => {
  it('finishes after Connect restarted while the user was at the provider (a new server on the same database)', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    const callback = await atProvider(world, world.browser('erik'), ERIK.email);
    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = (await Workspace.open({
      id,
      realClock: new ManualClock(0),
      libraryClock: { now: () => Date.now() },
      pageOrigin: TEST_PAGE_ORIGIN,
    }))!;
    const restarted = testWorldOf(reopened, world.template);
    try {
      (idp as FakeIdp).install(restarted);
      const browser = restarted.browser('erik');
      expect(viewOf(await browser.navigate(callback))).toBe('connect/account');
      expect(await signedIn(browser)).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('finishes two sign-ins started in two tabs, each with its own state, in the order they come back', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-nora', email: 'nora.lind@company.com', name: 'Nora Lind', amr: ['mfa'] });
    const erik = world.browser('erik');
    const nora = world.browser('nora');
    idp.signingIn = ERIK.sub;
    const erikBack = await atProvider(world, erik, ERIK.email);
    idp.signingIn = 'idp-nora';
    const noraBack = await atProvider(world, nora, 'nora.lind@company.com');
    expect(new URL(erikBack).searchParams.get('state')).not.toBe(new URL(noraBack).searchParams.get('state'));
    expect(viewOf(await nora.navigate(noraBack))).toBe('connect/account');
    expect(viewOf(await erik.navigate(erikBack))).toBe('connect/account');
    const me = async (browser: TestBrowser) => ((await (await browser.api(`${CONNECT}/api/me`)).json()) as { email: string }).email;
    expect(await me(erik)).toBe(ERIK.email);
    expect(await me(nora)).toBe('nora.lind@company.com');
  });

  it('with storage full when the account would be made, says so and leaves no account, link or session behind', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-nora', email: 'nora.lind@company.com', name: 'Nora Lind', amr: ['mfa'] });
    idp.signingIn = 'idp-nora';
    const browser = world.browser('nora');
    const callback = await atProvider(world, browser, 'nora.lind@company.com');
    const before = await connectState(world);

    // From here every write to Connect's database fails as a full disk does in Chromium.
    const prototype = Object.getPrototypeOf(Object.getPrototypeOf(world.workspace.world.traffic)) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    for (const method of ['add', 'put', 'bulkAdd', 'bulkPut', 'update']) {
      const original = prototype[method]!;
      vi.spyOn(prototype, method as never).mockImplementation(function (this: Table, ...args: unknown[]) {
        if (this.db.name.endsWith('/connect'))
          return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
        return original.apply(this, args);
      } as never);
    }
    const result = await browser.navigate(callback);
    vi.restoreAllMocks();

    expect(result.status).toBe(507);
    expect(viewOf(result)).toBe('connect/error');
    const after = await connectState(world);
    expect(after.accounts).toHaveLength(before.accounts.length);
    expect(after.links).toEqual([]);
    expect(after.sessions).toBe(0);
    expect(await entries(world, 'sso.account_created')).toEqual([]);
    expect(await signedIn(browser)).toBe(false);
  });

  it('drops sign-ins abandoned at the provider once they expired, when the next one starts', async ({ world }) => {
    await ssoWorld(world);
    await atProvider(world, world.browser('erik'), ERIK.email);
    await world.advance(16 * MINUTE);
    await atProvider(world, world.browser('erik-again'), ERIK.email);
    const db = connectDb(world);
    try {
      expect(await db.ssoSignIns.count()).toBe(1);
    } finally {
      db.close();
    }
  });
});
