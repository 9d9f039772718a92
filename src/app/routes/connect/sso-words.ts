// Owns how Connect's pages word single sign-on through an organisation's identity provider (R22): each step of a
// sign-in as "Test connection" shows it, each way one fails with what to do about it, the client authentication
// methods, and a certificate's or secret's expiry on the world clock. The admin portal and the login page read these.
import { SSO_REDIRECT_URI, type SsoClientAuthMethod, type SsoFailure, type SsoTestStepName } from '../../../contracts/connect-sso';

export const SSO_STEP_LABELS: Record<SsoTestStepName, string> = {
  discovery: 'Discovery document read',
  authorize: 'Sent to the identity provider to sign in',
  callback: 'Came back to Connect',
  token: 'Code exchanged for tokens',
  id_token: 'ID token checked',
  claims: 'Claims mapped to an email',
};

export interface FailureWords {
  /** What went wrong, in one sentence. */
  headline: string;
  /** What the administrator does about it. */
  action: string;
}

/** Each failure, for the administrator reading a "Test connection" run (the login page says less to a user). */
export const SSO_FAILURE_WORDS: Record<SsoFailure, FailureWords> = {
  discovery_unreachable: {
    headline: 'Connect could not read the discovery document.',
    action: 'Check the issuer URL, and that the identity provider is reachable.',
  },
  discovery_invalid: {
    headline: 'The address answered, but not with an OpenID provider’s discovery document.',
    action: 'Check the issuer URL: it is the provider’s issuer, not its sign-in page.',
  },
  issuer_mismatch: {
    headline: 'The provider states another issuer than the one entered.',
    action: 'Enter the issuer exactly as the provider states it.',
  },
  client_auth_unsupported: {
    headline: 'The provider does not accept this kind of client authentication.',
    action: 'Choose a client secret or a certificate, as the provider offers.',
  },
  redirect_uri_not_registered: {
    headline: 'The identity provider does not know Connect’s redirect URI.',
    action: `Add ${SSO_REDIRECT_URI} as a redirect URI of the application at the provider.`,
  },
  access_denied: {
    headline: 'The identity provider did not sign the test user in.',
    action: 'Check that the user is assigned to the application at the provider, then run the test again.',
  },
  user_disabled: {
    headline: 'The user is disabled at the identity provider.',
    action: 'Sign in with another test user, or enable the user at the provider.',
  },
  state_mismatch: {
    headline: 'The answer did not belong to this sign-in.',
    action: 'Run the test again from this page, in one browser tab.',
  },
  client_secret_wrong: {
    headline: 'The identity provider refused Connect’s client secret.',
    action: 'Copy the secret’s value (not its ID) from the provider again and save it here.',
  },
  client_secret_expired: {
    headline: 'The client secret has expired at the identity provider.',
    action: 'Make a new secret at the provider and save it here.',
  },
  certificate_expired: {
    headline: 'Connect’s certificate has expired.',
    action: 'Make a new certificate here and upload it to the application at the provider.',
  },
  certificate_unknown: {
    headline: 'The identity provider does not know Connect’s certificate.',
    action: 'Download the certificate here and upload it to the application at the provider.',
  },
  token_request_failed: {
    headline: 'The identity provider refused to exchange the code for tokens.',
    action: 'Check the client ID and the client authentication, then run the test again.',
  },
  id_token_signature: {
    headline: 'The ID token’s signature does not verify with the provider’s published keys.',
    action: 'Check the issuer URL: the keys come from the provider it names.',
  },
  id_token_issuer: {
    headline: 'The ID token was issued by another issuer than the one entered.',
    action: 'Enter the issuer exactly as the provider’s tokens state it.',
  },
  id_token_audience: {
    headline: 'The ID token was issued for another application.',
    action: 'Check the client ID: it is the one of the application registered for Connect.',
  },
  id_token_expired: {
    headline: 'The ID token had expired when Connect received it.',
    action: 'Run the test again; if it persists, check the provider’s clock.',
  },
  clock_skew: {
    headline: 'The provider’s clock and Connect’s differ by more than Connect tolerates.',
    action: 'Check the time of the identity provider’s servers.',
  },
  nonce_mismatch: {
    headline: 'The ID token did not answer this sign-in’s nonce.',
    action: 'Run the test again from this page.',
  },
  id_token_invalid: {
    headline: 'The ID token is not valid.',
    action: 'Check the provider’s settings for the application, then run the test again.',
  },
  email_claim_missing: {
    headline: 'The ID token does not carry the claim chosen for the email.',
    action: 'Choose the claim that carries the email (such as email or preferred_username), or have the provider send it.',
  },
  email_domain_not_assigned: {
    headline: 'The email is at a domain this provider does not serve.',
    action: 'Add the domain to the provider here (verify it under Domains first), or sign in with a user at one of its domains.',
  },
};

export const CLIENT_AUTH_LABELS: Record<SsoClientAuthMethod, string> = {
  client_secret_basic: 'Client secret',
  client_secret_post: 'Client secret, sent in the request body',
  private_key_jwt: 'Certificate (private_key_jwt)',
};

/** A certificate or secret is flagged this long before it expires. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY = 86_400_000;

export type ExpiryState = 'valid' | 'soon' | 'expired';

export function expiryState(expiresAt: number, now: number): ExpiryState {
  if (expiresAt <= now) return 'expired';
  return expiresAt - now <= EXPIRY_WARNING_DAYS * DAY ? 'soon' : 'valid';
}

/** "expires in 5 days", "expires today", "expired 3 days ago", on the world clock. */
export function expiryWords(expiresAt: number, now: number): string {
  const days = Math.floor(Math.abs(expiresAt - now) / DAY);
  if (expiresAt <= now) return days === 0 ? 'expired today' : `expired ${days} ${days === 1 ? 'day' : 'days'} ago`;
  return days === 0 ? 'expires today' : `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}
