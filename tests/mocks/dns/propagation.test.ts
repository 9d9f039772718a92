// Tests the DNS provider's resolver against propagation (R23: "wait 5 minutes (the TTL is set to 300 seconds)"):
// a new record, a change and a deletion each reach resolvers exactly when the TTL has passed, and the answers keep
// RFC 1035's distinctions (NXDOMAIN versus no records of a type) and follow CNAMEs.
import { describe, expect } from 'vitest';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { addRecord, answers, body, DNS, records, resolve, signInToDns } from './support';

let nils: TestBrowser;
it.beforeEach(async ({ world }) => {
  nils = await signInToDns(world);
});

const SPF = '"v=spf1 include:_spf.mail.test ~all"';
const TOKEN = 'connect-domain-verification=4f1c';

describe('GET dns.test/resolve and propagation', () => {
  it('a new TXT record is not visible at 299.999 s and visible at exactly 300 s, with its TTL', async ({ world }) => {
    await addRecord(nils, { host: '@', type: 'TXT', value: TOKEN });
    expect(await answers(world, 'company.com')).toEqual([SPF]);
    await world.advance(299_999);
    expect(await answers(world, 'company.com')).toEqual([SPF]);
    await world.advance(1);
    const answer = await resolve(world, 'company.com');
    expect(answer.Status).toBe(0);
    expect(answer.Answer).toEqual(
      expect.arrayContaining([
        { name: 'company.com.', type: 16, TTL: 300, data: `"${TOKEN}"` },
        { name: 'company.com.', type: 16, TTL: 3600, data: SPF },
      ]),
    );
  });

  it('a record with a longer TTL takes that long to appear', async ({ world }) => {
    await addRecord(nils, { host: 'promo', type: 'TXT', value: 'hello', ttl: 3600 });
    await world.advance(3599_999);
    expect((await resolve(world, 'promo.company.com')).Status).toBe(3);
    await world.advance(1);
    expect(await answers(world, 'promo.company.com')).toEqual(['"hello"']);
  });

  it('after a change resolvers see the old value until the TTL has passed, then the new one', async ({ world }) => {
    const typo = await addRecord(nils, { host: '@', type: 'TXT', value: 'connect-domain-verificaton=4f1c' });
    await world.advance(300_000);
    const changed = await nils.api(`${records()}/${typo.id}`, { method: 'PUT', body: { host: '@', type: 'TXT', value: TOKEN, ttl: 300 } });
    expect(changed.status).toBe(200);
    expect((await body<{ visibleAt: number }>(changed)).visibleAt).toBe(world.now() + 300_000);
    await world.advance(299_999);
    expect(await answers(world, 'company.com')).toContain('"connect-domain-verificaton=4f1c"');
    expect(await answers(world, 'company.com')).not.toContain(`"${TOKEN}"`);
    await world.advance(1);
    expect(await answers(world, 'company.com')).toContain(`"${TOKEN}"`);
    expect(await answers(world, 'company.com')).not.toContain('"connect-domain-verificaton=4f1c"');
  });

  it('a deleted record stays visible until its TTL has passed, and the console lists it as still visible until then', async ({ world }) => {
    const record = await addRecord(nils, { host: '@', type: 'TXT', value: TOKEN });
    await world.advance(300_000);
    expect((await nils.api(`${records()}/${record.id}`, { method: 'DELETE' })).status).toBe(204);
    const listing = await body<{ records: Array<{ id: string }>; deleted: Array<{ id: string; visibleUntil: number }> }>(
      await nils.api(records()),
    );
    expect(listing.records.map((r) => r.id)).not.toContain(record.id);
    expect(listing.deleted).toEqual([
      expect.objectContaining({ id: record.id, host: '@', value: TOKEN, visibleUntil: world.now() + 300_000 }),
    ]);
    await world.advance(299_999);
    expect(await answers(world, 'company.com')).toContain(`"${TOKEN}"`);
    await world.advance(1);
    expect(await answers(world, 'company.com')).toEqual([SPF]);
  });

  it('a record moved to another host leaves the old host and reaches the new one after the TTL', async ({ world }) => {
    const record = await addRecord(nils, { host: 'www', type: 'TXT', value: TOKEN });
    await world.advance(300_000);
    await nils.api(`${records()}/${record.id}`, { method: 'PUT', body: { host: '@', type: 'TXT', value: TOKEN } });
    await world.advance(299_000);
    expect(await answers(world, 'www.company.com')).toEqual([`"${TOKEN}"`]);
    expect(await answers(world, 'company.com')).toEqual([SPF]);
    await world.advance(1_000);
    expect((await resolve(world, 'www.company.com')).Status).toBe(3);
    expect(await answers(world, 'company.com')).toContain(`"${TOKEN}"`);
  });

  it('tells NXDOMAIN (no such name) from NOERROR without records of the type, and names outside every zone', async ({ world }) => {
    // The apex exists (it has TXT records) but has no CNAME: NOERROR, no answer.
    const apexCname = await resolve(world, 'company.com', 'CNAME');
    expect(apexCname).toMatchObject({ Status: 0, Question: [{ name: 'company.com.', type: 5 }] });
    expect(apexCname.Answer).toBeUndefined();
    expect((await resolve(world, 'nothing.company.com')).Status).toBe(3);
    // An empty non-terminal exists (RFC 8020): a.b.company.com has a record, so b.company.com is NOERROR.
    await addRecord(nils, { host: 'a.b', type: 'TXT', value: 'x' });
    await world.advance(300_000);
    expect((await resolve(world, 'b.company.com')).Status).toBe(0);
    const outside = await resolve(world, 'example.org');
    expect(outside.Status).toBe(3);
    expect(outside.Comment).toMatch(/No zone/);
  });

  it('answers a CNAME, and follows it for other types', async ({ world }) => {
    await addRecord(nils, { host: '_connect-verify', type: 'CNAME', value: 'abc123.verify.connect.test.' });
    await addRecord(nils, { host: 'mail', type: 'CNAME', value: '_dmarc.company.com' });
    await world.advance(300_000);
    expect(await resolve(world, '_connect-verify.company.com', 'CNAME')).toMatchObject({
      Status: 0,
      Answer: [{ name: '_connect-verify.company.com.', type: 5, TTL: 300, data: 'abc123.verify.connect.test.' }],
    });
    // TXT at mail.company.com: the CNAME, then the target's TXT (RFC 1034 §4.3.2 step 3a).
    expect(await answers(world, 'mail.company.com', 'TXT')).toEqual([
      '_dmarc.company.com.',
      '"v=DMARC1; p=none; rua=mailto:dmarc@company.com"',
    ]);
    // Accepts the numeric type too.
    expect((await resolve(world, '_connect-verify.company.com', '5')).Answer).toHaveLength(1);
  });

  it('refuses a missing or malformed name and an unknown type with 400', async ({ world }) => {
    for (const query of ['', '?name=', '?name=bad..name', '?name=company.com&type=BOGUS']) {
      const response = await world.workspace.network.fetch(new Request(`${DNS}/resolve${query}`), { initiator: 'server:test' });
      expect(response.status, query).toBe(400);
    }
  });

  it('puts each propagation on the world clock as the next event', async ({ world }) => {
    await addRecord(nils, { host: '@', type: 'TXT', value: TOKEN });
    expect(world.workspace.clock.nextEvent()).toEqual({ at: world.now() + 300_000, label: 'TXT record on company.com reaches resolvers' });
    await world.workspace.clock.jumpToNextEvent();
    expect(await answers(world, 'company.com')).toContain(`"${TOKEN}"`);
  });
});
