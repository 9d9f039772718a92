// Tests "Test connection" as the admin portal runs it (startSsoSignIn with purpose 'test'): a real sign-in at the
// provider, each step recorded with a precise failure — unreachable or garbage discovery, an unregistered redirect
// URI, a wrong or expired secret, private_key_jwt with Connect's certificate, unknown or expired — and nobody signed in.
import { exportJWK, generateKeyPair, decodeProtectedHeader } from 'jose';
import { describe, expect } from 'vitest';
import type { SsoFailure } from '../../../../src/contracts/connect-sso';
import { SeededRandom } from '../../../../src/domain/random';
import { BackgroundWork } from '../../../../mocks/shared/background';
import { ConnectDb, type IdentityProviderRow, type SsoCredential } from '../../../../mocks/servers/connect/db';
import type { ConnectEnv } from '../../../../mocks/servers/connect/env';
import { startSsoSignIn } from '../../../../mocks/servers/connect/sso/relying-party';
import { it } from '../../../support/world-test';
import { updateProvider, type FakeIdp } from '../../../support/fake-idp';
import type { TestWorld } from '../../../support/harness';
import { connectState, entries, signedIn, ssoWorld } from './support';

/** Connect's server context as the admin portal's endpoint has it, on the world's database, network and clock. */
function connectEnv(world: TestWorld): ConnectEnv {
  return {
    db: new ConnectDb(world.workspace.id),
    ctx: {
      workspaceId: world.workspace.id,
      clock: world.workspace.clock,
      random: SeededRandom.derive('test-connection', 'connect'),
      network: world.workspace.network,
      languageOf: (address) => world.workspace.languageOf(address),
      timers: { set: () => {}, clear: () => {} },
      librarySkewSeconds: () => Math.floor(world.now() / 1000) - Math.floor(Date.now() / 1000),
      pageOrigin: null,
    },
    background: new BackgroundWork('connect.test'),
  };
}

let runs = 0;

/** Runs "Test connection" for the provider: the run stored, started, and the browser sent on when it could be. */
async function testConnection(world: TestWorld, provider: IdentityProviderRow) {
  const env = connectEnv(world);
  try {
    const testId = `test_${++runs}`;
    await env.db.ssoTests.add({
      id: testId,
      providerId: provider.id,
      actorId: 'acc_admin',
      startedAt: world.now(),
      finishedAt: null,
      outcome: 'running',
      steps: [],
    });
    const started = await startSsoSignIn(env, provider, { purpose: 'test', testId });
    const browser = world.browser('it-admin');
    const landed = started.ok ? await browser.navigate(started.url) : null;
    const run = (await env.db.ssoTests.get(testId))!;
    return { started, landed, run, browser, testId };
  } finally {
    env.db.close();
  }
}

async function expectFailedAt(world: TestWorld, provider: IdentityProviderRow, step: string, failure: SsoFailure): Promise<string> {
  const { run } = await testConnection(world, provider);
  expect(run.outcome).toBe('failed');
  expect(run.finishedAt).not.toBeNull();
  const failed = run.steps.at(-1)!;
  expect(failed).toMatchObject({ step, ok: false, failure });
  expect(run.steps.slice(0, -1).every((s) => s.ok)).toBe(true);
  return failed.detail;
}

async function credential(idp: FakeIdp, notAfter: number): Promise<SsoCredential> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  idp.clientPublicJwk = publicJwk;
  return {
    kid: 'connect-cert-1',
    privateJwk: await exportJWK(privateKey),
    publicJwk,
    certificatePem: '-----BEGIN CERTIFICATE-----\n(not read by the test provider)\n-----END CERTIFICATE-----',
    thumbprint: 'dGh1bWJwcmludC1vZi10aGUtY2VydGlmaWNhdGU',
    notBefore: 0,
    notAfter,
  };
}

describe('Test connection', () => {
  it('passes every step with a real sign-in at the provider, comes back to the run, and signs nobody in', async ({ world }) => {
    const { provider } = await ssoWorld(world);
    const before = await connectState(world);
    const { started, landed, run, browser, testId } = await testConnection(world, provider);
    expect(started.ok).toBe(true);
    // The callback sends the browser on to the run's page (this browser has no admin session, so that page asks to sign in).
    const callback = landed!.hops.findIndex((hop) => hop.url.startsWith('https://connect.test/connect/sso/callback'));
    expect(landed!.hops[callback + 1]!.url).toBe(`https://connect.test/admin/identity-providers/${provider.id}/test/${testId}`);
    expect(run.outcome).toBe('passed');
    expect(run.steps.map((s) => [s.step, s.ok])).toEqual([
      ['discovery', true],
      ['authorize', true],
      ['callback', true],
      ['token', true],
      ['id_token', true],
      ['claims', true],
    ]);
    expect(run.steps.at(-1)!.data).toMatchObject({ email: 'erik.johansson@company.com' });
    expect(await signedIn(browser)).toBe(false);
    expect(await connectState(world)).toEqual(before);
    expect((await entries(world, 'idp.tested')).map((e) => e.detail)).toEqual(['Test connection of Example ID passed']);
  });

  it('says the discovery URL does not answer, or answers garbage', async ({ world }) => {
    const { idp, provider } = await ssoWorld(world);
    idp.tampering.discoveryAnswer = { status: 503, body: 'down' };
    expect(await expectFailedAt(world, provider, 'discovery', 'discovery_unreachable')).toContain('HTTP 503');
    idp.tampering.discoveryAnswer = { status: 200, body: '<html>not metadata</html>' };
    await expectFailedAt(world, provider, 'discovery', 'discovery_invalid');
    await expectFailedAt(world, { ...provider, issuer: 'https://nowhere.example.test' }, 'discovery', 'discovery_unreachable');
    await expectFailedAt(world, { ...provider, issuer: 'not a url' }, 'discovery', 'discovery_invalid');
  });

  it("detects a redirect URI the provider's app registration does not list: the provider answers with its error page", async ({
    world,
  }) => {
    const { idp, provider } = await ssoWorld(world);
    idp.redirectUris = ['https://connect.test/some/other/callback'];
    const detail = await expectFailedAt(world, provider, 'authorize', 'redirect_uri_not_registered');
    expect(detail).toContain('https://connect.test/connect/sso/callback');
  });

  it('names a wrong client secret, and an expired one when the provider says so', async ({ world }) => {
    const { idp, provider } = await ssoWorld(world);
    await updateProvider(world, provider.id, { clientSecret: 'not-the-secret' });
    const wrong = await expectFailedAt(world, { ...provider, clientSecret: 'not-the-secret' }, 'token', 'client_secret_wrong');
    expect(wrong).toContain("refused Connect's client secret");
    idp.tampering.tokenRefusal = 'AADSTS7000222: The provided client secret keys for app are expired.';
    await expectFailedAt(world, provider, 'token', 'client_secret_expired');
  });

  it("authenticates with private_key_jwt and Connect's certificate (kid and x5t#S256 in the assertion's header)", async ({ world }) => {
    const { idp, provider } = await ssoWorld(world);
    const cert = await credential(idp, world.now() + 365 * 86_400_000);
    const withCert: IdentityProviderRow = { ...provider, clientAuth: 'private_key_jwt', clientSecret: null, credential: cert };
    await updateProvider(world, provider.id, withCert);
    const { run } = await testConnection(world, withCert);
    expect(run.outcome).toBe('passed');
    const assertion = idp.tokenRequests.at(-1)!.form.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ kid: 'connect-cert-1', 'x5t#S256': cert.thumbprint });
    expect(idp.tokenRequests.at(-1)!.auth).toBeNull();
  });

  it('names a certificate the provider does not have, and one that has expired', async ({ world }) => {
    const { idp, provider } = await ssoWorld(world);
    const expired = await credential(idp, world.now() - 1);
    idp.clientPublicJwk = null;
    const withCert: IdentityProviderRow = { ...provider, clientAuth: 'private_key_jwt', clientSecret: null, credential: expired };
    await updateProvider(world, provider.id, withCert);
    await expectFailedAt(world, withCert, 'token', 'certificate_expired');
    const current: IdentityProviderRow = { ...withCert, credential: { ...expired, notAfter: world.now() + 86_400_000 } };
    await updateProvider(world, provider.id, current);
    await expectFailedAt(world, current, 'token', 'certificate_unknown');
  });
});
