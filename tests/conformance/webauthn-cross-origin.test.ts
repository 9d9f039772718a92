// Conformance: WebAuthn L3 §7.1 step 10 and §7.2 step 13 — a ceremony whose clientDataJSON says it ran in a frame of
// another site (crossOrigin: true, with or without topOrigin) is refused: Connect embeds its pages in no one's.
import { describe, expect } from 'vitest';
import { PASSKEY_API, type PasskeyListResponse } from '../../src/contracts/connect-passkeys';
import { it } from '../support/world-test';
import { body, CONNECT, expectProblem } from '../mocks/connect/support';
import { registerPasskey, sandbox, signedInErik, signInWithPasskey } from '../mocks/connect/passkeys-support';

const MESSAGE =
  'Connect refused this passkey because it was used inside another site’s page. Passkeys for Connect work only on Connect’s own sign-in and account pages: open Connect directly and try again.';

const FRAMES = [
  ['with a foreign topOrigin', { topOrigin: 'https://evil.example' }],
  ['without a topOrigin', {}],
] as const;

async function passkeyCount(browser: Awaited<ReturnType<typeof signedInErik>>): Promise<number> {
  const response = await browser.api(`${CONNECT}${PASSKEY_API.list}`);
  expect(response.status).toBe(200);
  return (await body<PasskeyListResponse>(response)).passkeys.length;
}

describe('WebAuthn L3 §7.1 step 10: registration inside another site’s frame', () => {
  it.for(FRAMES)('is refused %s, and no passkey is stored', async ([, crossOrigin], { world }) => {
    const erik = await signedInErik(world);
    const { authenticator } = sandbox({ crossOrigin });
    const problem = await expectProblem(await registerPasskey(erik, authenticator), 400, 'passkey_cross_origin');
    expect(problem.message).toBe(MESSAGE);
    expect(await passkeyCount(erik)).toBe(0);
  });
});

describe('WebAuthn L3 §7.2 step 13: sign-in inside another site’s frame', () => {
  it.for(FRAMES)('is refused %s, and no session starts', async ([, crossOrigin], { world }) => {
    const { store, authenticator } = sandbox();
    expect((await registerPasskey(await signedInErik(world), authenticator)).status).toBe(201);
    const framed = sandbox({ store, crossOrigin }).authenticator;
    const stranger = world.browser('stranger');
    const problem = await expectProblem(await signInWithPasskey(stranger, framed), 400, 'passkey_cross_origin');
    expect(problem.message).toBe(MESSAGE);
    expect(await body(await stranger.api(`${CONNECT}/api/me`))).toMatchObject({ code: 'unauthenticated' });
  });

  it('the same passkey signs in on Connect’s own page', async ({ world }) => {
    const { store, authenticator } = sandbox();
    expect((await registerPasskey(await signedInErik(world), authenticator)).status).toBe(201);
    expect((await signInWithPasskey(world.browser('erik-again'), sandbox({ store }).authenticator)).status).toBe(200);
  });
});
