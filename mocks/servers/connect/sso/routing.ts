// Owns where an email signs in (R20, R22, R24): the identity provider that serves its domain — only a domain its
// organisation verified at Connect routes anywhere — and the refusal of a password (or a reset) at a domain that signs
// in only with its provider. The answer depends on the domain alone, never on whether an account exists.
import { CONNECT_PATHS, type IdentifySso } from '../../../../src/contracts/connect';
import { SSO_START_PATH } from '../../../../src/contracts/connect-sso';
import { domainOf } from '../../../../src/domain/email';
import type { IdentityProviderRow } from '../db';
import { auditEntry, connectProblem, type ConnectEnv } from '../env';
import { providerForDomain, SSO_MESSAGES, verifiedDomainsOf } from './rules';

/** The provider that serves `email`'s verified domain, enabled or not; undefined when the email signs in with a password. */
export async function providerForEmail(env: ConnectEnv, email: string): Promise<IdentityProviderRow | undefined> {
  const providers = await env.db.identityProviders.where('domains').equals(domainOf(email)).toArray();
  if (providers.length === 0) return undefined;
  const verified = new Map<string, Set<string>>();
  for (const id of new Set(providers.map((p) => p.organisationId))) {
    verified.set(id, verifiedDomainsOf(await env.db.organisations.get(id)));
  }
  return providerForDomain(email, providers, verified);
}

/** Connect's start of a sign-in at `provider` for `email`, going on to `returnTo` once signed in. */
export function ssoStartUrl(provider: Pick<IdentityProviderRow, 'id'>, email: string, returnTo: string): string {
  const query = new URLSearchParams({ provider: provider.id, return_to: returnTo, email });
  return `${SSO_START_PATH}?${query}`;
}

/** The login page again, with the email and where the sign-in was going. */
export function loginAgainUrl(returnTo: string | null, email: string | null): string {
  const query = new URLSearchParams();
  if (returnTo) query.set('return_to', returnTo);
  if (email) query.set('email', email);
  const search = query.toString();
  return search ? `${CONNECT_PATHS.login}?${search}` : CONNECT_PATHS.login;
}

/** What the login page offers for `email` (R20): its provider when one serves its domain and is switched on. */
export async function ssoOffer(env: ConnectEnv, email: string, returnTo: string): Promise<IdentifySso | 'unavailable' | undefined> {
  const provider = await providerForEmail(env, email);
  if (!provider) return undefined;
  if (!provider.enabled) return provider.ssoOnly ? 'unavailable' : undefined;
  return {
    providerName: provider.name,
    offer: provider.offer,
    startUrl: ssoStartUrl(provider, email, returnTo),
    ssoOnly: provider.ssoOnly,
  };
}

/**
 * R22 "Only SSO": a password sign-in, a reset or a temporary password's change for an email at a domain that signs in only with its provider is
 * refused, naming the provider (or, when it is switched off, pointing to the administrator), and audited. Undefined
 * when a password may be used.
 */
export async function refuseWhenSsoOnly(
  env: ConnectEnv,
  email: string,
  what: 'password' | 'reset' | 'change' | 'passkey',
): Promise<Response | undefined> {
  const provider = await providerForEmail(env, email);
  if (!provider || !provider.ssoOnly) return undefined;
  const account = await env.db.accounts.where('email').equals(email).first();
  const action = {
    password: 'Password sign-in',
    reset: 'Password reset',
    change: 'Temporary password change',
    passkey: 'Passkey sign-in',
  }[what];
  await env.db.audit.add(
    auditEntry(
      env,
      'sso.refused',
      provider.enabled
        ? `${action} refused for ${email}: ${domainOf(email)} signs in only with ${provider.name}`
        : `${action} refused for ${email}: ${domainOf(email)} signs in only with ${provider.name}, which is switched off`,
      { accountId: account?.id ?? null, email },
    ),
  );
  return provider.enabled
    ? connectProblem(403, 'sso_required', SSO_MESSAGES.ssoRequired(provider.name))
    : connectProblem(403, 'sso_unavailable', SSO_MESSAGES.ssoUnavailable(provider.name));
}
