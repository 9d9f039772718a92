import { afterEach, describe, expect, vi } from 'vitest';
import type { FileExportRun, FileExportSettings, IntegrationsChecklist } from '../../../src/contracts/hrm-integrations';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import { DAY } from '../../../src/domain/clock';
import { nextExportAt, SEEDED_FILE_EXPORT_URL } from '../../../mocks/servers/hrm/file-export';
import { it } from '../../support/world-test';
import { fillHrmStorage, moveOn, StandInFileServer } from './integrations-support';
import { body, expectProblem, hrmDb, HRM, signIn, WEB } from './support';

afterEach(() => vi.restoreAllMocks());

/** "Export now" on the admin's page: at the customer's own address, or at the new web address after the move. */
const exportNow = async (browser: Awaited<ReturnType<typeof signIn>>, origin: string = HRM) => {
  const response = await browser.api(`${origin}/api/file-export/runs`, { method: 'POST' });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<FileExportRun>(response);
};

describe('the file export', () => {
  it('posts the employees as CSV from the old address before the move and from the new one after; the refusal is shown verbatim', async ({
    world,
  }) => {
    const fileServer = new StandInFileServer();
    fileServer.install(world);
    const karin = await signIn(world, 'karin');
    const settings = await body<FileExportSettings>(await karin.api(`${HRM}/api/file-export`));
    expect(settings).toMatchObject({ targetUrl: SEEDED_FILE_EXPORT_URL, fileServerName: 'Payroll file server', version: 1 });

    const before = await exportNow(karin);
    expect(before).toMatchObject({ outcome: 'ok', sourceAddress: HRM_OUTBOUND_IP.old, trigger: 'manual', message: null });
    expect(fileServer.received).toHaveLength(1);
    const file = fileServer.received[0]!;
    expect(file.forwarded).toBe(`for=${HRM_OUTBOUND_IP.old}`);
    expect(file.contentType).toMatch(/^text\/csv/);
    const lines = file.body.split('\r\n');
    expect(lines[0]).toBe('employeeNumber,name,department');
    const anna = world.template.people.find((p) => p.key === 'anna')!;
    expect(lines).toContain(`10001,Anna Svensson,${anna.employments[0]!.department}`);
    expect(lines.filter(Boolean)).toHaveLength(world.template.people.length + 1);

    const admin = await moveOn(world);
    const refused = await exportNow(admin, WEB);
    expect(refused).toMatchObject({ outcome: 'refused', sourceAddress: HRM_OUTBOUND_IP.new });
    expect(refused.message).toBe(
      `The source address ${HRM_OUTBOUND_IP.new} is not on the file server's allow-list (${HRM_OUTBOUND_IP.old}): add it under Allowed addresses.`,
    );
    expect(fileServer.refused.at(-1)!.forwarded).toBe(`for=${HRM_OUTBOUND_IP.new}`);
    let checklist = await body<IntegrationsChecklist>(await admin.api(`${WEB}/api/integrations-checklist`));
    expect(checklist.items.find((i) => i.kind === 'fileExport')).toMatchObject({
      client: 'Payroll file server',
      status: 'old',
      lastOutcome: `Refused: ${refused.message}`,
      change: expect.stringContaining(`Add ${HRM_OUTBOUND_IP.new} to Payroll file server’s allow-list`),
    });
    expect(checklist.warnings.join(' ')).toContain('The file export to Payroll file server is refused');

    fileServer.allowList.add(HRM_OUTBOUND_IP.new);
    expect((await exportNow(admin, WEB)).outcome).toBe('ok');
    checklist = await body<IntegrationsChecklist>(await admin.api(`${WEB}/api/integrations-checklist`));
    expect(checklist.items.find((i) => i.kind === 'fileExport')).toMatchObject({ status: 'new', lastOutcome: 'File received' });
    expect(checklist.allMoved).toBe(true);
  });

  it('runs every day at 02:00 UTC on the world clock from the cutover, from the new address', async ({ world }) => {
    const fileServer = new StandInFileServer();
    fileServer.allowList.add(HRM_OUTBOUND_IP.new);
    fileServer.install(world);
    const first = nextExportAt(world.template.tenant.activationAt!);
    expect(new Date(first).toISOString()).toBe('2026-03-31T02:00:00.000Z');
    const karin = await signIn(world, 'karin');
    expect((await body<FileExportSettings>(await karin.api(`${HRM}/api/file-export`))).nextRunAt).toBe(first);

    // A month of preparation brings no daily runs: the schedule starts with the move.
    await world.advance(first - 1 - world.now());
    expect(fileServer.received).toHaveLength(0);
    await world.advance(1);
    await world.advance(DAY);
    expect(fileServer.received.map((f) => [f.path, f.forwarded])).toEqual([
      ['/file-server/inbox/employees-2026-03-31.csv', `for=${HRM_OUTBOUND_IP.new}`],
      ['/file-server/inbox/employees-2026-04-01.csv', `for=${HRM_OUTBOUND_IP.new}`],
    ]);
    const db = hrmDb(world);
    try {
      expect((await db.fileExportRuns.orderBy('number').toArray()).map((r) => [r.id, r.trigger, r.outcome])).toEqual([
        ['fex_1', 'schedule', 'ok'],
        ['fex_2', 'schedule', 'ok'],
      ]);
    } finally {
      db.close();
    }
  });

  it('checks the folder address at the field, refuses a save from a stale page, and can be turned off', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const save = (targetUrl: unknown, version: unknown) =>
      karin.api(`${HRM}/api/file-export`, { method: 'PUT', body: { targetUrl, version } });
    for (const bad of [
      'files',
      'http://files.example.com/inbox/',
      'https://files.example.com/inbox',
      'https://files.example.com/inbox/?a=1',
      `https://x.example/${'a'.repeat(500)}/`,
      42,
    ])
      await expectProblem(await save(bad, 1), 422, 'invalid_request', 'targetUrl');
    await expectProblem(await save('https://files.example.com/in/', 'one'), 400, 'invalid_request', 'version');

    const saved = await body<FileExportSettings>(await save('https://files.example.com/in/', 1));
    expect(saved).toMatchObject({ targetUrl: 'https://files.example.com/in/', version: 2 });
    await expectProblem(await save('https://other.example.com/in/', 1), 409, 'stale_write', 'targetUrl');
    expect((await body<FileExportSettings>(await karin.api(`${HRM}/api/file-export`))).targetUrl).toBe('https://files.example.com/in/');

    const off = await body<FileExportSettings>(await save('', 2));
    expect(off).toMatchObject({ targetUrl: null, nextRunAt: null, version: 3 });
    await expectProblem(await karin.api(`${HRM}/api/file-export/runs`, { method: 'POST' }), 409, 'file_export_off');
  });

  it('a run whose log does not fit in storage answers storage_full', async ({ world }) => {
    new StandInFileServer().install(world);
    const karin = await signIn(world, 'karin');
    fillHrmStorage(world);
    await expectProblem(await karin.api(`${HRM}/api/file-export/runs`, { method: 'POST' }), 507, 'storage_full');
    vi.restoreAllMocks();
    const db = hrmDb(world);
    try {
      expect(await db.fileExportRuns.count()).toBe(0);
    } finally {
      db.close();
    }
  });
});
