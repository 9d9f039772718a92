// Tests "Verify" (R23) end to end through the network: Connect asks dns.test's resolver (or fetches the
// domain's website) server to server and answers with one coded result — verified, not visible yet, wrong value (with
// what it found), wrong host — and keeps "Verified" after the record is removed.
import { describe, expect } from 'vitest';
import type { DomainView } from '../../../src/contracts/connect-domains';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { addRecord, DNS, records, signInToDns } from '../dns/support';
import { signedInAdmin } from './admin-support';
import { addDomain, verify } from './domains-support';
import { auditLog } from './support';

let karin: TestBrowser;
let nils: TestBrowser;
let domain: DomainView;
let token: string;
it.beforeEach(async ({ world }) => {
  karin = await signedInAdmin(world);
  nils = await signInToDns(world);
  domain = await addDomain(karin);
  token = domain.instructions.txt.value.split('=')[1]!;
});

const FIVE_MINUTES = 300_000;

describe('Verify by TXT record', () => {
  it('not visible yet right after the record is created, verified once 300 s have passed (not at 299 s)', async ({ world }) => {
    await addRecord(nils, { host: '@', type: 'TXT', value: domain.instructions.txt.value });
    const early = await verify(karin);
    expect(early.check).toMatchObject({ code: 'not_visible_yet', method: 'txt', found: [] });
    expect(early.check.message).toMatch(/wait a few minutes and click Verify again/);
    expect(early.domain.status).toBe('unverified');
    await world.advance(FIVE_MINUTES - 1_000);
    expect((await verify(karin)).check.code).toBe('not_visible_yet');
    await world.advance(1_000);
    const done = await verify(karin);
    expect(done.check).toMatchObject({ code: 'verified', method: 'txt', at: world.now() });
    expect(done.domain).toMatchObject({ status: 'verified', verifiedAt: world.now(), verifiedWith: 'txt' });
  });

  it('a typo is a wrong value, showing what was found; the corrected value is verified once the old answer expires', async ({ world }) => {
    const typo = await addRecord(nils, { host: '@', type: 'TXT', value: `connect-domain-verificaton=${token}` });
    await world.advance(FIVE_MINUTES);
    const wrong = await verify(karin);
    expect(wrong.check).toMatchObject({
      code: 'wrong_value',
      found: [{ where: 'company.com', type: 'TXT', value: `connect-domain-verificaton=${token}` }],
    });
    expect(wrong.check.message).toContain(`Found: “connect-domain-verificaton=${token}”`);
    // The SPF record at the apex is not mistaken for an attempt.
    expect(wrong.check.found).toHaveLength(1);

    await nils.api(`${records()}/${typo.id}`, { method: 'PUT', body: { host: '@', type: 'TXT', value: domain.instructions.txt.value } });
    // Right after the fix resolvers still answer with the typo: the message says why.
    const stale = await verify(karin);
    expect(stale.check.code).toBe('wrong_value');
    expect(stale.check.message).toMatch(/old value for up to 5 minutes/);
    await world.advance(FIVE_MINUTES);
    expect((await verify(karin)).domain.status).toBe('verified');
  });

  it('the value on www or on _connect-verify is a record on the wrong host', async ({ world }) => {
    for (const host of ['www', '_connect-verify']) {
      const record = await addRecord(nils, { host, type: 'TXT', value: domain.instructions.txt.value });
      await world.advance(FIVE_MINUTES);
      const { check } = await verify(karin);
      const name = `${host}.company.com`;
      expect(check, host).toMatchObject({
        code: 'wrong_host',
        found: [{ where: name, type: 'TXT', value: domain.instructions.txt.value }],
      });
      expect(check.message).toContain(`We found the value on ${name} (TXT), not on company.com itself`);
      await nils.api(`${records()}/${record.id}`, { method: 'DELETE' });
      await world.advance(FIVE_MINUTES);
    }
  });

  it('removing the record after "Verified" keeps the domain verified, and Verify does not look again', async ({ world }) => {
    const record = await addRecord(nils, { host: '@', type: 'TXT', value: domain.instructions.txt.value });
    await world.advance(FIVE_MINUTES);
    const verified = await verify(karin);
    expect(verified.domain.status).toBe('verified');
    expect((await nils.api(`${records()}/${record.id}`, { method: 'DELETE' })).status).toBe(204);
    await world.advance(FIVE_MINUTES);
    const resolves = () => world.workspace.world.traffic.filter((t) => t.url.startsWith(`${DNS}/resolve`)).count();
    await world.workspace.settled();
    const before = await resolves();
    const again = await verify(karin);
    expect(again.domain).toEqual(verified.domain);
    expect(again.check).toEqual(verified.check);
    await world.workspace.settled();
    expect(await resolves()).toBe(before);

    const types = (await auditLog(world)).filter((a) => a.type.startsWith('domain.'));
    expect(types.map((a) => [a.type, a.detail])).toEqual([
      ['domain.added', 'Karin Berg added the domain company.com'],
      ['domain.verification_attempted', 'Karin Berg verified company.com by TXT record: verified'],
      ['domain.verified', 'company.com verified by TXT record'],
    ]);
  });
});

describe('Verify when the DNS cannot be asked', () => {
  it('answers lookup_failed and leaves the domain unverified', async ({ world }) => {
    const dns = world.workspace.servers.find((s) => s.name === 'dns')!;
    world.workspace.network.setHandlers(world.workspace.handlers().filter((h) => !dns.handlers.includes(h)));
    const { check, domain: after } = await verify(karin);
    expect(check).toMatchObject({ code: 'lookup_failed', method: 'txt' });
    expect(check.message).toContain('dns.test answered 502');
    expect(after.status).toBe('unverified');
  });
});

describe('Verify by CNAME record', () => {
  it('verifies _connect-verify → <token>.verify.connect.test after propagation', async ({ world }) => {
    await addRecord(nils, { host: '_connect-verify', type: 'CNAME', value: domain.instructions.cname.target });
    expect((await verify(karin, 'cname')).check.code).toBe('not_visible_yet');
    await world.advance(FIVE_MINUTES);
    expect(await verify(karin, 'cname')).toMatchObject({ check: { code: 'verified', method: 'cname' }, domain: { verifiedWith: 'cname' } });
  });

  it('a CNAME to another target is a wrong value, showing the target found', async ({ world }) => {
    await addRecord(nils, { host: '_connect-verify', type: 'CNAME', value: `${token.slice(1)}.verify.connect.test` });
    await world.advance(FIVE_MINUTES);
    expect((await verify(karin, 'cname')).check).toMatchObject({
      code: 'wrong_value',
      found: [{ where: '_connect-verify.company.com', type: 'CNAME', value: `${token.slice(1)}.verify.connect.test` }],
    });
  });

  it('the target as a TXT record at _connect-verify, or a CNAME without the underscore, is on the wrong host', async ({ world }) => {
    const txt = await addRecord(nils, { host: '_connect-verify', type: 'TXT', value: domain.instructions.cname.target });
    await world.advance(FIVE_MINUTES);
    expect((await verify(karin, 'cname')).check).toMatchObject({
      code: 'wrong_host',
      found: [{ where: '_connect-verify.company.com', type: 'TXT', value: domain.instructions.cname.target }],
    });
    await nils.api(`${records()}/${txt.id}`, { method: 'DELETE' });
    await addRecord(nils, { host: 'connect-verify', type: 'CNAME', value: domain.instructions.cname.target });
    await world.advance(FIVE_MINUTES);
    expect((await verify(karin, 'cname')).check).toMatchObject({
      code: 'wrong_host',
      found: [{ where: 'connect-verify.company.com', type: 'CNAME' }],
    });
  });
});

describe('Verify by HTTPS file', () => {
  const FILES = `${DNS}/api/zones/company.com/files`;

  it('a missing file, then a file with the wrong content, then the right one: verified at once (HTTP has no TTL)', async () => {
    const missing = await verify(karin, 'https');
    expect(missing.check).toMatchObject({ code: 'file_not_found', method: 'https' });
    expect(missing.check.message).toContain(`${domain.instructions.https.url} (the website answered 404)`);

    await nils.api(FILES, { method: 'PUT', body: { path: domain.instructions.https.fileName, content: 'hello' } });
    expect((await verify(karin, 'https')).check).toMatchObject({
      code: 'wrong_value',
      found: [{ where: domain.instructions.https.url, type: 'file', value: 'hello' }],
    });

    await nils.api(FILES, {
      method: 'PUT',
      body: { path: domain.instructions.https.fileName, content: `${domain.instructions.https.content}\n` },
    });
    expect(await verify(karin, 'https')).toMatchObject({
      check: { code: 'verified' },
      domain: { status: 'verified', verifiedWith: 'https' },
    });

    // R23: the file may go once the domain is verified.
    await nils.api(`${FILES}?path=${domain.instructions.https.fileName}`, { method: 'DELETE' });
    expect((await verify(karin, 'https')).domain.status).toBe('verified');
  });

  it('a domain with no website at this provider cannot be reached', async () => {
    await addDomain(karin, 'company.se');
    const { check } = await verify(karin, 'https', 'company.se');
    expect(check.code).toBe('file_not_found');
    expect(check.message).toContain('no website answers at company.se');
  });
});
