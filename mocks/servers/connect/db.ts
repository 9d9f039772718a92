// Owns Connect's database (one per workspace): accounts keyed by email, browser sessions, password-reset tokens
// (digests only), the registered clients, the OpenID provider's signing keys, pending authorization requests,
// codes and token grants (digests only), the organisation with its administrators and lockout settings, login
// throttles, password-change tickets and activation links (digests only), the audit log (R26), and the
// domains the organisation added with their verification (R23), and two-factor authentication (R21): the
// authenticator apps set up and being set up, recovery codes and remembered devices (digests only), sign-ins waiting
// for their second step, and the organisation's groups; and passkeys with the record of each WebAuthn ceremony.
// Versions are append-only.
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { ConnectAuditType, LockoutSettings, OrganisationDomain } from '../../../src/contracts/connect';
import type { DomainStatus } from '../../../src/contracts/connect-domains';
import type { IdentityProviderKind, SsoClientAuthMethod, SsoOffer, SsoTestStep, SsoTestView } from '../../../src/contracts/connect-sso';
import type { AppliedEvent } from '../../../src/contracts/inspection';
import type { TwoFactorPolicy } from '../../../src/contracts/connect-two-factor';
import type { TotpParameters } from '../../../src/domain/totp';
import type {
  CeremonyKind,
  CeremonyPurpose,
  CeremonyVerification,
  DecodedAuthenticatorResponse,
  PasskeyCeremonyView,
} from '../../../src/contracts/connect-passkeys';
import type { DomainVerificationContext } from '../../../machines/domain-verification';
import type { SigningAlg, SigningKeyRow } from '../../shared/oidc-provider/keys';
import { databaseName } from '../../shared/server';
import { registeredClient, REGISTRATIONS } from './clients';
import { accountSearchFields } from './rules';

/** Connect's signing keys are the provider core's (mocks/shared/oidc-provider). */
export type { SigningAlg, SigningKeyRow };

export interface AccountRow {
  id: string;
  /** Normalised; unique: an account is keyed by its email (R20). Plus tags are kept: an alias is its own account. */
  email: string;
  name: string;
  /** null until the user sets one ("Forgot your password?", R5). */
  passwordHash: string | null;
  passwordSalt: string | null;
  passwordChangedAt: number | null;
  createdAt: number;
  /** Applications this account is linked to ("Expense", "HRM"), in the order they were linked. */
  apps: string[];
  /** Each linking application's own id for the user (LinkAccountRequest.externalUserId), by app name. */
  externalIds: Record<string, string>;
  /** v3. The email's domain: the admin portal lists an organisation's accounts by [domain+email]. */
  domain: string;
  /** v3. Lower-case words of the name and the email's local part, for the admin portal's search (multi-entry index). */
  words: string[];
  /** v3. World time an administrator blocked the account (R25), or null. Indexed: null rows stay out of the index. */
  blockedAt: number | null;
  /** v3. World time of the last successful login, or null. */
  lastLoginAt: number | null;
  /** v3. While the password is a temporary one an administrator sent (R27): when it stops working. */
  temporaryPasswordExpiresAt: number | null;
}

export interface SessionRow {
  /** The cookie's value (random, 16 bytes hex). A secret: never put in a token. */
  id: string;
  accountId: string;
  /** World time. */
  expiresAt: number;
  /** World time of the authentication (OIDC Core §2 `auth_time`). */
  authTime: number;
  /** How the user authenticated (RFC 8176 `amr`): ['pwd'] for a password. */
  amr: string[];
  /** The session's public id, put in ID tokens as `sid` (OIDC Front-Channel Logout §3). */
  sid: string;
  /**
   * The identity provider the user signed in through (R22), absent for Connect's own sign-ins: tokens from it refresh
   * only as long as that sign-in's Connect session would last.
   */
  brokeredBy?: string;
}

export interface ResetTokenRow {
  /** SHA-256 of the token mailed to the user: the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface ClientRow {
  /** The client_id (RFC 6749 §2.2), e.g. "hrm". */
  id: string;
  /** The application name its links carry in `apps`, e.g. "HRM". */
  name: string;
  /** RFC 6749 §2.1: a confidential client has a secret (client_secret_basic); a public one has none and uses PKCE. */
  type: 'confidential' | 'public';
  secretHash: string | null;
  secretSalt: string | null;
  /** Compared as exact strings (RFC 6749 §3.1.2.3, OIDC Core §3.1.2.1). */
  redirectUris: string[];
  /** OIDC RP-Initiated Logout §2: where the end-session endpoint may send the browser after logging out. */
  postLogoutRedirectUris: string[];
  /** OIDC Dynamic Client Registration §2 `id_token_signed_response_alg`. */
  idTokenSignedResponseAlg: SigningAlg;
}

/** An authorization request waiting for the user to sign in; the login page sends the browser back to it. */
export interface AuthRequestRow {
  id: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  /** OIDC Core §3.1.2.1 `login_hint`: the email the login page starts with. */
  loginHint: string | null;
  /**
   * The session the browser had when prompt=login or max_age asked for a new sign-in: it cannot answer this
   * request. null when there was none (any session will do).
   */
  staleSessionId: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface CodeRow {
  /** SHA-256 of the code: the code itself is never stored. */
  codeHash: string;
  clientId: string;
  accountId: string;
  redirectUri: string;
  scope: string[];
  nonce: string | null;
  /** BASE64URL(SHA-256(code_verifier)) (RFC 7636 §4.2, S256 only), or null for a confidential client without PKCE. */
  codeChallenge: string | null;
  sid: string;
  authTime: number;
  amr: string[];
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** The grant the code was exchanged for: revoked when the code comes back (RFC 6749 §4.1.2). */
  grantId: string | null;
  /** The identity provider of the sign-in this came from (SessionRow.brokeredBy), absent for Connect's own. */
  brokeredBy?: string;
}

/** What one code exchange granted: every token issued from it, refreshes included, is revoked together. */
export interface GrantRow {
  id: string;
  codeHash: string;
  clientId: string;
  accountId: string;
  scope: string[];
  sid: string;
  authTime: number;
  amr: string[];
  createdAt: number;
  /** Refresh tokens of this grant stop working then, rotation or not. */
  expiresAt: number;
  revokedAt: number | null;
  /** The identity provider of the sign-in this came from (SessionRow.brokeredBy), absent for Connect's own. */
  brokeredBy?: string;
}

export interface AccessTokenRow {
  /** The JWT's `jti` (RFC 9068 §2.2). */
  jti: string;
  grantId: string;
  expiresAt: number;
}

export interface RefreshTokenRow {
  /** SHA-256 of the token. */
  tokenHash: string;
  grantId: string;
  createdAt: number;
  /** Set when it was exchanged (rotated): presenting it again revokes the grant. */
  usedAt: number | null;
}

/** Every entry type, grouped for the admin portal's filter in AUDIT_CATEGORIES. */
export type AuditType = ConnectAuditType;

export interface AuditRow {
  id?: number;
  at: number;
  type: AuditType;
  accountId: string | null;
  /** The email the entry is about, also for failed logins with an unknown email. */
  email: string | null;
  /** One human sentence, shown as-is in the admin portal's audit log and the x-ray. */
  detail: string;
  /** v3. The administrator whose action it records (the admin portal's own actions); absent on older rows. */
  actorId?: string | null;
}

/** v3. The tenant at Connect (one per workspace): its domains, administrators and lockout settings. */
export interface OrganisationRow {
  id: string;
  name: string;
  /** The domains whose accounts it manages: the template's company domain; domain verification adds more (R23). */
  domains: OrganisationDomain[];
  lockout: LockoutSettings;
  /** Account ids (multi-entry index: the organisation an administrator administers). */
  admins: string[];
  /** R28: administrators named by the template who have not activated yet, with their activation mail. */
  invited: InvitedAdmin[];
  createdAt: number;
  /** v5. Who must use two-factor authentication (R21); nobody in an upgraded workspace. */
  twoFactor: TwoFactorPolicy;
}

export interface InvitedAdmin {
  accountId: string;
  /** When the activation mail went out; null until Connect has sent it (mail first, store after). */
  sentAt: number | null;
  expiresAt: number | null;
}

/** v3. Failed password logins for one email, existing account or not, so the lockout never tells which (docs/connect-admin.md). */
export interface LoginThrottleRow {
  /** Normalised, as typed at the login. */
  email: string;
  /** World times of the failures within the organisation's window, oldest first. */
  failures: number[];
  /** While locked: when the lock ends (exclusive). Indexed: null rows stay out of the index. */
  lockedUntil: number | null;
}

/** v3. A single-use ticket to choose a new password after signing in with a temporary one (digest only). */
export interface PasswordChangeRow {
  tokenHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** v3. An administrator's activation link (R28), stored as a digest. */
export interface ActivationRow {
  tokenHash: string;
  accountId: string;
  organisationId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/**
 * v4. A domain an organisation added (R23): one organisation owns a domain once, so the domain is the key. Once
 * verified it is also among the organisation's domains.
 */
export interface DomainRow {
  /** Lower case, without a trailing dot: "company.com". */
  domain: string;
  organisationId: string;
  /** The machine's status, kept beside its snapshot to be indexed (strings, not booleans: docs/testing.md). */
  status: DomainStatus;
  /** The random part of every proof Connect asks for: the TXT value, the CNAME target and the file's name. */
  token: string;
  addedAt: number;
  /** The administrator's email. */
  addedBy: string;
  /** machines/domain-verification.ts, as value and context (no children or history to keep). */
  machine: { value: unknown; context: DomainVerificationContext };
  /**
   * The last events the machine took, oldest first, for the simulator's inspection; absent in rows stored before
   * Connect remembered them (none remembered). Not indexed, so no schema version.
   */
  lastEvents?: AppliedEvent[];
}

/** v5. An authenticator app an account set up (one per account: setting up another replaces it). */
export interface TotpFactorRow extends TotpParameters {
  accountId: string;
  /**
   * Base32. The verifier needs the shared secret itself (RFC 6238 §5.1 asks for it to be protected, e.g. encrypted);
   * the sandbox keeps it as it keeps its signing keys, in the workspace's database.
   */
  secret: string;
  addedAt: number;
  /** The step of the last code accepted: no code of that step or an earlier one works again (RFC 6238 §5.2). */
  lastUsedStep: number | null;
}

/** v5. A secret shown as a QR code, until a code from the app confirms it (then it becomes the account's TotpFactorRow). */
export interface TotpEnrolmentRow {
  accountId: string;
  secret: string;
  startedAt: number;
  expiresAt: number;
}

/** v5. An account's recovery codes, as SHA-256 digests; each works once. */
export interface RecoveryCodesRow {
  accountId: string;
  codes: Array<{ digest: string; usedAt: number | null }>;
  issuedAt: number;
}

/** v5. A browser that passed the second step with "Remember this device for 30 days": its cookie's digest. */
export interface RememberedDeviceRow {
  tokenHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
}

/** v5. A sign-in whose password was right, waiting for its second step (or for a factor to be set up); cookie digest. */
export interface PendingSignInRow {
  tokenHash: string;
  accountId: string;
  /** RFC 8176 values of what the user has done so far: ['pwd']. */
  amr: string[];
  createdAt: number;
  expiresAt: number;
  /** The identity provider of the sign-in this came from (SessionRow.brokeredBy), absent for Connect's own. */
  brokeredBy?: string;
}

/** v5. A group of the organisation's people, by email ("HR staff", R21); policies name groups. */
export interface GroupRow {
  id: string;
  organisationId: string;
  name: string;
  /** Normalised emails; multi-entry index: the groups an email is in. */
  members: string[];
}

/** v6. A passkey: a WebAuthn public key credential registered to an account (WebAuthn L3 §7.1 step 27). */
export interface PasskeyRow {
  /** The credential ID, base64url: unique across Connect, so one authenticator's key belongs to one account. */
  id: string;
  accountId: string;
  name: string;
  /** The credential public key as the authenticator gave it (a COSE_Key, WebAuthn L3 §6.5.1.1), base64url. */
  publicKey: string;
  /** The last signature counter seen (WebAuthn L3 §6.1.1); 0 for authenticators that keep none. */
  counter: number;
  /** AuthenticatorTransport values the browser reported, handed back in allowCredentials and excludeCredentials. */
  transports: string[];
  aaguid: string;
  /** Backup eligible and backed up (WebAuthn L3 §6.1.3): a synced passkey. Not indexed (docs/testing.md). */
  backupEligible: boolean;
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

/**
 * v6. One WebAuthn ceremony (WebAuthn L3 §7.1, §7.2): its challenge, single use and short-lived, bound to the browser
 * that asked for it; once answered, the response, its decoding and Connect's verdict, which the developer x-ray reads.
 */
export interface PasskeyCeremonyRow {
  /** Auto-incremented: the order ceremonies began in (world time often stands still). */
  seq?: number;
  /** Random, sent to the page with the options and back with the answer. */
  id: string;
  kind: CeremonyKind;
  purpose: CeremonyPurpose;
  /** The `connect_browser` cookie of the browser that asked. */
  browserId: string;
  /** The account it is for: from the start when registering or as a second factor; once answered for a passwordless sign-in. */
  accountId: string | null;
  /** base64url of the random challenge, as in the options. */
  challenge: string;
  rpId: string;
  origin: string;
  options: PasskeyCeremonyView['options'];
  createdAt: number;
  expiresAt: number;
  /** When it was answered: a challenge is spent by its first answer, whatever the outcome. */
  usedAt: number | null;
  response: PasskeyCeremonyView['response'];
  decoded: DecodedAuthenticatorResponse | null;
  verification: CeremonyVerification | null;
}

/** v7. An identity provider the organisation signs the users of some of its verified domains in with (R20, R24). */
export interface IdentityProviderRow {
  /** "idp_" and 8 random hex characters. */
  id: string;
  organisationId: string;
  kind: IdentityProviderKind;
  /** What users read on the button: "Sign in with <name>". */
  name: string;
  /** The issuer Connect expects in the metadata and in ID tokens (OIDC Discovery §4.3); discovery is read under it. */
  issuer: string;
  clientId: string;
  clientAuth: SsoClientAuthMethod;
  /** The secret the provider issued, which Connect must present as is; null with private_key_jwt. */
  clientSecret: string | null;
  /** When the secret expires at the provider, as the administrator entered it; absent or null when not known. */
  secretExpiresAt?: number | null;
  /** Connect's key for private_key_jwt (RFC 7523 §2.2) and its certificate, which the provider's app registration holds. */
  credential: SsoCredential | null;
  /** The claim of the ID token (or userinfo) that carries the user's email, "email" unless the admin chose another. */
  emailClaim: string;
  /** Verified domains whose users sign in here; a domain is served by at most one provider (R24). Multi-entry index. */
  domains: string[];
  /** Users at these domains only sign in here: a password and "Forgot your password?" are refused with the reason. */
  ssoOnly: boolean;
  offer: SsoOffer;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /**
   * When what a sign-in depends on (issuer, client, secret, certificate, email claim) last changed: a "Test connection"
   * run from before it no longer vouches for the provider. Absent in rows written before it existed (then updatedAt).
   */
  connectionChangedAt?: number;
}

export interface SsoCredential {
  /** The header's `kid` of Connect's client assertions. */
  kid: string;
  /** The sandbox protects no real secret: the private key is kept as a JWK in the workspace's database. */
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  /** Self-signed X.509 certificate of the public key, PEM. */
  certificatePem: string;
  /** base64url SHA-256 of the certificate's DER (`x5t#S256`). */
  thumbprint: string;
  notBefore: number;
  notAfter: number;
}

/** v7. A sign-in sent to an identity provider, until its callback: what the answer must match (OIDC Core §3.1.2.1, RFC 7636). */
export interface SsoSignInRow {
  /** The `state` sent to the provider; the callback finds the sign-in by it. */
  state: string;
  providerId: string;
  nonce: string;
  codeVerifier: string;
  /** A user signing in, or an administrator's "Test connection" run (which signs nobody in). */
  purpose: 'sign_in' | 'test';
  /** sign_in: the path on Connect the login page goes on to once signed in (an authorization request's resume). */
  returnTo: string | null;
  /** The email typed on the login page (sent as login_hint), or null. */
  email: string | null;
  /** test: the run it fills in. */
  testId: string | null;
  createdAt: number;
  expiresAt: number;
}

/** v7. A "Test connection" run: each step of a real sign-in at the provider as a test user, with what it saw. */
export interface SsoTestRow {
  id: string;
  providerId: string;
  /** The administrator who ran it. */
  actorId: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: SsoTestView['outcome'];
  steps: SsoTestStep[];
}

/** v7. A user of an identity provider, known by its `sub` there, linked to a Connect account (R22). */
export interface FederatedIdentityRow {
  providerId: string;
  /** The provider's `sub` for the user: stable, unlike the email. */
  subject: string;
  accountId: string;
  /** The email the provider gave when the link was made. */
  email: string;
  linkedAt: number;
  lastSignInAt: number;
}

export class ConnectDb extends Dexie {
  accounts!: EntityTable<AccountRow, 'id'>;
  sessions!: EntityTable<SessionRow, 'id'>;
  resetTokens!: EntityTable<ResetTokenRow, 'tokenHash'>;
  clients!: EntityTable<ClientRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;
  signingKeys!: EntityTable<SigningKeyRow, 'kid'>;
  authRequests!: EntityTable<AuthRequestRow, 'id'>;
  codes!: EntityTable<CodeRow, 'codeHash'>;
  grants!: EntityTable<GrantRow, 'id'>;
  accessTokens!: EntityTable<AccessTokenRow, 'jti'>;
  refreshTokens!: EntityTable<RefreshTokenRow, 'tokenHash'>;
  organisations!: EntityTable<OrganisationRow, 'id'>;
  loginThrottles!: EntityTable<LoginThrottleRow, 'email'>;
  passwordChanges!: EntityTable<PasswordChangeRow, 'tokenHash'>;
  activations!: EntityTable<ActivationRow, 'tokenHash'>;
  domains!: EntityTable<DomainRow, 'domain'>;
  totpFactors!: EntityTable<TotpFactorRow, 'accountId'>;
  totpEnrolments!: EntityTable<TotpEnrolmentRow, 'accountId'>;
  recoveryCodes!: EntityTable<RecoveryCodesRow, 'accountId'>;
  rememberedDevices!: EntityTable<RememberedDeviceRow, 'tokenHash'>;
  pendingSignIns!: EntityTable<PendingSignInRow, 'tokenHash'>;
  groups!: EntityTable<GroupRow, 'id'>;
  passkeys!: EntityTable<PasskeyRow, 'id'>;
  passkeyCeremonies!: EntityTable<PasskeyCeremonyRow, 'seq'>;
  identityProviders!: EntityTable<IdentityProviderRow, 'id'>;
  ssoSignIns!: EntityTable<SsoSignInRow, 'state'>;
  ssoTests!: EntityTable<SsoTestRow, 'id'>;
  federatedIdentities!: Table<FederatedIdentityRow, [string, string]>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'connect'));
    this.version(1).stores({
      accounts: 'id, &email',
      sessions: 'id, accountId, expiresAt',
      resetTokens: 'tokenHash, accountId, expiresAt',
      clients: 'id',
      audit: '++id, at, type, accountId, email',
    });
    // v2: the OpenID Connect provider.
    this.version(2)
      .stores({
        signingKeys: 'kid, alg',
        authRequests: 'id',
        codes: 'codeHash',
        // By account: blocking an account (R25) revokes its grants.
        grants: 'id, accountId',
        accessTokens: 'jti',
        refreshTokens: 'tokenHash',
      })
      .upgrade(upgradeToV2);
    // v3: the organisation and its admin portal (block, lockout, temporary passwords, administrators).
    this.version(3)
      .stores({
        // [domain+email] lists an organisation's accounts in order, *words searches them, blockedAt finds the blocked.
        accounts: 'id, &email, [domain+email], *words, blockedAt',
        // The audit log filtered by type or by user, newest first, each through its own index.
        audit: '++id, at, type, accountId, email, [type+at], [email+at]',
        organisations: 'id, *admins',
        loginThrottles: 'email, lockedUntil',
        passwordChanges: 'tokenHash, accountId',
        activations: 'tokenHash, accountId',
      })
      .upgrade(upgradeToV3);
    // v4: the domains an organisation added and their verification (R23); none in an upgraded workspace.
    this.version(4).stores({ domains: 'domain, organisationId, status' });
    // v5: two-factor authentication (R21): authenticator apps, recovery codes, remembered devices, pending second
    // steps, groups; organisations get a policy that asks nobody.
    this.version(5)
      .stores({
        totpFactors: 'accountId',
        totpEnrolments: 'accountId',
        recoveryCodes: 'accountId',
        // By account: removing the authenticator app forgets the account's devices.
        rememberedDevices: 'tokenHash, accountId',
        pendingSignIns: 'tokenHash, accountId',
        groups: 'id, organisationId, *members',
      })
      .upgrade(upgradeToV5);
    // v6: passkeys by account, and WebAuthn ceremonies by id and by the browser that started them.
    this.version(6).stores({ passkeys: 'id, accountId', passkeyCeremonies: '++seq, &id, browserId' });
    // v7: single sign-on: the organisation's identity providers by the domains they serve (R24), sign-ins waiting for
    // the provider's answer, "Test connection" runs, and the provider users linked to accounts (R22).
    this.version(7).stores({
      identityProviders: 'id, organisationId, *domains',
      ssoSignIns: 'state, expiresAt',
      ssoTests: 'id, providerId, startedAt',
      federatedIdentities: '[providerId+subject], accountId',
    });
    // v8: the HRM logs in at its new web and mobile hosts too (R18): the stored registrations take today's redirect and
    // logout URIs, keeping their secrets.
    this.version(8).upgrade(upgradeToV8);
  }
}

/** v7 → v8: every registered client's redirect and post-logout URIs are today's registration's (clients.ts). */
async function upgradeToV8(tx: Transaction): Promise<void> {
  const clients = tx.table<ClientRow, string>('clients');
  for (const registration of REGISTRATIONS) {
    await clients
      .where('id')
      .equals(registration.id)
      .modify((client: ClientRow) => {
        client.redirectUris = [...registration.redirectUris];
        client.postLogoutRedirectUris = [...registration.postLogoutRedirectUris];
      });
  }
}

/**
 * v1 → v2. Sessions of v1 were all password logins of SESSION_TTL_MS (8 h), so their auth_time is their expiry less
 * 8 hours; their `sid` is numbered (an upgrade cannot reach the server's seeded random, and a sid only has to be
 * unique). The HRM's server-to-server client becomes the confidential OIDC client, keeping its secret; the other
 * registrations are added. Signing keys need WebCrypto, which an upgrade transaction cannot await: they are made on
 * first use (keys.ts).
 */
async function upgradeToV2(tx: Transaction): Promise<void> {
  let n = 0;
  await tx
    .table('sessions')
    .toCollection()
    .modify((session: SessionRow) => {
      session.authTime = session.expiresAt - V1_SESSION_TTL_MS;
      session.amr = ['pwd'];
      session.sid = `v1-${n++}`;
    });
  const clients = tx.table<ClientRow, string>('clients');
  for (const registration of REGISTRATIONS) {
    const existing = (await clients.get(registration.id)) as Partial<ClientRow> | undefined;
    await clients.put(
      registeredClient(
        registration,
        existing?.secretHash && existing.secretSalt ? { hash: existing.secretHash, salt: existing.secretSalt } : null,
      ),
    );
  }
}

/** rules.ts SESSION_TTL_MS as v1 had it; kept here so the upgrade means what it meant even if the TTL changes. */
const V1_SESSION_TTL_MS = 8 * 60 * 60_000;

/**
 * v2 → v3. Accounts get their search fields, are neither blocked nor on a temporary password, and take their last
 * login from the audit log. No organisation is made: its name and administrators come from the workspace template,
 * which an upgrade cannot reach (docs/decisions/an-upgraded-v2-workspace-has-no-organisation.md); logins then follow the default lockout settings.
 */
async function upgradeToV3(tx: Transaction): Promise<void> {
  const lastLogin = new Map<string, number>();
  await tx
    .table('audit')
    .where('type')
    .equals('login')
    .each((entry: AuditRow) => {
      if (entry.accountId !== null && entry.at > (lastLogin.get(entry.accountId) ?? -Infinity)) lastLogin.set(entry.accountId, entry.at);
    });
  await tx
    .table('accounts')
    .toCollection()
    .modify((account: AccountRow) => {
      Object.assign(account, accountSearchFields(account.email, account.name));
      account.blockedAt = null;
      account.lastLoginAt = lastLogin.get(account.id) ?? null;
      account.temporaryPasswordExpiresAt = null;
    });
}

/** v4 → v5. Organisations require two-factor authentication of nobody, and have no groups yet (the template seeds them). */
async function upgradeToV5(tx: Transaction): Promise<void> {
  await tx
    .table('organisations')
    .toCollection()
    .modify((organisation: OrganisationRow) => {
      organisation.twoFactor = { requiredGroupIds: [], everyoneFrom: null };
    });
}
