// Tests the token decoder's judgement on tokens Connect really issued: claims decoded, the signature verified against
// Connect's JWKS fetched through the in-tab network, an expired token flagged by world time, a bad signature and an
// unknown key told apart, malformed input explained.
import { describe, expect } from 'vitest';
import { issuerJwks } from '../../../../src/clients/oidc';
import { XRAY_INITIATOR } from '../../../../src/contracts/network';
import { ORIGINS } from '../../../../src/contracts/origins';
import { decodeJwt, findJwts, timeWarnings, verifySignature } from '../../../../src/app/xray/jwt';
import type { TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { annaLogsInThroughConnect, loggedSince } from '../../../support/logged-login';

/** The ID token and access token Connect gave the HRM in Anna's login. */
async function issuedTokens(world: TestWorld): Promise<{ idToken: string; accessToken: string }> {
  const { firstId } = await annaLogsInThroughConnect(world);
  const token = (await loggedSince(world, firstId)).find((e) => e.url === 'https://connect.test/connect/token')!;
  const body = JSON.parse(token.responseBody!) as { id_token: string; access_token: string };
  return { idToken: body.id_token, accessToken: body.access_token };
}

async function connectJwks(world: TestWorld) {
  const result = await issuerJwks({ network: world.workspace.network, initiator: XRAY_INITIATOR }, 'https://connect.test');
  if (!result.ok) throw new Error(result.problem.message);
  return result.value.jwks;
}

function decoded(token: string) {
  const result = decodeJwt(token);
  if (!result.ok) throw new Error(result.message);
  return result;
}

const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The same token with one character of its signature changed. */
function tampered(token: string): string {
  const last = token.at(-5) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -5)}${last}${token.slice(-4)}`;
}

describe('decodeJwt', () => {
  it('reads the header and claims of Connect’s ID token', async ({ world }) => {
    const { idToken } = await issuedTokens(world);
    const { header, claims } = decoded(`Bearer ${idToken}\n`);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(claims).toMatchObject({ iss: 'https://connect.test', aud: 'hrm', exp: world.now() / 1000 + 600, amr: ['pwd'] });
  });

  it('explains malformed input instead of failing', () => {
    expect(decodeJwt('  ')).toMatchObject({ ok: false, code: 'empty' });
    expect(decodeJwt('abc.def')).toMatchObject({ ok: false, code: 'not_three_parts', message: expect.stringContaining('this has 2') });
    expect(decodeJwt('a.b.c.d.e')).toMatchObject({ ok: false, code: 'encrypted' });
    expect(decodeJwt('eyJ!.eyJ.x')).toMatchObject({ ok: false, code: 'not_base64url' });
    expect(decodeJwt(`${base64url('not json')}.e30.x`)).toMatchObject({
      ok: false,
      code: 'not_json',
      message: expect.stringContaining('header'),
    });
    expect(decodeJwt(`e30.${base64url('[1,2]')}.x`)).toMatchObject({
      ok: false,
      code: 'not_object',
      message: expect.stringContaining('claims'),
    });
  });
});

describe('timeWarnings', () => {
  it('flags a token as expired by world time, exactly at its exp', async ({ world }) => {
    const { accessToken } = await issuedTokens(world);
    const { claims } = decoded(accessToken);
    expect(timeWarnings(claims, world.now())).toEqual([]);
    await world.advance(599_999);
    expect(timeWarnings(claims, world.now())).toEqual([]);
    await world.advance(1);
    expect(timeWarnings(claims, world.now())).toEqual([{ code: 'expired', at: (claims['exp'] as number) * 1000, since: 0 }]);
  });

  it('flags a token not valid yet, and one issued in the future', () => {
    const now = Date.UTC(2026, 2, 2, 8);
    const claims = { nbf: now / 1000 + 60, iat: now / 1000 + 30 };
    expect(timeWarnings(claims, now)).toEqual([
      { code: 'not_yet_valid', at: now + 60_000, until: 60_000 },
      { code: 'issued_in_future', at: now + 30_000 },
    ]);
  });
});

describe('verifySignature', () => {
  it('verifies Connect’s RS256 ID token and access token against its JWKS, fetched through the in-tab network as the x-ray', async ({
    world,
  }) => {
    const { idToken, accessToken } = await issuedTokens(world);
    const jwks = await connectJwks(world);
    const kid = decoded(idToken).header['kid'];
    expect(await verifySignature(decoded(idToken), jwks)).toEqual({ code: 'verified', kid, alg: 'RS256' });
    expect(await verifySignature(decoded(accessToken), jwks)).toMatchObject({ code: 'verified' });
    // The x-ray's own calls to Connect (its reads of the mail that arranged the sign-in are the trainer's too).
    const xrayCalls = (await world.workspace.trafficSummaries())
      .filter((s) => s.initiator === XRAY_INITIATOR && s.url.startsWith(ORIGINS.connect))
      .map((s) => s.url);
    expect(xrayCalls).toEqual(['https://connect.test/.well-known/openid-configuration', 'https://connect.test/.well-known/jwks.json']);
  });

  it('an expired token’s signature still verifies: its genuineness and its expiry are told apart', async ({ world }) => {
    const { idToken } = await issuedTokens(world);
    await world.advance(3_600_000);
    expect(timeWarnings(decoded(idToken).claims, world.now())).toMatchObject([{ code: 'expired' }]);
    expect(await verifySignature(decoded(idToken), await connectJwks(world))).toMatchObject({ code: 'verified' });
  });

  it('flags a bad signature', async ({ world }) => {
    const { idToken } = await issuedTokens(world);
    expect(await verifySignature(decoded(tampered(idToken)), await connectJwks(world))).toMatchObject({
      code: 'bad_signature',
      alg: 'RS256',
    });
  });

  it('flags claims changed after signing as a bad signature', async ({ world }) => {
    const { idToken } = await issuedTokens(world);
    const [header, claims, signature] = idToken.split('.');
    const changed = JSON.parse(atob(claims!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const forged = base64url(JSON.stringify({ ...changed, sub: 'someone-else' }));
    expect(await verifySignature(decoded(`${header}.${forged}.${signature}`), await connectJwks(world))).toMatchObject({
      code: 'bad_signature',
    });
  });

  it('names a key id the JWKS does not have, and refuses alg "none"', async ({ world }) => {
    const { idToken } = await issuedTokens(world);
    const jwks = await connectJwks(world);
    const [, claims] = idToken.split('.');
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: 'retired-key' }));
    expect(await verifySignature(decoded(`${header}.${claims}.c2ln`), jwks)).toEqual({
      code: 'unknown_kid',
      kid: 'retired-key',
      known: jwks.keys.map((k) => k.kid),
    });
    const none = base64url(JSON.stringify({ alg: 'none' }));
    expect(await verifySignature(decoded(`${none}.${claims}.`), jwks)).toEqual({ code: 'unsigned' });
  });
});

describe('findJwts', () => {
  it('finds the tokens in a token response and a Bearer header, once each', async ({ world }) => {
    const { idToken, accessToken } = await issuedTokens(world);
    const text = `{"id_token":"${idToken}","access_token":"${accessToken}"} authorization: Bearer ${accessToken} eyJnot.a.token`;
    expect(findJwts(text)).toEqual([idToken, accessToken]);
  });
});
