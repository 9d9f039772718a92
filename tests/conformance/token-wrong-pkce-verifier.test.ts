// Conformance: RFC 7636 §4.6 — the token endpoint refuses a code_verifier that does not match the code_challenge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../support/harness';
import { codeFor, expectOAuthError, EXPENSE, pkce, tokenRequest } from '../mocks/connect/oidc-support';

let world: TestWorld;
beforeEach(async () => {
  world = await createTestWorld();
});
afterEach(() => world.close());

describe('RFC 7636 §4.6 PKCE verification', () => {
  it('token endpoint rejects a wrong PKCE verifier with invalid_grant', async () => {
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, world.browser('erik'), EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256' });
    const exchange = (codeVerifier?: string) =>
      tokenRequest(
        world,
        { grant_type: 'authorization_code', code, redirect_uri: EXPENSE.redirect_uri, client_id: 'expense', ...(codeVerifier ? { code_verifier: codeVerifier } : {}) },
        null,
      );

    const wrong = await exchange((await pkce()).verifier);
    expect((await expectOAuthError(wrong, 400, 'invalid_grant')).error_description).toBe(
      'code_verifier does not match the code_challenge of the authorization request.',
    );
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    // Leaving the verifier out is no way around it.
    expect((await expectOAuthError(await exchange(), 400, 'invalid_grant')).error_description).toMatch(/code_verifier is missing/);

    // The refusals were about the verifier: the right one still exchanges the code.
    expect((await exchange(verifier)).status).toBe(200);
  });
});
