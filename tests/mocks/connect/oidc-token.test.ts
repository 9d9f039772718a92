// Tests Connect's token endpoint beyond the oracle and the conformance negatives: caching headers, the request's
// form, grant types, codes bound to their client, redirect_uri and PKCE, the refresh policy (confidential clients
// only, rotation, scope, 30 days), and the audit of tokens issued and rotated (R26).
import { describe, expect } from 'vitest';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { auditLog, CONNECT } from './support';
import { codeFor, ERIK, expectOAuthError, EXPENSE, HRM, pkce, tokenRequest, userinfoRequest, type TokenBody } from './oidc-support';

async function hrmTokens(world: TestWorld, params: Record<string, string> = {}): Promise<TokenBody> {
  const code = await codeFor(world, world.browser('erik'), HRM, params);
  const response = await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenBody;
}

describe('POST /connect/token', () => {
  it('answers tokens with Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1)', async ({ world }) => {
    const code = await codeFor(world, world.browser('erik'), HRM);
    const response = await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(await response.json()).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
  });

  it('answers only POST (405) and only form bodies (invalid_request)', async ({ world }) => {
    const get = await world.workspace.network.fetch(new Request(`${CONNECT}/connect/token`), { initiator: 'test' });
    await expectOAuthError(get, 405, 'invalid_request');
    expect(get.headers.get('allow')).toBe('POST');
    const json = await world.workspace.network.fetch(
      new Request(`${CONNECT}/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code' }),
      }),
      { initiator: 'test' },
    );
    await expectOAuthError(json, 400, 'invalid_request');
  });

  it('refuses an unknown grant_type with unsupported_grant_type and a missing one with invalid_request', async ({ world }) => {
    await expectOAuthError(
      await tokenRequest(world, { grant_type: 'password', username: ERIK.email, password: ERIK.password }),
      400,
      'unsupported_grant_type',
    );
    await expectOAuthError(await tokenRequest(world, { code: 'x' }), 400, 'invalid_request');
  });

  it('refuses a code issued to another client, and a redirect_uri other than the authorization request’s, with invalid_grant', async ({
    world,
  }) => {
    const { challenge } = await pkce();
    const expenseCode = await codeFor(world, world.browser('erik'), EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256' });
    const stolen = await tokenRequest(world, { grant_type: 'authorization_code', code: expenseCode, redirect_uri: EXPENSE.redirect_uri });
    expect((await expectOAuthError(stolen, 400, 'invalid_grant')).error_description).toBe(
      'The authorization code was issued to another client.',
    );

    const code = await codeFor(world, world.browser('erik'), HRM);
    const elsewhere = await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: 'https://hrm.test/other' });
    expect((await expectOAuthError(elsewhere, 400, 'invalid_grant')).error_description).toBe(
      'redirect_uri does not match the one of the authorization request.',
    );
  });

  it('refuses a code_verifier for a request that had no code_challenge (RFC 9700 §2.1.1)', async ({ world }) => {
    const code = await codeFor(world, world.browser('erik'), HRM);
    const response = await tokenRequest(world, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: HRM.redirect_uri,
      code_verifier: (await pkce()).verifier,
    });
    expect((await expectOAuthError(response, 400, 'invalid_grant')).error_description).toBe(
      'code_verifier is sent, but the authorization request had no code_challenge.',
    );
  });

  it('accepts PKCE from a confidential client too', async ({ world }) => {
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, world.browser('erik'), HRM, { code_challenge: challenge, code_challenge_method: 'S256' });
    expect(
      (await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri, code_verifier: verifier }))
        .status,
    ).toBe(200);
  });

  it('audits the tokens issued (R26)', async ({ world }) => {
    await hrmTokens(world);
    expect((await auditLog(world)).filter((a) => a.type === 'oidc.token_issued')).toEqual([
      expect.objectContaining({ at: world.now(), email: ERIK.email, detail: `Tokens issued to HRM for ${ERIK.email}` }),
    ]);
  });
});

describe('POST /connect/token grant_type=refresh_token', () => {
  it('gives a public client no refresh token and refuses it the grant (unauthorized_client)', async ({ world }) => {
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, world.browser('erik'), EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await tokenRequest(
      world,
      { grant_type: 'authorization_code', code, redirect_uri: EXPENSE.redirect_uri, client_id: 'expense', code_verifier: verifier },
      null,
    );
    expect(await response.json()).not.toHaveProperty('refresh_token');
    const refresh = await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: 'a'.repeat(64), client_id: 'expense' }, null);
    await expectOAuthError(refresh, 400, 'unauthorized_client');
  });

  it('may narrow the scope, never widen it', async ({ world }) => {
    const tokens = await hrmTokens(world, { scope: 'openid email' });
    const wider = await tokenRequest(world, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      scope: 'openid email profile',
    });
    await expectOAuthError(wider, 400, 'invalid_scope');
    // A refused request spends nothing: the same refresh token narrows the scope next.
    const narrower = await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, scope: 'openid' });
    const narrowed = (await narrower.json()) as TokenBody;
    expect(narrowed.scope).toBe('openid');
    expect(Object.keys(await (await userinfoRequest(world, narrowed.access_token)).json())).toEqual(['sub']);
  });

  it('stops working 30 days of world time after the code exchange, rotation or not', async ({ world }) => {
    const tokens = await hrmTokens(world);
    await world.advance(29 * 24 * 3600_000);
    const rotated = (await (
      await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
    ).json()) as TokenBody;
    await world.advance(24 * 3600_000);
    const late = await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: rotated.refresh_token! });
    expect((await expectOAuthError(late, 400, 'invalid_grant')).error_description).toBe('The refresh token has expired.');
  });

  it('refuses an unknown refresh token and audits each rotation (R26)', async ({ world }) => {
    await expectOAuthError(await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: 'f'.repeat(64) }), 400, 'invalid_grant');
    const tokens = await hrmTokens(world);
    await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect((await auditLog(world)).filter((a) => a.type === 'oidc.refresh_rotated')).toEqual([
      expect.objectContaining({ email: ERIK.email, detail: `HRM refreshed the tokens of ${ERIK.email}; the refresh token was rotated` }),
    ]);
  });
});
