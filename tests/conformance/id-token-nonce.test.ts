// Conformance: OIDC Core §3.1.2.1 and §3.1.3.7 step 11 — the provider puts exactly the nonce it received into the ID
// token (none when none was sent); comparing it with the one the client sent is the client's job, and the oracle
// client rejects a mismatch.
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { codeFor, discover, EXPENSE, oauthClient, pkce, viaNetwork } from '../mocks/connect/oidc-support';

/** Exchanges a code for Expense with oauth4webapi; returns the raw response and the ID token's nonce as issued. */
async function exchange(world: TestWorld, nonce: string | undefined) {
  const as = await discover(world);
  const client = oauthClient(world, EXPENSE);
  const { verifier, challenge } = await pkce();
  const code = await codeFor(world, world.browser('erik'), EXPENSE, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(nonce !== undefined ? { nonce } : {}),
  });
  const callback = new URL(`${EXPENSE.redirect_uri}?code=${code}&iss=${encodeURIComponent(as.issuer)}`);
  const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    EXPENSE.redirect_uri,
    verifier,
    viaNetwork(world),
  );
  const issued = decodeJwt(((await response.clone().json()) as { id_token: string }).id_token);
  return { as, client, response, issuedNonce: issued.nonce };
}

describe('OIDC Core §3.1.3.7 nonce', () => {
  it('the provider echoes the nonce it received; the oracle client rejects an ID token whose nonce is not the one it sent', async ({
    world,
  }) => {
    const { as, client, response, issuedNonce } = await exchange(world, 'nonce-as-received');
    expect(issuedNonce).toBe('nonce-as-received');
    await expect(
      oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: 'nonce-the-client-sent' }),
    ).rejects.toMatchObject({
      code: oauth.JWT_CLAIM_COMPARISON,
      cause: { claim: 'nonce' },
    });
  });

  it('without a nonce in the request the ID token has none; a client that expected one rejects it', async ({ world }) => {
    const { as, client, response, issuedNonce } = await exchange(world, undefined);
    expect(issuedNonce).toBeUndefined();
    await expect(
      oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: 'nonce-the-client-sent' }),
    ).rejects.toMatchObject({
      code: oauth.INVALID_RESPONSE,
      message: expect.stringContaining('"nonce"'),
    });
  });
});
