// Tests the x-ray's nesting of flows on recorded traffic: Expense signing in at Connect while Connect signs the user in
// at the organisation's identity provider shows as the outer flow (Expense ↔ Connect) with the inner one (Connect ↔
// provider) inside it, each with its steps and tokens; a plain login stays one flow; two sign-ins interleaved (two
// browsers, or two tabs of one) each keep their own inner flow; Connect's certificate shows as private_key_jwt; a
// provider's refusal, or Connect's refusal of the provider's answer, shows on both flows.
import { describe, expect } from 'vitest';
import {
  innerFlows,
  oidcExchangeIds,
  outerFlows,
  reconstructFlows,
  s256Challenge,
  type OidcFlow,
} from '../../../../src/app/xray/oidc-flows';
import { decodeJwt } from '../../../../src/app/xray/jwt';
import { partyColour, partyName } from '../../../../src/app/xray/parties';
import { ORIGINS } from '../../../../src/contracts/origins';
import type { TestBrowser, TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { exportJWK, generateKeyPair } from 'jose';
import type { SsoCredential } from '../../../../mocks/servers/connect/db';
import { FAKE_IDP, updateProvider } from '../../../support/fake-idp';
import { annaLogsInThroughConnect } from '../../../support/logged-login';
import { CONNECT, ERIK, identify, ssoWorld } from '../../../mocks/connect/sso/support';

async function flowsInLog(world: TestWorld): Promise<OidcFlow[]> {
  const summaries = await world.workspace.trafficSummaries();
  return reconstructFlows(summaries, await world.workspace.trafficExchanges(oidcExchangeIds(summaries)));
}

/** Opens Expense: its authorization request at Connect ends on Connect's login page; returns where that page returns to. */
async function openExpense(browser: TestBrowser): Promise<string> {
  const result = await browser.navigate(`${ORIGINS.expense}/auth/login`);
  expect(result.outcome.kind === 'page' && result.outcome.page.view).toBe('connect/login');
  return (result.outcome as { page: { data: { returnTo: string } } }).page.data.returnTo;
}

/** The email step, then "Sign in with …": through the provider, back to Connect, and on to Expense. */
async function signInWithProvider(browser: TestBrowser, email: string, returnTo: string) {
  const answer = await identify(browser, email, returnTo);
  expect(answer.body.next).toBe('sso');
  return browser.navigate(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
}

const paths = (flow: OidcFlow) => flow.interaction.map((s) => `${s.method} ${new URL(s.url).pathname}`);

describe('a brokered sign-in', () => {
  it('shows Expense ↔ Connect with Connect ↔ the provider inside it, each with its steps and decodable tokens', async ({ world }) => {
    await ssoWorld(world);
    const browser = world.browser('erik');
    const back = await signInWithProvider(browser, ERIK.email, await openExpense(browser));
    expect(back.url).toBe(`${ORIGINS.expense}/`);

    const flows = await flowsInLog(world);
    const [outer, ...others] = outerFlows(flows);
    expect(others).toEqual([]);
    expect(outer).toMatchObject({
      clientId: 'expense',
      provider: ORIGINS.connect,
      client: ORIGINS.expense,
      initiator: 'browser:erik',
      parentId: null,
      outcome: 'tokens_issued',
      stateMatches: true,
      failure: null,
    });
    const [inner, ...more] = innerFlows(flows, outer!);
    expect(more).toEqual([]);
    expect(inner).toMatchObject({
      clientId: 'connect-test-client',
      provider: FAKE_IDP,
      client: ORIGINS.connect,
      redirectUri: `${ORIGINS.connect}/connect/sso/callback`,
      initiator: 'browser:erik',
      parentId: outer!.id,
      outcome: 'tokens_issued',
      stateMatches: true,
    });

    // The outer flow's sign-in at Connect: the login page, the email, the start of single sign-on, the provider's answer
    // at Connect's callback; Connect then answers Expense from the stored request.
    expect(paths(outer!)).toEqual(['GET /login', 'POST /api/session/identify', 'GET /connect/sso/start', 'GET /connect/sso/callback']);
    expect(outer!.response!.exchange.url).toMatch(/^https:\/\/connect\.test\/connect\/authorize\/resume\?request_id=/);
    expect(inner!.id).toBeGreaterThan(outer!.id);
    expect(inner!.id).toBeLessThan(outer!.response!.exchange.id);
    // Connect sent the browser to the provider; the provider sent it back to Connect's callback with code and state.
    expect(new URL(inner!.startedBy!.url).pathname).toBe('/connect/sso/start');
    expect(inner!.response!.exchange.id).toBe(inner!.authorize.id);
    expect(inner!.callback!.url).toBe(inner!.response!.url.toString());
    expect(inner!.parameters.find((p) => p.name === 'login_hint')?.value).toBe(ERIK.email);

    // Connect, as the provider's client, exchanged the code server to server with its secret and PKCE verifier.
    const [innerToken] = inner!.tokens;
    expect(innerToken!.exchange.initiator).toBe('server:connect.test');
    expect(innerToken!.exchange.url).toBe(`${FAKE_IDP}/token`);
    expect(innerToken!.clientAuthentication).toEqual({ method: 'client_secret_basic', clientId: 'connect-test-client' });
    expect(await s256Challenge(inner!.pkce!.verifier!)).toBe(inner!.pkce!.challenge);
    // The provider's ID token: for Connect, with the MFA the provider did.
    const providerToken = decodeJwt(String(innerToken!.answer!['id_token']));
    expect(providerToken.ok && providerToken.claims).toMatchObject({
      iss: FAKE_IDP,
      aud: 'connect-test-client',
      amr: ['pwd', 'mfa'],
      email: ERIK.email,
    });

    // Expense's own token request at Connect: Connect's ID token and access token, for Expense.
    const [outerToken] = outer!.tokens;
    expect(outerToken!.exchange.initiator).toBe('server:expense.test');
    const connectToken = decodeJwt(String(outerToken!.answer!['id_token']));
    expect(connectToken.ok && connectToken.claims).toMatchObject({ iss: ORIGINS.connect, aud: 'expense', sub: expect.any(String) });
    expect(decodeJwt(String(outerToken!.answer!['access_token'])).ok).toBe(true);
  });

  it('keeps a plain login through Connect one flow, with nothing inside it', async ({ world }) => {
    const { firstId } = await annaLogsInThroughConnect(world);
    const flows = (await flowsInLog(world)).filter((f) => f.id >= firstId);
    expect(flows.map((f) => [f.clientId, f.parentId, f.innerIds])).toEqual([['hrm', null, []]]);
    expect(outerFlows(flows)).toHaveLength(1);
  });

  it('keeps two interleaved sign-ins apart: each outer flow holds its own inner flow, whether two browsers or two tabs of one', async ({
    world,
  }) => {
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-nora', email: 'nora.lind@company.com', name: 'Nora Lind', amr: ['pwd'] });
    const erik = world.browser('erik');
    const nora = world.browser('nora');
    // Both open Expense before either signs in; Erik opens it again in a second tab.
    const erikFirst = await openExpense(erik);
    const noraReturn = await openExpense(nora);
    const erikSecond = await openExpense(erik);
    idp.signingIn = 'idp-nora';
    await signInWithProvider(nora, 'nora.lind@company.com', noraReturn);
    idp.signingIn = ERIK.sub;
    await signInWithProvider(erik, ERIK.email, erikFirst);

    const flows = await flowsInLog(world);
    const outer = outerFlows(flows).reverse();
    expect(outer.map((f) => [f.initiator, f.response === null ? 'no answer yet' : 'answered'])).toEqual([
      ['browser:erik', 'answered'],
      ['browser:nora', 'answered'],
      ['browser:erik', 'no answer yet'],
    ]);
    expect(outer[1]!.outcome).toBe('tokens_issued');
    const [erikDone, noraDone, erikWaiting] = outer;
    const noraInner = innerFlows(flows, noraDone!);
    expect(noraInner.map((f) => f.initiator)).toEqual(['browser:nora']);
    const noraClaims = decodeJwt(String(noraInner[0]!.tokens[0]!.answer!['id_token']));
    expect(noraClaims.ok && noraClaims.claims['email']).toBe('nora.lind@company.com');
    // Erik's sign-in resumed his first tab's request, not the newer one in his second tab.
    expect(innerFlows(flows, erikDone!).map((f) => f.initiator)).toEqual(['browser:erik']);
    expect(erikWaiting!.innerIds).toEqual([]);
    expect(erikSecond).not.toBe(erikFirst);
    expect(flows.filter((f) => f.parentId !== null)).toHaveLength(2);
  });

  it('shows a refusal at the provider on the inner flow and on the sign-in it stopped', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.users.get(ERIK.sub)!.disabled = true;
    const browser = world.browser('erik');
    await signInWithProvider(browser, ERIK.email, await openExpense(browser));

    const flows = await flowsInLog(world);
    const [outer] = outerFlows(flows);
    const [inner] = innerFlows(flows, outer!);
    expect(inner).toMatchObject({ outcome: 'refused', tokens: [], failure: 'access_denied: The user account is disabled.' });
    expect(inner!.response!.error).toBe('access_denied');
    expect(outer).toMatchObject({ clientId: 'expense', outcome: 'refused', response: null, tokens: [] });
    expect(outer!.failure).toBe('idp.example.test refused the sign-in: access_denied: The user account is disabled.');
  });
});

describe('Connect authenticating to the provider with its certificate', () => {
  it('shows private_key_jwt at the inner token request, with Connect as the assertion’s subject', async ({ world }) => {
    const { idp, provider } = await ssoWorld(world);
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    idp.clientPublicJwk = await exportJWK(publicKey);
    const credential: SsoCredential = {
      kid: 'connect-cert-1',
      privateJwk: await exportJWK(privateKey),
      publicJwk: idp.clientPublicJwk,
      certificatePem: '-----BEGIN CERTIFICATE-----\n(not read by the test provider)\n-----END CERTIFICATE-----',
      thumbprint: 'dGh1bWJwcmludC1vZi10aGUtY2VydGlmaWNhdGU',
      notBefore: 0,
      notAfter: world.now() + 365 * 86_400_000,
    };
    await updateProvider(world, provider.id, { clientAuth: 'private_key_jwt', clientSecret: null, credential });
    const browser = world.browser('erik');
    await signInWithProvider(browser, ERIK.email, await openExpense(browser));

    const flows = await flowsInLog(world);
    const [inner] = innerFlows(flows, outerFlows(flows)[0]!);
    const [token] = inner!.tokens;
    expect(token).toMatchObject({ ok: true, clientAuthentication: { method: 'private_key_jwt', clientId: idp.clientId } });
    expect(token!.exchange.requestHeaders['authorization']).toBeUndefined();
    expect(token!.parameters.find((p) => p.name === 'client_assertion_type')?.value).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
  });
});

describe('a provider’s answer refused by Connect', () => {
  it('shows the inner flow’s tokens issued, then Connect refusing them at its callback, and the sign-in it stopped', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, aud: 'another-application' });
    const browser = world.browser('erik');
    await signInWithProvider(browser, ERIK.email, await openExpense(browser));

    const flows = await flowsInLog(world);
    const [outer] = outerFlows(flows);
    const [inner] = innerFlows(flows, outer!);
    // The provider did its part: a code, and tokens for it at the token endpoint.
    expect(inner).toMatchObject({ outcome: 'tokens_issued', stateMatches: true });
    expect(inner!.callback!.location).toBeNull();
    expect(inner!.failure).toMatch(/^Connect refused the answer at its callback: .{20,}/);
    expect(outer).toMatchObject({ clientId: 'expense', outcome: 'refused', response: null, failure: inner!.failure });
  });
});

describe('partyName and partyColour', () => {
  it('names each identity provider and gives it its own colour; any other host is named by itself', () => {
    expect(partyName(`${ORIGINS.entra}/tenant/oauth2/v2.0/authorize`)).toBe('Entra ID');
    expect(partyName(`${ORIGINS.google}/o/oauth2/v2/auth`)).toBe('Google');
    expect(partyName(`${ORIGINS.okta}/oauth2/v1/authorize`)).toBe('Okta');
    expect(partyName(`${ORIGINS.ping}/as/authorization.oauth2`)).toBe('Ping Identity');
    expect(partyName(ORIGINS.connect)).toBe('Connect');
    expect(partyName(`${FAKE_IDP}/authorize`)).toBe('idp.example.test');
    const colours = [ORIGINS.entra, ORIGINS.google, ORIGINS.okta, ORIGINS.ping, ORIGINS.connect].map(partyColour);
    expect(new Set(colours).size).toBe(5);
  });
});
