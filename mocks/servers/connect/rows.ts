// Owns the shape of every row of Connect's database, as Connect reads it: what a workspace file's Connect database is
// checked against before anything is written, so a row Connect could not serve never reaches it.
import { z } from 'zod';
import { AUDIT_CATEGORIES, type ConnectAuditType } from '../../../src/contracts/connect';
import type {
  CeremonyKind,
  CeremonyPurpose,
  CeremonyVerification,
  DecodedAuthenticatorResponse,
  PasskeyCeremonyView,
} from '../../../src/contracts/connect-passkeys';
import { VERIFICATION_METHODS, type DomainCheck, type DomainStatus, type VerificationMethod } from '../../../src/contracts/connect-domains';
import type { TotpAlgorithm } from '../../../src/domain/totp';
import {
  IDENTITY_PROVIDER_KINDS,
  SSO_CLIENT_AUTH_METHODS,
  SSO_FAILURES,
  SSO_TEST_STEPS,
  type IdentityProviderKind,
  type SsoClientAuthMethod,
  type SsoTestStep,
} from '../../../src/contracts/connect-sso';
import type { DomainVerificationContext } from '../../../machines/domain-verification';
import {
  appliedEvent,
  count,
  date,
  dateOrNull,
  jwk,
  membersOf,
  rowOf,
  shownAs,
  stateValue,
  text,
  textOrNull,
  texts,
  type RowSchemas,
} from '../../shared/row-schema';
import type {
  AccessTokenRow,
  AccountRow,
  ActivationRow,
  AuditRow,
  AuthRequestRow,
  ClientRow,
  CodeRow,
  DomainRow,
  FederatedIdentityRow,
  IdentityProviderRow,
  SsoCredential,
  SsoSignInRow,
  SsoTestRow,
  GrantRow,
  GroupRow,
  InvitedAdmin,
  LoginThrottleRow,
  OrganisationRow,
  PasskeyCeremonyRow,
  PasskeyRow,
  PasswordChangeRow,
  PendingSignInRow,
  RecoveryCodesRow,
  RefreshTokenRow,
  RememberedDeviceRow,
  ResetTokenRow,
  SessionRow,
  SigningAlg,
  SigningKeyRow,
  TotpEnrolmentRow,
  TotpFactorRow,
} from './db';

const signingAlg = membersOf<SigningAlg>()(['RS256', 'ES256']);
// Read off AUDIT_CATEGORIES, which defines ConnectAuditType: every member by construction.
const auditTypes = Object.values(AUDIT_CATEGORIES).flatMap((category) => category.types) as [ConnectAuditType, ...ConnectAuditType[]];

const account = rowOf<AccountRow>({
  id: text.min(1),
  email: text.min(1),
  name: text,
  passwordHash: textOrNull,
  passwordSalt: textOrNull,
  passwordChangedAt: dateOrNull,
  createdAt: date,
  apps: texts,
  externalIds: z.record(z.string(), z.string()),
  domain: text,
  words: texts,
  blockedAt: dateOrNull,
  lastLoginAt: dateOrNull,
  temporaryPasswordExpiresAt: dateOrNull,
});

const session = rowOf<SessionRow>({
  id: text.min(1),
  accountId: text,
  expiresAt: date,
  authTime: date,
  amr: texts,
  sid: text,
  brokeredBy: text.optional(),
});
const resetToken = rowOf<ResetTokenRow>({ tokenHash: text.min(1), accountId: text, createdAt: date, expiresAt: date, usedAt: dateOrNull });

const client = rowOf<ClientRow>({
  id: text.min(1),
  name: text,
  type: membersOf<ClientRow['type']>()(['confidential', 'public']),
  secretHash: textOrNull,
  secretSalt: textOrNull,
  redirectUris: texts,
  postLogoutRedirectUris: texts,
  idTokenSignedResponseAlg: signingAlg,
});

const signingKey = rowOf<SigningKeyRow>({ kid: text.min(1), alg: signingAlg, publicJwk: jwk, privateJwk: jwk, createdAt: date });

const authRequest = rowOf<AuthRequestRow>({
  id: text.min(1),
  clientId: text,
  redirectUri: text,
  scope: texts,
  state: textOrNull,
  nonce: textOrNull,
  codeChallenge: textOrNull,
  loginHint: textOrNull,
  staleSessionId: textOrNull,
  createdAt: date,
  expiresAt: date,
});

const code = rowOf<CodeRow>({
  codeHash: text.min(1),
  clientId: text,
  accountId: text,
  redirectUri: text,
  scope: texts,
  nonce: textOrNull,
  codeChallenge: textOrNull,
  sid: text,
  authTime: date,
  amr: texts,
  createdAt: date,
  expiresAt: date,
  usedAt: dateOrNull,
  grantId: textOrNull,
  brokeredBy: text.optional(),
});

const grant = rowOf<GrantRow>({
  id: text.min(1),
  codeHash: text,
  clientId: text,
  accountId: text,
  scope: texts,
  sid: text,
  authTime: date,
  amr: texts,
  createdAt: date,
  expiresAt: date,
  revokedAt: dateOrNull,
  brokeredBy: text.optional(),
});

const accessToken = rowOf<AccessTokenRow>({ jti: text.min(1), grantId: text, expiresAt: date });
const refreshToken = rowOf<RefreshTokenRow>({ tokenHash: text.min(1), grantId: text, createdAt: date, usedAt: dateOrNull });

const audit = rowOf<AuditRow>({
  id: z.number().int().nonnegative().optional(),
  at: date,
  type: membersOf<ConnectAuditType>()(auditTypes),
  accountId: textOrNull,
  email: textOrNull,
  detail: text,
  actorId: textOrNull.optional(),
});

const invitedAdmin = rowOf<InvitedAdmin>({ accountId: text, sentAt: dateOrNull, expiresAt: dateOrNull });

const organisation = rowOf<OrganisationRow>({
  id: text.min(1),
  name: text,
  domains: z.array(z.object({ name: text, verifiedAt: dateOrNull })),
  lockout: z.object({
    maxFailures: z.number().int().positive(),
    windowMinutes: z.number().int().positive(),
    lockMinutes: z.number().int().positive(),
  }),
  admins: texts,
  invited: z.array(invitedAdmin),
  createdAt: date,
  twoFactor: z.object({ requiredGroupIds: texts, everyoneFrom: dateOrNull }),
});

const loginThrottle = rowOf<LoginThrottleRow>({ email: text.min(1), failures: z.array(date), lockedUntil: dateOrNull });
const passwordChange = rowOf<PasswordChangeRow>({
  tokenHash: text.min(1),
  accountId: text,
  createdAt: date,
  expiresAt: date,
  usedAt: dateOrNull,
});
const activation = rowOf<ActivationRow>({
  tokenHash: text.min(1),
  accountId: text,
  organisationId: text,
  createdAt: date,
  expiresAt: date,
  usedAt: dateOrNull,
});

/** The last check's answer, shown to the administrator; the machine decides on its status, not on this. */
const verificationMethod = membersOf<VerificationMethod>()(VERIFICATION_METHODS);
const domainCheck = shownAs<DomainCheck>(
  z.looseObject({ code: text, method: verificationMethod, at: date, found: z.array(z.unknown()), message: text }),
);
const domainContext = rowOf<DomainVerificationContext>({
  domain: text,
  lastCheck: domainCheck.nullable(),
  verifiedAt: dateOrNull,
  verifiedWith: verificationMethod.nullable(),
});
const domain = rowOf<DomainRow>({
  domain: text.min(1),
  organisationId: text,
  status: membersOf<DomainStatus>()(['unverified', 'verified']),
  token: text,
  addedAt: date,
  addedBy: text,
  machine: z.object({ value: stateValue, context: domainContext }),
  lastEvents: z.array(appliedEvent).optional(),
});

const totpAlgorithm = membersOf<TotpAlgorithm>()(['SHA1', 'SHA256', 'SHA512']);
const totpFactor = rowOf<TotpFactorRow>({
  accountId: text.min(1),
  secret: text,
  addedAt: date,
  lastUsedStep: z.number().int().nonnegative().nullable(),
  algorithm: totpAlgorithm,
  digits: z.number().int().positive().max(10),
  period: z.number().int().positive(),
});
const totpEnrolment = rowOf<TotpEnrolmentRow>({ accountId: text.min(1), secret: text, startedAt: date, expiresAt: date });
const recoveryCodes = rowOf<RecoveryCodesRow>({
  accountId: text.min(1),
  codes: z.array(z.object({ digest: text, usedAt: dateOrNull })),
  issuedAt: date,
});
const rememberedDevice = rowOf<RememberedDeviceRow>({ tokenHash: text.min(1), accountId: text, createdAt: date, expiresAt: date });
const pendingSignIn = rowOf<PendingSignInRow>({
  tokenHash: text.min(1),
  accountId: text,
  amr: texts,
  createdAt: date,
  expiresAt: date,
  brokeredBy: text.optional(),
});
const group = rowOf<GroupRow>({ id: text.min(1), organisationId: text, name: text, members: texts });

const passkey = rowOf<PasskeyRow>({
  id: text.min(1),
  accountId: text,
  name: text,
  publicKey: text,
  counter: count,
  transports: texts,
  aaguid: text,
  backupEligible: z.boolean(),
  backedUp: z.boolean(),
  createdAt: date,
  lastUsedAt: dateOrNull,
});

const passkeyCeremony = rowOf<PasskeyCeremonyRow>({
  seq: z.number().int().positive().optional(),
  id: text.min(1),
  kind: membersOf<CeremonyKind>()(['registration', 'authentication']),
  purpose: membersOf<CeremonyPurpose>()(['register', 'passwordless', 'second_factor']),
  browserId: text,
  accountId: textOrNull,
  challenge: text,
  rpId: text,
  origin: text,
  options: shownAs<PasskeyCeremonyView['options']>(z.looseObject({ challenge: text })),
  createdAt: date,
  expiresAt: date,
  usedAt: dateOrNull,
  // What the developer x-ray shows of an answered ceremony: as the browser and the verification library gave it.
  response: shownAs<PasskeyCeremonyView['response']>(z.record(z.string(), z.unknown()).nullable()),
  decoded: shownAs<DecodedAuthenticatorResponse | null>(z.looseObject({ credentialId: text }).nullable()),
  verification: shownAs<CeremonyVerification | null>(z.looseObject({ verified: z.boolean(), message: text, at: date }).nullable()),
});

const ssoCredential = rowOf<SsoCredential>({
  kid: text.min(1),
  privateJwk: jwk,
  publicJwk: jwk,
  certificatePem: text.min(1),
  thumbprint: text.min(1),
  notBefore: date,
  notAfter: date,
});

const identityProvider = rowOf<IdentityProviderRow>({
  id: text.min(1),
  organisationId: text,
  kind: membersOf<IdentityProviderKind>()(IDENTITY_PROVIDER_KINDS),
  name: text.min(1),
  issuer: text.min(1),
  clientId: text.min(1),
  clientAuth: membersOf<SsoClientAuthMethod>()(SSO_CLIENT_AUTH_METHODS),
  clientSecret: textOrNull,
  secretExpiresAt: dateOrNull.optional(),
  credential: ssoCredential.nullable(),
  emailClaim: text.min(1),
  domains: texts,
  ssoOnly: z.boolean(),
  offer: membersOf<IdentityProviderRow['offer']>()(['button', 'redirect']),
  enabled: z.boolean(),
  createdAt: date,
  updatedAt: date,
  connectionChangedAt: date.optional(),
});

const ssoSignIn = rowOf<SsoSignInRow>({
  state: text.min(1),
  providerId: text,
  nonce: text,
  codeVerifier: text,
  purpose: membersOf<SsoSignInRow['purpose']>()(['sign_in', 'test']),
  returnTo: textOrNull,
  email: textOrNull,
  testId: textOrNull,
  createdAt: date,
  expiresAt: date,
});

const ssoTestStep = shownAs<SsoTestStep>(
  z.object({
    step: z.enum(SSO_TEST_STEPS),
    ok: z.boolean(),
    detail: text,
    failure: z.enum(SSO_FAILURES).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
);

const ssoTest = rowOf<SsoTestRow>({
  id: text.min(1),
  providerId: text,
  actorId: text,
  startedAt: date,
  finishedAt: dateOrNull,
  outcome: membersOf<SsoTestRow['outcome']>()(['running', 'passed', 'failed']),
  steps: z.array(ssoTestStep),
});

const federatedIdentity = rowOf<FederatedIdentityRow>({
  providerId: text.min(1),
  subject: text.min(1),
  accountId: text,
  email: text,
  linkedAt: date,
  lastSignInAt: date,
});

export const CONNECT_ROW_SCHEMAS: RowSchemas = {
  accounts: account,
  sessions: session,
  resetTokens: resetToken,
  clients: client,
  audit,
  signingKeys: signingKey,
  authRequests: authRequest,
  codes: code,
  grants: grant,
  accessTokens: accessToken,
  refreshTokens: refreshToken,
  organisations: organisation,
  loginThrottles: loginThrottle,
  passwordChanges: passwordChange,
  activations: activation,
  domains: domain,
  totpFactors: totpFactor,
  totpEnrolments: totpEnrolment,
  recoveryCodes,
  rememberedDevices: rememberedDevice,
  pendingSignIns: pendingSignIn,
  groups: group,
  passkeys: passkey,
  passkeyCeremonies: passkeyCeremony,
  identityProviders: identityProvider,
  ssoSignIns: ssoSignIn,
  ssoTests: ssoTest,
  federatedIdentities: federatedIdentity,
};
