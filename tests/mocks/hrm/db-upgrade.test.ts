import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { HrmDb } from '../../../mocks/servers/hrm/db';
import { mergeChunks } from '../../../mocks/servers/hrm/directory';
import { HRM_ROW_SCHEMAS } from '../../../mocks/servers/hrm/rows';
import { databaseName } from '../../../mocks/shared/server';

/** The HRM's database as version 1 of the schema wrote it (users, employments and links row by row). */
class HrmDbV1 extends Dexie {
  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'hrm'));
    this.version(1).stores({
      users: 'id, &loginId, email, timeclockOnly',
      employments: 'id, userId',
      links: 'userId, status, &linkedEmail',
      sessions: 'id, userId, expiresAt',
      settings: 'key',
      audit: '++id, at, type, actorUserId, subjectUserId',
    });
  }
}

describe('HRM database version 1 → 3', () => {
  it('moves users, their employments and link journeys into directory chunks, and keeps everything else', async () => {
    const old = new HrmDbV1('upgrade');
    await old.table('users').bulkAdd([
      {
        id: 'usr_a',
        loginId: '1',
        name: 'Anna',
        email: 'anna@company.com',
        roles: ['employee'],
        timeclockOnly: 0,
        passwordHash: 'h1',
        passwordSalt: 's1',
        employeeNumber: '1',
      },
      {
        id: 'usr_p',
        loginId: '2',
        name: 'Pekka',
        email: null,
        roles: ['timeclock'],
        timeclockOnly: 1,
        passwordHash: 'h2',
        passwordSalt: 's2',
        employeeNumber: '2',
      },
    ]);
    await old.table('employments').bulkAdd([
      {
        id: 'emp_1',
        userId: 'usr_a',
        title: 'Payroll',
        department: 'Finance',
        email: 'anna@gmail.com',
        mailingsActivated: 1,
        status: 'active',
      },
      { id: 'emp_2', userId: 'usr_p', title: 'Warehouse', department: 'Logistics', email: null, mailingsActivated: 0, status: 'active' },
    ]);
    const linkedContext = {
      email: 'anna@company.com',
      codeHash: null,
      codeSentAt: null,
      expiresAt: null,
      failedAttempts: 0,
      lastError: null,
      connectAccountId: 'acc_1',
      linkedAt: 7,
    };
    await old.table('links').bulkAdd([
      {
        userId: 'usr_a',
        status: 'linked',
        linkedEmail: 'anna@company.com',
        snapshot: { status: 'active', value: 'linked', context: linkedContext },
      },
      {
        userId: 'usr_p',
        status: 'unlinked',
        snapshot: {
          status: 'active',
          value: 'unlinked',
          context: { ...linkedContext, email: null, connectAccountId: null, linkedAt: null },
        },
      },
    ]);
    await old.table('settings').bulkPut([
      { key: 'tenant', name: 'T', hrmClientSecret: 's', companyDomain: 'company.com' },
      { key: 'security', allowedDomains: ['company.com'] },
    ]);
    await old.table('audit').add({ at: 1, type: 'login', actorUserId: 'usr_a', subjectUserId: 'usr_a', detail: 'Anna logged in' });
    old.close();

    const db = new HrmDb('upgrade');
    const [chunk] = mergeChunks(await db.people.toArray(), await db.states.toArray());
    expect(chunk!.map((u) => u.id)).toEqual(['usr_a', 'usr_p']);
    const anna = chunk![0]!;
    expect(anna).toMatchObject({
      chunk: 0,
      password: { hash: 'h1', salt: 's1' },
      employments: [{ id: 'emp_1', department: 'Finance', email: 'anna@gmail.com', mailingsActivated: 1, monthlySalary: 0 }],
      connectEmail: null,
      lastLoginAt: null,
      link: { status: 'linked', value: 'linked', context: { ...linkedContext, method: 'code', linkRequestId: null } },
    });
    expect(chunk![1]!.link).toBeNull();
    expect(await db.settings.get('tenant')).toMatchObject({ name: 'T', rehearsalPassword: null });
    expect(await db.audit.count()).toBe(1);
    // The old tables are gone; what remains is exactly what a workspace file's HRM database is checked against.
    const tables = db.tables.map((t) => t.name).sort();
    expect(tables).not.toContain('users');
    expect(tables).not.toContain('employments');
    expect(tables).not.toContain('links');
    expect(tables).toEqual(Object.keys(HRM_ROW_SCHEMAS).sort());
    db.close();
  });
});

/** The HRM's database as version 4 wrote it: the directory in chunks, and who called its addresses. */
/** The HRM's database as version 4 wrote it: before API clients, travel expenses and the file export. */
class HrmDbV4 extends Dexie {
  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'hrm'));
    this.version(4).stores({
      people: 'chunk',
      states: 'chunk',
      sessions: 'id, userId, expiresAt',
      settings: 'key',
      audit: '++id, at, type, actorUserId, subjectUserId',
      jobs: 'id, status, &number',
      jobPlans: 'jobId',
      authRequests: 'state, expiresAt',
      jobResults: '[jobId+step], jobId',
      imports: 'id, &number',
      payrollRuns: 'id, period, &number',
      integrationCalls: 'key, address, lastSeenAt',
    });
  }
}

describe('HRM database version 4 → 7', () => {
  it('adds the Timeclock’s tables, empty, and keeps everything else', async () => {
    const old = new HrmDbV4('upgrade-7');
    await old.table('people').put({ chunk: 0, users: [] });
    await old.table('settings').put({ key: 'security', allowedDomains: ['company.com'] });
    old.close();

    const db = new HrmDb('upgrade-7');
    expect(await db.people.count()).toBe(1);
    expect(await db.settings.get('security')).toEqual({ key: 'security', allowedDomains: ['company.com'] });
    expect(await db.timeclock.count()).toBe(0);
    expect(await db.timeclockSessions.count()).toBe(0);
    await db.punches.add({ userId: 'usr_a', at: 1, direction: 'in', clock: 'default', device: 'Kiosk', by: 'badge', address: 'old' });
    expect(await db.punches.where('[userId+at]').between(['usr_a', Dexie.minKey], ['usr_a', Dexie.maxKey]).count()).toBe(1);
    expect(HRM_ROW_SCHEMAS['punches']!.safeParse((await db.punches.toArray())[0]).success).toBe(true);
    db.close();
    await Dexie.delete(databaseName('upgrade-7', 'hrm'));
  });
});

describe('HRM database version 4 → 7: the public API', () => {
  it('adds the API clients, travel expenses, integration settings and file export runs, empty, and keeps everything else', async () => {
    const old = new HrmDbV4('upgrade-5');
    await old.table('settings').put({ key: 'security', allowedDomains: ['company.com'] });
    await old.table('integrationCalls').put({
      key: 'api|Payroll export|old',
      kind: 'api',
      client: 'Payroll export',
      address: 'old',
      firstSeenAt: 1,
      lastSeenAt: 2,
      count: 2,
      lastPath: '/api/v1/employees',
      lastOutcome: 'ok',
    });
    old.close();

    const db = new HrmDb('upgrade-5');
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.settings.get('security')).toEqual({ key: 'security', allowedDomains: ['company.com'] });
    expect(await db.integrationCalls.get('api|Payroll export|old')).toMatchObject({ count: 2 });
    expect([
      await db.apiClients.count(),
      await db.travelExpenses.count(),
      await db.integrationSettings.count(),
      await db.fileExportRuns.count(),
    ]).toEqual([0, 0, 0, 0]);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(HRM_ROW_SCHEMAS).sort());
    db.close();
  });
});
