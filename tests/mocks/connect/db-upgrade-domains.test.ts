// Tests Connect's database v3 → v4 (DESIGN.md rule 10): a database written with v3's schema and rows, opened by
// today's code, keeps its data and its organisation, and gains the domains an organisation adds (none yet).
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

const T = Date.UTC(2026, 2, 2, 8, 0, 0);
const HOUR = 3600_000;

/** Connect's schema as versions 1, 2 and 3 declared it. */
const V1_STORES = {
  accounts: 'id, &email',
  sessions: 'id, accountId, expiresAt',
  resetTokens: 'tokenHash, accountId, expiresAt',
  clients: 'id',
  audit: '++id, at, type, accountId, email',
};
const V2_STORES = {
  signingKeys: 'kid, alg',
  authRequests: 'id',
  codes: 'codeHash',
  grants: 'id, accountId',
  accessTokens: 'jti',
  refreshTokens: 'tokenHash',
};
const V3_STORES = {
  accounts: 'id, &email, [domain+email], *words, blockedAt',
  audit: '++id, at, type, accountId, email, [type+at], [email+at]',
  organisations: 'id, *admins',
  loginThrottles: 'email, lockedUntil',
  passwordChanges: 'tokenHash, accountId',
  activations: 'tokenHash, accountId',
};

const KARIN = {
  id: 'acc_00000000000000k1',
  email: 'karin.berg@company.com',
  name: 'Karin Berg',
  passwordHash: null,
  passwordSalt: null,
  passwordChangedAt: null,
  createdAt: T - 24 * HOUR,
  apps: [],
  externalIds: {},
  domain: 'company.com',
  words: ['karin.berg', 'karin', 'berg'],
  blockedAt: null,
  lastLoginAt: T - HOUR,
  temporaryPasswordExpiresAt: null,
};
const SESSION = { id: 'b2'.repeat(16), accountId: KARIN.id, expiresAt: T + 7 * HOUR, authTime: T - HOUR, amr: ['pwd'], sid: 'sid-1' };
const ORGANISATION = {
  id: 'org_00000000000000o1',
  name: 'Demo Company',
  domains: [{ name: 'company.com', verifiedAt: null }],
  lockout: { maxFailures: 10, windowMinutes: 15, lockMinutes: 15 },
  admins: [KARIN.id],
  invited: [],
  createdAt: T - 24 * HOUR,
};
const SALT = '0123456789abcdef0123456789abcdef';

/** Writes a v3 database as v3 did: Karin, administrator of the organisation, signed in; the HRM's client. */
async function writeV3(workspaceId: string): Promise<void> {
  const name = databaseName(workspaceId, 'connect');
  await Dexie.delete(name);
  const v3 = new Dexie(name);
  v3.version(1).stores(V1_STORES);
  v3.version(2).stores(V2_STORES);
  v3.version(3).stores(V3_STORES);
  await v3.table('accounts').add(KARIN);
  await v3.table('sessions').add(SESSION);
  await v3.table('organisations').add(ORGANISATION);
  await v3.table('clients').add({
    id: 'hrm',
    name: 'HRM',
    type: 'confidential',
    secretHash: await hashPassword('v3-secret', SALT),
    secretSalt: SALT,
    redirectUris: ['https://hrm.test/auth/callback'],
    postLogoutRedirectUris: ['https://hrm.test/login'],
    idTokenSignedResponseAlg: 'RS256',
  });
  await v3.table('audit').add({ at: T - HOUR, type: 'login', accountId: KARIN.id, email: KARIN.email, detail: 'Karin Berg logged in with a password' });
  v3.close();
}

let reopened: Workspace | undefined;
afterEach(() => reopened?.close());

describe('Connect database v3 → v4', () => {
  it('keeps accounts, sessions, the organisation, clients and the audit log, and adds the domains (none yet)', async () => {
    await writeV3('upgrade-v4');
    const db = new ConnectDb('upgrade-v4');
    await db.open();
    try {
      expect(db.verno).toBe(4);
      expect(await db.accounts.toArray()).toEqual([KARIN]);
      expect(await db.sessions.toArray()).toEqual([SESSION]);
      expect(await db.organisations.toArray()).toEqual([ORGANISATION]);
      expect((await db.clients.get('hrm'))?.secretSalt).toBe(SALT);
      expect((await db.audit.toArray()).map((a) => a.type)).toEqual(['login']);
      expect(await db.domains.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a workspace reopened on a v3 database serves it: no verified domains yet, and its administrator adds one', async () => {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    await writeV3(id);
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const network = reopened.network;

    const verified = await network.fetch(
      new Request(`${CONNECT}/api/organisation/verified-domains`, { headers: { authorization: basic('hrm', 'v3-secret') } }),
      { initiator: 'server:hrm.test' },
    );
    expect(await verified.json()).toEqual({ domains: [] });

    const jar = new CookieJar([{ host: 'connect.test', name: 'connect_session', value: SESSION.id, path: '/', expiresAt: null }]);
    const list = await network.fetch(new Request(`${CONNECT}/api/admin/domains`), { initiator: 'browser:karin', jar });
    expect(await list.json()).toEqual([]);
    const added = await network.fetch(
      new Request(`${CONNECT}/api/admin/domains`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: 'company.se' }) }),
      { initiator: 'browser:karin', jar },
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ domain: 'company.se', status: 'unverified', addedBy: KARIN.email });
  });
});
