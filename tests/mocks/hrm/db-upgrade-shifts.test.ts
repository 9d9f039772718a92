// HRM database version 4 → 6: calendar subscription links, shift requests and the SMS provider get tables of their own;
// everything stored before stays, and a user stored without a mobile number still passes the row check.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { HrmDb } from '../../../mocks/servers/hrm/db';
import { HRM_ROW_SCHEMAS } from '../../../mocks/servers/hrm/rows';
import { databaseName } from '../../../mocks/shared/server';

/** The HRM's database as version 4 of the schema left it. */
class HrmDbV4 extends Dexie {
  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'hrm'));
    this.version(4).stores({
      sessions: 'id, userId, expiresAt',
      settings: 'key',
      audit: '++id, at, type, actorUserId, subjectUserId',
      people: 'chunk',
      states: 'chunk',
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

describe('HRM database version 4 → 6', () => {
  it('adds empty tables for calendar links, shift requests and the SMS provider and keeps what was stored', async () => {
    const old = new HrmDbV4('upgrade-6');
    const user = {
      id: 'usr_a',
      chunk: 0,
      loginId: '1',
      name: 'Anna',
      email: 'anna@company.com',
      roles: ['employee'],
      timeclockOnly: 0,
      password: null,
      employeeNumber: '1',
      employments: [],
    };
    await old.table('people').put({ chunk: 0, users: [user] });
    await old.table('settings').put({ key: 'security', allowedDomains: ['company.com'] });
    old.close();

    const db = new HrmDb('upgrade-6');
    try {
      expect(db.verno).toBe(7);
      expect(await db.people.get(0)).toEqual({ chunk: 0, users: [user] });
      expect(await db.settings.get('security')).toEqual({ key: 'security', allowedDomains: ['company.com'] });
      expect([await db.calendarFeeds.count(), await db.shiftRequests.count(), await db.smsProviders.count()]).toEqual([0, 0, 0]);
      expect(HRM_ROW_SCHEMAS['people']!.safeParse({ chunk: 0, users: [user] }).success).toBe(true);
      await db.calendarFeeds.put({ token: 'cal-1', userId: 'usr_a', createdAt: 0, replacedAt: null });
      expect(await db.calendarFeeds.where('userId').equals('usr_a').count()).toBe(1);
    } finally {
      db.close();
      await Dexie.delete(databaseName('upgrade-6', 'hrm'));
    }
  });
});
