// The identity providers' login page: each step refuses at its field (an unknown username, a disabled user, a wrong
// password, a wrong or reused authenticator code), writes the sign-in log, gives up after too many wrong attempts,
// survives a reload of the simulation mid-way, and answers a full storage with the storage error.
import { describe, expect, vi } from 'vitest';
import type { Table } from 'dexie';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { MAX_FAILURES } from '../../../mocks/shared/external-idp/rules';
import { ManualClock } from '../../../src/domain/clock';
import { totpCode } from '../../../src/domain/totp';
import { ORIGINS } from '../../../src/contracts/origins';
import { testWorldOf, type TestBrowser, type TestWorld } from '../../support/harness';
import { test } from '../../support/world-test';
import { authorizationUrl, pkce, step, tokenRequest, basic, visit } from './oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, TOTP_SECRET, USERS, type IdpName } from './support';

interface Problem {
  code: string;
  message: string;
  field?: string;
}

async function problemOf(response: Response): Promise<Problem & { status: number }> {
  return { status: response.status, ...((await response.json()) as Problem) };
}

/** Opens the provider's login page for Connect's application; answers the sign-in id and the PKCE verifier. */
async function openLogin(
  world: TestWorld,
  browser: TestBrowser,
  idp: IdpName,
): Promise<{ login: string; verifier: string; data: unknown }> {
  const { verifier, challenge } = await pkce();
  const trip = await visit(
    world,
    browser,
    authorizationUrl(idp, { code_challenge: challenge, code_challenge_method: 'S256', state: 's1' }),
    REDIRECT_URI,
  );
  expect(trip.page?.view).toBe('idp/sign-in');
  return { login: (trip.page!.data as { login: string }).login, verifier, data: trip.page!.data };
}

async function signInLog(world: TestWorld, idp: IdpName) {
  const db = new ExternalIdpDb(world.workspace.id, idp);
  try {
    return await db.signIns.orderBy('at').toArray();
  } finally {
    db.close();
  }
}

for (const idp of IDP_NAMES)
  describe(`${idp}.test login page`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    it('shows the username step first, with the application and the brand', async ({ world }) => {
      const { data } = await openLogin(world, world.browser(), idp);
      expect(data).toMatchObject({ step: 'username', application: 'Connect', brand: { idp, tenantName: 'Demo Company' } });
    });

    it('refuses an empty or unknown username at the field, and logs the unknown one', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      expect(await problemOf(await step(browser, idp, 'signInUsername', { login, username: '  ' }))).toMatchObject({
        status: 400,
        code: 'username_required',
        field: 'username',
      });
      const unknown = await problemOf(await step(browser, idp, 'signInUsername', { login, username: 'nobody@company.com' }));
      expect(unknown).toMatchObject({ status: 400, code: 'username_unknown', field: 'username' });
      expect(await signInLog(world, idp)).toEqual([
        expect.objectContaining({ username: 'nobody@company.com', result: 'failure', reason: unknown.message, application: 'Connect' }),
      ]);
    });

    it('refuses a disabled user at the username, with a message that says so', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      const refused = await problemOf(await step(browser, idp, 'signInUsername', { login, username: USERS.oskar.username }));
      expect(refused).toMatchObject({ status: 403, code: 'user_disabled', field: 'username' });
      expect(refused.message).toMatch(/disabled|suspended|locked/i);
    });

    it('refuses a wrong password at the field, and the right one then signs in', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      expect(await (await step(browser, idp, 'signInUsername', { login, username: USERS.anna.username.toUpperCase() })).json()).toEqual({
        step: 'password',
      });
      expect(await problemOf(await step(browser, idp, 'signInPassword', { login, password: '' }))).toMatchObject({
        code: 'password_required',
        field: 'password',
      });
      expect(await problemOf(await step(browser, idp, 'signInPassword', { login, password: 'anna-idp-2' }))).toMatchObject({
        status: 401,
        code: 'password_wrong',
        field: 'password',
      });
      const done = (await (await step(browser, idp, 'signInPassword', { login, password: USERS.anna.password })).json()) as {
        redirectTo: string;
      };
      expect(done.redirectTo).toMatch(/^\/signin\/resume\?request=/);
      const trip = await visit(world, browser, new URL(done.redirectTo, ORIGINS[idp]).toString(), REDIRECT_URI);
      expect(trip.callback?.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);
      expect(trip.callback?.searchParams.get('state')).toBe('s1');
      const log = await signInLog(world, idp);
      expect(log.map((l) => l.result).sort()).toEqual(['failure', 'success']);
    });

    it('asks a user with an authenticator for the code: a wrong one and a reused one are refused at the field', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      await step(browser, idp, 'signInUsername', { login, username: USERS.johan.username });
      expect(await (await step(browser, idp, 'signInPassword', { login, password: USERS.johan.password })).json()).toEqual({
        step: 'code',
      });
      expect(await problemOf(await step(browser, idp, 'signInCode', { login, code: '12' }))).toMatchObject({
        status: 400,
        code: 'code_malformed',
        field: 'code',
      });
      const right = totpCode(TOTP_SECRET, world.now());
      const wrong = right === '000000' ? '111111' : '000000';
      expect(await problemOf(await step(browser, idp, 'signInCode', { login, code: wrong }))).toMatchObject({
        status: 401,
        code: 'code_wrong',
        field: 'code',
      });
      expect((await step(browser, idp, 'signInCode', { login, code: right })).status).toBe(200);

      // The same code once more, in another sign-in: RFC 6238 §5.2 allows it once.
      const other = world.browser('other');
      const second = await openLogin(world, other, idp);
      await step(other, idp, 'signInUsername', { login: second.login, username: USERS.johan.username });
      await step(other, idp, 'signInPassword', { login: second.login, password: USERS.johan.password });
      expect(await problemOf(await step(other, idp, 'signInCode', { login: second.login, code: right }))).toMatchObject({
        status: 401,
        code: 'code_reused',
        field: 'code',
      });
    });

    it('gives up after too many wrong passwords: the sign-in has to start again', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      await step(browser, idp, 'signInUsername', { login, username: USERS.anna.username });
      for (let i = 0; i < MAX_FAILURES; i++) await step(browser, idp, 'signInPassword', { login, password: `wrong-${i}` });
      expect(await problemOf(await step(browser, idp, 'signInPassword', { login, password: USERS.anna.password }))).toMatchObject({
        status: 429,
        code: 'too_many_attempts',
      });
    });

    it('keeps working across a reload of the simulation in the middle of the sign-in', async ({ world, template }) => {
      const browser = world.browser();
      const { login, verifier } = await openLogin(world, browser, idp);
      await step(browser, idp, 'signInUsername', { login, username: USERS.anna.username });
      const id = world.workspace.id;
      await world.close();
      const reopened = testWorldOf((await Workspace.open({ id, realClock: new ManualClock(0) }))!, template);
      try {
        const after = reopened.browser();
        const done = (await (await step(after, idp, 'signInPassword', { login, password: USERS.anna.password })).json()) as {
          redirectTo: string;
        };
        const trip = await visit(reopened, after, new URL(done.redirectTo, ORIGINS[idp]).toString(), REDIRECT_URI);
        const code = trip.callback!.searchParams.get('code')!;
        const tokens = await tokenRequest(
          reopened,
          idp,
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
          basic(CLIENT_ID, CLIENT_SECRET),
        );
        expect(tokens.status).toBe(200);
      } finally {
        await reopened.close();
      }
    });

    it('answers a full storage at the password step with the storage error, and signs in once there is room', async ({ world }) => {
      const browser = world.browser();
      const { login } = await openLogin(world, browser, idp);
      await step(browser, idp, 'signInUsername', { login, username: USERS.anna.username });
      const db = new ExternalIdpDb(world.workspace.id, idp);
      const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.sessions)) as Record<'add' | 'put', (...args: unknown[]) => unknown>;
      db.close();
      const original = prototype.add;
      const spy = vi.spyOn(prototype, 'add').mockImplementation(function (this: Table, ...args: unknown[]) {
        if (this.db.name.endsWith(`/${idp}`)) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
        return original.apply(this, args);
      });
      try {
        const full = await step(browser, idp, 'signInPassword', { login, password: USERS.anna.password });
        expect(full.status).toBe(507);
        expect(((await full.json()) as Problem).code).toBe('storage_full');
      } finally {
        spy.mockRestore();
      }
      expect((await step(browser, idp, 'signInPassword', { login, password: USERS.anna.password })).status).toBe(200);
    });
  });

describe('a sign-in to the provider itself', () => {
  const it = test.override({ template: idpTemplate('entra') });
  it('starts at /signin?return_to=/path and comes back to that path with the provider’s session; another site’s address is not followed', async ({
    world,
  }) => {
    const browser = world.browser();
    const trip = await visit(world, browser, `${ORIGINS.entra}/signin?return_to=/console/users`);
    expect(trip.page?.data).toMatchObject({ step: 'username', application: null });
    const { login } = trip.page!.data as { login: string };
    await step(browser, 'entra', 'signInUsername', { login, username: USERS.karin.username });
    const done = (await (await step(browser, 'entra', 'signInPassword', { login, password: USERS.karin.password })).json()) as {
      redirectTo: string;
    };
    expect(done.redirectTo).toBe('/console/users');
    expect(browser.jar.toJSON().map((c) => c.name)).toContain('idp_session');

    const elsewhere = await visit(world, world.browser(), `${ORIGINS.entra}/signin?return_to=//evil.test/`);
    const other = (elsewhere.page!.data as { login: string }).login;
    const other2 = world.browser('b');
    await step(other2, 'entra', 'signInUsername', { login: other, username: USERS.anna.username });
    const back = (await (await step(other2, 'entra', 'signInPassword', { login: other, password: USERS.anna.password })).json()) as {
      redirectTo: string;
    };
    expect(back.redirectTo).toBe('/');
  });
});
