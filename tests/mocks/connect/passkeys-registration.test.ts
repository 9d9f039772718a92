// Tests registering and removing passkeys at Connect (WebAuthn L3 §7.1), with the sandbox authenticator as the client:
// the options, the verified registration and its audit, excludeCredentials and a credential registered twice, the
// challenge's five minutes and single use, and removal.
import { describe, expect } from 'vitest';
import {
  PASSKEY_ALREADY_REGISTERED,
  PASSKEY_API,
  passkeyPath,
  SANDBOX_AUTHENTICATOR_AAGUID,
  type PasskeyListResponse,
  type PasskeyView,
} from '../../../src/contracts/connect-passkeys';
import { fromBase64Url, toBase64Url } from '../../../src/domain/base64url';
import { MINUTE } from '../../../src/domain/clock';
import { it } from '../../support/world-test';
import { answered, ERIK, registerPasskey, registrationOptions, sandbox, signedInErik, signInWithPasskey } from './passkeys-support';
import { auditLog, body, CONNECT, expectProblem } from './support';

describe('POST /api/passkeys/registration/options', () => {
  it('asks for a discoverable, user-verified ES256 or RS256 credential for the page’s real host, with a fresh 32-byte challenge and no attestation', async ({
    world,
  }) => {
    const erik = await signedInErik(world);
    const { ceremonyId, publicKey } = await registrationOptions(erik);
    expect(ceremonyId).toMatch(/^[0-9a-f]{32}$/);
    expect(publicKey).toMatchObject({
      // vitest.config.ts gives the workspace https://rehearsal.example as the page's origin.
      rp: { id: 'rehearsal.example', name: 'Connect' },
      user: { name: ERIK.email, displayName: ERIK.name },
      timeout: 5 * MINUTE,
      attestation: 'none',
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
    });
    expect(fromBase64Url(publicKey.challenge)).toHaveLength(32);
    // The user handle is the account id, no personal data (WebAuthn L3 §14.6.1).
    expect(new TextDecoder().decode(fromBase64Url(publicKey.user.id))).toMatch(/^acc_/);
    const again = await registrationOptions(erik);
    expect(again.publicKey.challenge).not.toBe(publicKey.challenge);
  });

  it('needs a signed-in account', async ({ world }) => {
    await expectProblem(
      await world.browser().api(`${CONNECT}${PASSKEY_API.registrationOptions}`, { method: 'POST' }),
      401,
      'unauthenticated',
    );
  });
});

describe('POST /api/passkeys/registration', () => {
  it('verifies the sandbox authenticator’s answer, stores the passkey named after its AAGUID, lists it and audits it', async ({
    world,
  }) => {
    const erik = await signedInErik(world);
    const response = await registerPasskey(erik, sandbox().authenticator);
    expect(response.status).toBe(201);
    const passkey = await body<PasskeyView>(response);
    expect(passkey).toMatchObject({
      name: 'Sandbox authenticator',
      aaguid: SANDBOX_AUTHENTICATOR_AAGUID,
      synced: false,
      createdAt: world.now(),
      lastUsedAt: null,
    });

    const list = await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`));
    expect(list.passkeys).toEqual([passkey]);
    const entry = (await auditLog(world)).at(-1)!;
    expect(entry).toMatchObject({
      type: 'passkey.registered',
      email: ERIK.email,
      detail: 'Erik Johansson registered a passkey (Sandbox authenticator)',
    });
  });

  it('excludes the account’s passkeys: the authenticator that holds one says so instead of making another', async ({ world }) => {
    const erik = await signedInErik(world);
    const { authenticator } = sandbox();
    const first = await body<PasskeyView>(await registerPasskey(erik, authenticator));

    const options = await registrationOptions(erik);
    expect(options.publicKey.excludeCredentials).toEqual([{ id: first.id, type: 'public-key', transports: ['internal'] }]);
    expect(await authenticator.create(options.publicKey)).toMatchObject({ ok: false, code: 'already_registered' });
    // Another authenticator registers a second passkey.
    expect((await registerPasskey(erik, sandbox().authenticator)).status).toBe(201);
    expect((await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`))).passkeys).toHaveLength(2);
  });

  it('refuses a credential registered already, from an authenticator that ignores excludeCredentials, with the same clear message', async ({
    world,
  }) => {
    const erik = await signedInErik(world);
    const options = await registrationOptions(erik);
    const first = answered(await sandbox().authenticator.create(options.publicKey));
    expect(
      (await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response: first } })).status,
    ).toBe(201);

    // The same attestation object (the same credential ID and key) answering a new challenge: fmt "none" signs nothing
    // but the client data, which a client can write.
    const next = await registrationOptions(erik);
    const clientData = JSON.parse(new TextDecoder().decode(fromBase64Url(first.response.clientDataJSON))) as Record<string, unknown>;
    const replayed = {
      ...first,
      response: {
        ...first.response,
        clientDataJSON: toBase64Url(new TextEncoder().encode(JSON.stringify({ ...clientData, challenge: next.publicKey.challenge }))),
      },
    };
    const refused = await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: next.ceremonyId, response: replayed } });
    const problem = await expectProblem(refused, 409, 'passkey_already_registered');
    expect(problem.message).toBe(PASSKEY_ALREADY_REGISTERED);
    expect((await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`))).passkeys).toHaveLength(1);
  });

  it('accepts the answer at 4:59.999 of world time and refuses it at 5:00 as ceremony_expired', async ({ world }) => {
    const erik = await signedInErik(world);
    const early = await registrationOptions(erik);
    const late = await registrationOptions(erik);
    const { authenticator } = sandbox();
    const earlyAnswer = answered(await authenticator.create(early.publicKey));
    const lateAnswer = answered(await sandbox().authenticator.create(late.publicKey));

    await world.advance(5 * MINUTE - 1);
    expect(
      (await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: early.ceremonyId, response: earlyAnswer } })).status,
    ).toBe(201);
    await world.advance(1);
    await expectProblem(
      await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: late.ceremonyId, response: lateAnswer } }),
      410,
      'ceremony_expired',
    );
    expect((await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`))).passkeys).toHaveLength(1);
  });

  it('spends a challenge on its first answer: the same answer again is ceremony_used, and so is a good answer after a refused one', async ({
    world,
  }) => {
    const erik = await signedInErik(world);
    const options = await registrationOptions(erik);
    const answer = answered(await sandbox().authenticator.create(options.publicKey));
    const send = (response: unknown) =>
      erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response } });
    expect((await send(answer)).status).toBe(201);
    await expectProblem(await send(answer), 410, 'ceremony_used');

    const second = await registrationOptions(erik);
    const good = answered(await sandbox().authenticator.create(second.publicKey));
    const tampered = { ...good, response: { ...good.response, clientDataJSON: answer.response.clientDataJSON } };
    const sendSecond = (response: unknown) =>
      erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: second.ceremonyId, response } });
    await expectProblem(await sendSecond(tampered), 400, 'passkey_invalid');
    await expectProblem(await sendSecond(good), 410, 'ceremony_used');
  });

  it('answers a ceremony only from the browser that started it (ceremony_unknown elsewhere)', async ({ world }) => {
    const erik = await signedInErik(world);
    const options = await registrationOptions(erik);
    const answer = answered(await sandbox().authenticator.create(options.publicKey));
    const otherBrowser = await signedInErik(world, 'erik-laptop');
    await expectProblem(
      await otherBrowser.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response: answer } }),
      400,
      'ceremony_unknown',
    );
    await expectProblem(
      await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: 'f'.repeat(32), response: answer } }),
      400,
      'ceremony_unknown',
    );
    expect(
      (await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response: answer } })).status,
    ).toBe(201);
  });

  it('refuses an authenticator that did not verify the user (user verification is required)', async ({ world }) => {
    const erik = await signedInErik(world);
    await expectProblem(await registerPasskey(erik, sandbox({ verifiesUser: false }).authenticator), 401, 'passkey_user_not_verified');
  });

  it('refuses a body that is not a registration response, naming the field', async ({ world }) => {
    const erik = await signedInErik(world);
    const options = await registrationOptions(erik);
    const problem = await expectProblem(
      await erik.api(`${CONNECT}${PASSKEY_API.registration}`, {
        body: { ceremonyId: options.ceremonyId, response: { id: 'abc', rawId: 'abc', type: 'public-key', response: {} } },
      }),
      400,
      'invalid_request',
      'response.response.clientDataJSON',
    );
    expect(problem.message).toMatch(/clientDataJSON/);
  });
});

describe('DELETE /api/passkeys/:id', () => {
  it('removes the passkey, audited; it no longer signs in; another account’s passkey is not found', async ({ world }) => {
    const erik = await signedInErik(world);
    const { authenticator } = sandbox();
    const passkey = await body<PasskeyView>(await registerPasskey(erik, authenticator));

    const karinsBrowser = world.browser('karin');
    await expectProblem(await karinsBrowser.api(`${CONNECT}${passkeyPath(passkey.id)}`, { method: 'DELETE' }), 401, 'unauthenticated');

    expect((await erik.api(`${CONNECT}${passkeyPath(passkey.id)}`, { method: 'DELETE' })).status).toBe(204);
    expect((await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`))).passkeys).toEqual([]);
    expect((await auditLog(world)).at(-1)).toMatchObject({
      type: 'passkey.removed',
      detail: 'Erik Johansson removed a passkey (Sandbox authenticator)',
    });
    await expectProblem(await erik.api(`${CONNECT}${passkeyPath(passkey.id)}`, { method: 'DELETE' }), 404, 'not_found');

    // The authenticator still holds the key; Connect no longer accepts it.
    await expectProblem(await signInWithPasskey(world.browser('erik-later'), authenticator), 401, 'passkey_unknown');
  });
});
