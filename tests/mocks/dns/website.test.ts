// Tests each domain's website root at the DNS provider: files published in the console are served at
// https://<domain>/<path> at once (HTTP has no propagation), as a page to a virtual browser, and 404 otherwise.
import { describe, expect } from 'vitest';
import type { DnsWebsitePageData, WebsiteFile } from '../../../src/contracts/dns';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, DNS, expectProblem, signInToDns } from './support';

let nils: TestBrowser;
it.beforeEach(async ({ world }) => {
  nils = await signInToDns(world);
});

const FILES = `${DNS}/api/zones/company.com/files`;

function fetchSite(world: TestWorld, url: string): Promise<Response> {
  return world.workspace.network.fetch(new Request(url, { headers: { accept: 'text/html, */*' } }), { initiator: 'server:connect.test' });
}

describe('a domain’s website files', () => {
  it('publishes a file at the website root, served as is, replaced by a second upload, and gone after delete', async ({ world }) => {
    expect((await fetchSite(world, 'https://company.com/connect-abc.html')).status).toBe(404);
    const put = await nils.api(FILES, { method: 'PUT', body: { path: '/connect-abc.html', content: 'connect-domain-verification=abc' } });
    expect(put.status).toBe(201);
    expect(await body<WebsiteFile>(put)).toMatchObject({
      path: 'connect-abc.html',
      url: 'https://company.com/connect-abc.html',
      size: 31,
      contentType: 'text/html; charset=utf-8',
    });

    const served = await fetchSite(world, 'https://company.com/connect-abc.html');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await served.text()).toBe('connect-domain-verification=abc');

    expect((await nils.api(FILES, { method: 'PUT', body: { path: 'connect-abc.html', content: 'v2' } })).status).toBe(200);
    expect(await (await fetchSite(world, 'https://company.com/connect-abc.html')).text()).toBe('v2');
    expect(await body<WebsiteFile[]>(await nils.api(FILES))).toHaveLength(1);

    expect((await nils.api(`${FILES}?path=connect-abc.html`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetchSite(world, 'https://company.com/connect-abc.html')).status).toBe(404);
    await expectProblem(await nils.api(`${FILES}?path=connect-abc.html`, { method: 'DELETE' }), 404, 'not_found');
  });

  it('shows the file to a virtual browser as a page, and its 404 as one', async () => {
    await nils.api(FILES, { method: 'PUT', body: { path: '.well-known/hello.txt', content: 'hi' } });
    const shown = await nils.navigate('https://company.com/.well-known/hello.txt');
    expect(shown.outcome).toEqual({
      kind: 'page',
      page: {
        view: 'dns/site-file',
        title: '.well-known/hello.txt',
        data: { url: 'https://company.com/.well-known/hello.txt', contentType: 'text/plain; charset=utf-8', content: 'hi' },
      },
    });
    const missing = await nils.navigate('https://company.com/nothing.html');
    expect(missing.status).toBe(404);
    expect(missing.outcome).toMatchObject({ kind: 'page', page: { view: 'dns/site-not-found' } });
    const page = await nils.navigate(`${DNS}/zones/company.com/website`);
    expect((page.outcome as { page: { data: DnsWebsitePageData } }).page.data).toMatchObject({
      zone: 'company.com',
      root: 'https://company.com/',
      files: [{ path: '.well-known/hello.txt' }],
    });
  });

  it('refuses bad file names and files over 64 KB at the field', async () => {
    for (const path of ['', '../etc/passwd', 'a//b', 'white space.html']) {
      await expectProblem(await nils.api(FILES, { method: 'PUT', body: { path, content: 'x' } }), 422, 'path_invalid', 'path');
    }
    await expectProblem(
      await nils.api(FILES, { method: 'PUT', body: { path: 'big.txt', content: 'x'.repeat(64 * 1024 + 1) } }),
      422,
      'content_too_large',
      'content',
    );
  });

  it('answers only for the domains it hosts: any other host is unreachable', async ({ world }) => {
    const response = await fetchSite(world, 'https://example.org/connect-abc.html');
    expect(response.status).toBe(502);
    expect((await fetchSite(world, 'https://www.company.com/')).status).toBe(502);
  });
});
