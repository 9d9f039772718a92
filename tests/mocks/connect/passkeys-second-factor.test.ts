// Tests the passkey check a second-factor step calls, on its own (mocks/servers/connect/passkeys/ceremonies.ts):
// options for a known account list that account's passkeys, and a response is verified for that account only, with user
// presence enough and the counter kept; and the two endpoints the second step serves it through.
import { afterEach, describe, expect } from 'vitest';
import { SeededRandom } from '../../../src/domain/random';
import { BackgroundWork } from '../../../mocks/shared/background';
import { ConnectDb, type AccountRow } from '../../../mocks/servers/connect/db';
import type { ConnectEnv } from '../../../mocks/servers/connect/env';
import {
  passwordlessOptions,
  registrationOptions,
  secondFactorOptions,
  verifyRegistration,
  verifySecondFactor,
} from '../../../mocks/servers/connect/passkeys/ceremonies';
import { checkPasskeySecondFactor, startPasskeySecondFactor } from '../../../mocks/servers/connect/passkeys/second-factor';
import { amrWithPasskeySecondFactor } from '../../../mocks/servers/connect/passkeys/rules';
import { PASSKEY_API, type PasskeyRequestOptions } from '../../../src/contracts/connect-passkeys';
import { SIM_COOKIE_HEADER, SIM_SET_COOKIE_HEADER } from '../../../src/contracts/wire';
import { TEST_PAGE_ORIGIN } from '../../support/harness';
import { it } from '../../support/world-test';
import { answered, ERIK, sandbox } from './passkeys-support';

let env: ConnectEnv;
const BROWSER = 'b'.repeat(32);

it.beforeEach(async ({ world }) => {
  // Connect's database and a context like the one the workspace gives the server, with a stream of its own.
  env = {
    db: new ConnectDb(world.workspace.id),
    ctx: {
      workspaceId: world.workspace.id,
      clock: world.workspace.clock,
      random: SeededRandom.fromSeed('second-factor-test'),
      network: world.workspace.network,
      languageOf: (address) => world.workspace.languageOf(address),
      timers: { set: () => undefined, clear: () => undefined },
      librarySkewSeconds: () => 0,
      pageOrigin: TEST_PAGE_ORIGIN,
    },
    background: new BackgroundWork('connect.test'),
  };
});
afterEach(() => env.db.close());

async function account(email: string): Promise<AccountRow> {
  return (await env.db.accounts.where('email').equals(email).first())!;
}

/** Registers a passkey for `owner` in a new sandbox authenticator, the way account settings do. */
async function withPasskey(owner: AccountRow) {
  const device = sandbox();
  const options = await registrationOptions(env, owner, BROWSER);
  const outcome = await verifyRegistration(env, owner, {
    browserId: BROWSER,
    ceremonyId: options.ceremonyId,
    response: answered(await device.authenticator.create(options.publicKey)),
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return { ...device, passkey: outcome.passkey };
}

describe('secondFactorOptions', () => {
  it('lists the account’s own passkeys in allowCredentials and prefers, not requires, user verification', async () => {
    const erik = await account(ERIK.email);
    const first = await withPasskey(erik);
    const second = await withPasskey(erik);
    const options = await secondFactorOptions(env, erik, BROWSER);
    expect(options?.publicKey).toMatchObject({ rpId: 'rehearsal.example', userVerification: 'preferred' });
    // Both were registered at the same world time: their order is not part of the answer.
    expect(options?.publicKey.allowCredentials).toHaveLength(2);
    expect(options?.publicKey.allowCredentials).toEqual(
      expect.arrayContaining([
        { id: first.passkey.id, type: 'public-key', transports: ['internal'] },
        { id: second.passkey.id, type: 'public-key', transports: ['internal'] },
      ]),
    );
  });

  it('is null for an account without passkeys: the step offers none', async () => {
    expect(await secondFactorOptions(env, await account(ERIK.email), BROWSER)).toBeNull();
  });
});

describe('verifySecondFactor', () => {
  it('accepts the account’s passkey with user presence alone, keeps the counter, and says which methods it proved', async () => {
    const erik = await account(ERIK.email);
    const { store, passkey } = await withPasskey(erik);
    // A security key without a PIN: present, not verified.
    const key = sandbox({ store, verifiesUser: false }).authenticator;
    const options = (await secondFactorOptions(env, erik, BROWSER))!;
    const outcome = await verifySecondFactor(env, erik, {
      browserId: BROWSER,
      ceremonyId: options.ceremonyId,
      response: answered(await key.get(options.publicKey)),
    });
    expect(outcome).toMatchObject({ ok: true, account: { id: erik.id }, passkey: { id: passkey.id, counter: 1 }, amr: ['swk', 'user'] });
    expect((await env.db.passkeys.get(passkey.id))!.counter).toBe(1);
    expect((await env.db.passkeyCeremonies.where('browserId').equals(BROWSER).last())!).toMatchObject({
      purpose: 'second_factor',
      accountId: erik.id,
    });
  });

  it('refuses another account’s passkey and a passwordless ceremony, and spends the challenge either way', async () => {
    const erik = await account(ERIK.email);
    await withPasskey(erik);
    const karin = await account('karin.berg@company.com');
    const karins = await withPasskey(karin);

    const options = (await secondFactorOptions(env, erik, BROWSER))!;
    // Karin's authenticator answers with her passkey when asked without an allow list (a client ignoring it).
    const answer = answered(await karins.authenticator.get({ ...options.publicKey, allowCredentials: [] }));
    expect(await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({
      ok: false,
      code: 'passkey_unknown',
    });
    expect(await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({
      ok: false,
      code: 'ceremony_used',
    });

    const passwordless = await passwordlessOptions(env, BROWSER);
    const erikAnswer = answered(await karins.authenticator.get(passwordless.publicKey));
    expect(
      await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: passwordless.ceremonyId, response: erikAnswer }),
    ).toMatchObject({ ok: false, code: 'ceremony_unknown' });
  });

  it('refuses a ceremony started for another account', async () => {
    const erik = await account(ERIK.email);
    const { authenticator } = await withPasskey(erik);
    const karin = await account('karin.berg@company.com');
    await withPasskey(karin);
    const options = (await secondFactorOptions(env, erik, BROWSER))!;
    const answer = answered(await authenticator.get(options.publicKey));
    expect(await verifySecondFactor(env, karin, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({
      ok: false,
      code: 'ceremony_unknown',
    });
  });
});

describe('the second step’s passkey endpoints (second-factor.ts)', () => {
  const BROWSER_COOKIE = `connect_browser=${BROWSER}`;
  const post = (path: string, body?: unknown, cookie = BROWSER_COOKIE) =>
    new Request(`https://connect.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIM_COOKIE_HEADER]: cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers options for the account’s passkeys, then accepts its answer with the sign-in’s methods: pwd, the passkey’s, mfa', async () => {
    const erik = await account(ERIK.email);
    const { store, passkey } = await withPasskey(erik);
    const started = await startPasskeySecondFactor(env, post(PASSKEY_API.secondFactorOptions), erik);
    expect(started.status).toBe(200);
    const options = (await started.json()) as PasskeyRequestOptions;
    expect(options.publicKey.allowCredentials).toEqual([{ id: passkey.id, type: 'public-key', transports: ['internal'] }]);

    // A security key without a PIN: present, not verified — still a second factor after the password.
    const key = sandbox({ store, verifiesUser: false }).authenticator;
    const answer = answered(await key.get(options.publicKey));
    const check = await checkPasskeySecondFactor(
      env,
      post(PASSKEY_API.secondFactor, { ceremonyId: options.ceremonyId, response: answer }),
      erik,
      ['pwd'],
    );
    expect(check).toMatchObject({ ok: true, passkey: { id: passkey.id, counter: 1 }, amr: ['pwd', 'swk', 'user', 'mfa'] });
  });

  it('sets the browser cookie the ceremony is bound to when the browser has none', async () => {
    const erik = await account(ERIK.email);
    await withPasskey(erik);
    const started = await startPasskeySecondFactor(env, post(PASSKEY_API.secondFactorOptions, undefined, ''), erik);
    expect(started.status).toBe(200);
    expect(JSON.parse(started.headers.get(SIM_SET_COOKIE_HEADER)!)).toEqual([
      expect.objectContaining({ name: 'connect_browser', value: expect.stringMatching(/^[0-9a-f]{32}$/) }),
    ]);
  });

  it('is 409 passkey_none for an account without passkeys', async () => {
    const started = await startPasskeySecondFactor(env, post(PASSKEY_API.secondFactorOptions), await account(ERIK.email));
    expect(started.status).toBe(409);
    expect(await started.json()).toMatchObject({
      code: 'passkey_none',
      message: 'This account has no passkey to confirm the sign-in with. Use another method.',
    });
  });

  it('refuses an answer from another browser with the problem to send, and leaves the counter alone', async () => {
    const erik = await account(ERIK.email);
    const { authenticator, passkey } = await withPasskey(erik);
    const options = (await (
      await startPasskeySecondFactor(env, post(PASSKEY_API.secondFactorOptions), erik)
    ).json()) as PasskeyRequestOptions;
    const answer = answered(await authenticator.get(options.publicKey));
    const elsewhere = `connect_browser=${'c'.repeat(32)}`;
    const check = await checkPasskeySecondFactor(
      env,
      post(PASSKEY_API.secondFactor, { ceremonyId: options.ceremonyId, response: answer }, elsewhere),
      erik,
      ['pwd'],
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.refusal.code).toBe('ceremony_unknown');
    expect(check.response.status).toBe(400);
    expect(await check.response.json()).toMatchObject({
      code: 'ceremony_unknown',
      message: 'This passkey request is not known here. Start again.',
    });
    expect((await env.db.passkeys.get(passkey.id))!.counter).toBe(0);
  });

  it('answers a malformed body with a 400 naming the field', async () => {
    const erik = await account(ERIK.email);
    await expect(
      checkPasskeySecondFactor(env, post(PASSKEY_API.secondFactor, { ceremonyId: 'x', response: { id: 'not base64url!' } }), erik, ['pwd']),
    ).rejects.toSatisfy((thrown: Response) => thrown.status === 400);
  });
});

describe('amrWithPasskeySecondFactor', () => {
  it('joins the first step’s methods and the passkey’s without repeats, and adds mfa once', () => {
    expect(amrWithPasskeySecondFactor(['pwd'], ['pop', 'user'])).toEqual(['pwd', 'pop', 'user', 'mfa']);
    expect(amrWithPasskeySecondFactor(['pwd'], ['swk', 'user', 'mfa'])).toEqual(['pwd', 'swk', 'user', 'mfa']);
  });
});
