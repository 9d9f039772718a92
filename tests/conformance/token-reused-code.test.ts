// Conformance: RFC 6749 §4.1.2 and §10.5 — a code used twice is refused, and the tokens issued with it are revoked.
import { describe, expect } from 'vitest';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { auditLog } from '../mocks/connect/support';
import { codeFor, expectOAuthError, HRM, tokenRequest, userinfoRequest, type TokenBody } from '../mocks/connect/oidc-support';

describe('RFC 6749 §4.1.2 single-use codes', () => {
  it('token endpoint rejects a reused code and revokes every token issued with it', async ({ world }) => {
    const code = await codeFor(world, world.browser('erik'), HRM);
    const exchange = (world: TestWorld) => tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });

    const first = await exchange(world);
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as TokenBody;
    expect((await userinfoRequest(world, tokens.access_token)).status).toBe(200);

    await world.advance(10_000);
    const again = await exchange(world);
    expect((await expectOAuthError(again, 400, 'invalid_grant')).error_description).toBe(
      'The authorization code has already been used. The tokens issued with it are revoked.',
    );

    // The access token from the first exchange no longer opens userinfo (RFC 6750 §3.1 invalid_token)…
    const userinfo = await userinfoRequest(world, tokens.access_token);
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="connect\.test", error="invalid_token", error_description="The access token has been revoked\."$/,
    );
    // …and its refresh token no longer refreshes.
    await expectOAuthError(
      await tokenRequest(world, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
      400,
      'invalid_grant',
    );

    const reuse = (await auditLog(world)).filter((a) => a.type === 'oidc.code_reuse_revoked');
    expect(reuse).toEqual([expect.objectContaining({ at: world.now(), email: 'erik.johansson@company.com' })]);
  });
});
