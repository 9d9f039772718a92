// Tests a passkey as the second step of a sign-in (R21: "use as a second factor"), through Connect's HTTP API with
// the sandbox authenticator as the client: the step offers it, the session's amr and the audit say what was proved, a
// replayed or foreign answer is refused and counted toward the lockout like a wrong code, "Remember this device" works
// as with a code, and a policy that requires two-factor authentication is met by a passkey — also by a sign-in with a
// passkey alone, which asks for no second step.
import { describe, expect } from 'vitest';
import type { ConnectAccountPageData } from '../../../src/contracts/connect';
import { PASSKEY_API, type PasskeyRequestOptions, type PasskeyView } from '../../../src/contracts/connect-passkeys';
import type { TwoFactorAdminPageData, TwoFactorVerifyPageData } from '../../../src/contracts/connect-two-factor';
import type { AuthenticationResponseJSON } from '../../../src/contracts/connect-passkeys';
import { fromBase64Url, toBase64Url } from '../../../src/domain/base64url';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { adminApi, signedInAdmin } from './admin-support';
import { answered, registerPasskey, sandbox, signInWithPasskey } from './passkeys-support';
import { asClient, auditLog, body, CONNECT, connectDb, expectProblem, login, requestReset, reset } from './support';
import { ERIK, pageData, passwordThenSecondStep, setUpInAccount, signedIn } from './two-factor-support';

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;
const JOHAN = { email: 'johan.ek@company.com', name: 'Johan Ek', password: 'johan-connect-passphrase' } as const;
type Sandbox = ReturnType<typeof sandbox>['authenticator'];

/** Signs `who` in with the password (no second step yet) and registers a passkey in a new sandbox authenticator. */
async function withPasskey(
  world: TestWorld,
  who: { email: string; password: string },
  browserName: string,
): Promise<{ authenticator: Sandbox; passkey: PasskeyView; browser: TestBrowser }> {
  const browser = world.browser(browserName);
  expect((await login(browser, who.email, who.password)).status).toBe(200);
  const { authenticator } = sandbox();
  const registered = await registerPasskey(browser, authenticator);
  expect(registered.status).toBe(201);
  return { authenticator, passkey: await body<PasskeyView>(registered), browser };
}

/** The second step's options for the browser's pending sign-in. */
async function secondStepOptions(browser: TestBrowser): Promise<PasskeyRequestOptions> {
  const response = await browser.api(`${CONNECT}${PASSKEY_API.secondFactorOptions}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return body<PasskeyRequestOptions>(response);
}

function confirm(
  browser: TestBrowser,
  ceremonyId: string,
  response: AuthenticationResponseJSON,
  rememberDevice = false,
): Promise<Response> {
  return browser.api(`${CONNECT}${PASSKEY_API.secondFactor}?return_to=%2Faccount`, { body: { ceremonyId, response, rememberDevice } });
}

/** The answer with one byte of its signature changed (inside the DER signature's r value), as a forger would send it. */
function withTamperedSignature(answer: AuthenticationResponseJSON): AuthenticationResponseJSON {
  const signature = fromBase64Url(answer.response.signature);
  signature[10] = signature[10]! ^ 0xff;
  return { ...answer, response: { ...answer.response, signature: toBase64Url(signature) } };
}

/** The page's "Use a passkey": options, the authenticator's answer, the answer sent. */
async function usePasskey(browser: TestBrowser, authenticator: Sandbox, rememberDevice = false): Promise<Response> {
  const options = await secondStepOptions(browser);
  return confirm(browser, options.ceremonyId, answered(await authenticator.get(options.publicKey)), rememberDevice);
}

/** The amr of the session the browser's cookie names. */
async function sessionAmr(world: TestWorld, browser: TestBrowser): Promise<string[]> {
  const id = browser.jar.toJSON().find((c) => c.name === 'connect_session')!.value;
  const db = connectDb(world);
  try {
    return (await db.sessions.get(id))!.amr;
  } finally {
    db.close();
  }
}

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

/** Karin requires two-factor authentication for HR staff (R21); answers the admin tab after. */
async function requireForHrStaff(world: TestWorld): Promise<{ karin: TestBrowser; tab: () => Promise<TwoFactorAdminPageData> }> {
  const karin = await signedInAdmin(world);
  const tab = () => pageData<TwoFactorAdminPageData>(karin, `${CONNECT}/admin/two-factor`, 'connect/admin/two-factor');
  const hrStaff = (await tab()).groups.find((g) => g.name === 'HR staff')!;
  expect(
    (await adminApi(karin, '/two-factor/policy', { method: 'PUT', body: { requiredGroupIds: [hrStaff.id], everyoneFrom: null } })).status,
  ).toBe(200);
  return { karin, tab };
}

describe('the second step with a passkey', () => {
  it('a passkey alone asks for the step after the password, which offers it first; account settings say two-factor is on', async ({
    world,
  }) => {
    const { passkey, browser: settings } = await withPasskey(world, ERIK, 'erik-setup');
    const account = await pageData<ConnectAccountPageData>(settings, `${CONNECT}/account`, 'connect/account');
    expect(account.twoFactor.factors).toEqual([{ kind: 'passkey', addedAt: passkey.createdAt }]);
    expect(account.twoFactor.recoveryCodesLeft).toBeNull();

    const laptop = world.browser('erik-laptop');
    const next = await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    expect(await signedIn(laptop)).toBe(false);
    const step = await pageData<TwoFactorVerifyPageData>(laptop, `${CONNECT}${next}`, 'connect/two-factor');
    expect(step.factors).toEqual(['passkey']);

    await setUpInAccount(world, settings);
    const tablet = world.browser('erik-tablet');
    const both = await pageData<TwoFactorVerifyPageData>(
      tablet,
      `${CONNECT}${await passwordThenSecondStep(tablet, ERIK.email, ERIK.password)}`,
      'connect/two-factor',
    );
    expect(both.factors).toEqual(['passkey', 'totp', 'recovery_code']);
  });

  it('signs in with the account’s passkey: amr pwd, the passkey’s and mfa; the pending sign-in ends; the login is audited', async ({
    world,
  }) => {
    const { authenticator, passkey } = await withPasskey(world, ERIK, 'erik-setup');
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const options = await secondStepOptions(laptop);
    expect(options.publicKey.allowCredentials).toEqual([{ id: passkey.id, type: 'public-key', transports: ['internal'] }]);
    expect(options.publicKey.userVerification).toBe('preferred');

    const done = await confirm(laptop, options.ceremonyId, answered(await authenticator.get(options.publicKey)));
    expect(done.status).toBe(200);
    expect(await body(done)).toEqual({ redirectTo: '/account' });
    expect(await signedIn(laptop)).toBe(true);
    expect(laptop.jar.toJSON().some((c) => c.name === 'connect_mfa')).toBe(false);
    expect(laptop.jar.toJSON().some((c) => c.name === 'connect_device')).toBe(false);
    expect(await sessionAmr(world, laptop)).toEqual(['pwd', 'swk', 'user', 'mfa']);
    const entry = (await auditLog(world)).filter((e) => e.type === 'login').at(-1)!;
    expect(entry.detail).toBe('Erik Johansson logged in with a password and a passkey (Sandbox authenticator)');
  });

  it('an answer used once is refused: again in the same sign-in it has ended, in a new sign-in the challenge is spent', async ({
    world,
  }) => {
    const { authenticator } = await withPasskey(world, ERIK, 'erik-setup');
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const options = await secondStepOptions(laptop);
    const answer = answered(await authenticator.get(options.publicKey));
    expect((await confirm(laptop, options.ceremonyId, answer)).status).toBe(200);
    await expectProblem(await confirm(laptop, options.ceremonyId, answer), 401, 'sign_in_expired');

    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    await expectProblem(await confirm(laptop, options.ceremonyId, answer), 410, 'ceremony_used');
    expect(await signedIn(laptop)).toBe(false);
    const failed = (await auditLog(world)).filter((e) => e.type === 'two_factor.failed').map((e) => e.detail);
    expect(failed).toEqual([
      expect.stringMatching(/^Failed two-factor step for erik\.johansson@company\.com with a passkey \(ceremony_used: /),
    ]);
  });

  it('refuses another account’s passkey and one removed since, audited as failed steps, and is not signed in', async ({ world }) => {
    const { authenticator, passkey, browser: settings } = await withPasskey(world, ERIK, 'erik-setup');
    const karins = sandbox().authenticator;
    expect((await registerPasskey(await signedInAdmin(world), karins)).status).toBe(201);

    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const options = await secondStepOptions(laptop);
    // Karin's authenticator answers with her passkey when asked without the allow list (a client ignoring it).
    const foreign = answered(await karins.get({ ...options.publicKey, allowCredentials: [] }));
    await expectProblem(await confirm(laptop, options.ceremonyId, foreign), 401, 'passkey_unknown');

    // Erik removes the passkey in account settings while the laptop's step waits; his authenticator still holds it.
    const stale = await secondStepOptions(laptop);
    expect((await settings.api(`${CONNECT}${PASSKEY_API.list}/${passkey.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(
      await confirm(laptop, stale.ceremonyId, answered(await authenticator.get(stale.publicKey))),
      401,
      'passkey_unknown',
    );
    expect(await signedIn(laptop)).toBe(false);
    const failed = (await auditLog(world)).filter((e) => e.type === 'two_factor.failed').map((e) => e.detail);
    expect(failed).toEqual([
      expect.stringMatching(/^Failed two-factor step for erik\.johansson@company\.com with a passkey \(passkey_unknown: /),
      expect.stringMatching(/^Failed two-factor step for erik\.johansson@company\.com with a passkey \(passkey_unknown: /),
    ]);
  });

  it('options for an account whose only passkey was removed are 409 passkey_none; without a pending sign-in 401', async ({ world }) => {
    const { passkey, browser: settings } = await withPasskey(world, ERIK, 'erik-setup');
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    await settings.api(`${CONNECT}${PASSKEY_API.list}/${passkey.id}`, { method: 'DELETE' });
    await expectProblem(await laptop.api(`${CONNECT}${PASSKEY_API.secondFactorOptions}`, { method: 'POST' }), 409, 'passkey_none');
    await expectProblem(
      await world.browser('nobody').api(`${CONNECT}${PASSKEY_API.secondFactorOptions}`, { method: 'POST' }),
      401,
      'sign_in_expired',
    );
  });

  it('refusals count against the email like wrong codes: the 10th locks it, ends the sign-in, and the passkey then gets no further', async ({
    world,
  }) => {
    const { authenticator } = await withPasskey(world, ERIK, 'erik-setup');
    const attacker = world.browser('attacker');
    await passwordThenSecondStep(attacker, ERIK.email, ERIK.password);
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const options = await secondStepOptions(attacker);
      const answer = answered(await authenticator.get(options.publicKey));
      statuses.push((await confirm(attacker, options.ceremonyId, withTamperedSignature(answer))).status);
    }
    expect(statuses).toEqual([...Array(9).fill(400), 429]);
    expect(attacker.jar.toJSON().some((c) => c.name === 'connect_mfa')).toBe(false);
    await expectProblem(await attacker.api(`${CONNECT}${PASSKEY_API.secondFactorOptions}`, { method: 'POST' }), 401, 'sign_in_expired');
    expect((await login(world.browser('again'), ERIK.email, ERIK.password)).status).toBe(429);
    expect((await auditLog(world)).filter((e) => e.type === 'two_factor.failed')).toHaveLength(10);
  });

  it('"Remember this device for 30 days" skips the step in that browser only, until 30 days of world time have passed', async ({
    world,
  }) => {
    const { authenticator } = await withPasskey(world, ERIK, 'erik-setup');
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    expect((await usePasskey(laptop, authenticator, true)).status).toBe(200);
    expect(laptop.jar.toJSON().find((c) => c.name === 'connect_device')).toMatchObject({
      host: 'connect.test',
      expiresAt: world.now() + 30 * DAY,
    });
    const entry = (await auditLog(world)).filter((e) => e.type === 'login').at(-1)!;
    expect(entry.detail).toBe(
      'Erik Johansson logged in with a password and a passkey (Sandbox authenticator) (device remembered for 30 days)',
    );

    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    expect(await body(await login(laptop, ERIK.email, ERIK.password))).toEqual({ redirectTo: '/account' });
    await passwordThenSecondStep(world.browser('erik-tablet'), ERIK.email, ERIK.password);

    await laptop.api(`${CONNECT}/api/session`, { method: 'DELETE' });
    await world.advance(30 * DAY);
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
  });

  it('refuses a rememberDevice that is not a boolean, before the answer is checked', async ({ world }) => {
    const { authenticator } = await withPasskey(world, ERIK, 'erik-setup');
    const laptop = world.browser('erik-laptop');
    await passwordThenSecondStep(laptop, ERIK.email, ERIK.password);
    const options = await secondStepOptions(laptop);
    const answer = answered(await authenticator.get(options.publicKey));
    const refused = await laptop.api(`${CONNECT}${PASSKEY_API.secondFactor}`, {
      body: { ceremonyId: options.ceremonyId, response: answer, rememberDevice: 'yes' },
    });
    await expectProblem(refused, 400, 'invalid_request', 'rememberDevice');
    // The challenge was not spent: the same answer, well formed, signs in.
    expect((await confirm(laptop, options.ceremonyId, answer)).status).toBe(200);
  });
});

describe('a policy that requires two-factor authentication (R21: HR staff)', () => {
  it('is met by a passkey: Johan is asked to verify with it, not to set up an app, and is signed in; the admin tab counts him', async ({
    world,
  }) => {
    await johanWithPassword(world);
    const { authenticator } = await withPasskey(world, JOHAN, 'johan-setup');
    const { tab } = await requireForHrStaff(world);
    expect((await tab()).enrolled).toBe(1);

    const johan = world.browser('johan');
    const next = await passwordThenSecondStep(johan, JOHAN.email, JOHAN.password);
    const step = await pageData<TwoFactorVerifyPageData>(johan, `${CONNECT}${next}`, 'connect/two-factor');
    expect(step.factors).toEqual(['passkey']);
    await expectProblem(await johan.api(`${CONNECT}/api/session/two-factor/remind-later`, { body: {} }), 403, 'two_factor_required');
    expect((await usePasskey(johan, authenticator)).status).toBe(200);
    expect(await signedIn(johan)).toBe(true);
    expect(await sessionAmr(world, johan)).toEqual(['pwd', 'swk', 'user', 'mfa']);
  });

  it('asks no second step of a sign-in with a passkey alone, which is multi-factor by itself (amr mfa)', async ({ world }) => {
    await johanWithPassword(world);
    const { authenticator } = await withPasskey(world, JOHAN, 'johan-setup');
    await requireForHrStaff(world);

    const johan = world.browser('johan');
    const signedInWithPasskey = await signInWithPasskey(johan, authenticator, '/account');
    expect(signedInWithPasskey.status).toBe(200);
    expect(await body(signedInWithPasskey)).toEqual({ redirectTo: '/account' });
    expect(await signedIn(johan)).toBe(true);
    expect(johan.jar.toJSON().some((c) => c.name === 'connect_mfa')).toBe(false);
    expect(await sessionAmr(world, johan)).toEqual(['swk', 'user', 'mfa']);
  });

  it('lets Johan remove his authenticator app while a passkey keeps the requirement met, not before', async ({ world }) => {
    await johanWithPassword(world);
    const johan = world.browser('johan');
    expect((await login(johan, JOHAN.email, JOHAN.password)).status).toBe(200);
    await setUpInAccount(world, johan);
    await requireForHrStaff(world);
    const remove = () => johan.api(`${CONNECT}/api/me/two-factor/totp/remove`, { body: { password: JOHAN.password } });
    await expectProblem(await remove(), 409, 'two_factor_required');

    expect((await registerPasskey(johan, sandbox().authenticator)).status).toBe(201);
    const removed = await remove();
    expect(removed.status).toBe(200);
    expect(await body(removed)).toMatchObject({ factors: [{ kind: 'passkey' }], recoveryCodesLeft: null });
  });
});
