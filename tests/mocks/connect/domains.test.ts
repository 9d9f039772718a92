// Tests Connect's Domains API and page (R23): who may use them, adding a domain (validated; one
// organisation owns a domain once), the proofs Connect asks for, the verification file, the audit log, and the
// verified domains an application may ask for (R13).
import { describe, expect } from 'vitest';
import type { DomainsPageData, DomainView, VerifiedDomainsResponse } from '../../../src/contracts/connect-domains';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { addRecord, signInToDns } from '../dns/support';
import { signedInAdmin } from './admin-support';
import { addDomain, DOMAINS, ERIK, signInToConnect, verify } from './domains-support';
import { asClient, auditLog, basic, body, CONNECT, expectProblem } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signedInAdmin(world);
});

describe('who may manage domains (requireConnectAdmin)', () => {
  it('refuses a signed-out browser with 401, and an account that is not an administrator with 403', async ({ world }) => {
    await expectProblem(await world.browser().api(DOMAINS), 401, 'unauthenticated');
    // Erik has a Connect account at company.com, but only Karin administers the organisation.
    const erik = await signInToConnect(world, ERIK, 'erik');
    await expectProblem(await erik.api(DOMAINS), 403, 'forbidden');
    await expectProblem(await erik.api(DOMAINS, { body: { domain: 'company.com' } }), 403, 'forbidden');
  });

  it('the page sends a signed-out visitor to the login and back, shows Karin the Domains tab and tells Erik he may not', async ({
    world,
  }) => {
    const visitor = world.browser();
    expect((await visitor.navigate(`${CONNECT}/admin/domains`)).url).toBe(`${CONNECT}/login?return_to=%2Fadmin%2Fdomains`);
    const shown = await karin.navigate(`${CONNECT}/admin/domains`);
    expect(shown.outcome).toMatchObject({ kind: 'page', page: { view: 'connect/admin/domains' } });
    const data = (shown.outcome as { page: { data: DomainsPageData } }).page.data;
    expect(data.shell).toMatchObject({
      tab: 'domains',
      admin: { email: 'karin.berg@company.com', name: 'Karin Berg' },
      organisation: { name: 'Demo Company' },
    });
    expect(data.domains).toEqual([]);
    const erik = await signInToConnect(world, ERIK, 'erik');
    const refused = await erik.navigate(`${CONNECT}/admin/domains`);
    expect(refused.status).toBe(403);
    expect(refused.outcome).toMatchObject({ kind: 'page', page: { view: 'connect/forbidden' } });
  });
});

describe('POST /api/admin/domains', () => {
  it('adds a domain, unverified, with the TXT record, the CNAME alternative and the file to publish', async ({ world }) => {
    const view = await addDomain(karin, ' Company.COM. ');
    const token = view.instructions.txt.value.slice('connect-domain-verification='.length);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(view).toEqual({
      domain: 'company.com',
      status: 'unverified',
      addedAt: world.now(),
      addedBy: 'karin.berg@company.com',
      verifiedAt: null,
      verifiedWith: null,
      lastCheck: null,
      instructions: {
        txt: { type: 'TXT', host: '@', name: 'company.com', value: `connect-domain-verification=${token}`, ttl: 300 },
        cname: {
          type: 'CNAME',
          host: '_connect-verify',
          name: '_connect-verify.company.com',
          target: `${token}.verify.connect.test`,
          ttl: 300,
        },
        https: {
          fileName: `connect-${token}.html`,
          content: `connect-domain-verification=${token}`,
          url: `https://company.com/connect-${token}.html`,
        },
      },
    });
    expect(await body<DomainView[]>(await karin.api(DOMAINS))).toEqual([view]);
    const audit = await auditLog(world);
    expect(audit.at(-1)).toMatchObject({
      type: 'domain.added',
      email: 'karin.berg@company.com',
      detail: 'Karin Berg added the domain company.com',
    });
    // The administrator who acted, as the admin portal's audit log shows it.
    expect(audit.at(-1)!.actorId).toBe(audit.at(-1)!.accountId);
  });

  it('says at the field what is wrong with the domain, and refuses one the organisation already has with 409', async () => {
    await expectProblem(await karin.api(DOMAINS, { body: { domain: ' ' } }), 422, 'domain_required', 'domain');
    await expectProblem(await karin.api(DOMAINS, { body: { domain: 'company' } }), 422, 'domain_malformed', 'domain');
    await expectProblem(await karin.api(DOMAINS, { body: { domain: 'https://company.com/' } }), 422, 'domain_malformed', 'domain');
    await addDomain(karin);
    const taken = await expectProblem(await karin.api(DOMAINS, { body: { domain: 'COMPANY.com' } }), 409, 'domain_taken', 'domain');
    expect(taken.message).toBe('company.com has already been added');
  });

  it('verifying a domain that was never added is 404, and a method that does not exist is 400', async () => {
    await expectProblem(await karin.api(`${DOMAINS}/example.org/verify`, { body: { method: 'txt' } }), 404, 'not_found');
    await addDomain(karin);
    await expectProblem(
      await karin.api(`${DOMAINS}/company.com/verify`, { body: { method: 'smoke-signals' } }),
      400,
      'invalid_request',
      'method',
    );
  });
});

describe('GET /api/admin/domains/:domain/verification-file', () => {
  it('downloads the static HTML file with its name (R23: "Verification via HTTPS")', async () => {
    const view = await addDomain(karin);
    const response = await karin.api(`${DOMAINS}/company.com/verification-file`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${view.instructions.https.fileName}"`);
    expect(await response.text()).toBe(view.instructions.https.content);
  });
});

describe('GET /api/organisation/verified-domains (R13)', () => {
  it('tells an authenticated application the verified domains only, and refuses one without credentials', async ({ world }) => {
    const view = await addDomain(karin);
    await addDomain(karin, 'company.se');
    const read = () => asClient(world, '/api/organisation/verified-domains', { method: 'GET' });
    expect(await body<VerifiedDomainsResponse>(await read())).toEqual({ domains: [] });

    const nils = await signInToDns(world);
    await addRecord(nils, { host: '@', type: 'TXT', value: view.instructions.txt.value });
    await world.advance(300_000);
    expect((await verify(karin)).domain.status).toBe('verified');
    expect(await body<VerifiedDomainsResponse>(await read())).toEqual({
      domains: [{ domain: 'company.com', verifiedAt: world.now(), method: 'txt' }],
    });
    // A verified domain is among the organisation's domains; company.se, not verified, is not.
    const page = await karin.navigate(`${CONNECT}/admin/domains`);
    expect((page.outcome as { page: { data: DomainsPageData } }).page.data.shell.organisation.domains).toEqual([
      { name: 'company.com', verifiedAt: world.now() },
    ]);

    await expectProblem(
      await asClient(world, '/api/organisation/verified-domains', { method: 'GET', authorization: null }),
      401,
      'invalid_client',
    );
    await expectProblem(
      await asClient(world, '/api/organisation/verified-domains', { method: 'GET', authorization: basic('hrm', 'wrong') }),
      401,
      'invalid_client',
    );
  });
});
