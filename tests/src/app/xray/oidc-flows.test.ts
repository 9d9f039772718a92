// Tests reconstructing authorization-code flows from a real traffic log: Anna's HRM login through Connect after
// activation (a confidential client whose token request is server to server), Expense by single sign-on right after
// (a public client), and a public client's wrong PKCE verifier refused by Connect.
import { describe, expect } from 'vitest';
import { oidcExchangeIds, reconstructFlows, s256Challenge } from '../../../../src/app/xray/oidc-flows';
import type { TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { annaLogsInThroughConnect } from '../../../support/logged-login';
import { codeFor, EXPENSE, pkce, tokenRequest } from '../../../mocks/connect/oidc-support';

async function flowsInLog(world: TestWorld) {
  const summaries = await world.workspace.trafficSummaries();
  return reconstructFlows(summaries, await world.workspace.trafficExchanges(oidcExchangeIds(summaries)));
}

const names = (params: Array<{ name: string }>) => params.map((p) => p.name);

describe('reconstructFlows', () => {
  it('traces the HRM’s login: authorize, the login at Connect, the code, the server-side token request with PKCE, userinfo', async ({
    world,
  }) => {
    const { firstId, initiator } = await annaLogsInThroughConnect(world);
    const [flow, ...earlier] = await flowsInLog(world);
    expect(earlier.filter((f) => f.id >= firstId)).toEqual([]);

    expect(flow).toMatchObject({
      clientId: 'hrm',
      initiator,
      redirectUri: 'https://web.hrm.test/auth/callback',
      outcome: 'tokens_issued',
      stateMatches: true,
    });
    expect(names(flow!.parameters).sort()).toEqual([
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);
    // The login in between: the login page, Anna's password, the resumption Connect answers with the code.
    expect(flow!.interaction.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /login', 'POST /api/session']);
    expect(flow!.response!.exchange.url).toMatch(/^https:\/\/connect\.test\/connect\/authorize\/resume\?request_id=/);
    expect(flow!.response!.code).toMatch(/^[0-9a-f]{64}$/);
    expect(flow!.response!.parameters.find((p) => p.name === 'iss')?.value).toBe('https://connect.test');
    expect(flow!.callback!.url).toBe(flow!.response!.url.toString());

    const [token] = flow!.tokens;
    expect(token!.exchange.initiator).toBe('server:hrm.test');
    expect(token!.clientAuthentication).toEqual({ method: 'client_secret_basic', clientId: 'hrm' });
    expect(token!.ok).toBe(true);
    expect(Object.keys(token!.answer!).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    // The callback reads the profile; the page it lands on checks the session with Connect again.
    expect(flow!.userinfo.map((e) => e.status)).toEqual([200, 200]);

    // PKCE: the verifier the HRM kept on its server, shown from its token request, hashes to the challenge it sent.
    expect(flow!.pkce).toMatchObject({ method: 'S256', verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await s256Challenge(flow!.pkce!.verifier!)).toBe(flow!.pkce!.challenge);
  });

  it('traces Expense by single sign-on: the code comes straight from the authorize request, the public client names itself', async ({
    world,
  }) => {
    const { browser, initiator } = await annaLogsInThroughConnect(world);
    const opened = await browser.navigate('https://expense.test/auth/login');
    expect(opened.url).toBe('https://expense.test/');
    const [expense, hrm] = await flowsInLog(world);

    expect(hrm!.clientId).toBe('hrm');
    expect(expense).toMatchObject({ clientId: 'expense', initiator, outcome: 'tokens_issued', stateMatches: true, interaction: [] });
    expect(expense!.response!.exchange.id).toBe(expense!.authorize.id);
    expect(expense!.tokens[0]!.clientAuthentication).toEqual({ method: 'none', clientId: 'expense' });
    expect(expense!.tokens[0]!.exchange.initiator).toBe('server:expense.test');
    expect(Object.keys(expense!.tokens[0]!.answer!)).not.toContain('refresh_token');
    expect(await s256Challenge(expense!.pkce!.verifier!)).toBe(expense!.pkce!.challenge);
  });
});

describe('s256Challenge', () => {
  it('computes RFC 7636 Appendix B’s challenge from its verifier', async () => {
    expect(await s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('a refused verifier', () => {
  it('shows the challenge not matching and Connect’s refusal, then the right verifier accepted', async ({ world }) => {
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, world.browser('erik'), EXPENSE, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
    });
    const form = { grant_type: 'authorization_code', code, redirect_uri: EXPENSE.redirect_uri, client_id: 'expense' };
    const wrong = (await pkce()).verifier;
    await tokenRequest(world, { ...form, code_verifier: wrong }, null);
    const [refused] = await flowsInLog(world);
    expect(refused).toMatchObject({ clientId: 'expense', outcome: 'refused', pkce: { challenge, verifier: wrong } });
    expect(refused!.tokens[0]!.answer).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('code_verifier'),
    });
    expect(await s256Challenge(wrong)).not.toBe(challenge);

    await tokenRequest(world, { ...form, code_verifier: verifier }, null);
    const [accepted] = await flowsInLog(world);
    expect(accepted!.tokens.map((t) => t.exchange.status)).toEqual([400, 200]);
    expect(accepted).toMatchObject({ outcome: 'tokens_issued', pkce: { verifier } });
    expect(accepted!.tokens[1]!.clientAuthentication).toEqual({ method: 'none', clientId: 'expense' });
  });
});
