// Tests single sign-on's pure rules: which provider serves an email (R24: only a verified domain), the `amr` a
// brokered session keeps, and the words a user reads for each failure.
import { describe, expect, it } from 'vitest';
import { SSO_FAILURES } from '../../../../src/contracts/connect-sso';
import type { IdentityProviderRow } from '../../../../mocks/servers/connect/db';
import { providerForDomain, upstreamAmr, userMessage, verifiedDomainsOf } from '../../../../mocks/servers/connect/sso/rules';

const provider = (id: string, organisationId: string, domains: string[]) => ({ id, organisationId, domains }) as IdentityProviderRow;

describe('providerForDomain', () => {
  const providers = [provider('idp_a', 'org_1', ['company.com', 'pending.example']), provider('idp_b', 'org_2', ['other.example'])];
  const verified = new Map([
    ['org_1', new Set(['company.com'])],
    ['org_2', new Set(['other.example'])],
  ]);

  it('finds the provider that lists the verified domain of the email', () => {
    expect(providerForDomain('anna@company.com', providers, verified)?.id).toBe('idp_a');
    expect(providerForDomain('bo@other.example', providers, verified)?.id).toBe('idp_b');
  });

  it('routes a listed domain its organisation has not verified nowhere', () => {
    expect(providerForDomain('anna@pending.example', providers, verified)).toBeUndefined();
  });

  it('does not let a provider serve a domain another organisation verified', () => {
    const stolen = [provider('idp_c', 'org_2', ['company.com'])];
    expect(providerForDomain('anna@company.com', stolen, verified)).toBeUndefined();
  });

  it('compares the whole domain, not its end', () => {
    expect(providerForDomain('anna@evilcompany.com', providers, verified)).toBeUndefined();
    expect(providerForDomain('anna@sub.company.com', providers, verified)).toBeUndefined();
  });
});

describe('verifiedDomainsOf', () => {
  it('keeps only the domains with a verification time', () => {
    const domains = verifiedDomainsOf({
      domains: [
        { name: 'company.com', verifiedAt: 1 },
        { name: 'pending.example', verifiedAt: null },
      ],
    });
    expect([...domains]).toEqual(['company.com']);
    expect(verifiedDomainsOf(undefined).size).toBe(0);
  });
});

describe('upstreamAmr', () => {
  it('keeps the strings the provider reported and nothing else', () => {
    expect(upstreamAmr(['pwd', 'mfa'])).toEqual(['pwd', 'mfa']);
    expect(upstreamAmr(['pwd', 7, null, 'otp'])).toEqual(['pwd', 'otp']);
    expect(upstreamAmr('mfa')).toEqual([]);
    expect(upstreamAmr(undefined)).toEqual([]);
  });
});

describe('userMessage', () => {
  it('names the provider in every failure and never shows a rule or document', () => {
    for (const failure of SSO_FAILURES) {
      const message = userMessage(failure, 'Entra ID');
      if (failure !== 'state_mismatch') expect(message, failure).toContain('Entra ID');
      expect(message, failure).not.toMatch(/\bR\d+\b|RFC|seed|PRODUCT/);
    }
  });
});
