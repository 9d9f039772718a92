// Conformance: RFC 9700 §2.1.1 — a public client must use PKCE: an authorization request from one without a
// code_challenge goes back as invalid_request, before any login page.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { authorizationUrl, callbackOf, EXPENSE, visit } from '../mocks/connect/oidc-support';

describe('RFC 9700 §2.1.1 PKCE for public clients', () => {
  it('authorization endpoint refuses a public client’s request without a code_challenge', async ({ world }) => {
    const trip = await visit(world, world.browser(), authorizationUrl(EXPENSE, { state: 'st-1' }), EXPENSE.redirect_uri);
    expect(trip.hops).toHaveLength(1);
    expect(Object.fromEntries(callbackOf(trip))).toEqual({
      error: 'invalid_request',
      error_description: 'The client "expense" is a public client: send a PKCE code_challenge with code_challenge_method=S256.',
      state: 'st-1',
      iss: 'https://connect.test',
    });
  });
});
