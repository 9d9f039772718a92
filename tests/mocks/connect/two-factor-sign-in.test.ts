// Tests the second step of a sign-in (R21): the password alone signs nobody in once an app is set up; a code from
// the app does, once (RFC 6238 §5.2 replay); recovery codes work once each; "Remember this device for 30 days"; wrong
// codes lock the email like wrong passwords; the ID token's amr says how the user signed in (RFC 8176).
import { describe, expect } from 'vitest';
import type { TwoFactorVerifyPageData } from '../../../src/contracts/connect-two-factor';
import { totpCode } from '../../../src/domain/totp';
import { it } from '../../support/world-test';
import { auditLog, body, CONNECT, expectProblem, login } from './support';
import { authorizationUrl, callbackOf, HRM, tokenRequest, visit, type TokenBody } from './oidc-support';
import { claimsOf, ERIK, erikWithApp, pageData, passwordThenSecondStep, signedIn, verify } from './two-factor-support';

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;

describe('POST /api/session with an authenticator app set up', () => {
  it('answers the second step instead of a session, and its page offers the app and the recovery codes', async ({ world }) => {
    await erikWithApp(world);
    const browser = world.browser('erik-laptop');
    const next = await passwordThenSecondStep(browser, ERIK.email, ERIK.password);
    expect(next).toBe('/login/two-factor?return_to=%2Faccount');
    expect(await signedIn(browser)).toBe(false);
    const page = await pageData<TwoFactorVerifyPageData>(browser, `${CONNECT}${next}`, 'connect/two-factor');
    expect(page).toEqual({ email: ERIK.email, returnTo: '/account', factors: ['totp', 'recovery_code'], rememberDeviceDays: 30 });
  });

  it('GET /login/two-factor without a pending sign-in goes back to the login page', async ({ world }) => {
    const result = await world.browser().navigate(`${CONNECT}/login/two-factor?return_to=%2Faccount`);
    expect(result.url).toBe(`${CONNECT}/login?return_to=%2Faccount`);
  });
});

describe('POST /api/session/two-factor', () => {
  it('signs in with the code the app shows now; the same code is then refused as replayed, also 30 seconds later', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    // A step later than the one that confirmed the app, which counts as used.
    await world.advance(30 * SECOND);
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const code = totpCode(secret, world.now());
    const accepted = await verify(laptop, 'totp', code);
    expect(accepted.status).toBe(200);
    expect(await body(accepted)).toEqual({ redirectTo: '/account' });
    expect(await signedIn(laptop)).toBe(true);

    const phone = world.browser('erik-phone');
    await passwordThenSecondStep(phone, ERIK.email, ERIK.password);
    await expectProblem(await verify(phone, 'totp', code), 422, 'code_replayed', 'code');
    await world.advance(30 * SECOND);
    await expectProblem(await verify(phone, 'totp', code), 422, 'code_replayed', 'code');
    expect(await signedIn(phone)).toBe(false);
    expect((await verify(phone, 'totp', totpCode(secret, world.now()))).status).toBe(200);
  });

  it('accepts the previous and next step’s code, not one from 90 seconds off (a phone clock set wrong)', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    await world.advance(60 * SECOND);
    const tries = [];
    for (const offset of [-90, -30, 30]) {
      const browser = world.browser(`erik-${offset}`);
      await passwordThenSecondStep(browser, ERIK.email, ERIK.password);
      tries.push((await verify(browser, 'totp', totpCode(secret, world.now() + offset * SECOND))).status);
      await world.advance(30 * SECOND);
    }
    expect(tries).toEqual([422, 200, 200]);
  });

  it('a recovery code signs in once, typed in any case and without its dash; the same code again is refused as used', async ({ world }) => {
    const { recoveryCodes } = await erikWithApp(world);
    const first = world.browser('erik-1');
    await passwordThenSecondStep(first, ERIK.email, ERIK.password);
    const code = recoveryCodes[3]!;
    expect((await verify(first, 'recovery_code', code.replace('-', '').toUpperCase())).status).toBe(200);
    const second = world.browser('erik-2');
    await passwordThenSecondStep(second, ERIK.email, ERIK.password);
    await expectProblem(await verify(second, 'recovery_code', code), 422, 'recovery_code_used', 'code');
    await expectProblem(await verify(second, 'recovery_code', 'aaaaa-bbbbb'), 422, 'recovery_code_invalid', 'code');
    expect((await verify(second, 'recovery_code', recoveryCodes[4]!)).status).toBe(200);
    const audit = (await auditLog(world)).filter((e) => e.type === 'two_factor.recovery_code_used').map((e) => e.detail);
    expect(audit).toEqual([
      'Erik Johansson used a recovery code to sign in (9 of 10 left)',
      'Erik Johansson used a recovery code to sign in (8 of 10 left)',
    ]);
  });

  it('wrong codes are audited and count against the email: the 10th within 15 minutes locks it and ends the sign-in', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    const browser = world.browser('attacker');
    await passwordThenSecondStep(browser, ERIK.email, ERIK.password);
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await verify(browser, 'totp', String(100000 + i))).status);
    expect(statuses).toEqual([...Array(9).fill(422), 429]);
    await expectProblem(await verify(browser, 'totp', totpCode(secret, world.now() + 30 * SECOND)), 401, 'sign_in_expired');
    // The password alone does not get past the lock either.
    expect((await login(world.browser('again'), ERIK.email, ERIK.password)).status).toBe(429);
    const failed = (await auditLog(world)).filter((e) => e.type === 'two_factor.failed');
    expect(failed).toHaveLength(10);
    expect(failed[0]!.detail).toBe('Failed two-factor step for erik.johansson@company.com with an authenticator app (wrong code)');
  });

  it('without a pending sign-in is 401 sign_in_expired, also 15 minutes after the password', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    await expectProblem(await verify(world.browser('nobody'), 'totp', '123456'), 401, 'sign_in_expired');
    const slow = world.browser('slow');
    await passwordThenSecondStep(slow, ERIK.email, ERIK.password);
    await world.advance(15 * 60 * SECOND);
    await expectProblem(await verify(slow, 'totp', totpCode(secret, world.now())), 401, 'sign_in_expired');
  });
});

describe('"Remember this device for 30 days"', () => {
  it('skips the second step in that browser until 30 days of world time have passed; another browser is still asked', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    await world.advance(30 * SECOND);
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const remembered = await verify(laptop, 'totp', totpCode(secret, world.now()), true);
    expect(remembered.status).toBe(200);
    expect(laptop.jar.toJSON().find((c) => c.name === 'connect_device')).toMatchObject({
      host: 'connect.test',
      expiresAt: world.now() + 30 * DAY,
    });

    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    expect(await body(await login(laptop, ERIK.email, ERIK.password))).toEqual({ redirectTo: '/account' });
    await passwordThenSecondStep(world.browser('erik-tablet'), ERIK.email, ERIK.password);

    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    await world.advance(30 * DAY - SECOND);
    expect(await body(await login(laptop, ERIK.email, ERIK.password))).toEqual({ redirectTo: '/account' });
    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    await world.advance(SECOND);
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
  });

  it('is checked by Connect, not by the cookie’s own age: a kept or made-up cookie does not skip the step', async ({ world }) => {
    const { secret } = await erikWithApp(world);
    await world.advance(30 * SECOND);
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    await verify(laptop, 'totp', totpCode(secret, world.now()), true);
    const token = laptop.jar.toJSON().find((c) => c.name === 'connect_device')!.value;
    await world.advance(30 * DAY);
    const keeper = world.browser('keeps-cookies');
    keeper.jar.apply(`${CONNECT}/`, [{ name: 'connect_device', value: token, path: '/' }], world.now());
    await passwordThenSecondStep(keeper, ERIK.email, ERIK.password);
    const forger = world.browser('forger');
    forger.jar.apply(`${CONNECT}/`, [{ name: 'connect_device', value: 'f'.repeat(64), path: '/' }], world.now());
    await passwordThenSecondStep(forger, ERIK.email, ERIK.password);
  });
});

describe('amr (RFC 8176)', () => {
  it('an application’s ID token says pwd, otp and mfa after the authenticator app, and the sign-in goes on to the application', async ({
    world,
  }) => {
    const { secret } = await erikWithApp(world);
    await world.advance(30 * SECOND);
    const browser = world.browser('erik-hrm');
    const trip = await visit(world, browser, authorizationUrl(HRM, { state: 's-1', nonce: 'n-1' }), HRM.redirect_uri);
    const { returnTo } = trip.page!.data as { returnTo: string };
    const next = await passwordThenSecondStep(browser, ERIK.email, ERIK.password, returnTo);
    const page = await pageData<TwoFactorVerifyPageData>(browser, `${CONNECT}${next}`, 'connect/two-factor');
    const done = await verify(browser, 'totp', totpCode(secret, world.now()), false, page.returnTo);
    const { redirectTo } = await body<{ redirectTo: string }>(done);
    expect(redirectTo).toBe(returnTo);
    const back = await visit(world, browser, `${CONNECT}${redirectTo}`, HRM.redirect_uri);
    const code = callbackOf(back).get('code')!;
    const tokens = await body<TokenBody>(
      await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri }),
    );
    expect(claimsOf(tokens.id_token)).toMatchObject({
      amr: ['pwd', 'otp', 'mfa'],
      nonce: 'n-1',
      auth_time: Math.floor(world.now() / 1000),
    });
    const login = (await auditLog(world)).filter((e) => e.type === 'login').at(-1)!;
    expect(login.detail).toBe('Erik Johansson logged in with a password and an authenticator app');
  });
});
