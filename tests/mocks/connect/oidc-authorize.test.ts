// Tests Connect's authorization endpoint beyond the oracle: the way through the login page and back (login_hint,
// the stored request and its lifetime), what the session records, POST requests, the errors that go back to the
// client, codes stored as digests only, and the audit of codes issued (R26).
import { describe, expect } from 'vitest';
import type { ConnectLoginPageData } from '../../../src/contracts/connect';
import { sha256Hex } from '../../../mocks/shared/crypto';
import { it } from '../../support/world-test';
import { auditLog, CONNECT, connectDb, login } from './support';
import { authorizationUrl, callbackOf, ERIK, HRM, pkce, signInAndReturn, visit } from './oidc-support';

describe('GET /connect/authorize without a session', () => {
  it('stores the request, sends the browser to the login page with the login_hint, and after the password back to the redirect_uri', async ({
    world,
  }) => {
    const browser = world.browser('erik');
    const trip = await visit(
      world,
      browser,
      authorizationUrl(HRM, { state: 'st-1', login_hint: 'Erik.Johansson@company.com' }),
      HRM.redirect_uri,
    );
    expect(trip.hops.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/connect/authorize', 302],
      ['/login', 200],
    ]);
    const data = trip.page!.data as ConnectLoginPageData;
    expect(data).toEqual({
      returnTo: expect.stringMatching(/^\/connect\/authorize\/resume\?request_id=[0-9a-f]{32}$/),
      email: 'erik.johansson@company.com',
      sessionEnded: null,
    });

    const back = await signInAndReturn(world, browser, trip, HRM.redirect_uri);
    expect(back.hops).toEqual([{ url: `${CONNECT}${data.returnTo}`, status: 302 }]);
    const params = callbackOf(back);
    expect([...params.keys()]).toEqual(['code', 'state', 'iss']);
    expect(params.get('state')).toBe('st-1');

    // The stored request was answered once: coming back to it again is refused.
    const replay = await visit(world, browser, `${CONNECT}${data.returnTo}`, HRM.redirect_uri);
    expect(replay).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_request' } } });
  });

  it('answers a stored request once, even when the browser comes back to it twice at once', async ({ world }) => {
    const browser = world.browser('erik');
    const trip = await visit(world, browser, authorizationUrl(HRM), HRM.redirect_uri);
    await login(browser, ERIK.email, ERIK.password);
    const resume = `${CONNECT}${(trip.page!.data as ConnectLoginPageData).returnTo}`;
    const answers = await Promise.all([visit(world, browser, resume, HRM.redirect_uri), visit(world, browser, resume, HRM.redirect_uri)]);
    expect(answers.map((a) => (a.callback ? 'code' : a.page?.view)).sort()).toEqual(['code', 'connect/error']);
  });

  it('a stored request is good for an hour of world time', async ({ world }) => {
    const browser = world.browser('erik');
    const trip = await visit(world, browser, authorizationUrl(HRM), HRM.redirect_uri);
    await world.advance(60 * 60_000);
    await login(browser, ERIK.email, ERIK.password);
    const late = await visit(world, browser, `${CONNECT}${(trip.page!.data as ConnectLoginPageData).returnTo}`, HRM.redirect_uri);
    expect(late.callback).toBeUndefined();
    expect(late.page).toMatchObject({
      view: 'connect/error',
      data: { code: 'request_expired', message: 'This sign-in request has expired. Go back to the application and sign in again.' },
    });
  });

  it('the way back asks for the password again until the browser has signed in', async ({ world }) => {
    const browser = world.browser('erik');
    const trip = await visit(world, browser, authorizationUrl(HRM), HRM.redirect_uri);
    const returnTo = (trip.page!.data as ConnectLoginPageData).returnTo;
    const early = await visit(world, browser, `${CONNECT}${returnTo}`, HRM.redirect_uri);
    expect(early.page?.view).toBe('connect/login');
    expect(early.callback).toBeUndefined();
  });
});

describe('GET /connect/authorize with a session', () => {
  it('records auth_time, amr and sid on the session and binds them to the code, stored as a digest only', async ({ world }) => {
    const browser = world.browser('erik');
    await login(browser, ERIK.email, ERIK.password);
    const { challenge } = await pkce();
    const trip = await visit(
      world,
      browser,
      authorizationUrl(HRM, { nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256' }),
      HRM.redirect_uri,
    );
    const code = callbackOf(trip).get('code')!;

    const db = connectDb(world);
    try {
      const [session] = await db.sessions.toArray();
      expect(session).toMatchObject({ authTime: world.now(), amr: ['pwd'], sid: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(session!.sid).not.toBe(session!.id);
      const rows = await db.codes.toArray();
      expect(rows).toEqual([
        {
          codeHash: await sha256Hex(code),
          clientId: 'hrm',
          accountId: session!.accountId,
          redirectUri: HRM.redirect_uri,
          scope: ['openid', 'email', 'profile'],
          nonce: 'n-1',
          codeChallenge: challenge,
          sid: session!.sid,
          authTime: world.now(),
          amr: ['pwd'],
          createdAt: world.now(),
          expiresAt: world.now() + 60_000,
          usedAt: null,
          grantId: null,
        },
      ]);
      expect(JSON.stringify(rows)).not.toContain(code);
    } finally {
      db.close();
    }
    const issued = (await auditLog(world)).filter((a) => a.type === 'oidc.code_issued');
    expect(issued).toEqual([expect.objectContaining({ email: ERIK.email, detail: `Authorization code issued to HRM for ${ERIK.email}` })]);
  });

  it('answers a POST form authorization request like a GET one (OIDC Core §3.1.2.1)', async ({ world }) => {
    const browser = world.browser('erik');
    await login(browser, ERIK.email, ERIK.password);
    const query = new URL(authorizationUrl(HRM, { state: 'posted' })).searchParams;
    const response = await world.workspace.network.fetch(
      new Request(`${CONNECT}/connect/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: query,
      }),
      { initiator: 'browser:erik', jar: browser.jar },
    );
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe('posted');
    expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('GET /connect/authorize errors sent back to the client (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6)', () => {
  const cases: Array<[string, Record<string, string> | ((url: URL) => void), string, string]> = [
    ['scope without openid', { scope: 'email profile' }, 'invalid_scope', 'scope must include openid.'],
    ['an unknown scope', { scope: 'openid payroll' }, 'invalid_scope', 'Unknown scope: payroll. Supported: openid, profile, email.'],
    [
      'no scope',
      (url) => url.searchParams.delete('scope'),
      'invalid_scope',
      'scope is missing: an OpenID Connect request needs at least scope=openid.',
    ],
    [
      'no response_type',
      (url) => url.searchParams.delete('response_type'),
      'invalid_request',
      'response_type is missing: send response_type=code.',
    ],
    [
      'a parameter sent twice',
      (url) => url.searchParams.append('scope', 'openid'),
      'invalid_request',
      'The parameter scope is sent more than once.',
    ],
    [
      'a request object',
      { request: 'eyJhbGciOiJub25lIn0.e30.' },
      'request_not_supported',
      'Request objects (the request parameter) are not supported.',
    ],
    ['a request_uri', { request_uri: 'urn:example:1' }, 'request_uri_not_supported', 'The request_uri parameter is not supported.'],
    ['prompt=none with login', { prompt: 'none login' }, 'invalid_request', 'prompt=none cannot be combined with other prompt values.'],
    ['prompt=consent', { prompt: 'consent' }, 'invalid_request', 'prompt "consent" is not supported: use none or login.'],
    ['a malformed max_age', { max_age: '-5' }, 'invalid_request', 'max_age must be a whole number of seconds.'],
    [
      'response_mode=fragment',
      { response_mode: 'fragment' },
      'invalid_request',
      'response_mode "fragment" is not supported: the code comes back in the query.',
    ],
  ];
  for (const [name, change, error, description] of cases) {
    it(`answers ${error} for ${name}`, async ({ world }) => {
      const url = new URL(authorizationUrl(HRM, { state: 'st-9', ...(typeof change === 'object' ? change : {}) }));
      if (typeof change === 'function') change(url);
      const params = callbackOf(await visit(world, world.browser(), url.toString(), HRM.redirect_uri));
      expect(Object.fromEntries(params)).toEqual({ error, error_description: description, state: 'st-9', iss: 'https://connect.test' });
    });
  }

  it('leaves state out when it was sent twice', async ({ world }) => {
    const url = new URL(authorizationUrl(HRM, { state: 'a' }));
    url.searchParams.append('state', 'b');
    const params = callbackOf(await visit(world, world.browser(), url.toString(), HRM.redirect_uri));
    expect(Object.fromEntries(params)).toEqual({
      error: 'invalid_request',
      error_description: 'The parameter state is sent more than once.',
      iss: 'https://connect.test',
    });
  });
});
