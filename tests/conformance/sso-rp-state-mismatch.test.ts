// Conformance: RFC 6749 §10.12 and OIDC Core §3.1.2.7 — a callback whose `state` names no sign-in Connect is waiting for
// (unknown, already used, or expired) is refused, and its code is never exchanged.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import {
  ERIK,
  entries,
  errorPageOf,
  expectRefused,
  identify,
  signedIn,
  signInWithSso,
  ssoWorld,
  viewOf,
} from '../mocks/connect/sso/support';
import { CONNECT } from '../mocks/connect/support';
import { MINUTE } from '../../src/domain/clock';

describe('Connect as relying party: the state', () => {
  it('refuses a callback with a state it never sent; the code is not exchanged', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    const browser = world.browser('erik');
    const result = await browser.navigate(`${CONNECT}/connect/sso/callback?code=code-1&state=forged-state`);
    await expectRefused(world, browser, result, 'state_mismatch');
    expect(idp.tokenRequests).toHaveLength(0);
  });

  it('refuses a callback that waited at the provider past 15 minutes', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    const browser = world.browser('erik');
    // The browser stops at the provider: the test carries the callback itself.
    const answer = await identify(browser, ERIK.email);
    const start = await browser.api(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
    const authorize = new URL(start.headers.get('location')!);
    const late = await world.workspace.network.fetch(new Request(authorize), { initiator: 'browser:erik' });
    const callback = late.headers.get('location')!;
    await world.advance(15 * MINUTE);
    await expectRefused(world, browser, await browser.navigate(callback), 'state_mismatch');
    expect(idp.tokenRequests).toHaveLength(0);
  });

  it('refuses a callback replayed in another browser after the sign-in finished: its state is spent', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    const erik = world.browser('erik');
    const done = await signInWithSso(erik, ERIK.email);
    expect(viewOf(done)).toBe('connect/account');
    const callback = done.hops.find((hop) => hop.url.startsWith(`${CONNECT}/connect/sso/callback`))!.url;
    const attacker = world.browser('attacker');
    const replay = await attacker.navigate(callback);
    expect(errorPageOf(replay).code).toBe('state_mismatch');
    expect(await signedIn(attacker)).toBe(false);
    expect(idp.tokenRequests).toHaveLength(1);
    expect((await entries(world, 'sso.refused')).map((e) => e.detail)).toEqual([expect.stringContaining('(state_mismatch)')]);
  });
});
