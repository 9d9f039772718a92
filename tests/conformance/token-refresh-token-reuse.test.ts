// Conformance: RFC 9700 §4.14.2 (refresh token rotation) — a refresh token that was already rotated and comes back
// is refused, and the whole grant it belongs to is revoked, the newest tokens included.
import { describe, expect } from 'vitest';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { auditLog } from '../mocks/connect/support';
import { codeFor, expectOAuthError, HRM, tokenRequest, userinfoRequest, type TokenBody } from '../mocks/connect/oidc-support';

describe('RFC 9700 §4.14.2 refresh token reuse', () => {
  it('token endpoint rejects a rotated refresh token presented again and revokes its whole family', async ({ world }) => {
    const code = await codeFor(world, world.browser('erik'), HRM);
    const first = (await (
      await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri })
    ).json()) as TokenBody;
    const refresh = (world: TestWorld, token: string) => tokenRequest(world, { grant_type: 'refresh_token', refresh_token: token });

    const rotated = await refresh(world, first.refresh_token!);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as TokenBody;
    expect((await userinfoRequest(world, second.access_token)).status).toBe(200);

    // An attacker (or a confused client) presents the first refresh token again.
    const reused = await refresh(world, first.refresh_token!);
    expect((await expectOAuthError(reused, 400, 'invalid_grant')).error_description).toBe(
      'The refresh token has already been used. Every token of this grant is revoked.',
    );
    // The legitimate newest tokens die with it.
    expect((await expectOAuthError(await refresh(world, second.refresh_token!), 400, 'invalid_grant')).error_description).toBe(
      'The refresh token has been revoked.',
    );
    expect((await userinfoRequest(world, second.access_token)).status).toBe(401);
    expect((await userinfoRequest(world, first.access_token)).status).toBe(401);

    expect((await auditLog(world)).map((a) => a.type).filter((t) => t.startsWith('oidc.'))).toEqual([
      'oidc.code_issued',
      'oidc.token_issued',
      'oidc.refresh_rotated',
      'oidc.refresh_reuse_revoked',
    ]);
  });
});
