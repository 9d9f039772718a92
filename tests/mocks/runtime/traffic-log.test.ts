// Tests the workspace's traffic log as the x-ray reads it (SimulationControl.traffic): a login through Connect after
// activation is recorded hop by hop, navigations grouped, with the cookies each request carried and each response
// set, and the bodies (JSON, forms) as sent; clearing and reading back.
import { describe, expect } from 'vitest';
import type { Exchange } from '../../../src/contracts/network';
import { SIM_COOKIE_HEADER, SIM_SET_COOKIE_HEADER, type SetCookie } from '../../../src/contracts/wire';
import { it } from '../../support/world-test';
import { ANNA_EMAIL as ANNA, annaLogsInThroughConnect, loggedSince } from '../../support/logged-login';
import { CONNECT_PASSWORD, HRM, WEB } from '../hrm/support';

const CONNECT = 'https://connect.test';

const where = (e: Exchange) => `${e.method} ${new URL(e.url).host}${new URL(e.url).pathname} ${e.status}`;
const setCookies = (e: Exchange): SetCookie[] => JSON.parse(e.responseHeaders[SIM_SET_COOKIE_HEADER] ?? '[]') as SetCookie[];

describe('traffic log', () => {
  it('records a login through Connect hop by hop, each navigation’s hops under its first hop, in the order they were sent', async ({
    world,
  }) => {
    const { firstId, initiator: browser } = await annaLogsInThroughConnect(world);
    const log = await loggedSince(world, firstId);
    const ours = log.filter((e) => e.initiator === browser || e.initiator === 'server:hrm.test');

    const [opening, signingIn] = [...new Set(ours.flatMap((e) => (e.navigationId === undefined ? [] : [e.navigationId])))].map((id) =>
      ours.filter((e) => e.navigationId === id),
    );
    // The HRM sends the browser to Connect's authorization endpoint, which sends it on to the login page.
    expect(opening!.map(where)).toEqual([
      'GET web.hrm.test/my-profile 302',
      'GET web.hrm.test/auth/login 302',
      'GET connect.test/connect/authorize 302',
      'GET connect.test/login 200',
    ]);
    expect(opening![0]!.id).toBe(opening![0]!.navigationId);
    // Each hop asked for where the one before pointed.
    for (const [i, hop] of opening!.slice(1).entries()) expect(hop.url).toBe(new URL(opening![i]!.location!, opening![i]!.url).toString());

    // After the password: Connect answers the stored request with a code, the HRM's callback exchanges it.
    expect(signingIn!.map(where)).toEqual([
      'GET connect.test/connect/authorize/resume 302',
      'GET web.hrm.test/auth/callback 302',
      'GET web.hrm.test/my-profile 200',
    ]);
    const callback = signingIn![1]!;
    const serverCalls = ours.filter((e) => e.initiator === 'server:hrm.test' && e.id > callback.id && e.id < signingIn![2]!.id).map(where);
    expect(serverCalls).toEqual(['POST connect.test/connect/token 200', 'GET connect.test/connect/userinfo 200']);
  });

  it('records the cookies each request carried and each response set', async ({ world }) => {
    const { firstId, initiator: browser } = await annaLogsInThroughConnect(world);
    const log = (await loggedSince(world, firstId)).filter((e) => e.initiator === browser);

    const signIn = log.find((e) => where(e) === 'POST connect.test/api/session 200')!;
    const connectSession = setCookies(signIn).find((c) => c.value !== '')!;
    expect(connectSession).toMatchObject({ path: '/' });
    const resume = log.find((e) => e.url.startsWith(`${CONNECT}/connect/authorize/resume`))!;
    expect(resume.requestHeaders[SIM_COOKIE_HEADER]).toContain(`${connectSession.name}=${connectSession.value}`);

    const callback = log.find((e) => e.url.startsWith(`${WEB}/auth/callback`))!;
    const hrmSession = setCookies(callback).find((c) => c.value !== '')!;
    // The login's state cookie went to the callback and is cleared by it.
    expect(callback.requestHeaders[SIM_COOKIE_HEADER]).toMatch(/hrm_auth=/);
    expect(setCookies(callback)).toContainEqual(expect.objectContaining({ name: 'hrm_auth', maxAge: 0 }));
    const landing = log.find((e) => e.id > callback.id && e.url === `${WEB}/my-profile`)!;
    expect(landing.requestHeaders[SIM_COOKIE_HEADER]).toContain(`${hrmSession.name}=${hrmSession.value}`);
  });

  it('records request and response bodies: the JSON sign-in, the form-encoded token request and its tokens', async ({ world }) => {
    const { firstId } = await annaLogsInThroughConnect(world);
    const log = await loggedSince(world, firstId);

    const signIn = log.find((e) => where(e) === 'POST connect.test/api/session 200')!;
    expect(JSON.parse(signIn.requestBody!)).toEqual({ email: ANNA, password: CONNECT_PASSWORD });
    expect(signIn.requestBodySize).toBe(new TextEncoder().encode(signIn.requestBody!).length);

    const callback = log.find((e) => e.url.startsWith(`${WEB}/auth/callback`))!;
    const code = new URL(callback.url).searchParams.get('code');
    const token = log.find((e) => where(e) === 'POST connect.test/connect/token 200')!;
    expect(token.requestHeaders['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(token.requestHeaders['authorization']).toMatch(/^Basic /);
    const form = new URLSearchParams(token.requestBody!);
    expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'authorization_code', code, redirect_uri: `${WEB}/auth/callback` });
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.mimeType).toBe('application/json');
    expect(JSON.parse(token.responseBody!)).toMatchObject({
      token_type: 'Bearer',
      id_token: expect.any(String),
      access_token: expect.any(String),
    });
  });

  it('cuts a body after the log’s limit and keeps its full size', async ({ world }) => {
    const text = 'x'.repeat(40_000);
    const browser = world.browser('anna');
    await browser.api(`${HRM}/api/session`, { body: { loginId: '10001', password: text } });
    const [summary] = (await world.workspace.trafficSummaries()).slice(-1);
    const [exchange] = await world.workspace.trafficExchanges([summary!.id]);
    expect(exchange!.requestBody).toHaveLength(16 * 1024);
    expect(exchange!.requestBodySize).toBe(JSON.stringify({ loginId: '10001', password: text }).length);
  });

  it('clears the log; the ids of later exchanges keep increasing', async ({ world }) => {
    await world.browser('anna').navigate(`${HRM}/login`);
    const before = (await world.workspace.trafficSummaries()).at(-1)!.id;
    await world.workspace.clearTraffic();
    expect(await world.workspace.trafficSummaries()).toEqual([]);
    await world.browser('anna').navigate(`${HRM}/login`);
    const after = await world.workspace.trafficSummaries();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBeGreaterThan(before);
    expect(await world.workspace.trafficExchanges([before])).toEqual([]);
  });
});
