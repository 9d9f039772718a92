// Owns the Connect IdP's wire (connect.test): page views, API bodies and error codes.

export const CONNECT_PATHS = {
  root: '/',
  login: '/login',
  logout: '/logout',
  account: '/account',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  // OpenID Connect provider (discovery points at the rest).
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/connect/authorize',
  /** Where the login page sends the browser back to: a stored authorization request, continued. */
  authorizeResume: '/connect/authorize/resume',
  token: '/connect/token',
  userinfo: '/connect/userinfo',
  endSession: '/connect/endsession',
} as const;

export const CONNECT_VIEWS = {
  login: 'connect/login',
  account: 'connect/account',
  forgotPassword: 'connect/forgot-password',
  resetPassword: 'connect/reset-password',
  /** An OIDC request Connect cannot send back to the application (unknown client, unregistered redirect_uri). */
  error: 'connect/error',
  notFound: 'connect/not-found',
} as const;

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** Human sentences, shown above the new-password field. */
  rules: string[];
}

export interface ConnectLoginPageData {
  returnTo: string;
  email: string | null;
}

export interface ConnectAccount {
  id: string;
  email: string;
  name: string;
  hasPassword: boolean;
  passwordChangedAt: number | null;
  createdAt: number;
  /** Applications this account is linked to, e.g. "HRM". */
  apps: string[];
}

export interface ConnectAccountPageData {
  account: ConnectAccount;
}

export interface ConnectForgotPasswordPageData {
  email: string | null;
}

export type ResetTokenState = 'valid' | 'expired' | 'used' | 'invalid';

export interface ConnectResetPasswordPageData {
  token: string;
  state: ResetTokenState;
  email: string | null;
  policy: PasswordPolicy;
}

export interface ConnectErrorPageData {
  code: OidcErrorCode;
  message: string;
}

export interface IdentifyRequest { email: string }
export interface PasswordLoginRequest { email: string; password: string }
export interface ForgotPasswordRequest { email: string }
export interface ResetPasswordRequest { token: string; password: string; confirmPassword: string }

/** Server-to-server: an application links one of its users to the Connect account for an email (find or create). */
export interface LinkAccountRequest {
  email: string;
  name: string;
  /** The application's own id for the user, recorded on the link. */
  externalUserId: string;
}

export interface LinkAccountResponse {
  accountId: string;
  /** false when an account with that email already existed and was linked instead (seed 000). */
  created: boolean;
}

/** Server-to-server: what an application may know of the accounts its users are linked to (a page of the Users view). */
export interface AccountStatusRequest {
  accountIds: string[];
}

export interface AccountStatusResponse {
  /** Only accounts linked to the asking application; others are left out. */
  accounts: Record<string, { hasPassword: boolean }>;
}

export const ACCOUNT_STATUS_LIMIT = 500;

export type ConnectErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'not_found'
  | 'email_required'
  | 'email_malformed'
  | 'password_policy'
  | 'password_mismatch'
  | 'token_invalid'
  | 'token_expired'
  | 'token_used';

/**
 * OAuth 2.0 / OpenID Connect error codes Connect answers with: RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1,
 * OIDC Core §3.1.2.6. `invalid_redirect_uri` and `request_expired` name Connect's own error page, never a redirect.
 */
export type OidcErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'login_required'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  | 'invalid_redirect_uri'
  | 'request_expired';
