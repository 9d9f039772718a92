// Owns what each JWT header parameter and claim means, with the spec that defines it: RFC 7515 §4.1 (JOSE header),
// RFC 7519 §4.1 (registered claims), OpenID Connect Core 1.0 §2 (ID token) and §5.1 (standard claims), RFC 9068 §2.2
// (JWT access tokens), OpenID Connect Front-Channel Logout §3 (sid).

export interface Described {
  description: string;
  spec: string;
}

export const HEADER_PARAMETERS: Record<string, Described> = {
  alg: {
    description: 'The algorithm that signed the token. Connect signs with RS256 (RSA) or ES256 (P-256 elliptic curve).',
    spec: 'RFC 7515 §4.1.1',
  },
  kid: {
    description: 'Key ID: which key of the issuer’s JWKS verifies the signature (Connect uses the key’s RFC 7638 thumbprint).',
    spec: 'RFC 7515 §4.1.4',
  },
  typ: {
    description: 'The token’s type: "JWT" for an ID token, "at+jwt" for a JWT access token, so one cannot be passed off as the other.',
    spec: 'RFC 7515 §4.1.9, RFC 9068 §2.1',
  },
  cty: { description: 'Content type of the payload, for nested tokens.', spec: 'RFC 7515 §4.1.10' },
  jku: { description: 'A URL of the JWK Set holding the key. Verifiers must not trust it blindly.', spec: 'RFC 7515 §4.1.2' },
  jwk: { description: 'The public key itself, embedded. Verifiers must not trust it blindly.', spec: 'RFC 7515 §4.1.3' },
  x5u: { description: 'A URL of the X.509 certificate chain of the key.', spec: 'RFC 7515 §4.1.5' },
  x5c: { description: 'The X.509 certificate chain of the key.', spec: 'RFC 7515 §4.1.6' },
  x5t: { description: 'SHA-1 thumbprint of the X.509 certificate.', spec: 'RFC 7515 §4.1.7' },
  'x5t#S256': { description: 'SHA-256 thumbprint of the X.509 certificate.', spec: 'RFC 7515 §4.1.8' },
  crit: { description: 'Header parameters the verifier must understand, or reject the token.', spec: 'RFC 7515 §4.1.11' },
};

export const CLAIMS: Record<string, Described> = {
  iss: {
    description: 'Issuer: who made the token. For Connect, https://connect.test; a client checks it matches the provider it asked.',
    spec: 'RFC 7519 §4.1.1, OIDC Core §2',
  },
  sub: {
    description: 'Subject: the user, as a stable identifier at the issuer (Connect’s account id). Not an email: emails change.',
    spec: 'RFC 7519 §4.1.2, OIDC Core §2',
  },
  aud: {
    description:
      'Audience: who the token is for. An ID token’s is the client_id; an access token’s is the resource (Connect’s userinfo endpoint).',
    spec: 'RFC 7519 §4.1.3, OIDC Core §2, RFC 9068 §3',
  },
  exp: { description: 'Expiry: the token must not be accepted at or after this time.', spec: 'RFC 7519 §4.1.4' },
  nbf: { description: 'Not before: the token must not be accepted before this time.', spec: 'RFC 7519 §4.1.5' },
  iat: { description: 'Issued at: when the token was made.', spec: 'RFC 7519 §4.1.6' },
  jti: { description: 'JWT ID: unique per token, so a resource server can refuse a replay.', spec: 'RFC 7519 §4.1.7, RFC 9068 §2.2' },
  auth_time: {
    description:
      'When the user actually signed in (entered a password). Single sign-on reuses it; max_age and prompt=login compare with it.',
    spec: 'OIDC Core §2',
  },
  nonce: {
    description:
      'The value the client sent in its authorization request, returned unchanged: the client checks it to bind the ID token to its own request (replay protection).',
    spec: 'OIDC Core §2, §3.1.2.1',
  },
  acr: {
    description: 'Authentication context class: how strong the sign-in was, by a scheme the parties agreed on.',
    spec: 'OIDC Core §2',
  },
  amr: {
    description:
      'Authentication methods used: "pwd" for a password, "otp" for a one-time code, "hwk" for a hardware key, "mfa" for more than one factor (RFC 8176). An identity provider’s "mfa" means Connect does not ask for its own second step.',
    spec: 'OIDC Core §2, RFC 8176',
  },
  azp: { description: 'Authorized party: the client the token was issued to, when it differs from the audience.', spec: 'OIDC Core §2' },
  at_hash: { description: 'Hash of the access token issued with this ID token.', spec: 'OIDC Core §3.1.3.6' },
  c_hash: { description: 'Hash of the authorization code issued with this ID token.', spec: 'OIDC Core §3.3.2.11' },
  sid: {
    description: 'Session ID at the issuer: the Connect session this sign-in belongs to, for logout.',
    spec: 'OIDC Front-Channel Logout §3',
  },
  client_id: { description: 'The client the access token was issued to.', spec: 'RFC 9068 §2.2, RFC 8693 §4.3' },
  scope: {
    description: 'The scopes granted, separated by spaces: what the access token may be used for.',
    spec: 'RFC 9068 §2.2.3, RFC 6749 §3.3',
  },
  email: { description: 'The user’s email address.', spec: 'OIDC Core §5.1' },
  email_verified: { description: 'Whether the issuer has verified that the user controls this email.', spec: 'OIDC Core §5.1' },
  name: { description: 'The user’s full name, for display.', spec: 'OIDC Core §5.1' },
  given_name: { description: 'Given (first) name.', spec: 'OIDC Core §5.1' },
  family_name: { description: 'Surname.', spec: 'OIDC Core §5.1' },
  preferred_username: { description: 'The name the user prefers to be called by; not unique, not stable.', spec: 'OIDC Core §5.1' },
  updated_at: { description: 'When the user’s profile was last updated.', spec: 'OIDC Core §5.1' },
  tid: {
    description: 'Entra ID: the directory (tenant) the user signed in at. Its issuer has the same id in its path.',
    spec: 'Microsoft identity platform ID token claims',
  },
  oid: {
    description: 'Entra ID: the user’s object id in the directory, stable across applications.',
    spec: 'Microsoft identity platform ID token claims',
  },
  ver: { description: 'Entra ID: the token format version ("2.0").', spec: 'Microsoft identity platform ID token claims' },
  hd: {
    description: 'Google: the Workspace domain the account belongs to; absent for a personal account.',
    spec: 'Google OpenID Connect, ID token claims',
  },
  groups: {
    description: 'The groups the user belongs to at the identity provider, when the application asked for them.',
    spec: 'Okta ID token claims',
  },
};

/** Claims holding a time as seconds since 1970 (RFC 7519 §2 NumericDate). */
export const TIME_CLAIMS: readonly string[] = ['exp', 'nbf', 'iat', 'auth_time', 'updated_at'];
