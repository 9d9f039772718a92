// Tests the identity provider database's upgrade to version 2 (H10): a version 1 database, opened by today's code,
// keeps its directory, users and applications as they were, and gains the admin console's empty activity log.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { databaseName } from '../../../mocks/shared/server';

const V1_STORES = {
  tenant: 'id',
  users: 'id, &username, email',
  sessions: 'id, userId',
  applications: 'clientId',
  authRequests: 'id, expiresAt',
  logins: 'id, expiresAt',
  codes: 'codeHash, userId',
  signingKeys: 'kid, alg',
  usedAssertions: '[clientId+jti], expiresAt',
  signIns: 'id, at, userId',
};

describe('identity provider database v1 → v2', () => {
  it('keeps every version 1 row and starts the console activity log empty', async () => {
    const name = databaseName('idp-upgrade', 'okta');
    await Dexie.delete(name);
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    const user = {
      id: 'u1',
      username: 'anna.svensson@company.com',
      email: 'anna.svensson@company.com',
      name: 'Anna Svensson',
      passwordHash: 'h',
      passwordSalt: 's',
      totpSecret: null,
      totpLastStep: null,
      groups: ['Finance'],
      disabledAt: null,
      isAdmin: false,
      createdAt: 1,
    };
    const app = {
      clientId: 'connect-sso',
      name: 'Connect',
      redirectUris: ['https://connect.test/connect/sso/callback'],
      secrets: [],
      certificates: [],
      createdAt: 1,
    };
    await v1.table('users').add(user);
    await v1.table('applications').add(app);
    v1.close();

    const db = new ExternalIdpDb('idp-upgrade', 'okta');
    try {
      expect(await db.users.where('username').equals(user.username).first()).toEqual(user);
      expect(await db.applications.get('connect-sso')).toEqual(app);
      expect(db.verno).toBe(2);
      expect(await db.consoleActivity.count()).toBe(0);
      await db.consoleActivity.add({
        id: '1',
        at: 2,
        actorId: 'u1',
        actor: user.username,
        action: 'application_added',
        target: 'Connect',
        detail: '',
      });
      expect(await db.consoleActivity.orderBy('at').keys()).toEqual([2]);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});
