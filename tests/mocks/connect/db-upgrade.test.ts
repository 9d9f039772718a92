// Tests Connect's database upgrades (DESIGN.md rule 10): a database written with the previous version's schema and
// rows, opened by today's code, keeps its data and works as today's server.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ConnectDb } from '../../../mocks/servers/connect/db';
import { hashPassword } from '../../../mocks/shared/crypto';
import { databaseName } from '../../../mocks/shared/server';
import { createTestWorld } from '../../support/harness';
import { basic, CONNECT } from './support';
import { authorizationUrl, HRM } from './oidc-support';

/** The demo template's start: the world time of a freshly created workspace. */
const T = Date.UTC(2026, 2, 2, 8, 0, 0);
const HOUR = 3600_000;

/** Connect's schema as version 1 declared it. */
const V1_STORES = {
  accounts: 'id, &email',
  sessions: 'id, accountId, expiresAt',
  resetTokens: 'tokenHash, accountId, expiresAt',
  clients: 'id',
  audit: '++id, at, type, accountId, email',
};

const ERIK = {
  id: 'acc_00000000000000e1',
  email: 'erik.johansson@company.com',
  name: 'Erik Johansson',
  passwordHash: null,
  passwordSalt: null,
  passwordChangedAt: null,
  createdAt: T - 24 * HOUR,
  apps: ['Expense', 'HRM'],
  externalIds: { HRM: 'usr_erik' },
};
const SESSION_ID = 'a1'.repeat(16);
const CLIENT_SALT = '0123456789abcdef0123456789abcdef';

/** Writes a v1 database the way v1 did: a session of Erik's that began an hour ago, the HRM's client with its secret. */
async function writeV1(workspaceId: string): Promise<void> {
  const name = databaseName(workspaceId, 'connect');
  await Dexie.delete(name);
  const v1 = new Dexie(name);
  v1.version(1).stores(V1_STORES);
  await v1.table('accounts').add(ERIK);
  await v1.table('sessions').add({ id: SESSION_ID, accountId: ERIK.id, expiresAt: T - HOUR + 8 * HOUR });
  await v1.table('clients').add({ id: 'hrm', name: 'HRM', secretHash: await hashPassword('v1-secret', CLIENT_SALT), secretSalt: CLIENT_SALT });
  v1.close();
}

let reopened: Workspace | undefined;
afterEach(() => reopened?.close());

describe('Connect database v1 → v2', () => {
  it('keeps accounts and sessions, gives sessions auth_time, amr and sid, and registers the OIDC clients with the HRM’s old secret', async () => {
    await writeV1('upgrade-test');
    const db = new ConnectDb('upgrade-test');
    await db.open();
    try {
      expect(db.verno).toBe(2);
      expect(await db.accounts.get(ERIK.id)).toEqual(ERIK);
      expect(await db.sessions.toArray()).toEqual([{ id: SESSION_ID, accountId: ERIK.id, expiresAt: T + 7 * HOUR, authTime: T - HOUR, amr: ['pwd'], sid: 'v1-0' }]);
      const clients = await db.clients.orderBy('id').toArray();
      expect(clients.map((c) => [c.id, c.type, c.secretSalt])).toEqual([
        ['expense', 'public', null],
        ['hrm', 'confidential', CLIENT_SALT],
        ['playground', 'public', null],
      ]);
      expect(clients.find((c) => c.id === 'hrm')).toMatchObject({
        name: 'HRM',
        secretHash: await hashPassword('v1-secret', CLIENT_SALT),
        redirectUris: ['https://hrm.test/auth/callback'],
        postLogoutRedirectUris: ['https://hrm.test/login'],
        idTokenSignedResponseAlg: 'RS256',
      });
      expect(await db.signingKeys.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a workspace reopened on a v1 database serves it: the old secret still links, the old session signs in to an application, keys are made on first use', async () => {
    // A workspace whose Connect database is still v1, as a tab that last ran before this version left it.
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    await writeV1(id);
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    expect(reopened.clock.now()).toBe(T);
    const network = reopened.network;

    const link = await network.fetch(
      new Request(`${CONNECT}/api/accounts/link`, {
        method: 'POST',
        headers: { authorization: basic('hrm', 'v1-secret'), 'content-type': 'application/json' },
        body: JSON.stringify({ email: ERIK.email, name: ERIK.name, externalUserId: 'usr_erik' }),
      }),
      { initiator: 'server:hrm.test' },
    );
    expect(await link.json()).toEqual({ accountId: ERIK.id, created: false });

    const jar = new CookieJar([{ host: 'connect.test', name: 'connect_session', value: SESSION_ID, path: '/', expiresAt: null }]);
    const authorize = await network.fetch(new Request(authorizationUrl(HRM, { state: 'st-1' })), { initiator: 'browser:erik', jar });
    expect(authorize.status).toBe(302);
    const callback = new URL(authorize.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(HRM.redirect_uri);
    expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);

    const jwks = (await (await network.fetch(new Request(`${CONNECT}/.well-known/jwks.json`), { initiator: 'test' })).json()) as { keys: Array<{ alg: string }> };
    expect(jwks.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
  });
});
