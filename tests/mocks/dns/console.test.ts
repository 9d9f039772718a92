// Tests the DNS provider's console: signing in, the zone pages, and adding, editing and deleting TXT and CNAME records
// with a clear error at the field for each mistake (host, type, value, TTL, records that cannot stand together).
import { describe, expect } from 'vitest';
import type { DnsRecord, DnsZonePageData, DnsZonesPageData, RecordListing } from '../../../src/contracts/dns';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { addRecord, body, DNS, expectProblem, NILS, records, signInToDns, ZONE } from './support';

describe('signing in to the DNS console', () => {
  it('refuses a wrong password or unknown email with one generic 401', async ({ world }) => {
    const browser = world.browser();
    await expectProblem(await browser.api(`${DNS}/api/session`, { body: { ...NILS, password: 'wrong' } }), 401, 'invalid_credentials');
    await expectProblem(
      await browser.api(`${DNS}/api/session`, { body: { email: 'anna.svensson@company.com', password: 'dns-nils-1' } }),
      401,
      'invalid_credentials',
    );
  });

  it('sends a signed-out visitor to the sign-in and back, and shows Nils his zone', async ({ world }) => {
    const browser = world.browser();
    const first = await browser.navigate(`${DNS}/zones/company.com`);
    expect(first.url).toBe(`${DNS}/login?return_to=%2Fzones%2Fcompany.com`);
    const login = await browser.api(`${DNS}/api/session?return_to=%2Fzones%2Fcompany.com`, { body: NILS });
    expect(await body(login)).toEqual({ redirectTo: '/zones/company.com' });
    const zones = await browser.navigate(DNS);
    expect(zones.url).toBe(`${DNS}/zones`);
    expect(zones.outcome).toMatchObject({ kind: 'page', page: { view: 'dns/zones' } });
    const data = (zones.outcome as { page: { data: DnsZonesPageData } }).page.data;
    expect(data).toEqual({ account: { email: NILS.email, name: 'Nils Olsson' }, zones: [{ name: ZONE, records: 2, files: 0 }] });
    const zone = await browser.navigate(`${DNS}/zones/company.com`);
    const zoneData = (zone.outcome as { page: { data: DnsZonePageData } }).page.data;
    expect(zoneData.records.map((r) => [r.host, r.type, r.value])).toEqual([
      ['@', 'TXT', 'v=spf1 include:_spf.mail.test ~all'],
      ['_dmarc', 'TXT', 'v=DMARC1; p=none; rua=mailto:dmarc@company.com'],
    ]);
    expect((await browser.navigate(`${DNS}/zones/example.org`)).status).toBe(404);
    expect((await browser.navigate(`${DNS}/logout`)).url).toBe(`${DNS}/login`);
    await expectProblem(await browser.api(records()), 401, 'unauthenticated');
  });

  it('does not tell another customer’s zone from a missing one', async ({ world }) => {
    const nils = await signInToDns(world);
    await expectProblem(await nils.api(records('example.org')), 404, 'not_found');
  });
});

describe('records in the console', () => {
  let nils: TestBrowser;
  it.beforeEach(async ({ world }) => {
    nils = await signInToDns(world);
  });

  it('adds a TXT record at the apex with the default TTL of 300 s, quotes removed, visible to resolvers in 300 s', async ({ world }) => {
    // The type in any case, the value pasted with its quotes.
    const response = await nils.api(records(), { body: { host: '@', type: 'txt', value: ' "connect-domain-verification=abc" ' } });
    expect(response.status).toBe(201);
    const record = await body<DnsRecord>(response);
    expect(record).toMatchObject({
      zone: ZONE,
      host: '@',
      name: ZONE,
      type: 'TXT',
      value: 'connect-domain-verification=abc',
      ttl: 300,
      visibleAt: world.now() + 300_000,
    });
    const listing = await body<RecordListing>(await nils.api(records()));
    expect(listing.records.map((r) => r.id)).toContain(record.id);
  });

  it('says at the field what is wrong with a host, a type, a value or a TTL', async () => {
    const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
      [{ host: '', type: 'TXT', value: 'x' }, 'host_invalid', 'host', /@ for company.com/],
      [{ host: 'company.com', type: 'TXT', value: 'x' }, 'host_is_zone', 'host', /enter @/],
      [{ host: 'www.company.com', type: 'TXT', value: 'x' }, 'host_is_zone', 'host', /“www”/],
      [{ host: 'bad host', type: 'TXT', value: 'x' }, 'host_invalid', 'host', /letters, digits/],
      [{ host: '-www', type: 'TXT', value: 'x' }, 'host_invalid', 'host', /letters, digits/],
      [{ host: '*', type: 'TXT', value: 'x' }, 'host_invalid', 'host', /Wildcard/],
      [{ host: '@', type: 'MX', value: 'x' }, 'type_unsupported', 'type', /TXT or CNAME/],
      [{ host: '@', type: 'TXT', value: '  ' }, 'value_required', 'value', /Enter the text/],
      [{ host: '@', type: 'TXT', value: 'a\nb' }, 'value_invalid', 'value', /line breaks/],
      [{ host: 'x', type: 'CNAME', value: 'https://target.example.com/' }, 'value_invalid', 'value', /host name only/],
      [{ host: 'x', type: 'CNAME', value: 'target' }, 'value_invalid', 'value', /needs a dot/],
      [{ host: '@', type: 'TXT', value: 'x', ttl: 30 }, 'ttl_invalid', 'ttl', /60 to 86400/],
      [{ host: '@', type: 'TXT', value: 'x', ttl: 300.5 }, 'ttl_invalid', 'ttl', /whole number/],
      [{ host: '@', type: 'TXT', value: 'x', ttl: null }, 'ttl_invalid', 'ttl', /whole number/],
    ];
    for (const [input, code, field, message] of cases) {
      const problem = await expectProblem(await nils.api(records(), { body: input }), 422, code, field);
      expect(problem.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it('keeps a CNAME alone at its host and off the apex (RFC 1034 §3.6.2), and refuses a duplicate record', async () => {
    await expectProblem(
      await nils.api(records(), { body: { host: '@', type: 'CNAME', value: 'x.verify.connect.test' } }),
      422,
      'cname_at_apex',
      'host',
    );
    await expectProblem(
      await nils.api(records(), { body: { host: '_dmarc', type: 'CNAME', value: 'x.verify.connect.test' } }),
      422,
      'cname_conflict',
      'host',
    );
    await addRecord(nils, { host: '_connect-verify', type: 'CNAME', value: 'x.verify.connect.test' });
    await expectProblem(
      await nils.api(records(), { body: { host: '_connect-verify', type: 'TXT', value: 'x' } }),
      422,
      'cname_conflict',
      'host',
    );
    await expectProblem(
      await nils.api(records(), { body: { host: '_connect-verify', type: 'CNAME', value: 'y.verify.connect.test' } }),
      422,
      'cname_conflict',
      'host',
    );
    await expectProblem(
      await nils.api(records(), { body: { host: '@', type: 'TXT', value: 'v=spf1 include:_spf.mail.test ~all' } }),
      422,
      'record_exists',
      'value',
    );
  });

  it('edits a record in place (no conflict with itself) and deletes it; an unknown record is 404', async () => {
    const record = await addRecord(nils, { host: '_connect-verify', type: 'CNAME', value: 'x.verify.connect.test' });
    const edited = await nils.api(`${records()}/${record.id}`, {
      method: 'PUT',
      body: { host: '_connect-verify', type: 'CNAME', value: 'y.verify.connect.test', ttl: 600 },
    });
    expect(await body<DnsRecord>(edited)).toMatchObject({ id: record.id, value: 'y.verify.connect.test', ttl: 600 });
    await expectProblem(
      await nils.api(`${records()}/${record.id}`, { method: 'PUT', body: { host: '@', type: 'CNAME', value: 'y.verify.connect.test' } }),
      422,
      'cname_at_apex',
      'host',
    );
    await expectProblem(
      await nils.api(`${records()}/rec_nope`, { method: 'PUT', body: { host: 'x', type: 'TXT', value: 'x' } }),
      404,
      'not_found',
    );
    expect((await nils.api(`${records()}/${record.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await nils.api(`${records()}/${record.id}`, { method: 'DELETE' }), 404, 'not_found');
  });
});
