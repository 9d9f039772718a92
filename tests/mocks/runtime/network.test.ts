import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { InTabNetwork } from '../../../mocks/runtime/network';
import { json, redirect, readCookie, page } from '../../../mocks/shared/http';
import { ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { navigate, MAX_REDIRECTS } from '../../../src/clients/navigation';
import type { Exchange } from '../../../src/contracts/network';
import { SIM_BROWSER_HEADERS } from '../../../src/contracts/wire';

function networkWith(...handlers: Parameters<InTabNetwork['setHandlers']>[0]) {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 8));
  const network = new InTabNetwork({ clock });
  network.setHandlers(handlers);
  const log: Exchange[] = [];
  network.subscribe((e) => log.push(e));
  return { network, clock, log };
}

describe('in-tab network', () => {
  it('carries a virtual browser’s cookies to the host that set them, and only there', async () => {
    const { network } = networkWith(
      http.post('https://hrm.test/login', () => json({ ok: true }, { cookies: [{ name: 'hrm_session', value: 's1', path: '/' }] })),
      http.get('https://hrm.test/whoami', ({ request }) => json({ session: readCookie(request, 'hrm_session') ?? null })),
      http.get('https://connect.test/whoami', ({ request }) => json({ session: readCookie(request, 'hrm_session') ?? null })),
    );
    const anna = new CookieJar();
    const karin = new CookieJar();
    await network.fetch(new Request('https://hrm.test/login', { method: 'POST' }), { initiator: 'browser:anna', jar: anna });
    const asAnna = await network.fetch(new Request('https://hrm.test/whoami'), { initiator: 'browser:anna', jar: anna });
    const asKarin = await network.fetch(new Request('https://hrm.test/whoami'), { initiator: 'browser:karin', jar: karin });
    const elsewhere = await network.fetch(new Request('https://connect.test/whoami'), { initiator: 'browser:anna', jar: anna });
    expect(await asAnna.json()).toEqual({ session: 's1' });
    expect(await asKarin.json()).toEqual({ session: null });
    expect(await elsewhere.json()).toEqual({ session: null });
  });

  it('answers 502 host_unreachable for a host no server answers', async () => {
    const { network } = networkWith();
    const response = await network.fetch(new Request('https://nowhere.test/'), { initiator: 'test' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'host_unreachable' });
  });

  it('turns a handler’s crash into a 500 problem instead of breaking the tab', async () => {
    const { network } = networkWith(
      http.get('https://hrm.test/boom', () => {
        throw new Error('disk full');
      }),
    );
    const original = console.error;
    console.error = () => {};
    try {
      const response = await network.fetch(new Request('https://hrm.test/boom'), { initiator: 'test' });
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ code: 'server_error', message: expect.stringContaining('disk full') });
    } finally {
      console.error = original;
    }
  });

  it('logs every exchange with world time, initiator, bodies and the redirect target', async () => {
    const { network, clock, log } = networkWith(
      http.post('https://hrm.test/echo', async ({ request }) => HttpResponse.json(await request.json())),
      http.get('https://hrm.test/old', () => redirect('/new')),
    );
    await network.fetch(new Request('https://hrm.test/echo', { method: 'POST', body: '{"a":1}' }), { initiator: 'server:hrm.test' });
    clock.advance(1000);
    await network.fetch(new Request('https://hrm.test/old'), { initiator: 'browser:anna' });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      method: 'POST',
      initiator: 'server:hrm.test',
      requestBody: '{"a":1}',
      responseBody: '{"a":1}',
      status: 200,
    });
    expect(log[1]).toMatchObject({ method: 'GET', status: 302, location: '/new', at: log[0]!.at + 1000 });
  });
});

describe('navigate', () => {
  it('follows redirects hop by hop, POST becoming GET after a 302, and renders the final page', async () => {
    const { network } = networkWith(
      http.post('https://hrm.test/form', () => redirect('https://connect.test/step')),
      http.get('https://connect.test/step', () => redirect('/done')),
      http.get('https://connect.test/done', ({ request }) => page('connect/done', 'Done', { method: request.method })),
    );
    const result = await navigate(network, {
      url: 'https://hrm.test/form',
      method: 'POST',
      body: { x: 1 },
      jar: new CookieJar(),
      initiator: 'browser:anna',
    });
    expect(result.hops).toEqual([
      { url: 'https://hrm.test/form', status: 302 },
      { url: 'https://connect.test/step', status: 302 },
      { url: 'https://connect.test/done', status: 200 },
    ]);
    expect(result.url).toBe('https://connect.test/done');
    expect(result.outcome).toEqual({ kind: 'page', page: { view: 'connect/done', title: 'Done', data: { method: 'GET' } } });
  });

  it('stops a redirect loop after the browser’s limit', async () => {
    const { network } = networkWith(http.get('https://hrm.test/loop', () => redirect('/loop')));
    const result = await navigate(network, { url: 'https://hrm.test/loop', jar: new CookieJar(), initiator: 'browser:anna' });
    expect(result.hops).toHaveLength(MAX_REDIRECTS + 1);
    expect(result.outcome).toMatchObject({ kind: 'error', problem: { code: 'too_many_redirects' } });
  });

  it('shows a server’s problem as an error page', async () => {
    const { network } = networkWith();
    const result = await navigate(network, { url: 'https://typo.test/', jar: new CookieJar(), initiator: 'browser:anna' });
    expect(result.outcome).toMatchObject({ kind: 'error', problem: { code: 'host_unreachable' } });
  });
});

describe('where a browser’s request comes from (Origin, Sec-Fetch-*)', () => {
  const echoHeaders = ({ request }: { request: Request }) =>
    json({
      origin: request.headers.get(SIM_BROWSER_HEADERS.origin),
      site: request.headers.get(SIM_BROWSER_HEADERS['sec-fetch-site']),
      mode: request.headers.get(SIM_BROWSER_HEADERS['sec-fetch-mode']),
      cookie: readCookie(request, 's') ?? null,
    });

  it('tells the server the page’s origin on a change, and only the site relation on a same-origin GET', async () => {
    const { network } = networkWith(http.all('https://hrm.test/api', echoHeaders));
    const jar = new CookieJar();
    const post = await network.fetch(new Request('https://hrm.test/api', { method: 'POST' }), {
      initiator: 'browser:anna',
      jar,
      origin: 'https://hrm.test',
    });
    expect(await post.json()).toMatchObject({ origin: 'https://hrm.test', site: 'same-origin', mode: 'cors' });
    const get = await network.fetch(new Request('https://hrm.test/api'), { initiator: 'browser:anna', jar, origin: 'https://hrm.test' });
    expect(await get.json()).toMatchObject({ origin: null, site: 'same-origin' });
    const crossOriginGet = await network.fetch(new Request('https://hrm.test/api'), {
      initiator: 'browser:anna',
      jar,
      origin: 'https://expense.test',
    });
    expect(await crossOriginGet.json()).toMatchObject({ origin: 'https://expense.test', site: 'cross-site' });
  });

  it('drops an Origin or Sec-Fetch-* header the caller wrote, and sends none of them for a server’s own call', async () => {
    const { network } = networkWith(http.all('https://hrm.test/api', echoHeaders));
    const forged = () =>
      new Request('https://hrm.test/api', {
        method: 'POST',
        headers: {
          origin: 'https://hrm.test',
          'sec-fetch-site': 'same-origin',
          [SIM_BROWSER_HEADERS.origin]: 'https://hrm.test',
          [SIM_BROWSER_HEADERS['sec-fetch-site']]: 'same-origin',
        },
      });
    const fromPage = await network.fetch(forged(), { initiator: 'browser:anna', jar: new CookieJar(), origin: 'https://expense.test' });
    expect(await fromPage.json()).toMatchObject({ origin: 'https://expense.test', site: 'cross-site' });
    const fromServer = await network.fetch(forged(), { initiator: 'server:connect.test' });
    expect(await fromServer.json()).toMatchObject({ origin: null, site: null });
  });

  it('marks a navigation cross-site after a hop through another site, and still carries Lax cookies on its GETs', async () => {
    const { network, log } = networkWith(
      http.get('https://hrm.test/auth/login', () => redirect('https://connect.test/connect/authorize')),
      http.get('https://connect.test/connect/authorize', () => redirect('https://hrm.test/auth/callback')),
      http.get('https://hrm.test/auth/callback', echoPage),
    );
    const jar = new CookieJar();
    jar.apply('https://hrm.test/', [{ name: 's', value: 'lax', sameSite: 'Lax' }], 0);
    const result = await navigate(network, {
      url: 'https://hrm.test/auth/login',
      jar,
      initiator: 'browser:anna',
      origin: 'https://hrm.test',
    });
    expect(log.map((e) => e.requestHeaders[SIM_BROWSER_HEADERS['sec-fetch-site']])).toEqual(['same-origin', 'cross-site', 'cross-site']);
    expect(
      log.every(
        (e) =>
          e.requestHeaders[SIM_BROWSER_HEADERS['sec-fetch-mode']] === 'navigate' &&
          e.requestHeaders[SIM_BROWSER_HEADERS.origin] === undefined,
      ),
    ).toBe(true);
    expect(result.outcome).toMatchObject({ kind: 'page', page: { data: { cookie: 'lax' } } });
  });

  it('keeps Strict cookies off a navigation another site started, and sends them with a typed address', async () => {
    const { network } = networkWith(http.get('https://hrm.test/', echoPage));
    const jar = new CookieJar();
    jar.apply('https://hrm.test/', [{ name: 's', value: 'strict', sameSite: 'Strict' }], 0);
    const linked = await navigate(network, { url: 'https://hrm.test/', jar, initiator: 'browser:anna', origin: 'https://expense.test' });
    expect(linked.outcome).toMatchObject({ page: { data: { cookie: null, site: 'cross-site' } } });
    const typed = await navigate(network, { url: 'https://hrm.test/', jar, initiator: 'browser:anna' });
    expect(typed.outcome).toMatchObject({ page: { data: { cookie: 'strict', site: 'none' } } });
  });

  it('sends Origin "null" on a form post redirected with 307 through another origin (Fetch §4.4)', async () => {
    const { network, log } = networkWith(
      http.post(
        'https://expense.test/go',
        () => new HttpResponse(null, { status: 307, headers: { location: 'https://connect.test/hop' } }),
      ),
      http.post('https://connect.test/hop', () => new HttpResponse(null, { status: 307, headers: { location: 'https://hrm.test/land' } })),
      http.post('https://hrm.test/land', echoPage),
    );
    await navigate(network, {
      url: 'https://expense.test/go',
      method: 'POST',
      body: {},
      jar: new CookieJar(),
      initiator: 'browser:anna',
      origin: 'https://expense.test',
    });
    expect(log.map((e) => e.requestHeaders[SIM_BROWSER_HEADERS.origin])).toEqual(['https://expense.test', 'https://expense.test', 'null']);
  });
});

function echoPage({ request }: { request: Request }): Response {
  return page('echo', 'Echo', {
    cookie: readCookie(request, 's') ?? null,
    site: request.headers.get(SIM_BROWSER_HEADERS['sec-fetch-site']),
    origin: request.headers.get(SIM_BROWSER_HEADERS.origin),
  });
}
