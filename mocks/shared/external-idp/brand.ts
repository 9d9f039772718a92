// Owns what tells the organisations' identity providers apart: how each makes its user ids, how it reports MFA in
// `amr`, the claims it puts in ID tokens and userinfo (Entra's UPN and missing email, Google's `hd`, Okta's groups)
// and the words of its errors. Each server folder gives its own; the kit runs them all the same way.
import type { IdpName } from '../../../src/contracts/idp';
import type { Random } from '../../../src/domain/random';
import type { IdpTenantRow, IdpUserRow } from './db';

/** The provider's error words for what a client and a user can get wrong; each brand has its own codes. */
export interface IdpWords {
  /** The error page's code and message for a client_id the directory has no application for. */
  unknownClientPage: (clientId: string) => { code: string; message: string };
  /** The error page for a redirect_uri not registered on the application (Entra's AADSTS50011). */
  redirectUriMismatchPage: (redirectUri: string, application: string, clientId: string) => { code: string; message: string };
  /** invalid_client descriptions at the token endpoint. */
  secretWrong: (clientId: string) => string;
  secretExpired: (clientId: string, hint: string) => string;
  certificateExpired: (clientId: string, thumbprint: string) => string;
  certificateUnknown: (clientId: string) => string;
  assertionInvalid: (clientId: string, why: string) => string;
  assertionReplayed: (clientId: string) => string;
  /** Login page messages. */
  usernameUnknown: string;
  userDisabled: string;
  passwordWrong: string;
}

export interface IdpBrand {
  idp: IdpName;
  /** A new user's stable id (`sub`) in the provider's format. */
  newUserId(random: Random): string;
  /** A new id for a secret or an application in the provider's format. */
  newId(random: Random): string;
  /** RFC 8176 values for a sign-in with a password, and with the authenticator too. */
  amr(mfa: boolean): string[];
  /**
   * The claims about the user beyond iss/sub/aud/exp/iat/nonce/auth_time/amr, for the granted scopes: the same in the
   * ID token and at userinfo.
   */
  userClaims(user: IdpUserRow, tenant: IdpTenantRow, scope: readonly string[]): Record<string, unknown>;
  words: IdpWords;
}

/** A GUID-shaped id from the seeded random (Entra's and Ping's object ids). */
export function guid(random: Random): string {
  const hex = random.hex(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
