// Owns single sign-on's pure rules (R20, R21, R22, R24): which identity provider serves an email, how long a sign-in
// may stay at the provider, the clock tolerance for ID tokens, the `amr` a brokered session carries, and the words of
// every refusal — for the user on Connect's sign-in error page and for the administrator in "Test connection".
import type { SsoFailure, SsoTestStep, SsoTestStepName } from '../../../../src/contracts/connect-sso';
import { MINUTE } from '../../../../src/domain/clock';
import { domainOf } from '../../../../src/domain/email';
import type { IdentityProviderRow, OrganisationRow } from '../db';

/** How long a sign-in may stay at the provider before its callback is refused (state expired). */
export const SSO_SIGN_IN_TTL_MS = 15 * MINUTE;

/**
 * Seconds an ID token's `exp`, `nbf` and `iat` may be off Connect's clock before the token is refused (OIDC Core
 * §3.1.3.7 steps 9–10 leave the tolerance to the client; one minute covers ordinary drift, not a wrong clock).
 */
export const SSO_CLOCK_TOLERANCE_SECONDS = 60;

/** 32 random bytes, base64url: state, nonce and the PKCE verifier (RFC 7636 §4.1). */
/** How long Connect waits for an identity provider's answer (real time: a provider that never answers must not hold a page). */
export const SSO_PROVIDER_TIME_LIMIT_MS = 10_000;

export const SSO_RANDOM_BYTES = 32;

/**
 * R24: the domains of the organisation that are verified at Connect. A provider serves only these: a domain it lists
 * that is not (or no longer) verified routes nowhere.
 */
export function verifiedDomainsOf(organisation: Pick<OrganisationRow, 'domains'> | undefined): Set<string> {
  return new Set((organisation?.domains ?? []).filter((d) => d.verifiedAt !== null).map((d) => d.name));
}

/**
 * The provider that serves `email`'s domain (R20, R24): one that lists the domain, which its organisation verified.
 * Disabled providers are returned too: the caller decides (passwords again, unless the domain is SSO-only).
 */
export function providerForDomain(
  email: string,
  providers: readonly IdentityProviderRow[],
  verifiedByOrganisation: ReadonlyMap<string, Set<string>>,
): IdentityProviderRow | undefined {
  const domain = domainOf(email);
  return providers.find((p) => p.domains.includes(domain) && (verifiedByOrganisation.get(p.organisationId)?.has(domain) ?? false));
}

/** The `amr` strings a provider reported, as Connect's session keeps them (anything that is not a string dropped). */
export function upstreamAmr(amr: unknown): string[] {
  return Array.isArray(amr) ? amr.filter((v): v is string => typeof v === 'string') : [];
}

/** A passed step of a sign-in, for "Test connection". */
export function passed(step: SsoTestStepName, detail: string, data?: Record<string, unknown>): SsoTestStep {
  return data ? { step, ok: true, detail, data } : { step, ok: true, detail };
}

/** A failed step, with its failure code. */
export function failed(step: SsoTestStepName, failure: SsoFailure, detail: string, data?: Record<string, unknown>): SsoTestStep {
  return data ? { step, ok: false, failure, detail, data } : { step, ok: false, failure, detail };
}

/**
 * What a user reads on Connect's sign-in error page for each failure: what went wrong and who can fix it. An
 * administrator reads the step's own detail in "Test connection", which says more.
 */
export function userMessage(failure: SsoFailure, providerName: string): string {
  switch (failure) {
    case 'access_denied':
      return `${providerName} did not sign you in. If you cancelled, sign in again; otherwise ask your IT department whether you have access.`;
    case 'user_disabled':
      return `${providerName} says your user is disabled. Ask your IT department to enable it.`;
    case 'state_mismatch':
      return 'This sign-in is no longer valid: it expired, was already used, or was started in another browser. Sign in again.';
    case 'email_claim_missing':
      return `${providerName} did not tell Connect your email address. Ask your IT department to add the email to your user at ${providerName}.`;
    case 'email_domain_not_assigned':
      return `${providerName} signed you in with an email at a domain it does not sign in for at Connect. Ask your IT department to check your email at ${providerName}.`;
    case 'clock_skew':
      return `${providerName}'s clock and Connect's disagree, so the sign-in could not be trusted. Try again in a moment; if it keeps happening, tell your IT department.`;
    default:
      return `Signing in with ${providerName} failed: Connect and ${providerName} are not set up to work together. Tell your IT department (${failure.replace(/_/g, ' ')}).`;
  }
}

export const SSO_MESSAGES = {
  /** R22: an SSO-only domain refuses passwords; the words name the provider and the button to use. */
  ssoRequired: (providerName: string) => `Your organisation signs you in with ${providerName}. Use “Sign in with ${providerName}”.`,
  /** An SSO-only domain whose provider is switched off: nothing the user can do but ask. */
  ssoUnavailable: (providerName: string) =>
    `Your organisation signs you in with ${providerName}, which is switched off at Connect right now. Contact your administrator.`,
  providerUnknown: 'This sign-in link names no identity provider Connect knows. Go back to the sign-in page and enter your email.',
  providerDisabled: (providerName: string) => `Signing in with ${providerName} is switched off. Contact your administrator.`,
  emailNotServed: (email: string, providerName: string) =>
    `${providerName} does not sign in ${email} at Connect. Go back to the sign-in page and enter your email again.`,
  blocked: 'Your Connect account is blocked. Contact your administrator.',
  storageFull: "Connect could not finish signing you in: the browser's storage is full. Free some space and sign in again.",
} as const;
