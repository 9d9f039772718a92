// Owns what makes okta.test Okta: "00u…" user ids, the user's `groups` in the ID token, `preferred_username`, and
// Okta's error words.
import type { IdpBrand } from '../../shared/external-idp/brand';

export const OKTA: IdpBrand = {
  idp: 'okta',
  newUserId: (random) => `00u${random.hex(9).slice(0, 17)}`,
  newId: (random) => `0oa${random.hex(9).slice(0, 17)}`,
  amr: (mfa) => (mfa ? ['pwd', 'otp', 'mfa'] : ['pwd']),
  userClaims: (user, _tenant, scope) => ({
    ...(scope.includes('profile') ? { name: user.name, preferred_username: user.username } : {}),
    ...(scope.includes('email') && user.email !== null ? { email: user.email, email_verified: true } : {}),
    // An Okta groups claim lists the user's group names.
    ...(user.groups.length > 0 ? { groups: [...user.groups] } : {}),
  }),
  words: {
    unknownClientPage: (clientId) => ({
      code: 'invalid_client',
      message: `Invalid value for 'client_id' parameter: no app integration has the client ID ${clientId}.`,
    }),
    redirectUriMismatchPage: (redirectUri, application) => ({
      code: 'invalid_request',
      message: `The 'redirect_uri' parameter must be a Sign-in redirect URI in the client app settings: ${redirectUri} is not one of ${application}.`,
    }),
    secretWrong: () => 'The client secret supplied for a confidential client is invalid.',
    secretExpired: (_clientId, hint) =>
      `The client secret supplied for a confidential client has expired (${hint}…). Generate a new client secret.`,
    certificateExpired: (_clientId, thumbprint) =>
      `The client_assertion signature key ${thumbprint} has expired. Add a new public key to the app.`,
    certificateUnknown: () => 'The client_assertion signature is invalid: no public key of the app signed it.',
    assertionInvalid: (_clientId, why) => `The client_assertion token is invalid: ${why}`,
    assertionReplayed: () => 'The client_assertion token has already been used: its jti was seen before.',
    usernameUnknown: 'Unable to sign in: there is no user with this username.',
    userDisabled: 'Unable to sign in: your account is suspended. Contact your administrator.',
    passwordWrong: 'Unable to sign in: the password is incorrect.',
  },
};
