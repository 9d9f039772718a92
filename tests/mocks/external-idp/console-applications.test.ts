// Tests the admin console's application registrations at every provider: who may use it, registering an application
// with its redirect URIs (each mistake at its line), two administrators changing the same one, client secrets shown
// once and expiring on the world clock, deleting, the activity log, a reload mid-way and a full disk.
import { afterEach, describe, expect, vi } from 'vitest';
import { verifyPassword } from '../../../mocks/shared/crypto';
import { Workspace } from '../../../mocks/runtime/workspace';
import {
  IDP_CONSOLE_VIEWS,
  type ConsoleActivity,
  type ConsoleApplication,
  type NewSecretResponse,
} from '../../../src/contracts/idp-console';
import { testWorkspaceOptions, testWorldOf } from '../../support/harness';
import { test } from '../../support/world-test';
import { adminApi, body, expectProblem, fillStorage, idpDb, origin, signedIn } from './console-support';
import { CLIENT_ID, IDP_NAMES, idpTemplate } from './support';

const CONNECT_CALLBACK = 'https://connect.test/connect/sso/callback';

afterEach(() => vi.restoreAllMocks());

for (const idp of IDP_NAMES)
  describe(`${idp}.test admin console: applications`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    it('sends a signed-out visitor to the provider’s login and back; refuses a user who does not administer the directory', async ({
      world,
    }) => {
      const visitor = world.browser('visitor');
      const first = await visitor.navigate(`${origin(idp)}/admin/applications`);
      // To the provider's login page, with a sign-in that comes back to the console page.
      const loginId = new URL(first.url).searchParams.get('login')!;
      expect(first.url).toBe(`${origin(idp)}/signin?login=${loginId}`);
      const db = idpDb(world, idp);
      try {
        expect(await db.logins.get(loginId)).toMatchObject({ requestId: null, returnTo: '/admin/applications', userId: null });
      } finally {
        db.close();
      }
      await expectProblem(await visitor.api(adminApi(idp, 'applications')), 401, 'unauthenticated');

      const anna = await signedIn(world, idp, 'anna');
      const page = await anna.navigate(`${origin(idp)}/admin/applications`);
      expect(page.status).toBe(403);
      expect(page.outcome).toMatchObject({ kind: 'page', page: { view: IDP_CONSOLE_VIEWS.forbidden } });
      const refused = await expectProblem(
        await anna.api(adminApi(idp, 'applications'), { body: { name: 'Mine', redirectUris: [CONNECT_CALLBACK] } }),
        403,
        'forbidden',
      );
      expect(refused.message).toMatch(/Only administrators/);
      await expectProblem(await anna.api(adminApi(idp, 'users')), 403, 'forbidden');

      const karin = await signedIn(world, idp);
      const listed = await karin.navigate(`${origin(idp)}/admin/applications`);
      expect(listed.outcome).toMatchObject({ kind: 'page', page: { view: IDP_CONSOLE_VIEWS.applications } });
    });

    it('registers an application with Connect’s redirect URI and a client id of its own', async ({ world }) => {
      const karin = await signedIn(world, idp);
      const response = await karin.api(adminApi(idp, 'applications'), {
        body: { name: ' Connect SSO ', redirectUris: [` ${CONNECT_CALLBACK} `, 'http://localhost:8080/cb'] },
      });
      expect(response.status).toBe(201);
      const app = await body<ConsoleApplication>(response);
      expect(app).toMatchObject({
        name: 'Connect SSO',
        redirectUris: [CONNECT_CALLBACK, 'http://localhost:8080/cb'],
        secrets: [],
        certificates: [],
      });
      expect(app.clientId).not.toBe(CLIENT_ID);
      const { applications } = await body<{ applications: ConsoleApplication[] }>(await karin.api(adminApi(idp, 'applications')));
      expect(applications.map((a) => a.name)).toEqual(['Connect', 'Connect SSO']);
    });
  });

describe('entra.test admin console: application fields', () => {
  const it = test.override({ template: idpTemplate('entra') });

  it('says at the field what is wrong with a name or each redirect URI', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const eleven = Array.from({ length: 11 }, (_, i) => `https://connect.test/cb/${i}`);
    const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
      [{ name: '  ', redirectUris: [CONNECT_CALLBACK] }, 'application_name_required', 'name', /Enter a name/],
      [{ name: 'Connect', redirectUris: [] }, 'redirect_uri_invalid', 'redirectUris.0', /at least one/],
      [{ name: 'Connect', redirectUris: [''] }, 'redirect_uri_invalid', 'redirectUris.0', /Enter a redirect URI/],
      [{ name: 'Connect', redirectUris: ['/connect/sso/callback'] }, 'redirect_uri_invalid', 'redirectUris.0', /absolute URI/],
      [
        { name: 'Connect', redirectUris: [CONNECT_CALLBACK, 'http://connect.test/cb'] },
        'redirect_uri_invalid',
        'redirectUris.1',
        /https:\/\/ \(http:\/\/ only for localhost\)/,
      ],
      [{ name: 'Connect', redirectUris: [`${CONNECT_CALLBACK}#top`] }, 'redirect_uri_invalid', 'redirectUris.0', /fragment/],
      [
        { name: 'Connect', redirectUris: ['https://user:pw@connect.test/cb'] },
        'redirect_uri_invalid',
        'redirectUris.0',
        /user name or password/,
      ],
      [
        { name: 'Connect', redirectUris: [CONNECT_CALLBACK, 'https://a.test/cb', CONNECT_CALLBACK] },
        'redirect_uri_duplicate',
        'redirectUris.2',
        /already in the list \(line 1\)/,
      ],
      [{ name: 'Connect', redirectUris: eleven }, 'too_many_redirect_uris', 'redirectUris', /at most 10/],
      [{ name: 'Connect', redirectUris: 'https://connect.test/cb' }, 'invalid_request', 'redirectUris', /.+/],
    ];
    for (const [input, code, field, message] of cases) {
      const problem = await expectProblem(await karin.api(adminApi('entra', 'applications'), { body: input }), 400, code, field);
      expect(problem.message, JSON.stringify(input)).toMatch(message);
    }
    const db = idpDb(world, 'entra');
    try {
      expect(await db.applications.count()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses a second administrator’s change made on an old copy instead of overwriting the first one’s', async ({ world }) => {
    const karin = await signedIn(world, 'entra', 'karin', 'karin-tab-1');
    const tab2 = await signedIn(world, 'entra', 'karin', 'karin-tab-2');
    const url = adminApi('entra', `applications/${CLIENT_ID}`);
    const seen1 = await body<ConsoleApplication>(await karin.api(url));
    const seen2 = await body<ConsoleApplication>(await tab2.api(url));
    const first = await karin.api(`${url}/redirect-uris`, {
      method: 'PUT',
      body: { version: seen1.version, redirectUris: [...seen1.redirectUris, 'https://connect.test/cb/2'] },
    });
    expect(first.status).toBe(200);
    const conflict = await expectProblem(
      await tab2.api(`${url}/redirect-uris`, { method: 'PUT', body: { version: seen2.version, redirectUris: ['https://other.test/cb'] } }),
      409,
      'conflict',
    );
    expect(conflict.message).toMatch(/Someone else changed this application .* Reload/);
    const now = await body<ConsoleApplication>(await tab2.api(url));
    expect(now.redirectUris).toEqual([CONNECT_CALLBACK, 'https://connect.test/cb/2']);
    // Reloaded, the second tab's change goes through on top of the first.
    const again = await tab2.api(`${url}/redirect-uris`, {
      method: 'PUT',
      body: { version: now.version, redirectUris: [...now.redirectUris, 'https://other.test/cb'] },
    });
    expect((await body<ConsoleApplication>(again)).redirectUris).toHaveLength(3);
    // A secret added meanwhile changes the application too.
    await karin.api(`${url}/secrets`, { body: { description: 'x', months: 6 } });
    await expectProblem(
      await tab2.api(`${url}/redirect-uris`, {
        method: 'PUT',
        body: { version: (await body<ConsoleApplication>(again)).version, redirectUris: [CONNECT_CALLBACK] },
      }),
      409,
      'conflict',
    );
  });

  it('shows a new secret’s value once: only its hint afterwards, in the API and on the page; the value is what the provider checks', async ({
    world,
  }) => {
    const karin = await signedIn(world, 'entra');
    const url = adminApi('entra', `applications/${CLIENT_ID}/secrets`);
    const response = await karin.api(url, { body: { description: 'Connect SSO', months: 12 } });
    expect(response.status).toBe(201);
    const created = await body<NewSecretResponse>(response);
    expect(created.value).toMatch(/^[A-Za-z0-9~._-]{40}$/);
    expect(created.secret).toEqual({
      id: expect.any(String),
      description: 'Connect SSO',
      hint: created.value.slice(0, 3),
      createdAt: world.now(),
      expiresAt: expect.any(Number),
    });
    expect(new Date(created.secret.expiresAt).getUTCMonth()).toBe((new Date(world.now()).getUTCMonth() + 12) % 12);
    expect(created.secret.expiresAt - world.now()).toBeGreaterThanOrEqual(365 * 86_400_000);

    const application = await karin.api(adminApi('entra', `applications/${CLIENT_ID}`));
    const page = await karin.navigate(`${origin('entra')}/admin/applications/${CLIENT_ID}`);
    const listing = await karin.api(adminApi('entra', 'applications'));
    for (const text of [await application.text(), JSON.stringify(page.outcome), await listing.text()]) {
      expect(text).not.toContain(created.value);
      expect(text).toContain(`"hint":"${created.value.slice(0, 3)}"`);
      expect(text).not.toMatch(/"hash"|"salt"/);
    }
    const db = idpDb(world, 'entra');
    try {
      const stored = (await db.applications.get(CLIENT_ID))!.secrets.find((s) => s.id === created.secret.id)!;
      expect(JSON.stringify(stored)).not.toContain(created.value);
      expect(await verifyPassword(created.value, stored)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('adds a secret with a custom end date: it expires on that day at the time of day it was added', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const url = adminApi('entra', `applications/${CLIENT_ID}/secrets`);
    const on = isoDay(world.now() + 35 * DAY_MS);
    const response = await karin.api(url, { body: { description: 'Until the cutover week', months: 0, expiresOn: on } });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = await body<NewSecretResponse>(response);
    expect(created.secret.expiresAt).toBe(world.now() + 35 * DAY_MS);
    expect(isoDay(created.secret.expiresAt)).toBe(on);
  });

  it('says at the field what is wrong with a secret’s description or lifetime, and adds nothing', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const url = adminApi('entra', `applications/${CLIENT_ID}/secrets`);
    const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
      [{ description: ' ', months: 6 }, 'description_invalid', 'description', /Enter a description/],
      [{ description: 'x'.repeat(101), months: 6 }, 'description_invalid', 'description', /at most 100/],
      [{ description: 'ok', months: 3 }, 'lifetime_invalid', 'months', /6, 12 or 24 months/],
      [{ description: 'ok', months: 'six' }, 'invalid_request', 'months', /.+/],
      [{ description: 'ok', months: 0, expiresOn: '6 April' }, 'lifetime_invalid', 'expiresOn', /as a date, e\.g\. 2026-04-06/],
      [{ description: 'ok', months: 0, expiresOn: '2026-02-30' }, 'lifetime_invalid', 'expiresOn', /as a date/],
      [{ description: 'ok', months: 0, expiresOn: isoDay(world.now()) }, 'lifetime_invalid', 'expiresOn', /a day after today/],
      [
        { description: 'ok', months: 0, expiresOn: isoDay(world.now() + 800 * DAY_MS) },
        'lifetime_invalid',
        'expiresOn',
        /at most 24 months/,
      ],
    ];
    for (const [input, code, field, message] of cases)
      expect((await expectProblem(await karin.api(url, { body: input }), 400, code, field)).message).toMatch(message);
    await expectProblem(
      await karin.api(adminApi('entra', 'applications/nope/secrets'), { body: { description: 'x', months: 6 } }),
      404,
      'not_found',
    );
    const app = await body<ConsoleApplication>(await karin.api(adminApi('entra', `applications/${CLIENT_ID}`)));
    expect(app.secrets).toHaveLength(1);
  });

  it('deletes a secret and an application, and keeps each change in the activity log, newest first', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const created = await body<ConsoleApplication>(
      await karin.api(adminApi('entra', 'applications'), { body: { name: 'Test app', redirectUris: [CONNECT_CALLBACK] } }),
    );
    const secret = await body<NewSecretResponse>(
      await karin.api(adminApi('entra', `applications/${created.clientId}/secrets`), { body: { description: 'Temp', months: 6 } }),
    );
    expect(
      (await karin.api(adminApi('entra', `applications/${created.clientId}/secrets/${secret.secret.id}`), { method: 'DELETE' })).status,
    ).toBe(204);
    await expectProblem(
      await karin.api(adminApi('entra', `applications/${created.clientId}/secrets/${secret.secret.id}`), { method: 'DELETE' }),
      404,
      'not_found',
    );
    expect((await karin.api(adminApi('entra', `applications/${created.clientId}`), { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await karin.api(adminApi('entra', `applications/${created.clientId}`)), 404, 'not_found');
    const { activity } = await body<{ activity: ConsoleActivity[] }>(await karin.api(adminApi('entra', 'activity')));
    expect(activity.map((a) => [a.action, a.target, a.actor])).toEqual([
      ['application_deleted', 'Test app', 'karin.berg@company.com'],
      ['secret_deleted', 'Test app', 'karin.berg@company.com'],
      ['secret_added', 'Test app', 'karin.berg@company.com'],
      ['application_added', 'Test app', 'karin.berg@company.com'],
    ]);
    expect(JSON.stringify(activity)).not.toContain(secret.value);
  });

  it('keeps working across a reload: a new server on the same database knows the session, the application and its version', async ({
    world,
  }) => {
    const karin = await signedIn(world, 'entra');
    const created = await body<ConsoleApplication>(
      await karin.api(adminApi('entra', 'applications'), { body: { name: 'Half done', redirectUris: [CONNECT_CALLBACK] } }),
    );
    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = (await Workspace.open({ ...testWorkspaceOptions(), id }))!;
    try {
      const after = testWorldOf(reopened, world.template);
      const tab = after.browser('karin');
      tab.jar.replaceAll(karin.jar.toJSON());
      const secret = await tab.api(adminApi('entra', `applications/${created.clientId}/secrets`), {
        body: { description: 'After reload', months: 24 },
      });
      expect(secret.status).toBe(201);
      const changed = await tab.api(adminApi('entra', `applications/${created.clientId}/redirect-uris`), {
        method: 'PUT',
        body: {
          version: (await body<NewSecretResponse>(secret)).application.version,
          redirectUris: [CONNECT_CALLBACK, 'https://connect.test/b'],
        },
      });
      expect(changed.status).toBe(200);
    } finally {
      await reopened.close();
    }
  });

  it('leaves nothing half-written when the disk is full: no application, no secret, no activity line', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    fillStorage(world, 'entra');
    const added = await karin.api(adminApi('entra', 'applications'), { body: { name: 'Too big', redirectUris: [CONNECT_CALLBACK] } });
    expect(added.status).toBe(507);
    expect((await body<{ code: string }>(added)).code).toBe('storage_full');
    const secret = await karin.api(adminApi('entra', `applications/${CLIENT_ID}/secrets`), { body: { description: 'Too big', months: 6 } });
    expect(secret.status).toBe(507);
    vi.restoreAllMocks();
    const { applications } = await body<{ applications: ConsoleApplication[] }>(await karin.api(adminApi('entra', 'applications')));
    expect(applications.map((a) => [a.name, a.secrets.length])).toEqual([['Connect', 1]]);
    expect((await body<{ activity: ConsoleActivity[] }>(await karin.api(adminApi('entra', 'activity')))).activity).toEqual([]);
  });
});

describe('entra.test admin console: signing in', () => {
  const it = test.override({ template: idpTemplate('entra') });

  it('comes back only to a console page, and sends a signed-in administrator straight there', async ({ world }) => {
    const visitor = world.browser('visitor');
    const db = idpDb(world, 'entra');
    try {
      for (const [returnTo, kept] of [
        ['/admin/users', '/admin/users'],
        ['https://evil.test/admin', '/admin'],
        ['//evil.test/admin', '/admin'],
        ['/signin/resume?request=x', '/admin'],
      ] as const) {
        const response = await visitor.api(`${origin('entra')}/admin/signin?return_to=${encodeURIComponent(returnTo)}`);
        expect(response.status).toBe(302);
        const login = new URL(response.headers.get('location')!, origin('entra')).searchParams.get('login')!;
        expect((await db.logins.get(login))?.returnTo, returnTo).toBe(kept);
      }
    } finally {
      db.close();
    }
    const karin = await signedIn(world, 'entra');
    const direct = await karin.api(`${origin('entra')}/admin/signin?return_to=%2Fadmin%2Fusers`);
    expect(direct.headers.get('location')).toBe('/admin/users');
  });
});

describe('entra.test admin console: changes from another site', () => {
  const it = test.override({ template: idpTemplate('entra') });

  it('refuses a change another site’s page starts with the administrator’s cookie, and changes nothing', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const forged = await karin.api(adminApi('entra', 'applications'), {
      body: { name: 'Evil', redirectUris: ['https://evil.test/cb'] },
      from: 'https://evil.test',
    });
    const problem = await expectProblem(forged, 403, 'cross_site_request');
    expect(problem.message).toMatch(/came from https:\/\/evil\.test, not from entra\.test; Entra ID's admin console refuses/);
    const { applications } = await body<{ applications: ConsoleApplication[] }>(await karin.api(adminApi('entra', 'applications')));
    expect(applications.map((a) => a.name)).toEqual(['Connect']);
  });
});

const DAY_MS = 86_400_000;

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
