// Tests the passkey check a second-factor step calls, on its own (mocks/servers/connect/passkeys/ceremonies.ts):
// options for a known account list that account's passkeys, and a response is verified for that account only, with user
// presence enough and the counter kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/domain/random';
import { ConnectDb, type AccountRow } from '../../../mocks/servers/connect/db';
import type { ConnectEnv } from '../../../mocks/servers/connect/env';
import {
  passwordlessOptions,
  registrationOptions,
  secondFactorOptions,
  verifyRegistration,
  verifySecondFactor,
} from '../../../mocks/servers/connect/passkeys/ceremonies';
import { createTestWorld, TEST_PAGE_ORIGIN, type TestWorld } from '../../support/harness';
import { answered, ERIK, sandbox } from './passkeys-support';

let world: TestWorld;
let env: ConnectEnv;
const BROWSER = 'b'.repeat(32);

beforeEach(async () => {
  world = await createTestWorld();
  // Connect's database and a context like the one the workspace gives the server, with a stream of its own.
  env = {
    db: new ConnectDb(world.workspace.id),
    ctx: {
      workspaceId: world.workspace.id,
      clock: world.workspace.clock,
      random: SeededRandom.fromSeed('second-factor-test'),
      network: world.workspace.network,
      timers: { set: () => undefined, clear: () => undefined },
      librarySkewSeconds: () => 0,
      pageOrigin: TEST_PAGE_ORIGIN,
    },
  };
});
afterEach(async () => {
  env.db.close();
  await world.close();
});

async function account(email: string): Promise<AccountRow> {
  return (await env.db.accounts.where('email').equals(email).first())!;
}

/** Registers a passkey for `owner` in a new sandbox authenticator, the way account settings do. */
async function withPasskey(owner: AccountRow) {
  const device = sandbox();
  const options = await registrationOptions(env, owner, BROWSER);
  const outcome = await verifyRegistration(env, owner, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answered(await device.authenticator.create(options.publicKey)) });
  if (!outcome.ok) throw new Error(outcome.message);
  return { ...device, passkey: outcome.passkey };
}

describe('secondFactorOptions', () => {
  it('lists the account’s own passkeys in allowCredentials and prefers, not requires, user verification', async () => {
    const erik = await account(ERIK.email);
    const first = await withPasskey(erik);
    const second = await withPasskey(erik);
    const options = await secondFactorOptions(env, erik, BROWSER);
    expect(options?.publicKey).toMatchObject({
      rpId: 'rehearsal.example',
      userVerification: 'preferred',
      allowCredentials: [
        { id: first.passkey.id, type: 'public-key', transports: ['internal'] },
        { id: second.passkey.id, type: 'public-key', transports: ['internal'] },
      ],
    });
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
    const outcome = await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answered(await key.get(options.publicKey)) });
    expect(outcome).toMatchObject({ ok: true, account: { id: erik.id }, passkey: { id: passkey.id, counter: 1 }, amr: ['swk', 'user'] });
    expect((await env.db.passkeys.get(passkey.id))!.counter).toBe(1);
    expect((await env.db.passkeyCeremonies.where('browserId').equals(BROWSER).last())!).toMatchObject({ purpose: 'second_factor', accountId: erik.id });
  });

  it('refuses another account’s passkey and a passwordless ceremony, and spends the challenge either way', async () => {
    const erik = await account(ERIK.email);
    await withPasskey(erik);
    const karin = await account('karin.berg@company.com');
    const karins = await withPasskey(karin);

    const options = (await secondFactorOptions(env, erik, BROWSER))!;
    // Karin's authenticator answers with her passkey when asked without an allow list (a client ignoring it).
    const answer = answered(await karins.authenticator.get({ ...options.publicKey, allowCredentials: [] }));
    expect(await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({ ok: false, code: 'passkey_unknown' });
    expect(await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({ ok: false, code: 'ceremony_used' });

    const passwordless = await passwordlessOptions(env, BROWSER);
    const erikAnswer = answered(await karins.authenticator.get(passwordless.publicKey));
    expect(await verifySecondFactor(env, erik, { browserId: BROWSER, ceremonyId: passwordless.ceremonyId, response: erikAnswer })).toMatchObject({ ok: false, code: 'ceremony_unknown' });
  });

  it('refuses a ceremony started for another account', async () => {
    const erik = await account(ERIK.email);
    const { authenticator } = await withPasskey(erik);
    const karin = await account('karin.berg@company.com');
    await withPasskey(karin);
    const options = (await secondFactorOptions(env, erik, BROWSER))!;
    const answer = answered(await authenticator.get(options.publicKey));
    expect(await verifySecondFactor(env, karin, { browserId: BROWSER, ceremonyId: options.ceremonyId, response: answer })).toMatchObject({ ok: false, code: 'ceremony_unknown' });
  });
});
