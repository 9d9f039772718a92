// Conformance: RFC 7636 §4.3 and RFC 9700 §2.1.1 — Connect accepts S256 only: code_challenge_method=plain, or a
// challenge without a method (which means plain), goes back to the client as invalid_request.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { authorizationUrl, callbackOf, EXPENSE, HRM, visit } from '../mocks/connect/oidc-support';

describe('RFC 7636 §4.3 code_challenge_method', () => {
  it('authorization endpoint refuses code_challenge_method=plain, and a challenge without a method, for public and confidential clients', async ({
    world,
  }) => {
    // Shaped like an S256 challenge (43 base64url characters), so only the method is at fault.
    const challenge = 'plain-verifier-sent-as-is-0123456789abcdefg';
    const cases: Array<{ method: Record<string, string>; description: string }> = [
      { method: { code_challenge_method: 'plain' }, description: 'code_challenge_method "plain" is not accepted: use S256.' },
      {
        method: {},
        description: 'code_challenge_method is missing: without it the method is plain, which Connect does not accept. Send S256.',
      },
    ];
    for (const client of [EXPENSE, HRM]) {
      for (const { method, description } of cases) {
        const trip = await visit(
          world,
          world.browser(),
          authorizationUrl(client, { code_challenge: challenge, state: 'st-1', ...method }),
          client.redirect_uri,
        );
        const params = callbackOf(trip);
        expect(params.get('error'), `${client.client_id} ${JSON.stringify(method)}`).toBe('invalid_request');
        expect(params.get('error_description')).toBe(description);
        expect(params.get('state')).toBe('st-1');
        expect(params.has('code')).toBe(false);
      }
    }
  });
});
