// Owns what Connect's single sign-on speaks about on the wire: the identity providers an organisation signs its users
// in with (R20, R24), how the login page offers them, and the steps of a "Test connection" run, each with what failed.
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
}

/** The steps of a brokered sign-in, in order, as "Test connection" shows them. */
export const SSO_TEST_STEPS = ['discovery', 'authorize', 'callback', 'token', 'id_token', 'claims'] as const;
export type SsoTestStepName = (typeof SSO_TEST_STEPS)[number];

/** Each way a brokered sign-in fails, so the admin portal and the login page say precisely which. */
export const SSO_FAILURES = [
  'discovery_unreachable',
  'discovery_invalid',
  'issuer_mismatch',
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
