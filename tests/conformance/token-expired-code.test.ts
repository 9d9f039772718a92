// Conformance: RFC 6749 §4.1.2 — codes are short-lived: Connect's live 60 s of world time.
import { describe, expect } from 'vitest';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { codeFor, expectOAuthError, HRM, tokenRequest } from '../mocks/connect/oidc-support';

describe('RFC 6749 §4.1.2 code lifetime', () => {
  it('token endpoint rejects a code 61 s after it was issued, and accepts one 59 s after', async ({ world }) => {
    const browser = world.browser('erik');
    const exchange = (world: TestWorld, code: string) =>
      tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });

    const fresh = await codeFor(world, browser, HRM);
    await world.advance(59_000);
    expect((await exchange(world, fresh)).status).toBe(200);

    const stale = await codeFor(world, browser, HRM);
    await world.advance(61_000);
    expect((await expectOAuthError(await exchange(world, stale), 400, 'invalid_grant')).error_description).toBe(
      'The authorization code has expired: codes are valid for 60 seconds.',
    );
  });
});
