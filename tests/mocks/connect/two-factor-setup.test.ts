// Tests setting up and removing an authenticator app in Connect's account settings (R21): the QR code's key URI,
// confirmation by a code from the app, the recovery codes shown once and stored as digests, and removal by password.
import { describe, expect } from 'vitest';
import type { ConnectAccountPageData } from '../../../src/contracts/connect';
import type { TwoFactorSetupPageData, TwoFactorStatus } from '../../../src/contracts/connect-two-factor';
import { parseOtpauthUri, totpCode } from '../../../src/domain/totp';
import { sha256Hex } from '../../../mocks/shared/crypto';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { auditLog, body, connectDb, CONNECT, expectProblem, login } from './support';
import { ERIK, erikWithApp, pageData, secretOf } from './two-factor-support';

const MINUTE = 60_000;

async function signedInErik(world: TestWorld) {
  const erik = world.browser('erik');
  expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);
  return erik;
}

describe('GET /account/two-factor', () => {
  it('shows a key URI for Connect, labelled with the email, SHA1, 6 digits, 30 s, and the same one again on reload', async ({ world }) => {
    const erik = await signedInErik(world);
    const page = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    expect(parseOtpauthUri(page.enrolment.otpauthUri)).toEqual({
      ok: true,
      value: {
        issuer: 'Connect',
        label: ERIK.email,
        secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    });
    expect(page.enrolment.setupKey.replace(/ /g, '')).toBe(secretOf(page));
    expect(page).toMatchObject({ context: 'account', email: ERIK.email, replaces: false, requirement: { kind: 'none' } });
    const again = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    expect(again.enrolment.otpauthUri).toBe(page.enrolment.otpauthUri);
  });

  it('sends a signed-out visitor to the login, coming back here after', async ({ world }) => {
    const result = await world.browser().navigate(`${CONNECT}/account/two-factor`);
    expect(result.url).toBe(`${CONNECT}/login?return_to=%2Faccount%2Ftwo-factor`);
  });
});

describe('POST /api/me/two-factor/totp/confirm', () => {
  it('confirms the app with its current code, answers 10 recovery codes once and stores only their digests', async ({ world }) => {
    const { browser: erik, recoveryCodes } = await erikWithApp(world);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    const db = connectDb(world);
    try {
      const account = (await db.accounts.where('email').equals(ERIK.email).first())!;
      const stored = (await db.recoveryCodes.get(account.id))!;
      expect(stored.codes.map((c) => c.digest)).toEqual(await Promise.all(recoveryCodes.map((c) => sha256Hex(c.replace('-', '')))));
      expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.slice(0, 5));
    } finally {
      db.close();
    }
    const status = (await pageData<ConnectAccountPageData>(erik, `${CONNECT}/account`, 'connect/account')).twoFactor;
    expect(status).toEqual({ factors: [{ kind: 'totp', addedAt: world.now() }], recoveryCodesLeft: 10, requirement: { kind: 'none' } });
    expect((await auditLog(world)).filter((e) => e.type === 'two_factor.enrolled').map((e) => e.detail)).toEqual([
      'Erik Johansson set up an authenticator app in account settings; 10 recovery codes issued',
    ]);
  });

  it('refuses a wrong code at the field and a code that is not 6 digits, and sets nothing up', async ({ world }) => {
    const erik = await signedInErik(world);
    const page = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    const wrongCode = totpCode(secretOf(page), world.now() + 5 * MINUTE);
    await expectProblem(
      await erik.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: wrongCode } }),
      422,
      'code_invalid',
      'code',
    );
    await expectProblem(
      await erik.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: '12345' } }),
      422,
      'code_malformed',
      'code',
    );
    const status = (await pageData<ConnectAccountPageData>(erik, `${CONNECT}/account`, 'connect/account')).twoFactor;
    expect(status.factors).toEqual([]);
  });

  it('a QR code left 30 minutes is gone: the code is refused as expired, and the page shows a new secret', async ({ world }) => {
    const erik = await signedInErik(world);
    const page = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    await world.advance(30 * MINUTE);
    const late = await erik.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: totpCode(secretOf(page), world.now()) } });
    await expectProblem(late, 410, 'enrolment_expired', 'code');
    const fresh = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    expect(secretOf(fresh)).not.toBe(secretOf(page));
  });

  it('setting up a new app replaces the old one: the old app’s codes stop working', async ({ world }) => {
    const { browser: erik, secret: first } = await erikWithApp(world);
    await world.advance(MINUTE);
    const page = await pageData<TwoFactorSetupPageData>(erik, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
    expect(page.replaces).toBe(true);
    const second = secretOf(page);
    expect((await erik.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: totpCode(second, world.now()) } })).status).toBe(
      200,
    );
    await world.advance(MINUTE);
    const again = world.browser('erik-again');
    await login(again, ERIK.email, ERIK.password);
    await expectProblem(
      await again.api(`${CONNECT}/api/session/two-factor`, { body: { method: 'totp', code: totpCode(first, world.now()) } }),
      422,
      'code_invalid',
      'code',
    );
    expect(
      (await again.api(`${CONNECT}/api/session/two-factor`, { body: { method: 'totp', code: totpCode(second, world.now()) } })).status,
    ).toBe(200);
  });
});

describe('POST /api/me/two-factor/totp/remove', () => {
  it('removes the app with the right password, with its recovery codes; the next sign-in is the password alone', async ({ world }) => {
    const { browser: erik } = await erikWithApp(world);
    await expectProblem(
      await erik.api(`${CONNECT}/api/me/two-factor/totp/remove`, { body: { password: 'not-his-password' } }),
      422,
      'invalid_credentials',
      'password',
    );
    const removed = await erik.api(`${CONNECT}/api/me/two-factor/totp/remove`, { body: { password: ERIK.password } });
    expect(removed.status).toBe(200);
    expect(await body<TwoFactorStatus>(removed)).toEqual({ factors: [], recoveryCodesLeft: null, requirement: { kind: 'none' } });
    expect(await body(await login(world.browser('later'), ERIK.email, ERIK.password))).toEqual({ redirectTo: '/account' });
    expect((await auditLog(world)).filter((e) => e.type === 'two_factor.removed').map((e) => e.detail)).toEqual([
      'Erik Johansson removed the authenticator app in account settings',
    ]);
  });
});
