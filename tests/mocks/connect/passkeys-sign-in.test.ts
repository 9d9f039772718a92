// Tests signing in to Connect with a passkey and no password (WebAuthn L3 §7.2), the sandbox authenticator as the
// client: the session and its amr (RFC 8176), the counter, the audit log, the refusals (a cloned authenticator's
// counter, no user verification, a removed passkey, a blocked account, a spent or expired challenge), the OpenID
// Connect flow continuing to the HRM, and the ceremony records the developer x-ray reads.
import { describe, expect } from 'vitest';
import type { ConnectAccount } from '../../../src/contracts/connect';
import {
  PASSKEY_API,
  SANDBOX_AUTHENTICATOR_AAGUID,
  type PasskeyCeremoniesResponse,
  type PasskeyListResponse,
  type PasskeyView,
} from '../../../src/contracts/connect-passkeys';
import type { HrmShellData } from '../../../src/contracts/hrm';
import { fromBase64Url } from '../../../src/domain/base64url';
import { MINUTE } from '../../../src/domain/clock';
import { createTestWorld, TEST_PAGE_ORIGIN, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { link, openPage, signIn, signInThroughConnect, WEB } from '../hrm/support';
import { answered, authenticationOptions, ERIK, registerPasskey, sandbox, signedInErik, signInWithPasskey } from './passkeys-support';
import { auditLog, body, CONNECT, connectDb, expectProblem } from './support';

/** Erik with one passkey in a sandbox authenticator; returns the authenticator's store and the passkey. */
async function erikWithPasskey(world: TestWorld) {
  const { authenticator, store } = sandbox();
  const passkey = await body<PasskeyView>(await registerPasskey(await signedInErik(world, 'erik-setup'), authenticator));
  return { authenticator, store, passkey };
}

describe('POST /api/passkeys/authentication/options', () => {
  it('asks for any discoverable passkey of the page’s host, with user verification required, without a session', async ({ world }) => {
    const { ceremonyId, publicKey } = await authenticationOptions(world.browser());
    expect(ceremonyId).toMatch(/^[0-9a-f]{32}$/);
    expect(publicKey).toMatchObject({ rpId: 'rehearsal.example', allowCredentials: [], userVerification: 'required', timeout: 5 * MINUTE });
    expect(fromBase64Url(publicKey.challenge)).toHaveLength(32);
  });
});

describe('POST /api/passkeys/authentication', () => {
  it('signs Erik in without a password: a session whose amr is swk, user and mfa, the counter moved on, the login audited', async ({
    world,
  }) => {
    const { authenticator, passkey } = await erikWithPasskey(world);
    const browser = world.browser('erik');
    const response = await signInWithPasskey(browser, authenticator);
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ redirectTo: '/account' });
    expect(await body<ConnectAccount>(await browser.api(`${CONNECT}/api/me`))).toMatchObject({ email: ERIK.email });

    const db = connectDb(world);
    try {
      const account = (await db.accounts.where('email').equals(ERIK.email).first())!;
      // RFC 8176 §2: a software-secured key, the user present and verified on the device.
      expect((await db.sessions.where('accountId').equals(account.id).last())!.amr).toEqual(['swk', 'user', 'mfa']);
      expect(account.lastLoginAt).toBe(world.now());
      expect(await db.passkeys.get(passkey.id)).toMatchObject({ counter: 1, lastUsedAt: world.now() });
    } finally {
      db.close();
    }
    expect((await auditLog(world)).at(-1)).toMatchObject({
      type: 'login',
      email: ERIK.email,
      detail: 'Erik Johansson logged in with a passkey (Sandbox authenticator; amr swk user mfa)',
    });

    // And again: the counter grows with every sign-in.
    expect((await signInWithPasskey(world.browser('erik-2'), authenticator)).status).toBe(200);
    const list = await body<PasskeyListResponse>(await browser.api(`${CONNECT}${PASSKEY_API.list}`));
    expect(list.passkeys[0]!.lastUsedAt).toBe(world.now());
  });

  it('refuses a cloned authenticator whose counter did not grow (WebAuthn L3 §7.2 step 22), and audits the failure', async ({ world }) => {
    const { authenticator, store } = await erikWithPasskey(world);
    const clone = sandbox({ store: store.snapshot() }).authenticator;
    expect((await signInWithPasskey(world.browser('erik'), authenticator)).status).toBe(200);
    expect((await signInWithPasskey(world.browser('erik'), authenticator)).status).toBe(200);
    // The clone's next counter is 1; Connect has seen 2.
    const refused = await signInWithPasskey(world.browser('thief'), clone);
    await expectProblem(refused, 401, 'passkey_counter_regressed');
    expect((await auditLog(world)).at(-1)).toMatchObject({
      type: 'login.failed',
      email: ERIK.email,
      detail: expect.stringContaining('passkey_counter_regressed'),
    });
    // The genuine authenticator goes on working.
    expect((await signInWithPasskey(world.browser('erik'), authenticator)).status).toBe(200);
  });

  it('refuses an answer without user verification: a passkey alone must prove two factors', async ({ world }) => {
    const { store } = await erikWithPasskey(world);
    const withoutVerification = sandbox({ store, verifiesUser: false }).authenticator;
    await expectProblem(await signInWithPasskey(world.browser(), withoutVerification), 401, 'passkey_user_not_verified');
  });

  it('refuses a passkey Connect does not have, and one of a blocked account, alike', async ({ world }) => {
    await expectProblem(await signInWithPasskey(world.browser(), await unregisteredAuthenticator()), 401, 'passkey_unknown');
    expect((await auditLog(world)).at(-1)).toMatchObject({
      type: 'login.failed',
      email: null,
      detail: expect.stringContaining('no passkey has the credential ID'),
    });

    const { authenticator } = await erikWithPasskey(world);
    const db = connectDb(world);
    await db.accounts.where('email').equals(ERIK.email).modify({ blockedAt: world.now() });
    db.close();
    await expectProblem(await signInWithPasskey(world.browser(), authenticator), 401, 'passkey_unknown');
    expect((await auditLog(world)).at(-1)).toMatchObject({
      type: 'login.failed',
      email: ERIK.email,
      detail: expect.stringContaining('is blocked'),
    });
  });

  it('spends the challenge on its first answer and refuses it after five minutes of world time', async ({ world }) => {
    const { authenticator } = await erikWithPasskey(world);
    const browser = world.browser('erik');
    const options = await authenticationOptions(browser);
    const answer = answered(await authenticator.get(options.publicKey));
    const send = () =>
      browser.api(`${CONNECT}${PASSKEY_API.authentication}`, { body: { ceremonyId: options.ceremonyId, response: answer } });
    expect((await send()).status).toBe(200);
    await expectProblem(await send(), 410, 'ceremony_used');

    const later = await authenticationOptions(browser);
    const lateAnswer = answered(await authenticator.get(later.publicKey));
    await world.advance(5 * MINUTE);
    await expectProblem(
      await browser.api(`${CONNECT}${PASSKEY_API.authentication}`, { body: { ceremonyId: later.ceremonyId, response: lateAnswer } }),
      410,
      'ceremony_expired',
    );
  });

  it('signs in while the email is locked after failed passwords: the lock stops password guessing only', async ({ world }) => {
    const { authenticator } = await erikWithPasskey(world);
    const guesser = world.browser('guesser');
    for (let i = 0; i < 10; i++) await guesser.api(`${CONNECT}/api/session`, { body: { email: ERIK.email, password: `wrong-${i}` } });
    await expectProblem(
      await guesser.api(`${CONNECT}/api/session`, { body: { email: ERIK.email, password: ERIK.password } }),
      429,
      'too_many_attempts',
    );
    expect((await signInWithPasskey(world.browser('erik'), authenticator)).status).toBe(200);
  });
});

describe('a passkey sign-in inside the OpenID Connect flow', () => {
  it('after activation, Anna signs in to the HRM with a passkey: the login page’s return_to leads on to the HRM, and the code carries the passkey’s amr', async ({
    world,
  }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await world.workspace.clock.jumpToNextEvent();
    await world.workspace.settled();
    // Signed in once with a password, she adds a passkey in Connect's account settings.
    const { authenticator } = sandbox();
    expect((await registerPasskey(await signInThroughConnect(world, 'anna', 'anna.svensson@company.com'), authenticator)).status).toBe(201);

    const browser = world.browser('anna-next-day');
    const loginPage = await openPage(browser, `${WEB}/payroll`);
    expect(loginPage.page.view).toBe('connect/login');
    const returnTo = new URL(loginPage.url).searchParams.get('return_to')!;
    expect(returnTo).toMatch(/^\/connect\/authorize\/resume\?request_id=/);
    const signedIn = await signInWithPasskey(browser, authenticator, returnTo);
    const { redirectTo } = await body<{ redirectTo: string }>(signedIn);
    expect(redirectTo).toBe(returnTo);

    const inHrm = await openPage<HrmShellData>(browser, new URL(redirectTo, CONNECT).toString());
    expect(inHrm.url).toBe(`${WEB}/payroll`);
    expect(inHrm.page.data).toMatchObject({ user: { name: 'Anna Svensson' } });
    const db = connectDb(world);
    try {
      const account = (await db.accounts.where('email').equals('anna.svensson@company.com').first())!;
      const grants = await db.grants.where('accountId').equals(account.id).toArray();
      // The password sign-in's grant, and the passkey's (the paused world clock gives both one time: no order).
      expect(grants.map((g) => [g.clientId, g.amr])).toHaveLength(2);
      expect(grants.map((g) => [g.clientId, g.amr])).toEqual(
        expect.arrayContaining([
          ['hrm', ['pwd']],
          ['hrm', ['swk', 'user', 'mfa']],
        ]),
      );
    } finally {
      db.close();
    }
  });
});

describe('GET /api/passkeys/ceremonies', () => {
  it('lists this browser’s ceremonies newest first: the options sent, the response decoded, and Connect’s verdict', async ({ world }) => {
    const { authenticator } = sandbox();
    const erik = await signedInErik(world);
    const passkey = await body<PasskeyView>(await registerPasskey(erik, authenticator));
    await world.advance(MINUTE);
    expect((await signInWithPasskey(erik, authenticator)).status).toBe(200);

    const { ceremonies } = await body<PasskeyCeremoniesResponse>(await erik.api(`${CONNECT}${PASSKEY_API.ceremonies}`));
    expect(ceremonies.map((c) => [c.kind, c.purpose])).toEqual([
      ['authentication', 'passwordless'],
      ['registration', 'register'],
    ]);
    const [signInCeremony, registration] = ceremonies as [
      PasskeyCeremoniesResponse['ceremonies'][0],
      PasskeyCeremoniesResponse['ceremonies'][0],
    ];
    expect(registration.options).toMatchObject({ rp: { id: 'rehearsal.example' } });
    expect(registration.decoded).toMatchObject({
      credentialId: passkey.id,
      clientData: { type: 'webauthn.create', origin: TEST_PAGE_ORIGIN, challenge: registration.options.challenge, crossOrigin: false },
      attestationFormat: 'none',
      authenticatorData: {
        rpIdMatches: true,
        flags: { up: true, uv: true, be: false, bs: false, at: true, ed: false, byte: 0x45 },
        signCount: 0,
        aaguid: SANDBOX_AUTHENTICATOR_AAGUID,
        credentialId: passkey.id,
        publicKeyAlgorithm: -7,
      },
      problem: null,
    });
    expect(registration.verification).toMatchObject({
      verified: true,
      code: null,
      expectedOrigin: TEST_PAGE_ORIGIN,
      expectedRpId: 'rehearsal.example',
      accountEmail: ERIK.email,
    });

    expect(signInCeremony.response).toMatchObject({ id: passkey.id, type: 'public-key' });
    expect(signInCeremony.decoded).toMatchObject({
      clientData: { type: 'webauthn.get', origin: TEST_PAGE_ORIGIN },
      attestationFormat: null,
      authenticatorData: { flags: { up: true, uv: true, at: false, byte: 0x05 }, signCount: 1, aaguid: null },
      userHandle: expect.any(String),
    });
    expect(signInCeremony.verification).toMatchObject({
      verified: true,
      counterBefore: 0,
      counterAfter: 1,
      amr: ['swk', 'user', 'mfa'],
      accountEmail: ERIK.email,
    });

    // Another browser started none of them.
    expect(await body(await world.browser('other').api(`${CONNECT}${PASSKEY_API.ceremonies}`))).toEqual({ ceremonies: [] });
  });

  it('keeps a refused ceremony with the reason, and an expired one with the answer that came too late', async ({ world }) => {
    const { authenticator, store } = await erikWithPasskey(world);
    const clone = sandbox({ store: store.snapshot() }).authenticator;
    const browser = world.browser('erik');
    expect((await signInWithPasskey(browser, authenticator)).status).toBe(200);
    await signInWithPasskey(browser, clone);
    const late = await authenticationOptions(browser);
    const answer = answered(await authenticator.get(late.publicKey));
    await world.advance(5 * MINUTE);
    await browser.api(`${CONNECT}${PASSKEY_API.authentication}`, { body: { ceremonyId: late.ceremonyId, response: answer } });

    const { ceremonies } = await body<PasskeyCeremoniesResponse>(await browser.api(`${CONNECT}${PASSKEY_API.ceremonies}`));
    expect(ceremonies.map((c) => c.verification && [c.verification.verified, c.verification.code])).toEqual([
      [false, 'ceremony_expired'],
      [false, 'passkey_counter_regressed'],
      [true, null],
    ]);
    expect(ceremonies[0]!.response).toMatchObject({ id: answer.id });
    expect(ceremonies[1]!.verification).toMatchObject({ counterBefore: 1, detail: expect.stringContaining('counter') });
  });
});

/** An authenticator holding a passkey for the right RP ID that Connect never registered (another account's, elsewhere). */
async function unregisteredAuthenticator() {
  const elsewhere = await createTestWorld();
  try {
    const { authenticator } = sandbox();
    await registerPasskey(await signedInErik(elsewhere, 'erik-elsewhere'), authenticator);
    return authenticator;
  } finally {
    await elsewhere.close();
  }
}
