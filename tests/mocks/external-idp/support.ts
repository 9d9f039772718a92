// Owns what the identity provider tests share: a demo company whose users are at one of the four providers (with a
// user whose username is not the mail address and who has no email, one with an authenticator, one disabled and the
// directory's administrator), the application Connect would be, and a PKCE sign-in through the provider's pages.
import { IDP_NAMES, type IdpName } from '../../../src/contracts/idp';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { TemplateIdpAccount, WorkspaceTemplate } from '../../../mocks/templates/template';
import { DAY } from '../../../src/domain/clock';

export { IDP_NAMES, type IdpName };

export const TENANT_ID = '3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c';
export const CLIENT_ID = 'connect-sso';
export const CLIENT_SECRET = 'Qx7~connect-sso-secret-value';
export const REDIRECT_URI = 'https://connect.test/connect/sso/callback';
/** RFC 6238 Appendix B's key, base32: any code it gives can be checked against otpauth. */
export const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

export interface IdpUserSpec extends Omit<TemplateIdpAccount, 'provider'> {
  key: string;
}

/** Anna: username = mail. Karin: admin. Johan: authenticator. Lena: username not her mail, no email. Oskar: disabled. */
export const USERS = {
  anna: {
    key: 'anna',
    username: 'anna.svensson@company.com',
    password: 'anna-idp-1',
    email: 'anna.svensson@company.com',
    groups: ['Finance'],
  },
  karin: { key: 'karin', username: 'karin.berg@company.com', password: 'karin-idp-1', email: 'karin.berg@company.com', admin: true },
  johan: {
    key: 'johan',
    username: 'johan.ek@company.com',
    password: 'johan-idp-1',
    email: 'johan.ek@company.com',
    totpSecret: TOTP_SECRET,
    groups: ['HR staff', 'Everyone'],
  },
  lena: { key: 'lena', username: 'lholm@company.com', password: 'lena-idp-1', email: null },
  oskar: { key: 'oskar', username: 'oskar.lund@company.com', password: 'oskar-idp-1', email: 'oskar.lund@company.com', disabled: true },
} as const satisfies Record<string, IdpUserSpec>;

/** The demo company with its users at `idp` and Connect registered there with a secret valid for a year. */
export function idpTemplate(idp: IdpName, options: { secretExpiresAt?: number } = {}): WorkspaceTemplate {
  const accounts = new Map<string, TemplateIdpAccount>(
    Object.values(USERS).map(({ key, ...account }) => [key, { provider: idp, ...account } as TemplateIdpAccount]),
  );
  return {
    ...demoTenant,
    id: `${demoTenant.id}-${idp}`,
    tenant: {
      ...demoTenant.tenant,
      identityProviders: [
        {
          provider: idp,
          tenantName: 'Demo Company',
          tenantId: TENANT_ID,
          domains: ['company.com'],
          applications: [
            {
              name: 'Connect',
              clientId: CLIENT_ID,
              redirectUris: [REDIRECT_URI],
              secret: { value: CLIENT_SECRET, expiresAt: options.secretExpiresAt ?? demoTenant.startsAt + 365 * DAY },
            },
          ],
        },
      ],
    },
    people: demoTenant.people.map((person) => {
      const account = accounts.get(person.key);
      return account ? { ...person, idpAccount: account } : person;
    }),
  };
}
