// Conformance: RFC 7636 §4.6 — the token endpoint refuses a code_verifier that does not match the code_challenge.
import { describe, expect } from 'vitest';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { codeFor, expectOAuthError, EXPENSE, pkce, tokenRequest } from '../mocks/connect/oidc-support';

describe('RFC 7636 §4.6 PKCE verification', () => {
  it('token endpoint rejects a wrong PKCE verifier with invalid_grant', async ({ world }) => {
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, world.browser('erik'), EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256' });
    const exchange = (world: TestWorld, codeVerifier?: string) =>
      tokenRequest(
        world,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: EXPENSE.redirect_uri,
          client_id: 'expense',
          ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
        },
        null,
      );

    const wrong = await exchange(world, (await pkce()).verifier);
    expect((await expectOAuthError(wrong, 400, 'invalid_grant')).error_description).toBe(
      'code_verifier does not match the code_challenge of the authorization request.',
    );
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    // Leaving the verifier out is no way around it.
    expect((await expectOAuthError(await exchange(world), 400, 'invalid_grant')).error_description).toMatch(/code_verifier is missing/);

    // The refusals were about the verifier: the right one still exchanges the code.
    expect((await exchange(world, verifier)).status).toBe(200);
  });
});
