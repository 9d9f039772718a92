// Owns the clients registered at Connect: the HRM (confidential, also the server-to-server client that links
// accounts), Expense (public, PKCE) and a developer playground (public). Seeding and the v2 upgrade both write these.
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import type { ClientRow, SigningAlg } from './db';

export interface ClientRegistration {
  id: string;
  name: string;
  type: ClientRow['type'];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  idTokenSignedResponseAlg: SigningAlg;
}

/**
 * The HRM's client: client_id "hrm", links recorded as the app "HRM"; its secret comes from the workspace template. It
 * logs users in at the customer's own address and, after the move, at the shared web and mobile hosts (R18): one
 * redirect URI for each, compared exactly (RFC 9700 §4.1.3).
 */
export const HRM_CLIENT: ClientRegistration = {
  id: 'hrm',
  name: 'HRM',
  type: 'confidential',
  redirectUris: [ORIGINS.hrm, HRM_NEW_ORIGINS.web, HRM_NEW_ORIGINS.mobile].map((origin) => `${origin}/auth/callback`),
  postLogoutRedirectUris: [ORIGINS.hrm, HRM_NEW_ORIGINS.web, HRM_NEW_ORIGINS.mobile].map((origin) => `${origin}/login`),
  idTokenSignedResponseAlg: 'RS256',
};

/** A second connected app (R4: Erik already uses Connect for Expense). Its ID tokens are ES256, to show both keys. */
const EXPENSE_CLIENT: ClientRegistration = {
  id: 'expense',
  name: 'Expense',
  type: 'public',
  redirectUris: [`${ORIGINS.expense}/auth/callback`],
  postLogoutRedirectUris: [`${ORIGINS.expense}/`],
  idTokenSignedResponseAlg: 'ES256',
};

/** For developers trying a client of their own against Connect. */
const PLAYGROUND_CLIENT: ClientRegistration = {
  id: 'playground',
  name: 'Playground',
  type: 'public',
  redirectUris: [`${ORIGINS.playground}/callback`],
  postLogoutRedirectUris: [`${ORIGINS.playground}/`],
  idTokenSignedResponseAlg: 'RS256',
};

export const REGISTRATIONS: readonly ClientRegistration[] = [HRM_CLIENT, EXPENSE_CLIENT, PLAYGROUND_CLIENT];

/** A client's row: a confidential client's secret as a PBKDF2 hash and salt, a public client's as nothing. */
export function registeredClient(registration: ClientRegistration, secret: { hash: string; salt: string } | null): ClientRow {
  const hasSecret = registration.type === 'confidential' && secret !== null;
  return {
    ...registration,
    redirectUris: [...registration.redirectUris],
    postLogoutRedirectUris: [...registration.postLogoutRedirectUris],
    secretHash: hasSecret ? secret.hash : null,
    secretSalt: hasSecret ? secret.salt : null,
  };
}
