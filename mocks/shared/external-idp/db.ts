// Owns the database of an organisation's identity provider (entra.test, google.test, okta.test, ping.test: one per
// provider per workspace, the same tables at each): the directory, its users and their MFA, the provider's own browser
// sessions, the applications registered with their secrets and certificates, the OpenID protocol's stored state
// (authorization requests, sign-ins in progress, codes, signing keys, spent client assertions) and the sign-in log.
// Versions are append-only.
import Dexie, { type EntityTable } from 'dexie';
import type { IdpName } from '../../../src/contracts/idp';
import type { ConsoleAction } from '../../../src/contracts/idp-console';
import type { SigningKeyRow } from '../oidc-provider/keys';
import { databaseName } from '../server';

export type { SigningKeyRow };

/** The organisation's directory at this provider: one row, key "tenant"; none when the organisation has none here. */
export interface IdpTenantRow {
  id: 'tenant';
  /** In the issuer and URLs of Entra and Okta. */
  tenantId: string;
  name: string;
  /** The domains of its usernames (Google's `hd`). Lower case. */
  domains: string[];
  createdAt: number;
}

export interface IdpUserRow {
  /** The stable subject (`sub`; Entra's object id `oid`). */
  id: string;
  /** What the user types at the login page, lower case; unique (Entra's UPN, which need not be the mail address). */
  username: string;
  /** The mail address the directory has, or null (then the `email` claim is missing). Lower case. */
  email: string | null;
  name: string;
  passwordHash: string;
  passwordSalt: string;
  /** Base32 TOTP secret of the user's authenticator (RFC 6238), or null: no MFA at this provider. */
  totpSecret: string | null;
  /** The last TOTP step accepted, so a code is used once (RFC 6238 §5.2). */
  totpLastStep: number | null;
  groups: string[];
  /** When an administrator disabled the user (world time): the login page refuses them from then on. */
  disabledAt: number | null;
  /** Administers the directory (the provider's admin console). */
  isAdmin: boolean;
  createdAt: number;
}

/** The provider's own browser session (its cookie on its host): a second application signs in without typing. */
export interface IdpSessionRow {
  /** The cookie's value. */
  id: string;
  userId: string;
  /** When the user typed their credentials (OIDC Core `auth_time`). */
  authTime: number;
  /** How (RFC 8176): ["pwd"], or with the authenticator ["pwd", "mfa"] (brands add "otp"). */
  amr: string[];
  createdAt: number;
  expiresAt: number;
}

/** A client secret of an application (Entra's "Certificates & secrets"): kept as a salted hash, shown by its hint. */
export interface IdpSecretRow {
  id: string;
  /** The first three characters, as the console shows a secret after it was created. */
  hint: string;
  description: string;
  hash: string;
  salt: string;
  createdAt: number;
  expiresAt: number;
}

/** A certificate whose key signs the application's client assertions (private_key_jwt, RFC 7523 §2.2). */
export interface IdpCertificateRow {
  /** base64url SHA-256 of the DER certificate: the `x5t#S256` (RFC 7515 §4.1.8) or `kid` an assertion names. */
  thumbprint: string;
  pem: string;
  publicJwk: JsonWebKey;
  notBefore: number;
  notAfter: number;
  uploadedAt: number;
}

/** An application registration (an Entra app registration, an Okta app integration). */
export interface IdpApplicationRow {
  clientId: string;
  name: string;
  /** Compared as exact strings (RFC 6749 §3.1.2.3). */
  redirectUris: string[];
  secrets: IdpSecretRow[];
  certificates: IdpCertificateRow[];
  createdAt: number;
}

/** An authorization request waiting for the user to sign in at the provider's login page. */
export interface IdpAuthRequestRow {
  id: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  loginHint: string | null;
  /** A session that prompt=login or max_age found too old: only a newer sign-in answers the request. */
  staleSessionId: string | null;
  createdAt: number;
  expiresAt: number;
}

/** A sign-in in progress at the login page: which user, and how far they got. */
export interface IdpLoginRow {
  id: string;
  /** The authorization request it answers, or null (a sign-in to the provider's own console). */
  requestId: string | null;
  /** A path on the provider's host to go to once signed in. */
  returnTo: string;
  userId: string | null;
  /** When the password was accepted: the authenticator code is asked next when the user has one. */
  passwordAt: number | null;
  /** Wrong passwords and codes in a row. */
  failures: number;
  createdAt: number;
  expiresAt: number;
}

export interface IdpCodeRow {
  /** SHA-256 hex of the code; the code itself is never stored. */
  codeHash: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string[];
  nonce: string | null;
  codeChallenge: string;
  sessionId: string;
  authTime: number;
  amr: string[];
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** A client assertion's `jti`, spent (RFC 7523 §3 item 7): the same assertion is refused until it would expire. */
export interface IdpUsedAssertionRow {
  clientId: string;
  jti: string;
  expiresAt: number;
  usedAt: number;
}

/** One line of the provider's sign-in log, as its admin console shows it. */
export interface IdpSignInRow {
  id: string;
  at: number;
  userId: string | null;
  /** As typed (an unknown username has no user). */
  username: string;
  clientId: string | null;
  application: string | null;
  result: 'success' | 'failure';
  /** Why it failed, in the provider's words; null on success. */
  reason: string | null;
}

/** One change an administrator made in the provider's admin console (version 2). */
export interface IdpConsoleActivityRow {
  id: string;
  at: number;
  actorId: string;
  /** The administrator's username when they made the change. */
  actor: string;
  action: ConsoleAction;
  target: string;
  detail: string;
}

export class ExternalIdpDb extends Dexie {
  tenant!: EntityTable<IdpTenantRow, 'id'>;
  users!: EntityTable<IdpUserRow, 'id'>;
  sessions!: EntityTable<IdpSessionRow, 'id'>;
  applications!: EntityTable<IdpApplicationRow, 'clientId'>;
  authRequests!: EntityTable<IdpAuthRequestRow, 'id'>;
  logins!: EntityTable<IdpLoginRow, 'id'>;
  codes!: EntityTable<IdpCodeRow, 'codeHash'>;
  signingKeys!: EntityTable<SigningKeyRow, 'kid'>;
  usedAssertions!: Dexie.Table<IdpUsedAssertionRow, [string, string]>;
  signIns!: EntityTable<IdpSignInRow, 'id'>;
  consoleActivity!: EntityTable<IdpConsoleActivityRow, 'id'>;

  constructor(workspaceId: string, idp: IdpName) {
    super(databaseName(workspaceId, idp));
    this.version(1).stores({
      tenant: 'id',
      users: 'id, &username, email',
      sessions: 'id, userId',
      applications: 'clientId',
      authRequests: 'id, expiresAt',
      logins: 'id, expiresAt',
      codes: 'codeHash, userId',
      signingKeys: 'kid, alg',
      usedAssertions: '[clientId+jti], expiresAt',
      signIns: 'id, at, userId',
    });
    // The admin console's activity log; every table of version 1 is kept as it was.
    this.version(2).stores({ consoleActivity: 'id, at' });
  }
}
