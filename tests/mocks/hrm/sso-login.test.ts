import { afterEach, describe, expect, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import * as jose from 'jose';
import {
  HRM_VIEWS,
  type HrmAccountSettingsPageData,
  type HrmLoginPageData,
  type HrmShellData,
  type UserDetail,
} from '../../../src/contracts/hrm';
import { ORIGINS } from '../../../src/contracts/origins';
import { navigate } from '../../../src/clients/navigation';
import { Workspace } from '../../../mocks/runtime/workspace';
import { buildSsoCompany, SSO_COMPANY_TENANT_ID } from '../../../mocks/templates/sso-company';
import { createTestWorld, testWorkspaceOptions, type TestBrowser, type TestWorld } from '../../support/harness';
import { StandInEntra } from '../../support/stand-in-entra';
import { it } from '../../support/world-test';
import { body, expectProblem, hrmDb, HRM, openPage, person, userId, WEB } from './support';

const template = buildSsoCompany('sso-login-test');
it.override({ template, seed: 'sso-login-test' });

const ENTRA_AUTHORIZE = `${ORIGINS.entra}/${SSO_COMPANY_TENANT_ID}/oauth2/v2.0/authorize`;

afterEach(() => vi.restoreAllMocks());

/** Entra ID for this world, answering for the tenant's issuer, with `username` signing in at its login page. */
function entra(world: TestWorld, username?: string): StandInEntra {
  const idp = new StandInEntra(world);
  idp.install();
  if (username) idp.signedIn = username;
  return idp;
}

async function lastAudit(world: TestWorld, type: 'login' | 'login_failed'): Promise<string> {
  const db = hrmDb(world);
  try {
    return (await db.audit.where('type').equals(type).last())!.detail;
  } finally {
    db.close();
  }
}

/** Makes every write to this world's HRM database fail as a full disk does in Chromium (QuotaExceededError). */
function fillHrmStorage(world: TestWorld): void {
  const db = hrmDb(world);
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.authRequests)) as Record<string, (...args: unknown[]) => unknown>;
  db.close();
  const name = `rollout-rehearsal/${world.workspace.id}/hrm`;
  for (const method of ['add', 'put', 'bulkAdd', 'bulkPut']) {
    const original = prototype[method]!;
    vi.spyOn(prototype, method).mockImplementation(function (this: { db: { name: string } }, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}

async function activate(world: TestWorld): Promise<void> {
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.settled();
}

describe('the HRM signs in through the organisation’s Entra ID before the migration', () => {
  it('the login page goes to Entra ID, and Entra’s answer signs the user in to the page asked for', async ({ world }) => {
    const idp = entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    const result = await browser.navigate(`${HRM}/my-profile`);
    const path = result.hops.map((h) => `${new URL(h.url).origin}${new URL(h.url).pathname}`);
    expect(path).toEqual([
      `${HRM}/my-profile`,
      `${HRM}/login`,
      `${HRM}/sso/login`,
      ENTRA_AUTHORIZE,
      `${HRM}/sso/callback`,
      `${HRM}/my-profile`,
    ]);
    // The authorization request is the code flow with PKCE S256, a state and a nonce (RFC 7636, OIDC Core §3.1.2.1).
    const authorize = new URL(result.hops[3]!.url);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: template.tenant.hrmSso!.clientId,
      redirect_uri: 'https://hrm.test/sso/callback',
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);

    const page = (result.outcome as { page: { data: HrmShellData } }).page;
    expect(page.data).toMatchObject({ user: { name: 'Helena Dahl' }, phase: 'preparation', showPreparationBanner: true });
    expect(await lastAudit(world, 'login')).toBe('Helena Dahl logged in through Entra ID (helena.dahl@northwind.test)');
    // The ID token the HRM accepted is Entra's, for the HRM's app (checked here with jose against the provider's keys).
    const claims = jose.decodeJwt(idp.idTokens.at(-1)!);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: template.tenant.hrmSso!.clientId,
      preferred_username: 'helena.dahl@northwind.test',
    });
  });

  it('matches the HRM user by external reference, not by email: a UPN that is not the mail address signs in', async ({ world }) => {
    entra(world, `a.berg@northwind.onmicrosoft.test`);
    const page = await openPage<HrmShellData>(world.browser('anna'), `${HRM}/`);
    expect(page.page.data.user.name).toBe('Anna Berg');
    expect(await lastAudit(world, 'login')).toBe('Anna Berg logged in through Entra ID (a.berg@northwind.onmicrosoft.test)');
  });

  it('a user Entra ID sends no email for signs in, and the HRM still asks them to verify one, suggesting their employment’s', async ({
    world,
  }) => {
    const idp = entra(world, 'omar.haddad@northwind.test');
    const browser = world.browser('omar');
    const settings = await openPage<HrmAccountSettingsPageData>(browser, `${HRM}/my-profile/account-settings`);
    expect(jose.decodeJwt(idp.idTokens.at(-1)!)).not.toHaveProperty('email');
    expect(settings.page.data.user.name).toBe('Omar Haddad');
    expect(settings.page.data.showPreparationBanner).toBe(true);
    expect(settings.page.data.link).toMatchObject({ status: 'unlinked', canLink: true, suggestions: ['omar.haddad@gmail.com'] });
  });

  it('a case-insensitive match: Entra sends the UPN in other capitals', async ({ world }) => {
    const idp = entra(world);
    idp.signedIn = 'HELENA.DAHL@northwind.test';
    // The stand-in answers with the username as stored; the HRM compares UPNs without case, as Entra does.
    const stored = idp.account('helena.dahl@northwind.test');
    const original = stored.username;
    stored.username = 'Helena.Dahl@Northwind.test';
    try {
      const page = await openPage<HrmShellData>(world.browser('helena'), `${HRM}/`);
      expect(page.page.data.user.name).toBe('Helena Dahl');
    } finally {
      stored.username = original;
    }
  });

  it('the Users view shows each user’s external reference', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const admin = world.browser('helena');
    await openPage(admin, `${HRM}/`);
    const anna = await body<UserDetail>(await admin.api(`${HRM}/api/users/${await userId(world, 'anna')}`));
    expect(anna.externalReference).toBe('a.berg@northwind.onmicrosoft.test');
    const peter = await body<UserDetail>(await admin.api(`${HRM}/api/users/${await userId(world, 'peter')}`));
    expect(peter.externalReference).toBeNull();
  });

  it('logging out lands on the “Sign in with Entra ID” page instead of signing straight back in', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    await openPage(browser, `${HRM}/`);
    const out = await openPage<HrmLoginPageData>(browser, `${HRM}/logout`);
    expect(out.url).toBe(`${HRM}/login?logged_out=1`);
    expect(out.page.data).toMatchObject({ mode: 'sso', sso: { providerName: 'Entra ID', loginUrl: '/sso/login' }, problem: null });
    expect((await browser.navigate(`${HRM}/`)).url).toBe(`${HRM}/`);
  });
});

describe('when single sign-on does not get the user in, the HRM’s login page says why and what to do', () => {
  it('an Entra user with no HRM user of that external reference', async () => {
    const people = template.people.map((p) => (p.key === 'jonas' ? { ...p, externalReference: 'someone.else@northwind.test' } : p));
    const world = await createTestWorld({ template: { ...template, people }, seed: 'sso-unknown' });
    try {
      entra(world, 'jonas.berglund@northwind.test');
      const page = await openPage<HrmLoginPageData>(world.browser('jonas'), `${HRM}/`);
      expect(page.status).toBe(403);
      expect(page.page.data).toMatchObject({ mode: 'sso', problem: { reason: 'unknown_user' } });
      expect(page.page.data.problem!.message).toBe(
        'You signed in at Entra ID as jonas.berglund@northwind.test, but no HRM user has that as its external reference. Ask your HRM administrator to add it to your HRM user, then sign in again.',
      );
      expect(await lastAudit(world, 'login_failed')).toBe(
        'jonas.berglund@northwind.test signed in at Entra ID, but no HRM user has that external reference',
      );
    } finally {
      await world.close();
    }
  });

  it('Entra ID refuses (the user cancelled, or is disabled there)', async ({ world }) => {
    const idp = entra(world, 'helena.dahl@northwind.test');
    idp.refusal = { error: 'access_denied', description: 'AADSTS65004: User declined to consent to access the app.' };
    const page = await openPage<HrmLoginPageData>(world.browser('helena'), `${HRM}/`);
    expect(page.status).toBe(400);
    expect(page.page.data).toMatchObject({ mode: 'sso', problem: { reason: 'denied' } });
    expect(page.page.data.problem!.message).toBe(
      'Entra ID did not let the sign-in through (access_denied: AADSTS65004: User declined to consent to access the app.). If you cancelled, sign in again; otherwise ask your IT department.',
    );
    expect(await lastAudit(world, 'login_failed')).toMatch(/^A sign-in through Entra ID failed: Entra ID answered access_denied/);

    // "Sign in with Entra ID" on that page tries again, and gets in.
    const again = await openPage<HrmShellData>(world.browser('helena'), `${HRM}${page.page.data.sso!.loginUrl}`);
    expect(again.page.data.user.name).toBe('Helena Dahl');
  });

  it('a callback replayed, or arriving in another browser, starts over', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    const first = await browser.navigate(`${HRM}/`);
    const callback = first.hops.find((h) => new URL(h.url).pathname === '/sso/callback')!.url;
    const replayed = await openPage<HrmLoginPageData>(browser, callback);
    expect(replayed.page.data.problem).toMatchObject({ reason: 'expired' });
    const elsewhere = await openPage<HrmLoginPageData>(world.browser('mallory'), callback);
    expect(elsewhere.page.data.problem).toMatchObject({ reason: 'expired' });
  });

  it('a callback with its parameters missing or mangled starts over, and a return address elsewhere is not followed', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    for (const query of ['', '?code=', '?state=&code=x', '?error=access_denied', '?state=%00&code=%ff'])
      expect((await openPage<HrmLoginPageData>(browser, `${HRM}/sso/callback${query}`)).page.data.problem).toMatchObject({
        reason: 'expired',
        message: 'The sign-in took too long or was started in another window. Sign in again.',
      });
    // An address on another site is never where the HRM sends the browser after signing in (an open redirect).
    const result = await browser.navigate(`${HRM}/sso/login?return_to=${encodeURIComponent('https://evil.test/steal')}`);
    expect(result.url).toBe(`${HRM}/`);
  });

  it('with no Entra ID to reach at all, the login page says the sign-in could not be completed', async ({ world }) => {
    world.workspace.network.setHandlers([http.all(`${ORIGINS.entra}/*`, () => HttpResponse.error()), ...world.workspace.handlers()]);
    const page = await openPage<HrmLoginPageData>(world.browser('helena'), `${HRM}/`);
    expect(page.page.data).toMatchObject({ mode: 'sso', problem: { reason: 'failed' }, sso: { providerName: 'Entra ID' } });
  });

  it('an HRM client secret Entra ID no longer takes fails with a message, never a stuck page', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    // The week after the cutover the HRM's secret at Entra expires; before the cutover a stale secret looks the same.
    const app = template.tenant.identityProviders![0]!.applications[0]!;
    const secret = app.secret!.value;
    app.secret!.value = 'rotated-at-entra';
    try {
      const page = await openPage<HrmLoginPageData>(world.browser('helena'), `${HRM}/`);
      expect(page.page.data).toMatchObject({ mode: 'sso', problem: { reason: 'failed' } });
      expect(page.page.data.problem!.message).toBe(
        'The sign-in through Entra ID could not be completed. Try again in a moment; if it keeps failing, ask your IT department.',
      );
    } finally {
      app.secret!.value = secret;
    }
  });

  it('Entra ID not answering, or answering garbage, gives the login page a message', async ({ world }) => {
    const idp = new StandInEntra(world);
    idp.signedIn = 'helena.dahl@northwind.test';
    for (const answer of [
      () => new HttpResponse('<html>Service unavailable</html>', { status: 503, headers: { 'content-type': 'text/html' } }),
      () => HttpResponse.json({ issuer: 'https://elsewhere.test' }),
    ]) {
      world.workspace.network.setHandlers([
        http.get(`${idp.issuer}/.well-known/openid-configuration`, answer),
        ...idp.handlers(),
        ...world.workspace.handlers(),
      ]);
      const page = await openPage<HrmLoginPageData>(world.browser('helena'), `${HRM}/`);
      expect(page.url).toBe(`${HRM}/login?sso_error=failed`);
      expect(page.page.data).toMatchObject({ mode: 'sso', problem: { reason: 'failed' } });
    }
    // Once Entra answers again, the next sign-in reads its metadata anew.
    idp.install();
    expect((await openPage<HrmShellData>(world.browser('helena'), `${HRM}/`)).page.data.user.name).toBe('Helena Dahl');
  });
});

describe('/HRM-NoSSO: the password login of an HRM with single sign-on', () => {
  it('before activation it is the old login; the consultant without an Entra user logs in there', async ({ world }) => {
    const consultant = world.browser('peter');
    const page = await openPage<HrmLoginPageData>(consultant, `${HRM}/HRM-NoSSO`);
    expect(page.url).toBe(`${HRM}/HRM-NoSSO`);
    expect(page.page.data).toMatchObject({ mode: 'password', noSso: true, sso: { providerName: 'Entra ID' } });
    const peter = person(world, 'peter');
    const answer = await consultant.api(`${HRM}/api/session`, { body: { loginId: peter.loginId, password: peter.password } });
    expect(answer.status).toBe(200);
    expect((await openPage<HrmShellData>(consultant, `${HRM}/`)).page.data.user.name).toBe('Peter Holm');
    expect(await lastAudit(world, 'login')).toBe('Peter Holm logged in with the old login');
  });

  it('users who sign in through Entra ID have no HRM password to log in with there', async ({ world }) => {
    const helena = person(world, 'helena');
    await expectProblem(
      await world.browser().api(`${HRM}/api/session`, { body: { loginId: helena.loginId, password: helena.password } }),
      401,
      'invalid_credentials',
    );
  });

  it('from activation it says the suffix is no longer needed and links to the usual login; Entra sessions end', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const helena = world.browser('helena');
    await openPage(helena, `${HRM}/`);
    await activate(world);

    // R18: the old address, with or without the suffix, shows where the HRM moved.
    expect((await openPage(world.browser(), `${HRM}/HRM-NoSSO`)).page.view).toBe(HRM_VIEWS.moved);
    const retired = await openPage<HrmLoginPageData>(world.browser(), `${WEB}/HRM-NoSSO`);
    expect(retired.page.data).toMatchObject({ mode: 'no_sso_retired', sso: null });
    const usual = await openPage<HrmLoginPageData>(world.browser(), `${WEB}/login`);
    expect(usual.page.data).toMatchObject({ mode: 'connect', sso: null });
    // R14: the session Entra ID gave ends with the old ways in; the way back in is Connect.
    expect((await helena.navigate(`${HRM}/`)).outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.moved } });
    expect((await helena.navigate(`${WEB}/`)).url).toMatch(/^https:\/\/connect\.test\/login/);
    // The single sign-on's own start no longer goes to Entra ID.
    expect((await world.browser().navigate(`${WEB}/sso/login`)).hops.some((h) => h.url.startsWith(ORIGINS.entra))).toBe(false);
  });

  it('a tenant without single sign-on shows its usual password login at that address', async () => {
    const world = await createTestWorld({ seed: 'no-sso' });
    try {
      const page = await openPage<HrmLoginPageData>(world.browser(), `${HRM}/HRM-NoSSO`);
      expect(page.page.data).toMatchObject({ mode: 'password', noSso: true, sso: null });
      // And /login there stays the password login: no provider to go to.
      expect((await openPage<HrmLoginPageData>(world.browser(), `${HRM}/login`)).page.data).toMatchObject({ mode: 'password', sso: null });
    } finally {
      await world.close();
    }
  });
});

describe('single sign-on across a reload and in a second tab', () => {
  it('a sign-in started before a reload finishes after it (a new server on the same database)', async ({ world }) => {
    const idp = entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    // The browser is at Entra's login page: the HRM has stored the sign-in and set its state cookie.
    const start = await world.workspace.network.fetch(new Request(`${HRM}/sso/login?return_to=%2Fusers`), {
      initiator: 'browser:helena',
      jar: browser.jar,
    });
    expect(start.status).toBe(302);
    const authorize = start.headers.get('location')!;

    await world.workspace.close();
    const reopened = (await Workspace.open({ ...testWorkspaceOptions(), id: world.workspace.id }))!;
    try {
      reopened.network.setHandlers([...idp.handlers(), ...reopened.handlers()]);
      const result = await navigate(reopened.network, { url: authorize, jar: browser.jar, initiator: 'browser:helena' });
      expect(result.url).toBe(`${HRM}/users`);
      expect((result.outcome as { page: { data: HrmShellData } }).page.data.user.name).toBe('Helena Dahl');
    } finally {
      await reopened.close();
    }
  });

  it('two tabs signing in at once each finish their own sign-in', async ({ world }) => {
    const idp = entra(world);
    const first = world.browser('helena-tab-1');
    const second = world.browser('helena-tab-2');
    const begin = async (tab: TestBrowser) =>
      (await world.workspace.network.fetch(new Request(`${HRM}/sso/login`), { initiator: 'browser:helena', jar: tab.jar })).headers.get(
        'location',
      )!;
    const [one, two] = [await begin(first), await begin(second)];
    idp.signedIn = 'helena.dahl@northwind.test';
    const secondIn = await openPage<HrmShellData>(second, two);
    idp.signedIn = 'a.berg@northwind.onmicrosoft.test';
    const firstIn = await openPage<HrmShellData>(first, one);
    expect(secondIn.page.data.user.name).toBe('Helena Dahl');
    expect(firstIn.page.data.user.name).toBe('Anna Berg');
  });

  it('with the storage full, starting or finishing a sign-in says so, and signing in works once there is room', async ({ world }) => {
    entra(world, 'helena.dahl@northwind.test');
    const browser = world.browser('helena');
    const begun = await world.workspace.network.fetch(new Request(`${HRM}/sso/login`), { initiator: 'browser:helena', jar: browser.jar });
    const authorize = begun.headers.get('location')!;

    fillHrmStorage(world);
    const starting = await world.browser('helena-2').navigate(`${HRM}/`);
    expect(starting.status).toBe(507);
    expect(starting.outcome).toMatchObject({ kind: 'error', problem: { code: 'storage_full' } });
    // The sign-in begun before comes back from Entra ID, but its session cannot be stored.
    const finishing = await browser.navigate(authorize);
    expect(finishing.status).toBe(507);
    expect(finishing.outcome).toMatchObject({ kind: 'error', problem: { code: 'storage_full' } });

    vi.restoreAllMocks();
    expect((await openPage<HrmShellData>(browser, `${HRM}/`)).page.data.user.name).toBe('Helena Dahl');
  });
});
