// Tests Connect's database upgrades (H10): a database written with the previous version's schema and
// rows, opened by today's code, keeps its data and works as today's server.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ConnectDb } from '../../../mocks/servers/connect/db';
import { hashPassword } from '../../../mocks/shared/crypto';
import { databaseName } from '../../../mocks/shared/server';
import { PASSKEY_API, type PasskeyCreationOptions, type PasskeyRequestOptions } from '../../../src/contracts/connect-passkeys';
import { createTestWorld, TEST_PAGE_ORIGIN } from '../../support/harness';
import { answered, sandbox } from './passkeys-support';
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
  await v1
    .table('clients')
    .add({ id: 'hrm', name: 'HRM', secretHash: await hashPassword('v1-secret', CLIENT_SALT), secretSalt: CLIENT_SALT });
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
      // Today's code opens it at v6, through v2 to v5: the v3 upgrade adds the admin portal's fields (tested below).
      expect(db.verno).toBe(8);
      expect(await db.accounts.get(ERIK.id)).toMatchObject(ERIK);
      expect(await db.sessions.toArray()).toEqual([
        { id: SESSION_ID, accountId: ERIK.id, expiresAt: T + 7 * HOUR, authTime: T - HOUR, amr: ['pwd'], sid: 'v1-0' },
      ]);
      const clients = await db.clients.orderBy('id').toArray();
      expect(clients.map((c) => [c.id, c.type, c.secretSalt])).toEqual([
        ['expense', 'public', null],
        ['hrm', 'confidential', CLIENT_SALT],
        ['playground', 'public', null],
      ]);
      expect(clients.find((c) => c.id === 'hrm')).toMatchObject({
        name: 'HRM',
        secretHash: await hashPassword('v1-secret', CLIENT_SALT),
        // R18: the customer's own address, and the shared web and mobile addresses after the move.
        redirectUris: ['https://hrm.test/auth/callback', 'https://web.hrm.test/auth/callback', 'https://mobile.hrm.test/auth/callback'],
        postLogoutRedirectUris: ['https://hrm.test/login', 'https://web.hrm.test/login', 'https://mobile.hrm.test/login'],
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

    const jwks = (await (await network.fetch(new Request(`${CONNECT}/.well-known/jwks.json`), { initiator: 'test' })).json()) as {
      keys: Array<{ alg: string }>;
    };
    expect(jwks.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
  });
});

/** Connect's schema as version 2 added it to version 1's. */
const V2_STORES = {
  signingKeys: 'kid, alg',
  authRequests: 'id',
  codes: 'codeHash',
  grants: 'id, accountId',
  accessTokens: 'jti',
  refreshTokens: 'tokenHash',
};

const ERIK_PASSWORD = 'expense-erik-2024';
const ERIK_SALT = 'fedcba9876543210fedcba9876543210';
const ANNA = {
  ...ERIK,
  id: 'acc_00000000000000a1',
  email: 'anna.svensson@company.com',
  name: 'Anna Svensson',
  apps: ['HRM'],
  externalIds: { HRM: 'usr_anna' },
};
const MAJA = {
  ...ERIK,
  id: 'acc_00000000000000b1',
  email: 'maja.andersson@gmail.com',
  name: 'Maja Andersson',
  apps: ['HRM'],
  externalIds: { HRM: 'usr_maja' },
};

/** Writes a v2 database as v2 did: Erik with a password and two logins in the audit log, Anna and Maja without one. */
async function writeV2(workspaceId: string): Promise<void> {
  const name = databaseName(workspaceId, 'connect');
  await Dexie.delete(name);
  const v2 = new Dexie(name);
  v2.version(1).stores(V1_STORES);
  v2.version(2).stores(V2_STORES);
  const erik = {
    ...ERIK,
    passwordHash: await hashPassword(ERIK_PASSWORD, ERIK_SALT),
    passwordSalt: ERIK_SALT,
    passwordChangedAt: T - 24 * HOUR,
  };
  await v2.table('accounts').bulkAdd([erik, ANNA, MAJA]);
  await v2.table('clients').add({
    id: 'hrm',
    name: 'HRM',
    type: 'confidential',
    secretHash: await hashPassword('v2-secret', CLIENT_SALT),
    secretSalt: CLIENT_SALT,
    redirectUris: ['https://hrm.test/auth/callback'],
    postLogoutRedirectUris: ['https://hrm.test/login'],
    idTokenSignedResponseAlg: 'RS256',
  });
  await v2.table('audit').bulkAdd([
    { at: T - 3 * HOUR, type: 'login', accountId: ERIK.id, email: ERIK.email, detail: 'Erik Johansson logged in with a password' },
    {
      at: T - 2 * HOUR,
      type: 'login.failed',
      accountId: ERIK.id,
      email: ERIK.email,
      detail: 'Failed login for erik.johansson@company.com (wrong password)',
    },
    { at: T - HOUR, type: 'login', accountId: ERIK.id, email: ERIK.email, detail: 'Erik Johansson logged in with a password' },
  ]);
  v2.close();
}

describe('Connect database v2 → v3', () => {
  it('gives accounts their search fields and last login, unblocked and without temporary passwords, and indexes the audit log by type and by user', async () => {
    await writeV2('upgrade-v3');
    const db = new ConnectDb('upgrade-v3');
    await db.open();
    try {
      // Through v3 to today's v6 (tested below).
      expect(db.verno).toBe(8);
      expect(await db.accounts.get(ERIK.id)).toMatchObject({
        email: ERIK.email,
        passwordSalt: ERIK_SALT,
        domain: 'company.com',
        words: expect.arrayContaining(['erik.johansson', 'erik', 'johansson']),
        blockedAt: null,
        lastLoginAt: T - HOUR,
        temporaryPasswordExpiresAt: null,
      });
      expect(await db.accounts.get(ANNA.id)).toMatchObject({ domain: 'company.com', lastLoginAt: null, blockedAt: null });
      expect(
        await db.accounts.where('[domain+email]').between(['company.com', Dexie.minKey], ['company.com', Dexie.maxKey]).primaryKeys(),
      ).toEqual([ANNA.id, ERIK.id]);
      expect(await db.accounts.where('words').startsWith('anders').primaryKeys()).toEqual([MAJA.id]);
      expect(await db.accounts.where('blockedAt').above(-Infinity).count()).toBe(0);
      expect(await db.audit.where('[type+at]').between(['login', 0], ['login', T]).count()).toBe(2);
      expect(
        await db.audit
          .where('[email+at]')
          .between([ERIK.email, T - 150 * 60_000], [ERIK.email, T])
          .count(),
      ).toBe(2);
      // The template that names the organisation and its administrators is out of an upgrade's reach.
      expect(await db.organisations.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a workspace reopened on a v2 database signs Erik in, locks with Connect’s defaults, and has no administrators', async () => {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    await writeV2(id);
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const jar = new CookieJar();
    const loginAs = (password: string) =>
      reopened!.network.fetch(
        new Request(`${CONNECT}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ERIK.email, password }),
        }),
        { initiator: 'browser:erik', jar },
      );
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await loginAs(`wrong-password-${i}`)).status);
    expect(statuses).toEqual([...Array(9).fill(401), 429]);
    await reopened.clock.advance(15 * 60_000);
    expect((await loginAs(ERIK_PASSWORD)).status).toBe(200);
    const admin = await reopened.network.fetch(new Request(`${CONNECT}/admin/users`), { initiator: 'browser:erik', jar });
    expect(admin.status).toBe(403);
  });
});

/** Connect's schema as version 3 added it to versions 1 and 2. */
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
  await v3
    .table('audit')
    .add({ at: T - HOUR, type: 'login', accountId: KARIN.id, email: KARIN.email, detail: 'Karin Berg logged in with a password' });
  v3.close();
}

describe('Connect database v3 → v4', () => {
  it('keeps accounts, sessions, the organisation, clients and the audit log, and adds the domains (none yet)', async () => {
    await writeV3('upgrade-v4');
    const db = new ConnectDb('upgrade-v4');
    await db.open();
    try {
      // Through v4 to today's v6; v5 gives the organisation a two-factor policy (tested below).
      expect(db.verno).toBe(8);
      expect(await db.accounts.toArray()).toEqual([KARIN]);
      expect(await db.sessions.toArray()).toEqual([SESSION]);
      expect(await db.organisations.toArray()).toEqual([{ ...ORGANISATION, twoFactor: NOBODY_REQUIRED }]);
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
      new Request(`${CONNECT}/api/admin/domains`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ domain: 'company.se' }),
      }),
      { initiator: 'browser:karin', jar },
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ domain: 'company.se', status: 'unverified', addedBy: KARIN.email });
  });
});

/** Connect's schema as version 4 added it. */
const V4_STORES = { domains: 'domain, organisationId, status' };
const NOBODY_REQUIRED = { requiredGroupIds: [], everyoneFrom: null };
const ERIK_V4 = {
  ...KARIN,
  id: 'acc_00000000000000e4',
  email: ERIK.email,
  name: ERIK.name,
  words: ['erik.johansson', 'erik', 'johansson'],
};

/** Writes a v4 database as v4 did: Karin administering the organisation, signed in; Erik with a password; the HRM's client. */
async function writeV4(workspaceId: string): Promise<void> {
  const name = databaseName(workspaceId, 'connect');
  await Dexie.delete(name);
  const v4 = new Dexie(name);
  v4.version(1).stores(V1_STORES);
  v4.version(2).stores(V2_STORES);
  v4.version(3).stores(V3_STORES);
  v4.version(4).stores(V4_STORES);
  const erik = {
    ...ERIK_V4,
    passwordHash: await hashPassword(ERIK_PASSWORD, ERIK_SALT),
    passwordSalt: ERIK_SALT,
    passwordChangedAt: T - 24 * HOUR,
  };
  await v4.table('accounts').bulkAdd([KARIN, erik]);
  await v4.table('sessions').add(SESSION);
  await v4.table('organisations').add(ORGANISATION);
  await v4.table('clients').add({
    id: 'hrm',
    name: 'HRM',
    type: 'confidential',
    secretHash: await hashPassword('v4-secret', SALT),
    secretSalt: SALT,
    redirectUris: ['https://hrm.test/auth/callback'],
    postLogoutRedirectUris: ['https://hrm.test/login'],
    idTokenSignedResponseAlg: 'RS256',
  });
  v4.close();
}

describe('Connect database v4 → v8', () => {
  it('keeps every row, gives the organisation a two-factor policy that asks nobody, and adds the two-factor, passkey and single sign-on tables empty', async () => {
    await writeV4('upgrade-v5');
    const db = new ConnectDb('upgrade-v5');
    await db.open();
    try {
      expect(db.verno).toBe(8);
      expect((await db.accounts.toArray()).map((a) => a.email).sort()).toEqual([ERIK.email, KARIN.email]);
      // The HRM logs in at its new web and mobile hosts too, with the secret it had.
      const hrm = await db.clients.get('hrm');
      expect(hrm?.redirectUris).toEqual([
        'https://hrm.test/auth/callback',
        'https://web.hrm.test/auth/callback',
        'https://mobile.hrm.test/auth/callback',
      ]);
      expect(hrm).toMatchObject({ secretHash: await hashPassword('v4-secret', SALT), secretSalt: SALT });
      expect(await db.sessions.toArray()).toEqual([SESSION]);
      expect(await db.organisations.toArray()).toEqual([{ ...ORGANISATION, twoFactor: NOBODY_REQUIRED }]);
      const counts = await Promise.all(
        [db.totpFactors, db.totpEnrolments, db.recoveryCodes, db.rememberedDevices, db.pendingSignIns, db.groups].map((t) => t.count()),
      );
      expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
      expect(await db.passkeys.count()).toBe(0);
      expect(await db.passkeyCeremonies.count()).toBe(0);
      const sso = await Promise.all([db.identityProviders, db.ssoSignIns, db.ssoTests, db.federatedIdentities].map((t) => t.count()));
      expect(sso).toEqual([0, 0, 0, 0]);
    } finally {
      db.close();
    }
  });

  it('a workspace reopened on a v4 database signs Erik in with his password alone, and its administrator requires two-factor authentication of everyone', async () => {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    await writeV4(id);
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const network = reopened.network;
    const post = (url: string, jar: CookieJar, body: unknown, method = 'POST') =>
      network.fetch(new Request(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), {
        initiator: 'browser:test',
        jar,
      });

    const erikJar = new CookieJar();
    expect(await (await post(`${CONNECT}/api/session`, erikJar, { email: ERIK.email, password: ERIK_PASSWORD })).json()).toEqual({
      redirectTo: '/account',
    });

    const karinJar = new CookieJar([{ host: 'connect.test', name: 'connect_session', value: SESSION.id, path: '/', expiresAt: null }]);
    const policy = await post(`${CONNECT}/api/admin/two-factor/policy`, karinJar, { requiredGroupIds: [], everyoneFrom: T }, 'PUT');
    expect(policy.status).toBe(200);
    const second = (await (
      await post(`${CONNECT}/api/session`, new CookieJar(), { email: ERIK.email, password: ERIK_PASSWORD })
    ).json()) as { next?: string };
    expect(second.next).toBe('second_factor');
  });

  it('a workspace reopened on a v4 database lets its signed-in administrator register a passkey and sign in with it', async () => {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    await writeV4(id);
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0), pageOrigin: TEST_PAGE_ORIGIN }))!;
    const network = reopened.network;
    const jar = new CookieJar([{ host: 'connect.test', name: 'connect_session', value: SESSION.id, path: '/', expiresAt: null }]);
    const post = (path: string, body?: unknown, browserJar = jar) =>
      network.fetch(
        new Request(`${CONNECT}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
        { initiator: 'browser:karin', jar: browserJar },
      );
    const { authenticator } = sandbox();
    const creation = (await (await post(PASSKEY_API.registrationOptions)).json()) as PasskeyCreationOptions;
    const registered = await post(PASSKEY_API.registration, {
      ceremonyId: creation.ceremonyId,
      response: answered(await authenticator.create(creation.publicKey)),
    });
    expect(registered.status).toBe(201);

    const laptop = new CookieJar();
    const request = (await (await post(PASSKEY_API.authenticationOptions, undefined, laptop)).json()) as PasskeyRequestOptions;
    const signedIn = await post(
      PASSKEY_API.authentication,
      { ceremonyId: request.ceremonyId, response: answered(await authenticator.get(request.publicKey)) },
      laptop,
    );
    expect(await signedIn.json()).toEqual({ redirectTo: '/account' });
  });
});
