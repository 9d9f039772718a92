// Owns the rules of the admin portal's identity providers (R22, R24), pure: what each field of the form accepts and the
// words of each refusal, which domains a provider may serve, and what the portal shows of a stored provider.
import {
  IDENTITY_PROVIDER_KINDS,
  IDENTITY_PROVIDER_PRESETS,
  SSO_CLIENT_AUTH_METHODS,
  type IdentityProviderErrorCode,
  type IdentityProviderKind,
  type IdentityProviderView,
  type SsoClientAuthMethod,
  type SsoOffer,
  type SsoTestView,
} from '../../../../src/contracts/connect-sso';
import { parseDomain } from '../../../../src/domain/email';
import { isWorldTime } from '../../../../src/domain/world-dates';
import { quoted } from '../../../shared/http';
import type { IdentityProviderRow, SsoTestRow } from '../db';

export const NAME_MAX = 60;
export const ISSUER_MAX = 300;
export const CLIENT_ID_MAX = 200;
export const CLIENT_SECRET_MAX = 512;
export const EMAIL_CLAIM_MAX = 100;
export const DOMAINS_MAX = 50;
/** How many characters of a stored secret the portal shows, so the administrator recognises which one it is. */
const SECRET_HINT_LENGTH = 4;

const CLAIM_NAME = /^[A-Za-z0-9_:.-]+$/;
const SECRET_METHODS: readonly SsoClientAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

export function usesSecret(method: SsoClientAuthMethod): boolean {
  return SECRET_METHODS.includes(method);
}

/** A refusal at one field of the form. */
export interface FieldProblem {
  status: number;
  code: 'invalid_request' | 'domain_malformed' | IdentityProviderErrorCode;
  message: string;
  field: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

function refuse(
  field: string,
  message: string,
  code: FieldProblem['code'] = 'invalid_request',
  status = 400,
): { ok: false; problem: FieldProblem } {
  return { ok: false, problem: { status, code, message, field } };
}

/** The verified domains of the organisation, the ones it added but has not verified, and who serves which already. */
export interface DomainContext {
  verified: ReadonlySet<string>;
  unverified: ReadonlySet<string>;
  /** Domain → the name of the other provider serving it (the provider being changed is left out). */
  assigned: ReadonlyMap<string, string>;
}

/** A provider's settings once every field passed. */
export interface ProviderSettings {
  kind: IdentityProviderKind;
  name: string;
  issuer: string;
  clientId: string;
  clientAuth: SsoClientAuthMethod;
  /** The secret typed, or null when none was (a change then keeps the stored one). */
  clientSecret: string | null;
  secretExpiresAt: number | null;
  emailClaim: string;
  domains: string[];
  ssoOnly: boolean;
  offer: SsoOffer;
  enabled: boolean | null;
  confirmUntested: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function checkKind(raw: unknown): Checked<IdentityProviderKind> {
  const kind = text(raw);
  if (kind !== null && (IDENTITY_PROVIDER_KINDS as readonly string[]).includes(kind))
    return { ok: true, value: kind as IdentityProviderKind };
  const labels = IDENTITY_PROVIDER_KINDS.map((k) => IDENTITY_PROVIDER_PRESETS[k].label).join(', ');
  return refuse('kind', `Choose the kind of identity provider: ${labels}.`);
}

export function checkName(raw: unknown): Checked<string> {
  const name = (text(raw) ?? '').trim();
  if (name.length === 0) return refuse('name', 'Enter a name: users read it on the button “Sign in with <name>”.');
  if (name.length > NAME_MAX)
    return refuse('name', `The name is at most ${NAME_MAX} characters (users read it on a button); this one has ${name.length}.`);
  return { ok: true, value: name };
}

/**
 * The issuer exactly as the provider states it (OIDC Discovery §4.3 compares it character for character): an absolute
 * https URL without query or fragment; http only for another OpenID provider running on this machine.
 */
export function checkIssuer(raw: unknown, kind: IdentityProviderKind): Checked<string> {
  const issuer = (text(raw) ?? '').trim();
  const example = IDENTITY_PROVIDER_PRESETS[kind].issuerExample;
  if (issuer.length === 0) return refuse('issuer', `Enter the issuer URL of the identity provider, such as ${example}.`);
  if (issuer.length > ISSUER_MAX)
    return refuse('issuer', `The issuer URL is at most ${ISSUER_MAX} characters; this one has ${issuer.length}.`);
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return refuse('issuer', `“${quoted(issuer)}” is not a URL. Enter the issuer as an address starting with https://, such as ${example}.`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && !(kind === 'oidc' && local))
    return refuse(
      'issuer',
      kind === 'oidc'
        ? 'The issuer must start with https:// (http:// only for a provider on localhost).'
        : 'The issuer must start with https://, not http://.',
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse('issuer', `The issuer must start with https://, not ${url.protocol}//.`);
  if (url.username || url.password) return refuse('issuer', 'The issuer must not contain a user name or password.');
  if (url.search || issuer.includes('?')) return refuse('issuer', 'The issuer must not contain a query (the part from “?”).');
  if (url.hash || issuer.includes('#')) return refuse('issuer', 'The issuer must not contain a fragment (the part from “#”).');
  return { ok: true, value: issuer };
}

export function checkClientId(raw: unknown): Checked<string> {
  const clientId = (text(raw) ?? '').trim();
  if (clientId.length === 0)
    return refuse(
      'clientId',
      'Enter the client ID (application ID) the identity provider shows for the application registered for Connect.',
    );
  if (clientId.length > CLIENT_ID_MAX)
    return refuse('clientId', `The client ID is at most ${CLIENT_ID_MAX} characters; this one has ${clientId.length}.`);
  if (/\s/.test(clientId)) return refuse('clientId', 'A client ID has no spaces: copy it again from the identity provider.');
  return { ok: true, value: clientId };
}

export function checkClientAuth(raw: unknown): Checked<SsoClientAuthMethod> {
  const method = text(raw);
  if (method !== null && (SSO_CLIENT_AUTH_METHODS as readonly string[]).includes(method))
    return { ok: true, value: method as SsoClientAuthMethod };
  return refuse('clientAuth', 'Choose how Connect authenticates to the identity provider: a client secret or a certificate.');
}

/** The typed secret, or null when none was typed; `stored` says whether the provider already has one to keep. */
export function checkClientSecret(raw: unknown, method: SsoClientAuthMethod, stored: boolean): Checked<string | null> {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return refuse('clientSecret', 'The client secret must be text.');
  const secret = (text(raw) ?? '').trim();
  if (!usesSecret(method)) return { ok: true, value: null };
  if (secret.length === 0) {
    if (stored) return { ok: true, value: null };
    return refuse('clientSecret', 'Enter the client secret the identity provider made for the application (its value, not its ID).');
  }
  if (secret.length > CLIENT_SECRET_MAX)
    return refuse('clientSecret', `The client secret is at most ${CLIENT_SECRET_MAX} characters; this one has ${secret.length}.`);
  return { ok: true, value: secret };
}

export function checkSecretExpiry(raw: unknown): Checked<number | null> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (!isWorldTime(raw)) return refuse('secretExpiresAt', 'Enter the date the client secret expires, as the identity provider shows it.');
  return { ok: true, value: raw };
}

export function checkEmailClaim(raw: unknown): Checked<string> {
  const claim = (text(raw) ?? '').trim();
  if (claim.length === 0)
    return refuse('emailClaim', 'Enter the claim that carries the user’s email, such as email or preferred_username.');
  if (claim.length > EMAIL_CLAIM_MAX) return refuse('emailClaim', `A claim name is at most ${EMAIL_CLAIM_MAX} characters.`);
  if (!CLAIM_NAME.test(claim))
    return refuse(
      'emailClaim',
      `“${quoted(claim)}” is not a claim name: use letters, digits and _ : . - only, such as email or preferred_username.`,
    );
  return { ok: true, value: claim };
}

/**
 * R24: only domains the organisation verified at Connect, each served by one provider. An unknown, an unverified and
 * a malformed domain are each refused in their own words; the first refused domain is named.
 */
export function checkDomains(raw: unknown, context: DomainContext): Checked<string[]> {
  if (!Array.isArray(raw) || raw.some((d) => typeof d !== 'string'))
    return refuse('domains', 'Choose the domains whose users sign in with this provider.');
  const domains: string[] = [];
  for (const entry of raw as string[]) {
    if (entry.trim().length === 0) continue;
    const parsed = parseDomain(entry, 'domains');
    if (!parsed.ok) return refuse('domains', `“${quoted(entry.trim())}”: ${parsed.problem.message}.`, 'domain_malformed');
    if (!domains.includes(parsed.value)) domains.push(parsed.value);
  }
  if (domains.length === 0) return refuse('domains', 'Choose at least one verified domain whose users sign in with this provider.');
  if (domains.length > DOMAINS_MAX) return refuse('domains', `A provider serves at most ${DOMAINS_MAX} domains.`);
  for (const domain of domains) {
    if (context.unverified.has(domain))
      return refuse(
        'domains',
        `${domain} is not verified for your organisation. Verify it under Domains first.`,
        'domain_not_verified',
        422,
      );
    if (!context.verified.has(domain))
      return refuse(
        'domains',
        `${domain} is not one of your organisation's domains. Add it under Domains and verify it first.`,
        'domain_not_verified',
        422,
      );
    const other = context.assigned.get(domain);
    if (other !== undefined)
      return refuse(
        'domains',
        `${domain} already signs in with “${other}”. A domain is served by one identity provider: remove it there first.`,
        'domain_assigned',
        409,
      );
  }
  return { ok: true, value: domains.sort() };
}

function checkBoolean(raw: unknown, field: string, words: string): Checked<boolean> {
  return typeof raw === 'boolean' ? { ok: true, value: raw } : refuse(field, words);
}

function checkOffer(raw: unknown): Checked<SsoOffer> {
  return raw === 'button' || raw === 'redirect'
    ? { ok: true, value: raw }
    : refuse('offer', 'Choose how the login page offers the provider: a “Sign in with …” button, or straight there.');
}

/** Every field of the form, checked in the order the form shows them; the first refusal is answered at its field. */
export function checkProviderInput(
  raw: Record<string, unknown>,
  context: DomainContext,
  stored: IdentityProviderRow | null,
): Checked<ProviderSettings> {
  const kind = checkKind(raw['kind']);
  if (!kind.ok) return kind;
  const name = checkName(raw['name']);
  if (!name.ok) return name;
  const issuer = checkIssuer(raw['issuer'], kind.value);
  if (!issuer.ok) return issuer;
  const clientId = checkClientId(raw['clientId']);
  if (!clientId.ok) return clientId;
  const clientAuth = checkClientAuth(raw['clientAuth']);
  if (!clientAuth.ok) return clientAuth;
  const clientSecret = checkClientSecret(raw['clientSecret'], clientAuth.value, stored?.clientSecret != null);
  if (!clientSecret.ok) return clientSecret;
  const secretExpiresAt = checkSecretExpiry(raw['secretExpiresAt']);
  if (!secretExpiresAt.ok) return secretExpiresAt;
  const emailClaim = checkEmailClaim(raw['emailClaim']);
  if (!emailClaim.ok) return emailClaim;
  const domains = checkDomains(raw['domains'], context);
  if (!domains.ok) return domains;
  const ssoOnly = checkBoolean(raw['ssoOnly'], 'ssoOnly', 'Say whether users at these domains may only sign in with this provider.');
  if (!ssoOnly.ok) return ssoOnly;
  const offer = checkOffer(raw['offer']);
  if (!offer.ok) return offer;
  let enabled: boolean | null = null;
  if (raw['enabled'] !== undefined) {
    const checked = checkBoolean(raw['enabled'], 'enabled', 'Say whether the provider is switched on.');
    if (!checked.ok) return checked;
    enabled = checked.value;
  }
  return {
    ok: true,
    value: {
      kind: kind.value,
      name: name.value,
      issuer: issuer.value,
      clientId: clientId.value,
      clientAuth: clientAuth.value,
      clientSecret: clientSecret.value,
      secretExpiresAt: secretExpiresAt.value,
      emailClaim: emailClaim.value,
      domains: domains.value,
      ssoOnly: ssoOnly.value,
      offer: offer.value,
      enabled,
      confirmUntested: raw['confirmUntested'] === true,
    },
  };
}

/** Whether a change touches what a sign-in at the provider depends on, so a passed test no longer vouches for it. */
export function connectionChanged(before: IdentityProviderRow, after: IdentityProviderRow): boolean {
  return (
    before.issuer !== after.issuer ||
    before.clientId !== after.clientId ||
    before.clientAuth !== after.clientAuth ||
    before.clientSecret !== after.clientSecret ||
    before.emailClaim !== after.emailClaim ||
    before.credential?.thumbprint !== after.credential?.thumbprint
  );
}

/** When the connection last changed: a row written before the field existed counts from its last change. */
export function connectionChangedAt(row: IdentityProviderRow): number {
  return row.connectionChangedAt ?? row.updatedAt;
}

/** Whether a run passed after the provider's connection last changed. */
export function testedSinceChange(row: IdentityProviderRow, lastTest: SsoTestRow | null): boolean {
  return lastTest !== null && lastTest.outcome === 'passed' && lastTest.startedAt >= connectionChangedAt(row);
}

/**
 * "Only SSO" switched on for a provider no run has vouched for since its connection changed: refused unless the
 * administrator confirms, since a wrong setting would stop every user at its domains from signing in.
 */
export function untestedSsoOnly(
  before: IdentityProviderRow | null,
  after: IdentityProviderRow,
  lastTest: SsoTestRow | null,
  confirmed: boolean,
): FieldProblem | null {
  if (!after.ssoOnly || confirmed) return null;
  if (before?.ssoOnly && !connectionChanged(before, after)) return null;
  if (before && !connectionChanged(before, after) && testedSinceChange(before, lastTest)) return null;
  return {
    status: 409,
    code: 'idp_untested',
    field: 'ssoOnly',
    message:
      `“Only SSO” stops password sign-in for ${after.domains.join(', ')}, but this provider has not passed Test connection ` +
      'since its connection was set. Save without it and run Test connection first, or confirm to switch it on anyway.',
  };
}

export function toTestView(row: SsoTestRow): SsoTestView {
  return {
    id: row.id,
    providerId: row.providerId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outcome: row.outcome,
    steps: row.steps.map((step) => ({ ...step })),
  };
}

export function toProviderView(row: IdentityProviderRow, lastTest: SsoTestRow | null): IdentityProviderView {
  const { credential } = row;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    clientAuth: row.clientAuth,
    secretHint: row.clientSecret === null ? null : `…${row.clientSecret.slice(-SECRET_HINT_LENGTH)}`,
    secretExpiresAt: row.secretExpiresAt ?? null,
    certificate: credential
      ? {
          thumbprint: credential.thumbprint,
          notBefore: credential.notBefore,
          notAfter: credential.notAfter,
          pem: credential.certificatePem,
        }
      : null,
    emailClaim: row.emailClaim,
    domains: [...row.domains],
    ssoOnly: row.ssoOnly,
    offer: row.offer,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastTest: lastTest ? toTestView(lastTest) : null,
    testedSinceChange: testedSinceChange(row, lastTest),
  };
}

/** What changed, for the audit log: the fields' names and new values, never the secret's (only that it changed). */
export function describeChanges(before: IdentityProviderRow, after: IdentityProviderRow): string[] {
  const changes: string[] = [];
  const shown = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : String(value));
  const fields: Array<[keyof IdentityProviderRow, string]> = [
    ['kind', 'kind'],
    ['name', 'name'],
    ['issuer', 'issuer'],
    ['clientId', 'client ID'],
    ['clientAuth', 'client authentication'],
    ['emailClaim', 'email claim'],
    ['domains', 'domains'],
    ['ssoOnly', 'only SSO'],
    ['offer', 'offer'],
    ['enabled', 'enabled'],
  ];
  for (const [key, label] of fields) if (shown(before[key]) !== shown(after[key])) changes.push(`${label} ${shown(after[key])}`);
  if (before.clientSecret !== after.clientSecret)
    changes.push(after.clientSecret === null ? 'client secret removed' : 'client secret replaced');
  if ((before.secretExpiresAt ?? null) !== (after.secretExpiresAt ?? null)) changes.push('client secret expiry');
  return changes;
}

export const IDP_MESSAGES = {
  notFound: (id: string) => `No identity provider ${quoted(id)} in your organisation.`,
  testNotFound: (id: string) => `No Test connection run ${quoted(id)} for this provider.`,
  changedElsewhere: (name: string) =>
    `“${name}” was changed in another tab or by another administrator after you opened it. Reload to see the change, then make yours again.`,
  certificateExists: (notAfter: string) =>
    `This provider already has a certificate (valid until ${notAfter}). A new one replaces it: the provider then accepts Connect only once you upload the new certificate there. Confirm to replace it.`,
  certificateMissing: 'This provider has no certificate yet. Make one first.',
  yearsInvalid: 'Choose a validity of 1 or 2 years.',
};
