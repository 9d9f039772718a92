// Conformance: WebAuthn L3 §7.1 step 20 — a registration whose authenticator data is for another RP ID than the
// relying party's (its rpIdHash) is refused.
import { describe, expect } from 'vitest';
import { PASSKEY_API, type PasskeyListResponse } from '../../src/contracts/connect-passkeys';
import { it } from '../support/world-test';
import { body, CONNECT, expectProblem } from '../mocks/connect/support';
import { answered, registrationOptions, sandbox, signedInErik } from '../mocks/connect/passkeys-support';

describe('WebAuthn L3 §7.1 step 20: the RP ID hash', () => {
  it('passkey registration rejects a credential made for another RP ID', async ({ world }) => {
    const erik = await signedInErik(world);
    const options = await registrationOptions(erik);
    // The page's host is rehearsal.example; a client asking its authenticator for the parent "example" is let through.
    const answer = answered(await sandbox().authenticator.create({ ...options.publicKey, rp: { ...options.publicKey.rp, id: 'example' } }));
    const problem = await expectProblem(
      await erik.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response: answer } }),
      400,
      'passkey_invalid',
    );
    expect(problem.message).toMatch(/RP ID/i);
    expect((await body<PasskeyListResponse>(await erik.api(`${CONNECT}${PASSKEY_API.list}`))).passkeys).toEqual([]);
  });
});
