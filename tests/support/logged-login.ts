// Owns a login the x-ray tests read back from the traffic log: Anna, linked before the switch, logs in to the HRM
// through Connect after activation (the HRM a confidential client with PKCE, its token request server to server).
import type { Exchange } from '../../src/contracts/network';
import type { TestBrowser, TestWorld } from './harness';
import { CONNECT_PASSWORD, link, openPage, setConnectPassword, signIn, signInAtConnect, WEB } from '../mocks/hrm/support';

export const ANNA_EMAIL = 'anna.svensson@company.com';

/** The exchanges logged after this call's start, in full and in id order. */
export async function loggedSince(world: TestWorld, firstId: number): Promise<Exchange[]> {
  const ids = (await world.workspace.trafficSummaries()).filter((s) => s.id >= firstId).map((s) => s.id);
  return world.workspace.trafficExchanges(ids);
}

export async function nextTrafficId(world: TestWorld): Promise<number> {
  return ((await world.workspace.trafficSummaries()).at(-1)?.id ?? 0) + 1;
}

/** Anna's login through Connect, from opening the HRM to her page: the first id it logged, her browser and its initiator. */
export async function annaLogsInThroughConnect(world: TestWorld): Promise<{ firstId: number; browser: TestBrowser; initiator: string }> {
  await link(await signIn(world, 'anna'), ANNA_EMAIL);
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.settled();
  const browser = world.browser('anna-after');
  await setConnectPassword(browser, ANNA_EMAIL, CONNECT_PASSWORD);
  const firstId = await nextTrafficId(world);
  const atConnect = await openPage(browser, `${WEB}/my-profile`);
  await signInAtConnect(browser, atConnect, ANNA_EMAIL, CONNECT_PASSWORD);
  return { firstId, browser, initiator: 'browser:anna-after' };
}
