// Owns what makes ping.test Ping Identity: GUID user ids, a plain `email` claim, and Ping's error words.
import { guid, type IdpBrand } from '../../shared/external-idp/brand';

export const PING: IdpBrand = {
  idp: 'ping',
  newUserId: guid,
  newId: guid,
  amr: (mfa) => (mfa ? ['pwd', 'otp', 'mfa'] : ['pwd']),
  userClaims: (user, _tenant, scope) => ({
    ...(scope.includes('email') && user.email !== null ? { email: user.email } : {}),
    ...(scope.includes('profile') ? { name: user.name } : {}),
  }),
  words: {
    unknownClientPage: (clientId) => ({ code: 'invalid_client', message: `Client ID ${clientId} is not registered.` }),
    redirectUriMismatchPage: (redirectUri, application) => ({
      code: 'invalid_request',
      message: `Redirect URI mismatch: ${redirectUri} is not a redirect URI of the application ${application}.`,
    }),
    secretWrong: (clientId) => `Invalid client or client credentials: the secret of ${clientId} is wrong.`,
    secretExpired: (clientId, hint) => `Invalid client or client credentials: the secret ${hint}… of ${clientId} has expired.`,
    certificateExpired: (clientId, thumbprint) =>
      `Invalid client or client credentials: the certificate ${thumbprint} of ${clientId} has expired.`,
    certificateUnknown: (clientId) => `Invalid client or client credentials: no certificate of ${clientId} signed the client assertion.`,
    assertionInvalid: (clientId, why) => `Invalid client assertion for ${clientId}: ${why}`,
    assertionReplayed: (clientId) => `Invalid client assertion for ${clientId}: the jti was already used.`,
    usernameUnknown: 'We didn’t recognize the username. Check it and try again.',
    userDisabled: 'Your account is disabled. Contact your administrator.',
    passwordWrong: 'We didn’t recognize the username or password you entered. Please try again.',
  },
};
