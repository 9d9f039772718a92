import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, type CrossSiteGuard } from '../../../mocks/shared/cross-site';
import { SIM_BROWSER_HEADERS, type BrowserHeader, type ProblemBody } from '../../../src/contracts/wire';

const CONNECT: CrossSiteGuard = { origin: 'https://connect.test', name: 'Connect', openPaths: ['/connect/token'] };

/** A request as the in-tab network hands it to a server, with the browser's headers under the names it carries them by. */
function request(method: string, path: string, headers: Partial<Record<BrowserHeader, string>> = {}): Request {
  const carried = Object.fromEntries(Object.entries(headers).map(([name, value]) => [SIM_BROWSER_HEADERS[name as BrowserHeader], value]));
  return new Request(`https://connect.test${path}`, { method, headers: carried });
}

async function refusalOf(req: Request): Promise<ProblemBody | null> {
  const refusal = crossSiteRefusal(req, CONNECT);
  if (!refusal) return null;
  expect(refusal.status).toBe(403);
  return (await refusal.json()) as ProblemBody;
}

describe('crossSiteRefusal', () => {
  it('refuses a change whose Origin is another site, saying where it came from', async () => {
    expect(
      await refusalOf(
        request('POST', '/api/me/two-factor/totp/remove', { origin: 'https://expense.test', 'sec-fetch-site': 'cross-site' }),
      ),
    ).toMatchObject({
      code: 'cross_site_request',
      message: 'This request came from https://expense.test, not from connect.test; Connect refuses changes that other sites start.',
    });
  });

  it('refuses a same-site page of another origin too, and a hidden ("null") origin', async () => {
    expect(
      await refusalOf(request('DELETE', '/api/session', { origin: 'https://www.connect.test', 'sec-fetch-site': 'same-site' })),
    ).not.toBeNull();
    const hidden = await refusalOf(request('PUT', '/api/admin/lockout', { origin: 'null' }));
    expect(hidden?.message).toBe(
      'This request came from another site, not from connect.test; Connect refuses changes that other sites start.',
    );
  });

  it('falls back on Sec-Fetch-Site when a request has no Origin', async () => {
    expect(await refusalOf(request('POST', '/api/session', { 'sec-fetch-site': 'cross-site' }))).not.toBeNull();
    expect(await refusalOf(request('POST', '/api/session', { 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(await refusalOf(request('POST', '/api/session', { 'sec-fetch-site': 'none' }))).toBeNull();
  });

  it('lets through its own pages, reads from anywhere, server-to-server calls and its open protocol paths', async () => {
    expect(
      await refusalOf(request('POST', '/api/session', { origin: 'https://connect.test', 'sec-fetch-site': 'same-origin' })),
    ).toBeNull();
    expect(await refusalOf(request('GET', '/api/me', { origin: 'https://expense.test', 'sec-fetch-site': 'cross-site' }))).toBeNull();
    expect(await refusalOf(request('POST', '/api/accounts/link'))).toBeNull();
    expect(
      await refusalOf(request('POST', '/connect/token', { origin: 'https://expense.test', 'sec-fetch-site': 'cross-site' })),
    ).toBeNull();
  });
});
