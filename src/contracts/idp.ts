// Owns the wire of the organisations' own identity providers (entra.test, google.test, okta.test, ping.test): each
// provider's name as its pages show it, its issuer and OpenID endpoints (their paths differ as the real ones do), the
// endpoint table of its sign-in, and the pages' data and error codes.
import { endpointTable, FORM_CONTENT_TYPE, shape } from './endpoint';
import { ORIGINS } from './origins';

export const IDP_NAMES = ['entra', 'google', 'okta', 'ping'] as const;
export type IdpName = (typeof IDP_NAMES)[number];

/** What each provider's pages and the persona's authenticator app call it. */
export const IDP_DISPLAY_NAMES: Readonly<Record<IdpName, string>> = {
  entra: 'Entra ID',
  google: 'Google',
  okta: 'Okta',
  ping: 'Ping Identity',
};

/**
 * The OpenID endpoints of each provider, under its origin; `:tenant` is the directory's id where the provider puts
 * it in its URLs (Entra's tenant id, Okta's authorization server), absent where the provider has one issuer.
 */
const OIDC_PATHS = {
  entra: {
    issuer: '/:tenant/v2.0',
    discovery: '/:tenant/v2.0/.well-known/openid-configuration',
    authorize: '/:tenant/oauth2/v2.0/authorize',
    token: '/:tenant/oauth2/v2.0/token',
    jwks: '/:tenant/discovery/v2.0/keys',
    userinfo: '/:tenant/oidc/userinfo',
  },
  okta: {
    issuer: '/oauth2/:tenant',
    discovery: '/oauth2/:tenant/.well-known/openid-configuration',
    authorize: '/oauth2/:tenant/v1/authorize',
    token: '/oauth2/:tenant/v1/token',
    jwks: '/oauth2/:tenant/v1/keys',
    userinfo: '/oauth2/:tenant/v1/userinfo',
  },
  google: {
    issuer: '',
    discovery: '/.well-known/openid-configuration',
    authorize: '/o/oauth2/v2/auth',
    token: '/token',
    jwks: '/oauth2/v3/certs',
    userinfo: '/v1/userinfo',
  },
  ping: {
    issuer: '',
    discovery: '/.well-known/openid-configuration',
    authorize: '/as/authorization.oauth2',
    token: '/as/token.oauth2',
    jwks: '/pf/JWKS',
    userinfo: '/idp/userinfo.openid',
  },
} as const satisfies Record<IdpName, Record<string, string>>;

export type IdpOidcEndpoint = Exclude<keyof (typeof OIDC_PATHS)['entra'], 'issuer'>;

/** The provider's paths with `:tenant` filled in. */
function filled(path: string, tenantId: string): string {
  return path.replace(':tenant', encodeURIComponent(tenantId));
}

/** The issuer (OIDC Core §2 `iss`): Entra https://entra.test/<tenant>/v2.0, Okta https://okta.test/oauth2/<tenant>. */
export function idpIssuer(idp: IdpName, tenantId: string): string {
  return `${ORIGINS[idp]}${filled(OIDC_PATHS[idp].issuer, tenantId)}`;
}

/** An OpenID endpoint's absolute URL for the directory `tenantId`. */
export function idpEndpointUrl(idp: IdpName, endpoint: IdpOidcEndpoint, tenantId: string): string {
  return `${ORIGINS[idp]}${filled(OIDC_PATHS[idp][endpoint], tenantId)}`;
}

/** An OpenID endpoint's path pattern as MSW matches it. */
export function idpEndpointPath(idp: IdpName, endpoint: IdpOidcEndpoint): string {
  return OIDC_PATHS[idp][endpoint];
}

/** Where a provider's discovery document is (OIDC Discovery §4): the issuer + /.well-known/openid-configuration. */
export function idpDiscoveryUrl(idp: IdpName, tenantId: string): string {
  return idpEndpointUrl(idp, 'discovery', tenantId);
}

/** The sign-in pages every provider has at the same paths. */
export const IDP_PATHS = {
  signIn: '/signin',
  resume: '/signin/resume',
} as const;

export const IDP_VIEWS = {
  /** One view for every step of the sign-in: username, password, authenticator code. */
  signIn: 'idp/sign-in',
  /** The provider's own error page (an unknown application, a redirect URI it does not know). */
  error: 'idp/error',
} as const;

export type IdpSignInStep = 'username' | 'password' | 'code';

export interface IdpBrandView {
  idp: IdpName;
  displayName: string;
  /** The organisation's directory as the provider shows it ("Northwind Traders"). */
  tenantName: string;
}

export interface IdpSignInPageData {
  brand: IdpBrandView;
  /** The sign-in this page belongs to. */
  login: string;
  step: IdpSignInStep;
  /** The application the user signs in to, as registered at the provider. */
  application: string | null;
  /** The username already given (password and code steps), or a hint to fill in. */
  username: string | null;
}

export interface IdpErrorPageData {
  brand: IdpBrandView;
  /** The provider's own error code ("AADSTS50011", "invalid_client"). */
  code: string;
  message: string;
}

export interface IdpUsernameRequest {
  login: string;
  username: string;
}

export interface IdpPasswordRequest {
  login: string;
  password: string;
}

export interface IdpCodeRequest {
  login: string;
  code: string;
}

/** The next step of the sign-in, or where the browser goes once it is done. */
export interface IdpSignInResponse {
  step?: IdpSignInStep;
  redirectTo?: string;
}

export type IdpErrorCode =
  | 'invalid_request'
  | 'login_unknown'
  | 'login_expired'
  | 'username_required'
  | 'username_unknown'
  | 'user_disabled'
  | 'password_required'
  | 'password_wrong'
  | 'code_malformed'
  | 'code_wrong'
  | 'code_reused'
  | 'too_many_attempts';

const SIGN_IN_ERRORS = ['invalid_request', 'login_unknown', 'login_expired', 'too_many_attempts'] as const;

/** RFC 6749 §5.2 and RFC 6750 §3.1 error codes of the OpenID endpoints. */
export type IdpOAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_token' | 'not_found';

/** The endpoints of provider `idp`: its OpenID endpoints at its own paths, and its login page's steps. */
export function idpApi(idp: IdpName) {
  const paths = OIDC_PATHS[idp];
  return endpointTable(ORIGINS[idp], {
    discovery: {
      method: 'GET',
      path: paths.discovery,
      summary: 'The provider metadata under the issuer (OIDC Discovery §4).',
      errors: ['not_found'],
    },
    jwks: { method: 'GET', path: paths.jwks, summary: 'The public signing keys (RFC 7517 §5).', errors: ['not_found'] },
    authorize: {
      method: 'GET',
      path: paths.authorize,
      summary:
        'The authorization endpoint (code flow, PKCE S256 required): the login page, or a code for the browser’s session; the provider’s own error page for an unknown client or redirect URI.',
      errors: ['not_found'],
    },
    token: {
      method: 'POST',
      path: paths.token,
      summary: 'Exchanges a code (client_secret_basic, client_secret_post or private_key_jwt) for an ID token and an access token.',
      requestType: FORM_CONTENT_TYPE,
      errors: ['not_found', 'invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type'],
    },
    userinfo: {
      method: 'GET',
      path: paths.userinfo,
      summary: 'The claims of a Bearer access token’s user (OIDC Core §5.3).',
      errors: ['not_found', 'invalid_request', 'invalid_token'],
    },
    userinfoPost: {
      method: 'POST',
      path: paths.userinfo,
      summary: 'The same, with the token in the form body (RFC 6750 §2.2).',
      requestType: FORM_CONTENT_TYPE,
      errors: ['not_found', 'invalid_request', 'invalid_token'],
    },
    signInUsername: {
      method: 'POST',
      path: '/api/signin/username',
      summary: 'The username step: answers the next step, or refuses an unknown or disabled user at the field.',
      request: shape<IdpUsernameRequest>(),
      response: shape<IdpSignInResponse>(),
      errors: [...SIGN_IN_ERRORS, 'username_required', 'username_unknown', 'user_disabled'],
    },
    signInPassword: {
      method: 'POST',
      path: '/api/signin/password',
      summary: 'The password step: the authenticator code next when the user has MFA, else signed in (session cookie).',
      request: shape<IdpPasswordRequest>(),
      response: shape<IdpSignInResponse>(),
      errors: [...SIGN_IN_ERRORS, 'user_disabled', 'password_required', 'password_wrong'],
    },
    signInCode: {
      method: 'POST',
      path: '/api/signin/code',
      summary: 'The authenticator code step (RFC 6238): signed in with MFA (session cookie, amr mfa).',
      request: shape<IdpCodeRequest>(),
      response: shape<IdpSignInResponse>(),
      errors: [...SIGN_IN_ERRORS, 'user_disabled', 'code_malformed', 'code_wrong', 'code_reused'],
    },
  });
}

export const IDP_API = {
  entra: idpApi('entra'),
  google: idpApi('google'),
  okta: idpApi('okta'),
  ping: idpApi('ping'),
} as const;
