// Tests the x-ray's nesting on traffic through the simulated Entra ID (entra.test): Expense asks Connect, Connect asks
// Entra ID, Johan signs in at Entra's own login page with his password and authenticator code; the inner flow carries
// Entra's login steps and Entra's ID token with the MFA it did, the outer flow Connect's tokens for Expense. A reload
// of the simulation afterwards changes nothing the x-ray reads.
import { describe, expect } from 'vitest';
import { innerFlows, oidcExchangeIds, outerFlows, reconstructFlows, type OidcFlow } from '../../../../src/app/xray/oidc-flows';
import { decodeJwt } from '../../../../src/app/xray/jwt';
import { partyName } from '../../../../src/app/xray/parties';
import { ORIGINS } from '../../../../src/contracts/origins';
import { totpCode } from '../../../../src/domain/totp';
import { ConnectDb } from '../../../../mocks/servers/connect/db';
import { Workspace } from '../../../../mocks/runtime/workspace';
import { ManualClock } from '../../../../src/domain/clock';
import { TEST_PAGE_ORIGIN, testWorldOf, type TestBrowser, type TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { CLIENT_ID, CLIENT_SECRET, idpTemplate, TOTP_SECRET, USERS } from '../../../mocks/external-idp/support';
import { issuerUrl, step } from '../../../mocks/external-idp/oidc-support';
import { CONNECT, identify } from '../../../mocks/connect/sso/support';

it.override({ template: idpTemplate('entra') });

const JOHAN = USERS.johan;

/** Connect's organisation signs company.com in with the workspace's Entra ID, as the admin portal stores it. */
async function connectUsesEntra(world: TestWorld): Promise<void> {
  const db = new ConnectDb(world.workspace.id);
  try {
    const organisation = (await db.organisations.toArray())[0]!;
    await db.organisations.update(organisation.id, {
      domains: organisation.domains.map((d) => (d.name === 'company.com' ? { ...d, verifiedAt: d.verifiedAt ?? world.now() } : d)),
    });
    await db.identityProviders.put({
      id: 'idp_entra0001',
      organisationId: organisation.id,
      kind: 'entra',
      name: 'Entra ID',
      issuer: issuerUrl('entra').toString(),
      clientId: CLIENT_ID,
      clientAuth: 'client_secret_basic',
      clientSecret: CLIENT_SECRET,
      credential: null,
      emailClaim: 'email',
      domains: ['company.com'],
      ssoOnly: false,
      offer: 'button',
      enabled: true,
      createdAt: world.now(),
      updatedAt: world.now(),
    });
  } finally {
    db.close();
  }
}

async function flowsInLog(world: TestWorld): Promise<OidcFlow[]> {
  const summaries = await world.workspace.trafficSummaries();
  return reconstructFlows(summaries, await world.workspace.trafficExchanges(oidcExchangeIds(summaries)));
}

/** Expense → Connect's login page → the email → Entra's login page; returns the sign-in Entra's page runs. */
async function toEntraLogin(browser: TestBrowser): Promise<string> {
  const opened = await browser.navigate(`${ORIGINS.expense}/auth/login`);
  const { returnTo } = (opened.outcome as { page: { data: { returnTo: string } } }).page.data;
  const answer = await identify(browser, JOHAN.email, returnTo);
  expect(answer.body.next).toBe('sso');
  const atEntra = await browser.navigate(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
  expect(atEntra.outcome.kind === 'page' && atEntra.outcome.page.view).toBe('idp/sign-in');
  return (atEntra.outcome as { page: { data: { login: string } } }).page.data.login;
}

describe('a sign-in brokered to Entra ID', () => {
  it('nests Connect ↔ Entra ID, with Entra’s login steps and its ID token reporting MFA, inside Expense ↔ Connect', async ({ world }) => {
    await connectUsesEntra(world);
    const browser = world.browser('johan');
    const login = await toEntraLogin(browser);
    expect((await step(browser, 'entra', 'signInUsername', { login, username: JOHAN.username })).status).toBe(200);
    expect((await step(browser, 'entra', 'signInPassword', { login, password: JOHAN.password })).status).toBe(200);
    const answer = await step(browser, 'entra', 'signInCode', { login, code: totpCode(TOTP_SECRET, world.now()) });
    const { redirectTo } = (await answer.json()) as { redirectTo: string };
    const back = await browser.navigate(new URL(redirectTo, ORIGINS.entra).toString(), { from: ORIGINS.entra });
    expect(back.url).toBe(`${ORIGINS.expense}/`);

    const flows = await flowsInLog(world);
    const [outer, ...others] = outerFlows(flows);
    expect(others).toEqual([]);
    expect(outer).toMatchObject({ clientId: 'expense', provider: ORIGINS.connect, outcome: 'tokens_issued' });
    const [inner] = innerFlows(flows, outer!);
    expect(inner).toMatchObject({ clientId: CLIENT_ID, provider: ORIGINS.entra, client: ORIGINS.connect, outcome: 'tokens_issued' });
    expect(partyName(inner!.provider)).toBe('Entra ID');
    // Entra's own login in between: its page, the username, the password, the authenticator code, then its answer.
    const atEntra = inner!.interaction.map((s) => `${s.method} ${new URL(s.url).pathname}`);
    expect(atEntra.filter((s) => s.startsWith('POST'))).toHaveLength(3);
    expect(inner!.response!.url.toString()).toMatch(/^https:\/\/connect\.test\/connect\/sso\/callback\?/);
    expect(inner!.stateMatches).toBe(true);

    const entraToken = decodeJwt(String(inner!.tokens[0]!.answer!['id_token']));
    expect(inner!.tokens[0]!.exchange.initiator).toBe('server:connect.test');
    expect(entraToken.ok && entraToken.claims).toMatchObject({ aud: CLIENT_ID, iss: issuerUrl('entra').toString() });
    expect(entraToken.ok && entraToken.claims['amr']).toEqual(expect.arrayContaining(['mfa']));
    const connectToken = decodeJwt(String(outer!.tokens[0]!.answer!['id_token']));
    expect(connectToken.ok && connectToken.claims).toMatchObject({ iss: ORIGINS.connect, aud: 'expense' });

    // After a reload the x-ray reads the same two flows, nested the same way, from the stored traffic log.
    const shape = (all: OidcFlow[]) => all.map((f) => [f.id, f.provider, f.parentId, f.innerIds, f.outcome]);
    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = (await Workspace.open({
      id,
      realClock: new ManualClock(0),
      libraryClock: { now: () => Date.now() },
      pageOrigin: TEST_PAGE_ORIGIN,
    }))!;
    try {
      expect(shape(await flowsInLog(testWorldOf(reopened, world.template)))).toEqual(shape(flows));
    } finally {
      await reopened.close();
    }
  });
});
