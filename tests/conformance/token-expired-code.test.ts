// Conformance: RFC 6749 §4.1.2 — codes are short-lived: Connect's live 60 s of world time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../support/harness';
import { codeFor, expectOAuthError, HRM, tokenRequest } from '../mocks/connect/oidc-support';

let world: TestWorld;
beforeEach(async () => {
  world = await createTestWorld();
});
afterEach(() => world.close());

describe('RFC 6749 §4.1.2 code lifetime', () => {
  it('token endpoint rejects a code 61 s after it was issued, and accepts one 59 s after', async () => {
    const browser = world.browser('erik');
    const exchange = (code: string) => tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });

    const fresh = await codeFor(world, browser, HRM);
    await world.advance(59_000);
    expect((await exchange(fresh)).status).toBe(200);

    const stale = await codeFor(world, browser, HRM);
    await world.advance(61_000);
    expect((await expectOAuthError(await exchange(stale), 400, 'invalid_grant')).error_description).toBe(
      'The authorization code has expired: codes are valid for 60 seconds.',
    );
  });
});
