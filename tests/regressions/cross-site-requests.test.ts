// A page of another site cannot change what a signed-in user has: the browser says where a request comes from (Origin,
// Sec-Fetch-Site), keeps SameSite cookies at home, and every server refuses changes other sites start; JSON bodies must
// say they are JSON, which another site's page cannot send without the server's consent.
import { describe, expect } from 'vitest';
import type { LinkStatus, SecuritySettings } from '../../src/contracts/hrm';
import type { Exchange } from '../../src/contracts/network';
import { ORIGINS } from '../../src/contracts/origins';
import { SIM_BROWSER_HEADERS } from '../../src/contracts/wire';
import type { TestBrowser, TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { body, expectProblem, link, linkStatus, recordTraffic, signIn } from '../mocks/hrm/support';

const { hrm: HRM, expense: EXPENSE } = ORIGINS;

/** What a script on a page at `from` sends with fetch(): the body as text/plain, the only kind it may send freely. */
function fromPage(
  world: TestWorld,
  browser: TestBrowser,
  from: string | null,
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Response> {
  const headers = { 'content-type': 'text/plain;charset=UTF-8', ...init.headers };
  const request = new Request(url, { method: init.method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  return world.workspace.network.fetch(request, { initiator: 'browser:test', jar: browser.jar, origin: from });
}

async function allowedDomains(karin: TestBrowser): Promise<string[]> {
  return (await body<SecuritySettings>(await karin.api(`${HRM}/api/security`))).allowedDomains;
}

describe('a page at expense.test acting on hrm.test with the user’s browser', () => {
  it('cannot unlink the signed-in user’s Connect account: 403, and the link stays', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');

    const response = await fromPage(world, anna, EXPENSE, `${HRM}/api/me/connect`, { method: 'DELETE' });
    const problem = await expectProblem(response, 403, 'cross_site_request');
    expect(problem.message).toBe(
      'This request came from https://expense.test, not from hrm.test; the HRM refuses changes that other sites start.',
    );
    expect(await linkStatus(anna)).toMatchObject<Partial<LinkStatus>>({ status: 'linked', email: 'anna.svensson@company.com' });
  });

  it('cannot replace the allowed domains as Karin, the HRM admin: 403, and the domains stay', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    expect((await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } })).status).toBe(200);

    const response = await fromPage(world, karin, EXPENSE, `${HRM}/api/security`, {
      method: 'PUT',
      body: JSON.stringify({ allowedDomains: ['evil.example'] }),
    });
    await expectProblem(response, 403, 'cross_site_request');
    expect(await allowedDomains(karin)).toEqual(['company.com']);
  });

  it('cannot pass by writing Origin or Sec-Fetch-Site itself: the browser sets them', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const traffic = recordTraffic(world);
    const response = await fromPage(world, karin, EXPENSE, `${HRM}/api/security`, {
      method: 'PUT',
      body: JSON.stringify({ allowedDomains: ['evil.example'] }),
      headers: {
        origin: HRM,
        'sec-fetch-site': 'same-origin',
        [SIM_BROWSER_HEADERS.origin]: HRM,
        [SIM_BROWSER_HEADERS['sec-fetch-site']]: 'same-origin',
      },
    });
    await expectProblem(response, 403, 'cross_site_request');
    expect(traffic.at(-1)!.requestHeaders).toMatchObject({
      [SIM_BROWSER_HEADERS.origin]: EXPENSE,
      [SIM_BROWSER_HEADERS['sec-fetch-site']]: 'cross-site',
    });
    expect(await allowedDomains(karin)).toEqual([]);
  });

  it('does not even carry the HRM session: a cross-site fetch goes without the Lax cookie', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const response = await fromPage(world, anna, EXPENSE, `${HRM}/api/me/connect`, { method: 'GET' });
    expect(response.status).toBe(401);
    // The same user following a link from expense.test to the HRM is still signed in (a top-level GET navigation).
    const opened = await anna.navigate(`${HRM}/my-profile`, { from: EXPENSE });
    expect(opened.outcome).toMatchObject({ kind: 'page' });
    expect(opened.url).toBe(`${HRM}/my-profile`);
  });
});

describe('a JSON API given a body that is not application/json', () => {
  it('answers 415 even from the HRM’s own page, and saves nothing', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const response = await fromPage(world, karin, HRM, `${HRM}/api/security`, {
      method: 'PUT',
      body: JSON.stringify({ allowedDomains: ['evil.example'] }),
    });
    const problem = await expectProblem(response, 415, 'unsupported_media_type');
    expect(problem.message).toBe('The request body must be sent as JSON (application/json), not as text/plain.');
    expect(await allowedDomains(karin)).toEqual([]);
  });

  it('accepts application/json with a charset', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const response = await fromPage(world, karin, HRM, `${HRM}/api/security`, {
      method: 'PUT',
      body: JSON.stringify({ allowedDomains: ['company.com'] }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(200);
    expect(await allowedDomains(karin)).toEqual(['company.com']);
  });
});

describe('requests no other site started', () => {
  it('a request typed by the user (a developer’s console fetch) changes what it asks: Sec-Fetch-Site none, no Origin', async ({
    world,
  }) => {
    const karin = await signIn(world, 'karin');
    const traffic = recordTraffic(world);
    const response = await fromPage(world, karin, null, `${HRM}/api/security`, {
      method: 'PUT',
      body: JSON.stringify({ allowedDomains: ['company.com'] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const sent = traffic.at(-1)!.requestHeaders;
    expect(sent[SIM_BROWSER_HEADERS['sec-fetch-site']]).toBe('none');
    expect(sent[SIM_BROWSER_HEADERS.origin]).toBeUndefined();
  });

  it('the HRM’s own calls to Connect and the mail server carry no Origin and still work', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const traffic = recordTraffic(world);
    await link(anna, 'anna.svensson@company.com');
    const serverCalls = traffic.filter((e: Exchange) => e.initiator === 'server:hrm.test');
    expect(serverCalls.length).toBeGreaterThan(0);
    for (const call of serverCalls) {
      expect(call.requestHeaders[SIM_BROWSER_HEADERS.origin]).toBeUndefined();
      expect(call.requestHeaders[SIM_BROWSER_HEADERS['sec-fetch-site']]).toBeUndefined();
      expect(call.status).toBeLessThan(300);
    }
  });
});
