// Tests who must use two-factor authentication (R21): the administrator requires it of a group (such as HR
// staff) or of everyone from a date on the world clock; affected users set up an app at their next sign-in
// before any session — their OpenID Connect request then goes on to the application — and "Remind me later" works
// only while it is optional.
import { describe, expect } from 'vitest';
import type { TwoFactorAdminPageData, TwoFactorPolicy, TwoFactorSetupPageData } from '../../../src/contracts/connect-two-factor';
import { totpCode } from '../../../src/domain/totp';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, signedInAdmin } from './admin-support';
import { asClient, auditLog, body, CONNECT, expectProblem, login, requestReset, reset } from './support';
import { authorizationUrl, callbackOf, HRM, visit } from './oidc-support';
import { ERIK, pageData, passwordThenSecondStep, secretOf, signedIn } from './two-factor-support';

const JOHAN = { email: 'johan.ek@company.com', name: 'Johan Ek', password: 'johan-connect-passphrase' } as const;
const HOUR = 3600_000;

/** Johan (HR staff in the demo) links his HRM user to Connect and sets a password, as in preparation (R4, R5). */
async function johanWithPassword(world: TestWorld): Promise<void> {
  expect(
    (
      await asClient(world, '/api/accounts/link', {
        method: 'POST',
        body: { email: JOHAN.email, name: JOHAN.name, externalUserId: 'usr_johan' },
      })
    ).status,
  ).toBe(200);
  const { token } = await requestReset(world.browser('johan-mail'), JOHAN.email);
  expect((await reset(world.browser('johan-mail'), token, JOHAN.password)).status).toBe(200);
}

async function twoFactorTab(karin: TestBrowser): Promise<TwoFactorAdminPageData> {
  return pageData<TwoFactorAdminPageData>(karin, `${CONNECT}/admin/two-factor`, 'connect/admin/two-factor');
}

function setPolicy(karin: TestBrowser, policy: TwoFactorPolicy): Promise<Response> {
  return adminApi(karin, '/two-factor/policy', { method: 'PUT', body: policy });
}

/** The setup step's page data after the password, and the code its QR code gives now. */
async function setupStep(
  world: TestWorld,
  browser: TestBrowser,
  who: { email: string; password: string },
  returnTo?: string,
): Promise<{ page: TwoFactorSetupPageData; code: () => string }> {
  const next = await passwordThenSecondStep(browser, who.email, who.password, returnTo);
  const page = await pageData<TwoFactorSetupPageData>(browser, `${CONNECT}${next}`, 'connect/two-factor-setup');
  return { page, code: () => totpCode(secretOf(page), world.now()) };
}

describe('PUT /api/admin/two-factor/policy', () => {
  it('the tab lists the seeded groups with their members; requiring HR staff is saved and audited with Karin as the actor', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const tab = await twoFactorTab(karin);
    expect(tab.policy).toEqual({ requiredGroupIds: [], everyoneFrom: null });
    expect(tab.groups.map((g) => [g.name, g.members])).toEqual([
      ['HR staff', [JOHAN.email]],
      ['HRM administrators', ['karin.berg@company.com']],
    ]);
    const hrStaff = tab.groups.find((g) => g.name === 'HR staff')!;
    const saved = await setPolicy(karin, { requiredGroupIds: [hrStaff.id], everyoneFrom: null });
    expect(await body(saved)).toEqual({ requiredGroupIds: [hrStaff.id], everyoneFrom: null });
    expect((await twoFactorTab(karin)).policy.requiredGroupIds).toEqual([hrStaff.id]);
    const entry = (await auditLog(world)).find((e) => e.type === 'two_factor.policy_changed')!;
    expect(entry.detail).toBe('Karin Berg required two-factor authentication for HR staff');
    expect(entry.actorId).toBeTruthy();
  });

  it('refuses an unknown group at its field, and anyone who is not an administrator', async ({ world }) => {
    const karin = await signedInAdmin(world);
    await expectProblem(
      await setPolicy(karin, { requiredGroupIds: ['grp_elsewhere'], everyoneFrom: null }),
      422,
      'invalid_request',
      'requiredGroupIds',
    );
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    await expectProblem(await setPolicy(erik, { requiredGroupIds: [], everyoneFrom: null }), 403, 'forbidden');
  });
});

describe('a group required (R21: HR staff)', () => {
  it('Johan must set up an app at his next sign-in — no session before, no "Remind me later" — then he is in; Erik is not asked', async ({
    world,
  }) => {
    await johanWithPassword(world);
    const karin = await signedInAdmin(world);
    const hrStaff = (await twoFactorTab(karin)).groups.find((g) => g.name === 'HR staff')!;
    await setPolicy(karin, { requiredGroupIds: [hrStaff.id], everyoneFrom: null });

    const johan = world.browser('johan');
    const { page, code } = await setupStep(world, johan, JOHAN);
    expect(page).toMatchObject({
      context: 'sign_in',
      email: JOHAN.email,
      requirement: { kind: 'required', because: { kind: 'group', group: 'HR staff' } },
    });
    expect(await signedIn(johan)).toBe(false);
    await expectProblem(await johan.api(`${CONNECT}/api/session/two-factor/remind-later`, { body: {} }), 403, 'two_factor_required');

    const confirmed = await johan.api(`${CONNECT}/api/session/two-factor/setup`, { body: { code: code() } });
    expect(confirmed.status).toBe(200);
    expect(await body<{ recoveryCodes: string[]; redirectTo: string }>(confirmed)).toMatchObject({
      redirectTo: '/account',
      recoveryCodes: expect.any(Array),
    });
    expect(await signedIn(johan)).toBe(true);
    const setUp = (await auditLog(world)).filter((e) => e.type === 'two_factor.enrolled').map((e) => e.detail);
    expect(setUp).toEqual(['Johan Ek set up an authenticator app at sign-in; 10 recovery codes issued']);

    expect(await body(await login(world.browser('erik'), ERIK.email, ERIK.password))).toEqual({ redirectTo: '/account' });
  });

  it('his OpenID Connect request waits through the setup and then goes on to the HRM with a code', async ({ world }) => {
    await johanWithPassword(world);
    const karin = await signedInAdmin(world);
    const hrStaff = (await twoFactorTab(karin)).groups.find((g) => g.name === 'HR staff')!;
    await setPolicy(karin, { requiredGroupIds: [hrStaff.id], everyoneFrom: null });

    const johan = world.browser('johan');
    const trip = await visit(world, johan, authorizationUrl(HRM, { state: 'st-johan' }), HRM.redirect_uri);
    const { returnTo } = trip.page!.data as { returnTo: string };
    const { page, code } = await setupStep(world, johan, JOHAN, returnTo);
    expect(page.returnTo).toBe(returnTo);
    const confirmed = await johan.api(`${CONNECT}/api/session/two-factor/setup?return_to=${encodeURIComponent(page.returnTo)}`, {
      body: { code: code() },
    });
    const { redirectTo } = await body<{ redirectTo: string }>(confirmed);
    const back = await visit(world, johan, `${CONNECT}${redirectTo}`, HRM.redirect_uri);
    expect(callbackOf(back).get('state')).toBe('st-johan');
    expect(callbackOf(back).get('code')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('everyone from a date (R21)', () => {
  it('before the date the setup is offered with "Remind me later", which signs in with the password alone; from the date exactly it is required', async ({
    world,
  }) => {
    const karin = await signedInAdmin(world);
    const from = world.now() + 24 * HOUR;
    await setPolicy(karin, { requiredGroupIds: [], everyoneFrom: from });
    expect(world.workspace.clock.nextEvent()).toEqual({ at: from, label: 'Two-factor authentication required for everyone' });

    const early = world.browser('erik-early');
    const { page } = await setupStep(world, early, ERIK);
    expect(page.requirement).toEqual({ kind: 'upcoming', from });
    const later = await early.api(`${CONNECT}/api/session/two-factor/remind-later`, { body: {} });
    expect(await body(later)).toEqual({ redirectTo: '/account' });
    expect(await signedIn(early)).toBe(true);
    expect((await auditLog(world)).find((e) => e.type === 'two_factor.postponed')!.detail).toBe(
      'Erik Johansson chose “Remind me later” for two-factor authentication (required from 2026-03-03 08:00 UTC)',
    );

    await world.advance(24 * HOUR);
    const due = world.browser('erik-due');
    const { page: required } = await setupStep(world, due, ERIK);
    expect(required.requirement).toEqual({ kind: 'required', because: { kind: 'everyone', since: from } });
    await expectProblem(await due.api(`${CONNECT}/api/session/two-factor/remind-later`, { body: {} }), 403, 'two_factor_required');
  });

  it('an account that has an app is asked for its code, not to set one up, and cannot remove it while required', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    const setup = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    await erik.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: totpCode(secretOf(setup), world.now()) } });
    await setPolicy(karin, { requiredGroupIds: [], everyoneFrom: world.now() });
    await expectProblem(
      await erik.api(`${CONNECT}/api/me/two-factor/totp/remove`, { body: { password: ERIK.password } }),
      409,
      'two_factor_required',
    );
    const laptop = world.browser('erik-laptop');
    const next = await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const step = await pageData<{ factors: string[] }>(laptop, `${CONNECT}${next}`, 'connect/two-factor');
    expect(step.factors).toEqual(['totp', 'recovery_code']);
  });
});
