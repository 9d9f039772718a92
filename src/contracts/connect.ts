// Owns the Connect IdP's wire (connect.test): page views, API bodies and error codes.
import type { SessionEnded } from './wire';
import { TWO_FACTOR_PATHS, type TwoFactorStatus } from './connect-two-factor';
import type { PasskeyErrorCode, PasskeyView } from './connect-passkeys';
import type { SsoFailure, SsoOffer } from './connect-sso';
import type { IdentityProviderErrorCode } from './connect-sso';

export const CONNECT_PATHS = {
  root: '/',
  login: '/login',
  logout: '/logout',
  account: '/account',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  /** The first administrator's activation link (R28). */
  activate: '/activate',
  /** The admin portal; its tabs are CONNECT_ADMIN_TABS. */
  admin: '/admin',
  adminUsers: '/admin/users',
  adminAudit: '/admin/audit',
  adminAdministrators: '/admin/administrators',
  /** R23: "Go to the Domains tab". */
  adminDomains: '/admin/domains',
  /** The organisation's own identity providers (R22) and their "Test connection" runs. */
  adminIdentityProviders: '/admin/identity-providers',
} as const;

export const CONNECT_VIEWS = {
  login: 'connect/login',
  account: 'connect/account',
  forgotPassword: 'connect/forgot-password',
  resetPassword: 'connect/reset-password',
  /** An OIDC request Connect cannot send back to the application (unknown client, unregistered redirect_uri). */
  error: 'connect/error',
  notFound: 'connect/not-found',
  forbidden: 'connect/forbidden',
  activate: 'connect/activate',
  adminUsers: 'connect/admin/users',
  adminAudit: 'connect/admin/audit',
  adminAdministrators: 'connect/admin/administrators',
  adminDomains: 'connect/admin/domains',
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
  /** The browser's session ended by running out (its end passed on the world clock), or null. */
  sessionEnded?: SessionEnded | null;
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
  /** Whether the account administers its organisation: the page links to the admin portal. */
  isAdmin: boolean;
  /** R21: the second factors set up, the recovery codes left, and what the organisation asks. */
  twoFactor: TwoFactorStatus;
  /** The account's passkeys, oldest first. */
  passkeys: PasskeyView[];
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
  code: OidcErrorCode | SsoFailure | 'sso_unavailable';
  message: string;
  /** Where to start again (the login page, with the email and where it was going), when signing in again can help. */
  retryUrl?: string;
}

export interface IdentifyRequest {
  email: string;
}

/**
 * The answer to the identifier step (R20): the password step next, or a redirect to the organisation's SSO. The
 * contract leaves the body open, so every field is optional.
 */
export interface IdentifyResponse {
  next?: 'password' | 'sso' | string;
  /** Where the browser goes now: the organisation's identity provider, when it is offered as an automatic redirect. */
  redirectTo?: string;
  /** With `next: 'sso'`: the organisation's identity provider for the email's domain (R22, R24). */
  sso?: IdentifySso;
}

/** How the login page offers the identity provider that serves an email's domain. */
export interface IdentifySso {
  /** "Sign in with <providerName>". */
  providerName: string;
  offer: SsoOffer;
  /** Where "Sign in with …" goes: Connect's start of the sign-in at the provider. */
  startUrl: string;
  /** Users at this domain sign in only with the provider: no password step is offered. */
  ssoOnly: boolean;
}

/** A generic answer in words, such as the one to a password reset request (it never tells whether an account exists). */
export interface MessageResponse {
  message: string;
}
export interface PasswordLoginRequest {
  email: string;
  password: string;
}
export interface ForgotPasswordRequest {
  email: string;
}
export interface ResetPasswordRequest {
  token: string;
  password: string;
  confirmPassword: string;
}

/**
 * The answer to a password login: signed in (redirectTo); a temporary password that must be changed first; or a second
 * step (R21) at `redirectTo`, the pending sign-in held by a cookie until it is done.
 */
export type PasswordLoginResponse =
  | { redirectTo: string; next?: undefined }
  | { next: 'second_factor'; redirectTo: string }
  | {
      next: 'change_password';
      /** A single-use ticket for POST /api/password/change (ChangePasswordRequest). */
      changeToken: string;
      policy: PasswordPolicy;
    };

/** R27: a temporary password is changed at the next login, with the ticket the login answered. */
export interface ChangePasswordRequest {
  token: string;
  password: string;
  confirmPassword: string;
}

/** R28: the first administrator's activation link sets a password and makes them an administrator. */
export interface ActivateRequest {
  token: string;
  password: string;
  confirmPassword: string;
}

export type ActivationState = ResetTokenState;

export interface ConnectActivatePageData {
  token: string;
  state: ActivationState;
  email: string | null;
  organisationName: string | null;
  policy: PasswordPolicy;
}

// ---------------------------------------------------------------------------------------------------------------
// Admin portal (connect.test/admin): R25–R28

/**
 * The portal's tabs, in order. Another tab is one entry here, a view in CONNECT_VIEWS and its route: the shell draws
 * whatever this list holds.
 */
export const CONNECT_ADMIN_TABS = [
  { id: 'users', label: 'Users', path: CONNECT_PATHS.adminUsers },
  { id: 'audit', label: 'Audit log', path: CONNECT_PATHS.adminAudit },
  { id: 'administrators', label: 'Administrators', path: CONNECT_PATHS.adminAdministrators },
  { id: 'domains', label: 'Domains', path: CONNECT_PATHS.adminDomains },
  { id: 'identity-providers', label: 'Identity providers', path: CONNECT_PATHS.adminIdentityProviders },
  { id: 'two-factor', label: 'Two-factor authentication', path: TWO_FACTOR_PATHS.admin },
] as const satisfies readonly ConnectAdminTab[];

export interface ConnectAdminTab {
  id: string;
  label: string;
  path: string;
}

export type ConnectAdminTabId = (typeof CONNECT_ADMIN_TABS)[number]['id'];

/** Brute-force protection of password logins, per organisation: `maxFailures` within `windowMinutes` lock for `lockMinutes`. */
export interface LockoutSettings {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const LOCKOUT_LIMITS = {
  maxFailures: { min: 3, max: 100 },
  windowMinutes: { min: 1, max: 1440 },
  lockMinutes: { min: 1, max: 1440 },
} as const;

export interface OrganisationDomain {
  name: string;
  /** World time of the verification (R23), or null while it is not verified. */
  verifiedAt: number | null;
}

/** What every admin page shows around its tab. */
export interface ConnectAdminShell {
  organisation: { id: string; name: string; domains: OrganisationDomain[] };
  admin: { id: string; name: string; email: string };
  /** The tab on show. */
  tab: ConnectAdminTabId;
}

/** Most specific first: a blocked account that is also locked shows as blocked. */
export type AdminUserStatus = 'blocked' | 'locked' | 'no_password' | 'active';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  status: AdminUserStatus;
  blockedAt: number | null;
  /** World time the lock ends, while the account is locked. */
  lockedUntil: number | null;
  /** While a temporary password waits to be changed: when it stops working. */
  temporaryPasswordExpiresAt: number | null;
  apps: string[];
  lastLoginAt: number | null;
  createdAt: number;
  isAdmin: boolean;
}

export const ADMIN_USER_FILTERS = ['all', 'blocked', 'locked'] as const;
export type AdminUserFilter = (typeof ADMIN_USER_FILTERS)[number];

export interface AdminUsersQuery {
  q: string;
  filter: AdminUserFilter;
  offset: number;
  limit: number;
}

export interface AdminUsersPage extends AdminUsersQuery {
  users: AdminUser[];
  total: number;
}

export interface AdminUsersPageData {
  shell: ConnectAdminShell;
  page: AdminUsersPage;
  lockout: LockoutSettings;
}

/** What the audit log's type filter offers: each names the entry types it shows. */
export const AUDIT_CATEGORIES = {
  logins: { label: 'Logins and logouts', types: ['login', 'logout'] },
  failures: { label: 'Failed logins', types: ['login.failed'] },
  lockouts: { label: 'Lockouts', types: ['account.locked', 'account.unlocked'] },
  blocks: { label: 'Blocks', types: ['account.blocked', 'account.unblocked'] },
  emails: {
    label: 'Emails sent',
    types: [
      'email.password_reset',
      'email.password_reset_failed',
      'email.temporary_password',
      'email.temporary_password_failed',
      'email.admin_activation',
      'email.admin_activation_failed',
    ],
  },
  passwords: { label: 'Passwords', types: ['password.reset', 'password.changed'] },
  administrators: { label: 'Administrators', types: ['admin.activated', 'admin.granted', 'admin.revoked', 'organisation.lockout_changed'] },
  accounts: { label: 'Accounts and apps', types: ['account.created', 'account.linked', 'account.unlinked'] },
  oidc: {
    label: 'Applications (OpenID Connect)',
    types: ['oidc.code_issued', 'oidc.token_issued', 'oidc.refresh_rotated', 'oidc.code_reuse_revoked', 'oidc.refresh_reuse_revoked'],
  },
  domains: { label: 'Domains', types: ['domain.added', 'domain.verification_attempted', 'domain.verified'] },
  twoFactor: {
    label: 'Two-factor authentication',
    types: [
      'two_factor.enrolled',
      'two_factor.removed',
      'two_factor.failed',
      'two_factor.recovery_code_used',
      'two_factor.postponed',
      'two_factor.policy_changed',
    ],
  },
  passkeys: { label: 'Passkeys', types: ['passkey.registered', 'passkey.removed'] },
  sso: {
    label: 'Single sign-on',
    types: [
      'sso.login',
      'sso.refused',
      'sso.account_created',
      'sso.account_linked',
      'idp.added',
      'idp.changed',
      'idp.removed',
      'idp.tested',
    ],
  },
} as const;

export type AuditCategory = keyof typeof AUDIT_CATEGORIES;
export type ConnectAuditType = (typeof AUDIT_CATEGORIES)[AuditCategory]['types'][number];

export interface ConnectAuditEntry {
  id: number;
  at: number;
  type: ConnectAuditType;
  /** Who the entry is about (also an unknown email of a failed login). */
  email: string | null;
  accountId: string | null;
  /** The administrator who acted, for the portal's own actions. */
  actor: { id: string; name: string } | null;
  detail: string;
}

export interface AdminAuditQuery {
  /** An email, or its beginning. */
  user: string;
  category: AuditCategory | null;
  /** World time, inclusive; null: no bound. */
  from: number | null;
  to: number | null;
  offset: number;
  limit: number;
}

export interface AdminAuditPage extends AdminAuditQuery {
  entries: ConnectAuditEntry[];
  total: number;
}

export interface AdminAuditPageData {
  shell: ConnectAdminShell;
  page: AdminAuditPage;
}

export interface AdminInvitation {
  accountId: string;
  email: string;
  name: string;
  /** When the activation mail went out; null while it waits to be sent. */
  sentAt: number | null;
  expiresAt: number | null;
}

export interface AdministratorsPageData {
  shell: ConnectAdminShell;
  administrators: AdminUser[];
  /** Administrators named by the workspace template who have not activated yet. */
  invitations: AdminInvitation[];
}

export interface GrantAdminRequest {
  email: string;
}

/** The answer to an admin action on a user: the user as it is now. */
export interface AdminUserResponse {
  user: AdminUser;
}

/** Server-to-server: an application links one of its users to the Connect account for an email (find or create). */
export interface LinkAccountRequest {
  email: string;
  name: string;
  /** The application's own id for the user, recorded on the link. */
  externalUserId: string;
}

export interface LinkAccountResponse {
  accountId: string;
  /** false when an account with that email already existed and was linked instead (R4). */
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
  | 'token_used'
  /** An activation link asked to be renewed while it still works. */
  | 'token_valid'
  | 'too_many_attempts'
  | 'forbidden'
  | 'last_admin'
  | 'own_account'
  | 'already_admin'
  | 'account_blocked'
  | 'mail_failed'
  | 'domain_required'
  | 'domain_malformed'
  | 'domain_taken'
  /** The email's domain signs in only with the organisation's identity provider: no password, no reset (R22). */
  | 'sso_required'
  /** The email's domain signs in only with an identity provider that is switched off: only an administrator can help. */
  | 'sso_unavailable'
  | PasskeyErrorCode
  | IdentityProviderErrorCode;

// ---------------------------------------------------------------------------------------------------------------
// OpenID Connect provider: what a relying party sends and reads (OIDC Core, RFC 6749)

/** OIDC Discovery §3: the provider metadata a relying party reads first; the fields the workspace's readers use. */
export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
}

/**
 * RFC 6749 §4.1.3 and §6: the token request, sent as application/x-www-form-urlencoded (Appendix B), never as JSON. A
 * confidential client authenticates with HTTP Basic (§2.3.1); a public client names itself with `client_id` and binds
 * the code with its PKCE verifier (RFC 7636 §4.5).
 */
export type TokenRequest =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier?: string; client_id?: string }
  | { grant_type: 'refresh_token'; refresh_token: string; scope?: string; client_id?: string };

/** RFC 6749 §5.1 and OIDC Core §3.1.3.3: the tokens issued, answered with Cache-Control: no-store. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds. */
  expires_in: number;
  scope: string;
  id_token: string;
  /** For confidential clients only: rotated at every use. */
  refresh_token?: string;
}

/** RFC 6750 §2.2: the access token in a form body, the other way than the Authorization header (§2.1). */
export interface UserinfoFormRequest {
  access_token: string;
}

/** OIDC Core §5.1: the claims of the token's account its scope allows (sub always; email, name with their scopes). */
export type UserinfoResponse = { sub: string } & Record<string, unknown>;

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
