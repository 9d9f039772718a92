// The payroll file server at integrations.test: it takes the HRM's file exports only from a source address on its
// allow-list (RFC 7239 Forwarded: for=), which starts with the HRM's old outbound address (R18).
import { describe, expect } from 'vitest';
import type { FileServerPageData } from '../../../src/contracts/integrations';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { INTEGRATIONS, openPage, signedIn } from './stand-in-hrm';

const CSV = 'employeeNumber,name,gross\r\n10001,Anna Svensson,41000\r\n10002,Karin Berg,52000\r\n10003,"Ek, Johan",47000\r\n';

async function deliver(world: TestWorld, forwarded: string | null, fileName = 'payroll-2026-03.csv', body = CSV): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'text/csv' };
  if (forwarded !== null) headers['forwarded'] = forwarded;
  return world.workspace.network.fetch(new Request(`${INTEGRATIONS}/file-server/inbox/${fileName}`, { method: 'POST', headers, body }), {
    initiator: 'server:hrm.test',
  });
}

describe('the payroll file server', () => {
  it('takes a file from the HRM’s old address and lists it with its size and rows', async ({ world }) => {
    const response = await deliver(world, `for=${HRM_OUTBOUND_IP.old}`);
    expect(response.status).toBe(201);
    const file = { fileName: 'payroll-2026-03.csv', size: CSV.length, rows: 3, receivedAt: world.now(), from: HRM_OUTBOUND_IP.old };
    expect(await response.json()).toEqual(file);
    const { data } = await openPage<FileServerPageData>(await signedIn(world), '/integrations/file-server');
    expect(data.files).toEqual([file]);
    expect(data.config.allowList).toEqual([HRM_OUTBOUND_IP.old]);
    expect(data.runs[0]).toMatchObject({
      trigger: 'inbound',
      status: 201,
      ok: true,
      message: `201: payroll-2026-03.csv received: 3 rows, ${CSV.length} bytes.`,
    });
  });

  it('refuses the new address with the exact message until the admin adds it', async ({ world }) => {
    const refused = await deliver(world, `for=${HRM_OUTBOUND_IP.new}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: 'source_not_allowed',
      message: "The source address 198.51.100.189 is not on the file server's allow-list. Add it under Payroll file server > Allow-list.",
    });
    const karin = await signedIn(world);
    let { data } = await openPage<FileServerPageData>(karin, '/integrations/file-server');
    expect(data.files).toEqual([]);
    expect(data.runs[0]).toMatchObject({ status: 403, ok: false, details: ['Source address: 198.51.100.189'] });

    const added = await karin.api(`${INTEGRATIONS}/api/integrations/file-server/allow-list`, {
      body: { address: HRM_OUTBOUND_IP.new, version: data.version },
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ allowList: [HRM_OUTBOUND_IP.old, HRM_OUTBOUND_IP.new] });
    expect((await deliver(world, `for=${HRM_OUTBOUND_IP.new}`)).status).toBe(201);
    ({ data } = await openPage<FileServerPageData>(karin, '/integrations/file-server'));
    expect(data.files.map((f) => f.from)).toEqual([HRM_OUTBOUND_IP.new]);
  });

  it.for([
    ['no Forwarded header', null],
    ['a Forwarded header without for=', 'proto=https;by=203.0.113.43'],
    ['an obfuscated for= (RFC 7239 §6.3)', 'for=_hidden'],
    ['for=unknown', 'for=unknown'],
  ] as Array<[string, string | null]>)('refuses a file with %s: the source is unknown', async ([, forwarded], { world }) => {
    const response = await deliver(world, forwarded);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'source_unknown' });
  });

  it.for([
    ['a quoted address with a port', `for="${HRM_OUTBOUND_IP.old}:4711"`],
    ['the first of several elements', `for=${HRM_OUTBOUND_IP.old};proto=https, for=203.0.113.9`],
    ['upper-case FOR', `FOR=${HRM_OUTBOUND_IP.old}`],
  ] as Array<[string, string]>)('reads the source address from %s', async ([, forwarded], { world }) => {
    expect((await deliver(world, forwarded)).status).toBe(201);
  });

  it('compares IPv6 addresses in their canonical form, and refuses a bad file name and an empty file', async ({ world }) => {
    const karin = await signedIn(world);
    const { data } = await openPage<FileServerPageData>(karin, '/integrations/file-server');
    await karin.api(`${INTEGRATIONS}/api/integrations/file-server/allow-list`, {
      body: { address: '2001:DB8:0:0::1', version: data.version },
    });
    expect((await deliver(world, 'for="[2001:db8::1]:443"')).status).toBe(201);
    expect((await deliver(world, `for=${HRM_OUTBOUND_IP.old}`, '..secret')).status).toBe(422);
    expect((await deliver(world, `for=${HRM_OUTBOUND_IP.old}`, 'empty.csv', '')).status).toBe(422);
  });
});
