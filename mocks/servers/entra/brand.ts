// Owns what makes entra.test Entra ID: GUID object ids, "pwd"/"mfa" in amr, the UPN in preferred_username that need not
// be the mail address, an `email` claim only for users that have one, `tid` and `oid`, and AADSTS error words.
import { guid, type IdpBrand } from '../../shared/external-idp/brand';

export const ENTRA: IdpBrand = {
  idp: 'entra',
  newUserId: guid,
  newId: guid,
  amr: (mfa) => (mfa ? ['pwd', 'mfa'] : ['pwd']),
  userClaims: (user, tenant, scope) => ({
    ver: '2.0',
    tid: tenant.tenantId,
    oid: user.id,
    ...(scope.includes('profile') ? { name: user.name, preferred_username: user.username } : {}),
    // Entra sends `email` only when the user's mail attribute is set: a user without one gets no email claim.
    ...(scope.includes('email') && user.email !== null ? { email: user.email } : {}),
  }),
  words: {
    unknownClientPage: (clientId) => ({
      code: 'AADSTS700016',
      message: `Application with identifier '${clientId}' was not found in the directory. This can happen if the application has not been registered in the tenant. Check the client_id the application sends.`,
    }),
    redirectUriMismatchPage: (redirectUri, _application, clientId) => ({
      code: 'AADSTS50011',
      message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application's registration.`,
    }),
    secretWrong: (clientId) =>
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    secretExpired: (clientId, hint) =>
      `AADSTS7000222: The provided client secret keys for app '${clientId}' are expired (the secret ${hint}… has passed its expiry date). Create a new client secret for the app, or use a certificate credential.`,
    certificateExpired: (clientId, thumbprint) =>
      `AADSTS700027: The certificate with thumbprint '${thumbprint}' used to sign the client assertion has expired for app '${clientId}'. Upload a new certificate to the app registration.`,
    certificateUnknown: (clientId) =>
      `AADSTS700027: Client assertion failed signature validation: the key that signed it is not a certificate of app '${clientId}'. Upload the certificate to the app registration.`,
    assertionInvalid: (clientId, why) => `AADSTS700023: The client assertion of app '${clientId}' is not valid: ${why}`,
    assertionReplayed: (clientId) =>
      `AADSTS700025: The client assertion of app '${clientId}' was already used: send a new assertion with a new jti for every request.`,
    usernameUnknown: 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
    userDisabled: 'Your account has been locked. Contact your support person to unlock it, then try again.',
    passwordWrong: "Your account or password is incorrect. If you don't remember your password, reset it now.",
  },
};
