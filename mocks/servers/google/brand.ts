// Owns what makes google.test Google: numeric subject ids, `hd` (the user's hosted domain) and `email_verified: true`,
// and Google's error words.
import type { IdpBrand } from '../../shared/external-idp/brand';

export const GOOGLE: IdpBrand = {
  idp: 'google',
  newUserId: (random) => `1${random.digits(20)}`,
  newId: (random) => random.hex(12),
  amr: (mfa) => (mfa ? ['pwd', 'otp', 'mfa'] : ['pwd']),
  userClaims: (user, tenant, scope) => {
    const domain = user.username.split('@')[1] ?? '';
    return {
      // `hd` names the Workspace domain of the user's account; consumer accounts have none.
      ...(tenant.domains.includes(domain) ? { hd: domain } : {}),
      ...(scope.includes('email') && user.email !== null ? { email: user.email, email_verified: true } : {}),
      ...(scope.includes('profile') ? { name: user.name } : {}),
    };
  },
  words: {
    unknownClientPage: (clientId) => ({
      code: 'Error 401: invalid_client',
      message: `The OAuth client was not found: no application has the client ID ${clientId}.`,
    }),
    redirectUriMismatchPage: (redirectUri, application) => ({
      code: 'Error 400: redirect_uri_mismatch',
      message: `You can't sign in to ${application} because the redirect URI ${redirectUri} is not one of the app's authorized redirect URIs. The app's developer must add it to the OAuth client.`,
    }),
    secretWrong: (clientId) => `Unauthorized: the client secret sent for ${clientId} is wrong.`,
    secretExpired: (clientId, hint) =>
      `Unauthorized: the client secret ${hint}… of ${clientId} has expired. Create a new secret for the OAuth client.`,
    certificateExpired: (clientId, thumbprint) =>
      `Unauthorized: the key ${thumbprint} that signed the client assertion of ${clientId} has expired.`,
    certificateUnknown: (clientId) =>
      `Unauthorized: the client assertion of ${clientId} is signed by a key the OAuth client does not have.`,
    assertionInvalid: (clientId, why) => `Unauthorized: the client assertion of ${clientId} is not valid: ${why}`,
    assertionReplayed: (clientId) => `Unauthorized: the client assertion of ${clientId} was already used (its jti is spent).`,
    usernameUnknown: "Couldn't find your Google Account.",
    userDisabled: 'Account disabled: your administrator has suspended this account.',
    passwordWrong: 'Wrong password. Try again or click Forgot password to reset it.',
  },
};
