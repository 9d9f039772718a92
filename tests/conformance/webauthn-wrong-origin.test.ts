// Conformance: WebAuthn L3 §7.2 step 13 — an assertion whose clientDataJSON names another origin than the relying
// party's is refused, even from a subdomain allowed to use the same RP ID.
import { describe, expect } from 'vitest';
import { TEST_PAGE_ORIGIN } from '../support/harness';
import { it } from '../support/world-test';
import { body, expectProblem } from '../mocks/connect/support';
import { registerPasskey, sandbox, signedInErik, signInWithPasskey } from '../mocks/connect/passkeys-support';

describe('WebAuthn L3 §7.2 step 13: the origin', () => {
  it('passkey sign-in rejects an assertion made on another origin, naming both', async ({ world }) => {
    const { store, authenticator } = sandbox();
    expect((await registerPasskey(await signedInErik(world), authenticator)).status).toBe(201);
    // login.rehearsal.example may assert for the RP ID rehearsal.example (§5.1.4.1 step 7); Connect's page is not there.
    const subdomain = sandbox({ store, origin: 'https://login.rehearsal.example' }).authenticator;
    const problem = await expectProblem(await signInWithPasskey(world.browser(), subdomain), 400, 'passkey_invalid');
    expect(problem.message).toBe(
      `Connect could not verify the passkey: Unexpected authentication response origin "https://login.rehearsal.example", expected "${TEST_PAGE_ORIGIN}"`,
    );
    expect(await body(await world.browser().api('https://connect.test/api/me'))).toMatchObject({ code: 'unauthenticated' });
  });
});
