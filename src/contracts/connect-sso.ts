// Owns what Connect's single sign-on speaks about on the wire: the identity providers an organisation signs its users
// in with (R20, R24), how the login page offers them, and the steps of a "Test connection" run, each with what failed.
import type { ConnectAdminShell } from './connect';
import { ORIGINS } from './origins';

/** Where Connect starts a sign-in at the organisation's identity provider: ?provider=&return_to=&email=. */
export const SSO_START_PATH = '/connect/sso/start';
/** Connect's redirect URI as a client of every identity provider: the app registration at the provider names it exactly. */
export const SSO_CALLBACK_PATH = '/connect/sso/callback';
export const SSO_REDIRECT_URI = `${ORIGINS.connect}${SSO_CALLBACK_PATH}`;

/** The identity providers Connect knows by name, and any other OpenID provider found by its discovery URL. */
export const IDENTITY_PROVIDER_KINDS = ['entra', 'google', 'okta', 'ping', 'oidc'] as const;
export type IdentityProviderKind = (typeof IDENTITY_PROVIDER_KINDS)[number];

/** What the admin portal shows for each kind, and where its issuer usually is (the admin can change it). */
export const IDENTITY_PROVIDER_PRESETS: Record<IdentityProviderKind, { label: string; issuerExample: string; emailClaim: string }> = {
  entra: { label: 'Microsoft Entra ID', issuerExample: `${ORIGINS.entra}/<tenant>/v2.0`, emailClaim: 'email' },
  google: { label: 'Google Workspace', issuerExample: ORIGINS.google, emailClaim: 'email' },
  okta: { label: 'Okta', issuerExample: `${ORIGINS.okta}/oauth2/default`, emailClaim: 'email' },
  ping: { label: 'PingFederate', issuerExample: ORIGINS.ping, emailClaim: 'email' },
  oidc: { label: 'Other OpenID Connect provider', issuerExample: 'https://idp.example.test', emailClaim: 'email' },
};

/** How Connect authenticates at the provider's token endpoint (RFC 6749 §2.3.1, RFC 7523 §2.2). */
export const SSO_CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type SsoClientAuthMethod = (typeof SSO_CLIENT_AUTH_METHODS)[number];

/** How the login page offers the provider once the email is known: a "Sign in with …" button, or straight there. */
export type SsoOffer = 'button' | 'redirect';

/** Connect's own certificate for private_key_jwt: the IT persona uploads it at the provider's app registration. */
export interface SsoCertificateView {
  /** base64url SHA-256 of the DER certificate (the `x5t#S256` Connect puts in its client assertions' header). */
  thumbprint: string;
  notBefore: number;
  notAfter: number;
  /** PEM, to download. */
  pem: string;
}

export interface IdentityProviderView {
  id: string;
  kind: IdentityProviderKind;
  /** What users read on the button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientAuth: SsoClientAuthMethod;
  /** The last characters of the stored client secret, or null (the secret itself is never shown again). */
  secretHint: string | null;
  /** When the client secret expires at the provider, as the administrator entered it (world time), or null when not known. */
  secretExpiresAt: number | null;
  certificate: SsoCertificateView | null;
  emailClaim: string;
  domains: string[];
  ssoOnly: boolean;
  offer: SsoOffer;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** The latest "Test connection" run, or null. */
  lastTest: SsoTestView | null;
  /** Whether a "Test connection" run passed after the connection (issuer, client, secret, certificate, email claim) last changed. */
  testedSinceChange: boolean;
}

/** The steps of a brokered sign-in, in order, as "Test connection" shows them. */
export const SSO_TEST_STEPS = ['discovery', 'authorize', 'callback', 'token', 'id_token', 'claims'] as const;
export type SsoTestStepName = (typeof SSO_TEST_STEPS)[number];

/** Each way a brokered sign-in fails, so the admin portal and the login page say precisely which. */
export const SSO_FAILURES = [
  'discovery_unreachable',
  'discovery_invalid',
  'issuer_mismatch',
  'client_auth_unsupported',
  'redirect_uri_not_registered',
  'access_denied',
  'user_disabled',
  'state_mismatch',
  'client_secret_wrong',
  'client_secret_expired',
  'certificate_expired',
  'certificate_unknown',
  'token_request_failed',
  'id_token_signature',
  'id_token_issuer',
  'id_token_audience',
  'id_token_expired',
  'clock_skew',
  'nonce_mismatch',
  'id_token_invalid',
  'email_claim_missing',
  'email_domain_not_assigned',
] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number];

export interface SsoTestStep {
  step: SsoTestStepName;
  ok: boolean;
  /** What happened, in words an administrator acts on. */
  detail: string;
  /** Set when the step failed. */
  failure?: SsoFailure;
  /** What the step saw (metadata fields, the decoded ID token's claims, the mapped email), for the admin to read. */
  data?: Record<string, unknown>;
}

export interface SsoTestView {
  id: string;
  providerId: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'running' | 'passed' | 'failed';
  steps: SsoTestStep[];
}

// ---------------------------------------------------------------------------------------------------------------
// The admin portal's "Identity providers" tab and its "Test connection" runs

/** Each "Test connection" run has a page of its own, which the provider's answer comes back to (the tab is CONNECT_PATHS'). */
export const IDENTITY_PROVIDER_PATHS = {
  test: '/admin/identity-providers/:id/test/:testId',
} as const;

export const IDENTITY_PROVIDER_VIEWS = {
  list: 'connect/admin/identity-providers',
  test: 'connect/admin/identity-provider-test',
} as const;

/** The page of one "Test connection" run. */
export function identityProviderTestPath(providerId: string, testId: string): string {
  return `/admin/identity-providers/${encodeURIComponent(providerId)}/test/${encodeURIComponent(testId)}`;
}

/** What the administrator sends to add a provider or change one; every field is checked and refused at the field. */
export interface IdentityProviderInput {
  kind: IdentityProviderKind;
  name: string;
  issuer: string;
  clientId: string;
  clientAuth: SsoClientAuthMethod;
  /** Write-only. Required with a secret method when adding; empty or absent on a change keeps the stored one. */
  clientSecret?: string;
  /** When the secret expires at the provider (world time), or null when not known. */
  secretExpiresAt?: number | null;
  emailClaim: string;
  /** Domains the organisation has verified at Connect, served by no other provider. */
  domains: string[];
  ssoOnly: boolean;
  offer: SsoOffer;
  /** Absent: true when adding, unchanged on a change. */
  enabled?: boolean;
  /** Switches "Only SSO" on although no "Test connection" run passed since the connection last changed. */
  confirmUntested?: boolean;
}

export interface ChangeIdentityProviderRequest extends IdentityProviderInput {
  /** The `updatedAt` of the provider as the form showed it: a change made since (another tab) is not overwritten. */
  version: number;
}

/** Connect's certificate for private_key_jwt is valid for one or two years from today (world time). */
export const CERTIFICATE_VALIDITY_YEARS = [1, 2] as const;

export interface MakeCertificateRequest {
  years: (typeof CERTIFICATE_VALIDITY_YEARS)[number];
  /** Replaces the certificate the provider already has; the provider's app registration must then get the new one. */
  replace?: boolean;
}

/** "Check discovery": the issuer as typed in the form, saved or not, and the client authentication chosen. */
export interface DiscoverRequest {
  issuer: string;
  clientAuth: SsoClientAuthMethod;
}

/** What "Check discovery" read under the issuer (OIDC Discovery §4), or why it could not. */
export interface DiscoveryCheck {
  ok: boolean;
  /** discovery_unreachable, discovery_invalid, issuer_mismatch or client_auth_unsupported; null when ok. */
  failure: SsoFailure | null;
  /** One or two sentences for the administrator. */
  message: string;
  /** The discovery document's address. */
  url: string;
  /** The fields of the metadata Connect uses, when a document was read. */
  metadata: DiscoveredMetadata | null;
}

export interface DiscoveredMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint: string | null;
  token_endpoint_auth_methods_supported: string[];
  scopes_supported: string[];
}

/** POST …/test: the run as started, and where the administrator's browser goes next (the provider), or null when it stopped. */
export interface StartTestResponse {
  test: SsoTestView;
  redirectTo: string | null;
}

export interface IdentityProvidersPageData {
  shell: ConnectAdminShell;
  providers: IdentityProviderView[];
  /** Domains added under Domains and not verified yet: shown in the form as not assignable, with the reason (R24). */
  unverifiedDomains: string[];
  /** World time when the page was made: what certificate and secret expiry is judged against. */
  now: number;
}

export interface IdentityProviderTestPageData {
  shell: ConnectAdminShell;
  provider: IdentityProviderView;
  test: SsoTestView;
  now: number;
}

/** The codes the Identity providers API answers with besides invalid_request, not_found and the admin ones. */
export type IdentityProviderErrorCode =
  /** A domain the organisation has not verified at Connect (R24). */
  | 'domain_not_verified'
  /** A domain another provider of the organisation serves. */
  | 'domain_assigned'
  /** The provider changed since the form was loaded (another tab). */
  | 'idp_changed'
  /** "Only SSO" asked for a provider that has not passed "Test connection" since its connection changed. */
  | 'idp_untested'
  /** A certificate exists: making another replaces it only when confirmed. */
  | 'certificate_exists'
  /** The provider has no certificate to download. */
  | 'certificate_missing';
