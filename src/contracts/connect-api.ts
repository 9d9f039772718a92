// Owns Connect's endpoint table (connect.test): every route its handlers answer besides its pages (CONNECT_PATHS,
// TWO_FACTOR_PATHS) — the API of its own pages, two-factor authentication, passkeys, the admin portal, the
// server-to-server API for applications, and the OpenID Connect provider's protocol endpoints.
import type { JSONWebKeySet } from 'jose';
import type {
  AccountStatusRequest,
  AccountStatusResponse,
  ActivateRequest,
  AdminAuditPage,
  AdministratorsPageData,
  AdminUserResponse,
  AdminUsersPage,
  ChangePasswordRequest,
  ConnectAccount,
  ConnectErrorCode,
  ForgotPasswordRequest,
  GrantAdminRequest,
  IdentifyRequest,
  IdentifyResponse,
  LinkAccountRequest,
  LinkAccountResponse,
  LockoutSettings,
  MessageResponse,
  OidcErrorCode,
  PasswordLoginRequest,
  PasswordLoginResponse,
  ProviderMetadata,
  ResetPasswordRequest,
  TokenRequest,
  TokenResponse,
  UserinfoFormRequest,
  UserinfoResponse,
} from './connect';
import type {
  ChangeIdentityProviderRequest,
  DiscoverRequest,
  DiscoveryCheck,
  IdentityProviderInput,
  IdentityProviderView,
  MakeCertificateRequest,
  SsoTestView,
  StartTestResponse,
} from './connect-sso';
import type { AddDomainRequest, DomainView, VerifiedDomainsResponse, VerifyDomainRequest, VerifyDomainResponse } from './connect-domains';
import type {
  PasskeyAuthenticationRequest,
  PasskeyCeremoniesResponse,
  PasskeyCreationOptions,
  PasskeyListResponse,
  PasskeyRegistrationRequest,
  PasskeyRequestOptions,
  PasskeySecondFactorRequest,
  PasskeyView,
} from './connect-passkeys';
import type {
  ConfirmTotpRequest,
  ConfirmTotpResponse,
  RemoveTotpRequest,
  SignedInResponse,
  TwoFactorErrorCode,
  TwoFactorPolicy,
  TwoFactorStatus,
  UpdateTwoFactorPolicyRequest,
  VerifySecondFactorRequest,
} from './connect-two-factor';
import { SSO_CALLBACK_PATH, SSO_START_PATH } from './connect-sso';
import { endpointTable, FORM_CONTENT_TYPE, shape, type Endpoint, type TextFile } from './endpoint';
import { SIM_MACHINES_PATH, type ConnectInspection } from './inspection';
import { ORIGINS } from './origins';

/** Every problem code a Connect endpoint answers with, and the OAuth error codes of its protocol endpoints. */
export type ConnectApiCode = ConnectErrorCode | TwoFactorErrorCode | OidcErrorCode;

const EMAIL = ['email_required', 'email_malformed'] as const;
const NEW_PASSWORD = ['invalid_request', 'password_policy', 'password_mismatch'] as const;
const SPENT_LINK = ['token_invalid', 'token_expired', 'token_used'] as const;
const SIGNED_IN = ['unauthenticated'] as const;
const ADMIN = ['unauthenticated', 'forbidden'] as const;
const SERVER_TO_SERVER = ['invalid_client'] as const;
/** A pending sign-in (R21) that ended or never started. */
const PENDING = ['sign_in_expired'] as const;
/** What checking an authenticator's answer may refuse (WebAuthn L3 §7.1, §7.2), besides an unknown or spent ceremony. */
const CEREMONY = [
  'invalid_request',
  'ceremony_unknown',
  'ceremony_expired',
  'ceremony_used',
  'passkey_cross_origin',
  'passkey_invalid',
] as const;
const SIGN_IN_ANSWER = [...CEREMONY, 'passkey_unknown', 'passkey_counter_regressed'] as const;
const CODE_FACTOR = ['code_malformed', 'code_invalid'] as const;
/** An email at a domain that signs in only with the organisation's identity provider (R22). */
const SSO_ONLY = ['sso_required', 'sso_unavailable'] as const;
/** What an identity provider's form may be refused with, at its field. */
const IDP_FIELDS = ['invalid_request', 'domain_malformed', 'domain_not_verified', 'domain_assigned', 'idp_untested'] as const;

export const CONNECT_API = endpointTable(ORIGINS.connect, {
  // Signing in and out (R20: identifier first)
  identify: {
    method: 'POST',
    path: '/api/session/identify',
    summary: 'The identifier step: which step comes next for this email; the same answer whether an account has it or not.',
    request: shape<IdentifyRequest>(),
    response: shape<IdentifyResponse>(),
    errors: ['invalid_request', ...EMAIL, 'sso_unavailable'],
  },
  login: {
    method: 'POST',
    path: '/api/session',
    summary: 'Signs in with a password; ?return_to=/path. Signed in, a second step to take, or a temporary password to change first.',
    request: shape<PasswordLoginRequest>(),
    response: shape<PasswordLoginResponse>(),
    errors: ['invalid_request', ...EMAIL, 'invalid_credentials', 'too_many_attempts', ...SSO_ONLY],
  },
  logout: {
    method: 'DELETE',
    path: '/api/session',
    summary: "Signs out: the browser's session ends.",
    response: shape<{ redirectTo: string }>(),
  },
  me: { method: 'GET', path: '/api/me', summary: 'The signed-in account.', response: shape<ConnectAccount>(), errors: SIGNED_IN },

  // Passwords and the first administrator's activation link
  forgotPassword: {
    method: 'POST',
    path: '/api/password/forgot',
    summary: 'Mails a reset link if an account has the email; 202 with the same words either way.',
    request: shape<ForgotPasswordRequest>(),
    response: shape<MessageResponse>(),
    errors: ['invalid_request', ...EMAIL, ...SSO_ONLY],
  },
  resetPassword: {
    method: 'POST',
    path: '/api/password/reset',
    summary: "Sets a new password with a reset link's token; every session of the account ends.",
    request: shape<ResetPasswordRequest>(),
    response: shape<{ email: string }>(),
    errors: [...NEW_PASSWORD, ...SPENT_LINK, ...SSO_ONLY],
  },
  changePassword: {
    method: 'POST',
    path: '/api/password/change',
    summary: 'Replaces a temporary password with the ticket the login answered, and signs in; ?return_to=/path.',
    request: shape<ChangePasswordRequest>(),
    response: shape<{ redirectTo: string }>(),
    errors: [...NEW_PASSWORD, ...SPENT_LINK, ...SSO_ONLY],
  },
  activate: {
    method: 'POST',
    path: '/api/activate',
    summary: 'The activation link: sets the password of an invited administrator, who becomes one.',
    request: shape<ActivateRequest>(),
    response: shape<{ email: string; organisation: string }>(),
    errors: [...NEW_PASSWORD, ...SPENT_LINK],
  },
  renewActivation: {
    method: 'POST',
    path: '/api/activate/renew',
    summary: 'Mails a new activation link in place of an expired one; 202.',
    request: shape<{ token: string }>(),
    response: shape<{ email: string }>(),
    errors: ['invalid_request', 'token_valid', ...SPENT_LINK, 'mail_failed'],
  },

  // Two-factor authentication (R21): the second step of a sign-in, and account settings
  verifySecondFactor: {
    method: 'POST',
    path: '/api/session/two-factor',
    summary: 'The second step with a code from the authenticator app or a recovery code; signs in. ?return_to=/path.',
    request: shape<VerifySecondFactorRequest>(),
    response: shape<SignedInResponse>(),
    errors: [
      'invalid_request',
      ...PENDING,
      'factor_unavailable',
      ...CODE_FACTOR,
      'code_replayed',
      'recovery_code_invalid',
      'recovery_code_used',
      'too_many_attempts',
    ],
  },
  confirmSetupAtSignIn: {
    method: 'POST',
    path: '/api/session/two-factor/setup',
    summary: 'Sets up the authenticator app the organisation asks for, and signs in; answers the recovery codes once. ?return_to=/path.',
    request: shape<ConfirmTotpRequest>(),
    response: shape<ConfirmTotpResponse>(),
    errors: ['invalid_request', ...PENDING, ...CODE_FACTOR, 'enrolment_expired'],
  },
  remindLater: {
    method: 'POST',
    path: '/api/session/two-factor/remind-later',
    summary: 'Signs in without setting up two-factor authentication, while the organisation does not require it yet. ?return_to=/path.',
    response: shape<SignedInResponse>(),
    errors: ['invalid_request', ...PENDING, 'two_factor_required'],
  },
  passkeySecondFactorOptions: {
    method: 'POST',
    path: '/api/session/two-factor/passkey/options',
    summary: "Options for the second step with a passkey: the pending sign-in's account's passkeys.",
    response: shape<PasskeyRequestOptions>(),
    errors: [...PENDING, 'passkey_none', 'passkeys_unavailable'],
  },
  passkeySecondFactor: {
    method: 'POST',
    path: '/api/session/two-factor/passkey',
    summary: 'The second step with a passkey; signs in. ?return_to=/path.',
    request: shape<PasskeySecondFactorRequest>(),
    response: shape<SignedInResponse>(),
    errors: [...PENDING, ...SIGN_IN_ANSWER, 'too_many_attempts'],
  },
  confirmTotpInAccount: {
    method: 'POST',
    path: '/api/me/two-factor/totp/confirm',
    summary: 'Account settings: confirms the authenticator app being set up; answers the recovery codes once.',
    request: shape<ConfirmTotpRequest>(),
    response: shape<ConfirmTotpResponse>(),
    errors: [...SIGNED_IN, 'invalid_request', ...CODE_FACTOR, 'enrolment_expired'],
  },
  removeTotp: {
    method: 'POST',
    path: '/api/me/two-factor/totp/remove',
    summary: 'Account settings: removes the authenticator app and its recovery codes, with the password again.',
    request: shape<RemoveTotpRequest>(),
    response: shape<TwoFactorStatus>(),
    errors: [...SIGNED_IN, 'invalid_request', 'invalid_credentials', 'two_factor_required', 'not_found'],
  },

  // Passkeys (WebAuthn): account settings, the login page, the developer x-ray
  listPasskeys: {
    method: 'GET',
    path: '/api/passkeys',
    summary: "The signed-in account's passkeys, oldest first.",
    response: shape<PasskeyListResponse>(),
    errors: SIGNED_IN,
  },
  registrationOptions: {
    method: 'POST',
    path: '/api/passkeys/registration/options',
    summary: 'Options for navigator.credentials.create(), for the signed-in account.',
    response: shape<PasskeyCreationOptions>(),
    errors: [...SIGNED_IN, 'passkeys_unavailable'],
  },
  registerPasskey: {
    method: 'POST',
    path: '/api/passkeys/registration',
    summary: "The authenticator's answer: registers the passkey; 201 with it.",
    request: shape<PasskeyRegistrationRequest>(),
    response: shape<PasskeyView>(),
    errors: [...SIGNED_IN, ...CEREMONY, 'passkey_already_registered'],
  },
  authenticationOptions: {
    method: 'POST',
    path: '/api/passkeys/authentication/options',
    summary: 'Options for a sign-in without a password (discoverable credentials, user verification required).',
    response: shape<PasskeyRequestOptions>(),
    errors: ['passkeys_unavailable'],
  },
  authenticateWithPasskey: {
    method: 'POST',
    path: '/api/passkeys/authentication',
    summary: 'Signs in with a passkey, or goes on to a second step; ?return_to=/path.',
    request: shape<PasskeyAuthenticationRequest>(),
    response: shape<{ redirectTo: string; next?: 'second_factor' }>(),
    errors: [...SIGN_IN_ANSWER, 'passkey_user_not_verified', ...SSO_ONLY],
  },
  passkeyCeremonies: {
    method: 'GET',
    path: '/api/passkeys/ceremonies',
    summary: 'The ceremonies this browser took part in, as Connect saw them (the developer x-ray).',
    response: shape<PasskeyCeremoniesResponse>(),
  },
  removePasskey: {
    method: 'DELETE',
    path: '/api/passkeys/:id',
    summary: "Removes one of the signed-in account's passkeys; 204.",
    response: shape<undefined>(),
    errors: [...SIGNED_IN, 'not_found'],
  },

  // Admin portal (R25–R28): the actions of its tabs; the lists are also its pages
  listUsers: {
    method: 'GET',
    path: '/api/admin/users',
    summary: "A page of the organisation's users; ?q=, ?filter= (all, blocked or locked), ?offset=, ?limit=.",
    response: shape<AdminUsersPage>(),
    errors: [...ADMIN, 'invalid_request'],
  },
  blockUser: {
    method: 'POST',
    path: '/api/admin/users/:accountId/block',
    summary: "Blocks a user: every session ends and every application's grant is revoked at once (R25).",
    response: shape<AdminUserResponse>(),
    errors: [...ADMIN, 'not_found', 'own_account'],
  },
  unblockUser: {
    method: 'POST',
    path: '/api/admin/users/:accountId/unblock',
    summary: 'Unblocks a user, who signs in anew.',
    response: shape<AdminUserResponse>(),
    errors: [...ADMIN, 'not_found'],
  },
  unlockUser: {
    method: 'POST',
    path: '/api/admin/users/:accountId/unlock',
    summary: 'Ends a lockout after failed logins before its time.',
    response: shape<AdminUserResponse>(),
    errors: [...ADMIN, 'not_found'],
  },
  sendTemporaryPassword: {
    method: 'POST',
    path: '/api/admin/users/:accountId/temporary-password',
    summary: 'Mails the user a temporary password, to be changed at the next login; their sessions end.',
    response: shape<AdminUserResponse>(),
    errors: [...ADMIN, 'not_found', 'mail_failed'],
  },
  updateLockout: {
    method: 'PUT',
    path: '/api/admin/lockout',
    summary: "The organisation's lockout after failed logins (how many, within how long, for how long).",
    request: shape<LockoutSettings>(),
    response: shape<LockoutSettings>(),
    errors: [...ADMIN, 'invalid_request'],
  },
  listAudit: {
    method: 'GET',
    path: '/api/admin/audit',
    summary: 'A page of the audit log, newest first; ?user=&category=&from=&to=&offset=&limit=.',
    response: shape<AdminAuditPage>(),
    errors: [...ADMIN, 'invalid_request'],
  },
  listAdministrators: {
    method: 'GET',
    path: '/api/admin/administrators',
    summary: "The organisation's administrators and the invited ones who have not activated yet.",
    response: shape<AdministratorsPageData>(),
    errors: ADMIN,
  },
  grantAdmin: {
    method: 'POST',
    path: '/api/admin/administrators',
    summary: 'Makes the account with this email an administrator.',
    request: shape<GrantAdminRequest>(),
    response: shape<AdminUserResponse>(),
    errors: [...ADMIN, 'invalid_request', ...EMAIL, 'not_found', 'already_admin'],
  },
  revokeAdmin: {
    method: 'DELETE',
    path: '/api/admin/administrators/:accountId',
    summary: 'Takes the administrator role away; never from the last administrator. 204.',
    response: shape<undefined>(),
    errors: [...ADMIN, 'not_found', 'last_admin'],
  },
  resendActivation: {
    method: 'POST',
    path: '/api/admin/administrators/:accountId/activation-email',
    summary: 'Mails an invited administrator a new activation link.',
    response: shape<AdministratorsPageData>(),
    errors: [...ADMIN, 'not_found', 'account_blocked', 'mail_failed'],
  },
  listDomains: {
    method: 'GET',
    path: '/api/admin/domains',
    summary: "The organisation's domains (R23).",
    response: shape<DomainView[]>(),
    errors: ADMIN,
  },
  addDomain: {
    method: 'POST',
    path: '/api/admin/domains',
    summary: 'Adds a domain to verify; 201 with its instructions.',
    request: shape<AddDomainRequest>(),
    response: shape<DomainView>(),
    errors: [...ADMIN, 'invalid_request', 'domain_required', 'domain_malformed', 'domain_taken'],
  },
  verifyDomain: {
    method: 'POST',
    path: '/api/admin/domains/:domain/verify',
    summary: "Checks the domain's proof (a TXT or CNAME record, or a file on its website) and says what was found.",
    request: shape<VerifyDomainRequest>(),
    response: shape<VerifyDomainResponse>(),
    errors: [...ADMIN, 'invalid_request', 'not_found'],
  },
  verificationFile: {
    method: 'GET',
    path: '/api/admin/domains/:domain/verification-file',
    summary: 'The HTML file for proving the domain on its website, as a download (not JSON).',
    response: shape<TextFile>(),
    responseType: 'text/html',
    errors: [...ADMIN, 'not_found'],
  },
  // Identity providers (R22, R24): the organisation's own, for the domains it verified
  listIdentityProviders: {
    method: 'GET',
    path: '/api/admin/identity-providers',
    summary: "The organisation's identity providers, with their certificates and latest Test connection run.",
    response: shape<IdentityProviderView[]>(),
    errors: ADMIN,
  },
  addIdentityProvider: {
    method: 'POST',
    path: '/api/admin/identity-providers',
    summary: 'Adds an identity provider for verified domains (R24); 201 with it. The client secret is never answered back.',
    request: shape<IdentityProviderInput>(),
    response: shape<IdentityProviderView>(),
    errors: [...ADMIN, ...IDP_FIELDS],
  },
  changeIdentityProvider: {
    method: 'PUT',
    path: '/api/admin/identity-providers/:id',
    summary: "Changes an identity provider; `version` is the updatedAt the form showed, so another tab's change is not overwritten.",
    request: shape<ChangeIdentityProviderRequest>(),
    response: shape<IdentityProviderView>(),
    errors: [...ADMIN, ...IDP_FIELDS, 'not_found', 'idp_changed'],
  },
  removeIdentityProvider: {
    method: 'DELETE',
    path: '/api/admin/identity-providers/:id',
    summary: 'Removes an identity provider: its domains sign in with passwords again. 204.',
    response: shape<undefined>(),
    errors: [...ADMIN, 'not_found'],
  },
  makeIdentityProviderCertificate: {
    method: 'POST',
    path: '/api/admin/identity-providers/:id/certificate',
    summary:
      "Makes Connect's key pair and self-signed certificate for private_key_jwt (RFC 7523), valid 1 or 2 years; replaces one only when asked.",
    request: shape<MakeCertificateRequest>(),
    response: shape<IdentityProviderView>(),
    errors: [...ADMIN, 'invalid_request', 'not_found', 'certificate_exists'],
  },
  identityProviderCertificate: {
    method: 'GET',
    path: '/api/admin/identity-providers/:id/certificate.pem',
    summary: "Connect's certificate, PEM, as a download for the provider's app registration (not JSON).",
    response: shape<TextFile>(),
    responseType: 'application/x-pem-file',
    errors: [...ADMIN, 'not_found', 'certificate_missing'],
  },
  discoverIdentityProvider: {
    method: 'POST',
    path: '/api/admin/identity-providers/discover',
    summary: "Check discovery: reads the issuer's discovery document (OIDC Discovery §4) and says what it found, or precisely why not.",
    request: shape<DiscoverRequest>(),
    response: shape<DiscoveryCheck>(),
    errors: [...ADMIN, 'invalid_request'],
  },
  testIdentityProvider: {
    method: 'POST',
    path: '/api/admin/identity-providers/:id/test',
    summary: 'Starts Test connection: a real sign-in at the provider as a test user; answers the run and where the browser goes.',
    response: shape<StartTestResponse>(),
    errors: [...ADMIN, 'not_found'],
  },
  identityProviderTest: {
    method: 'GET',
    path: '/api/admin/identity-providers/:id/tests/:testId',
    summary: 'One Test connection run, step by step.',
    response: shape<SsoTestView>(),
    errors: [...ADMIN, 'not_found'],
  },
  updateTwoFactorPolicy: {
    method: 'PUT',
    path: '/api/admin/two-factor/policy',
    summary: 'Who must use two-factor authentication: chosen groups, and everyone from a date.',
    request: shape<UpdateTwoFactorPolicyRequest>(),
    response: shape<TwoFactorPolicy>(),
    errors: [...ADMIN, 'invalid_request'],
  },

  // Server-to-server, for the applications (HTTP Basic client authentication, RFC 6749 §2.3.1)
  verifiedDomains: {
    method: 'GET',
    path: '/api/organisation/verified-domains',
    summary: "The organisation's verified domains, for an application that trusts them (R13).",
    response: shape<VerifiedDomainsResponse>(),
    errors: SERVER_TO_SERVER,
  },
  linkAccount: {
    method: 'POST',
    path: '/api/accounts/link',
    summary: "Links one of the application's users to the account for an email, created when there is none.",
    request: shape<LinkAccountRequest>(),
    response: shape<LinkAccountResponse>(),
    errors: [...SERVER_TO_SERVER, 'invalid_request', ...EMAIL],
  },
  accountStatus: {
    method: 'POST',
    path: '/api/accounts/status',
    summary: "Whether the application's linked accounts have a password yet.",
    request: shape<AccountStatusRequest>(),
    response: shape<AccountStatusResponse>(),
    errors: [...SERVER_TO_SERVER, 'invalid_request'],
  },
  unlinkAccount: {
    method: 'DELETE',
    path: '/api/accounts/:accountId/links/:app',
    summary: "Removes the application's own link from an account; 204.",
    response: shape<undefined>(),
    errors: [...SERVER_TO_SERVER, 'invalid_request', 'not_found'],
  },

  // Single sign-on through the organisation's identity provider (R22, R24): navigations, answered with a redirect or
  // Connect's sign-in error page
  ssoStart: {
    method: 'GET',
    path: SSO_START_PATH,
    summary:
      "Sends the browser to the organisation's identity provider (OIDC Core §3.1.2.1, with state, nonce and PKCE); ?provider=&return_to=&email=.",
    errors: ['invalid_request', 'sso_unavailable'],
  },
  ssoCallback: {
    method: 'GET',
    path: SSO_CALLBACK_PATH,
    summary:
      "The identity provider's answer: the code exchanged and the ID token checked, then signed in (or the second step) and on to return_to.",
    errors: ['invalid_request'],
  },

  // OpenID Connect provider: OAuth error codes, answered as the specifications say (a redirect, a JSON error, a
  // WWW-Authenticate challenge or Connect's error page), never as problem+json
  discovery: {
    method: 'GET',
    path: '/.well-known/openid-configuration',
    summary: 'The provider metadata (OIDC Discovery §4): where every other endpoint is.',
    response: shape<ProviderMetadata>(),
  },
  jwks: {
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: 'The public signing keys (RFC 7517 §5).',
    response: shape<JSONWebKeySet>(),
  },
  authorize: {
    method: 'GET',
    path: '/connect/authorize',
    summary:
      'The authorization request (OIDC Core §3.1.2.1), its parameters in the query: a code sent back to the redirect_uri, the login page first, or an error.',
    errors: [
      'invalid_request',
      'invalid_client',
      'invalid_redirect_uri',
      'invalid_scope',
      'unsupported_response_type',
      'request_not_supported',
      'request_uri_not_supported',
      'login_required',
    ],
  },
  authorizeByPost: {
    method: 'POST',
    path: '/connect/authorize',
    summary: 'The authorization request with its parameters in a form body (OIDC Core §3.1.2.1); answers as the GET does.',
    requestType: FORM_CONTENT_TYPE,
    errors: [
      'invalid_request',
      'invalid_client',
      'invalid_redirect_uri',
      'invalid_scope',
      'unsupported_response_type',
      'request_not_supported',
      'request_uri_not_supported',
      'login_required',
    ],
  },
  resumeAuthorization: {
    method: 'GET',
    path: '/connect/authorize/resume',
    summary: 'Where the login page sends the browser back to: a stored authorization request, continued; ?request_id=.',
    errors: ['invalid_request', 'invalid_client', 'request_expired'],
  },
  token: {
    method: 'POST',
    path: '/connect/token',
    summary: 'Exchanges an authorization code or a refresh token for tokens (RFC 6749 §4.1.3, §6); a form body.',
    request: shape<TokenRequest>(),
    requestType: FORM_CONTENT_TYPE,
    response: shape<TokenResponse>(),
    errors: ['invalid_request', 'invalid_client', 'invalid_grant', 'invalid_scope', 'unauthorized_client', 'unsupported_grant_type'],
  },
  userinfo: {
    method: 'GET',
    path: '/connect/userinfo',
    summary: "The claims of a Bearer access token's account (OIDC Core §5.3), the token in the Authorization header.",
    response: shape<UserinfoResponse>(),
    errors: ['invalid_request', 'invalid_token'],
  },
  userinfoByPost: {
    method: 'POST',
    path: '/connect/userinfo',
    summary: 'The same claims, the access token in the header or in a form body (RFC 6750 §2.2).',
    request: shape<UserinfoFormRequest>(),
    requestType: FORM_CONTENT_TYPE,
    response: shape<UserinfoResponse>(),
    errors: ['invalid_request', 'invalid_token'],
  },
  endSession: {
    method: 'GET',
    path: '/connect/endsession',
    summary:
      'RP-Initiated Logout: ends the Connect session and goes back to a registered post_logout_redirect_uri; parameters in the query.',
    errors: ['invalid_request', 'invalid_client', 'invalid_redirect_uri'],
  },
  endSessionByPost: {
    method: 'POST',
    path: '/connect/endsession',
    summary: 'RP-Initiated Logout with its parameters in a form body; answers as the GET does.',
    requestType: FORM_CONTENT_TYPE,
    errors: ['invalid_request', 'invalid_client', 'invalid_redirect_uri'],
  },

  // The simulator's inspection, for the x-ray's state diagrams: read-only, and apart from the product
  inspectMachines: {
    method: 'GET',
    path: SIM_MACHINES_PATH,
    summary: 'The verification machine of every domain of the organisations these accounts administer; ?email= (repeated).',
    response: shape<ConnectInspection>(),
    errors: ['invalid_request'],
  },
  // The compiler holds every listed code to the ones Connect's contracts name.
}) satisfies Record<string, Endpoint<string, unknown, unknown, ConnectApiCode>>;
