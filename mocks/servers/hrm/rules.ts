// Owns the HRM's pure rules: email suggestions (rule 2), the preparation banner (rules 1, 11), the LinkStatus the
// client sees, allowed-domain validation (rule 6), the verification mail's words (seed 000) and error messages.
import { CODE_TTL_MS, MAX_CODE_ATTEMPTS, linkingStatus, needsNewCode, type LinkingSnapshot } from '../../../machines/linking';
import { CONNECT_PATHS } from '../../../src/contracts/connect';
import type { HrmErrorCode, HrmRole, LinkStatus, RolloutPhase } from '../../../src/contracts/hrm';
import { ORIGINS } from '../../../src/contracts/origins';
import { parseDomain, parseEmail } from '../../../src/domain/email';
import { fail, ok, type Result } from '../../../src/domain/errors';

/** Every code the HRM answers with. */
export type HrmProblemCode = HrmErrorCode;

export const SESSION_COOKIE = 'hrm_session';
/** The old login's sessions last a working day. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
export const MAX_ALLOWED_DOMAINS = 50;
export const CONNECT_ACCOUNT_SETTINGS_URL = `${ORIGINS.connect}${CONNECT_PATHS.account}`;
/** The name the HRM's link has at Connect (DELETE /api/accounts/<id>/links/HRM). */
export const CONNECT_APP_NAME = 'HRM';
export const CONNECT_CLIENT_ID = 'hrm';

export interface SuggestionSource {
  email: string | null;
  employments: ReadonlyArray<{ email: string | null; mailingsActivated: 0 | 1 | boolean }>;
}

/**
 * Rule 2 (seed 000): "The email addresses that are suggested are those that are saved on the user or the employment
 * with mailings activated." Normalised, deduplicated, the user's own first; unusable addresses are left out.
 */
export function suggestions(source: SuggestionSource): string[] {
  const candidates = [source.email, ...source.employments.filter((e) => !!e.mailingsActivated).map((e) => e.email)];
  const out: string[] = [];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const parsed = parseEmail(candidate);
    if (parsed.ok && !out.includes(parsed.value)) out.push(parsed.value);
  }
  return out;
}

export function isTimeclockOnly(roles: readonly HrmRole[], timeclockOnly?: 0 | 1): boolean {
  return timeclockOnly === 1 || (roles.length > 0 && roles.every((r) => r === 'timeclock'));
}

export function isAdmin(roles: readonly HrmRole[]): boolean {
  return roles.includes('admin');
}

/** Rule 1 (seed 000): on every page during preparation until linked; rule 11: never for timeclock-only users. */
export function showPreparationBanner(input: { phase: RolloutPhase; linked: boolean; timeclockOnly: boolean }): boolean {
  return input.phase === 'preparation' && !input.linked && !input.timeclockOnly;
}

/** What Account Settings > Link to Connect shows now. An interrupted link (`linking`) still shows the code step. */
export function buildLinkStatus(snapshot: LinkingSnapshot, input: { suggestions: string[]; phase: RolloutPhase; now: number }): LinkStatus {
  const state = linkingStatus(snapshot);
  const { context } = snapshot;
  const status = state === 'linking' ? 'code_sent' : state;
  const codeState = status === 'code_sent';
  // The machine only notices expiry on the next try; the page should know at 30:00 already (seed 000).
  const expiredByNow = codeState && context.expiresAt !== null && input.now >= context.expiresAt;
  return {
    status,
    email: status === 'unlinked' ? null : context.email,
    suggestions: input.suggestions,
    codeSentAt: codeState ? context.codeSentAt : null,
    codeExpiresAt: codeState ? context.expiresAt : null,
    attemptsLeft: codeState ? Math.max(0, MAX_CODE_ATTEMPTS - context.failedAttempts) : null,
    needsNewCode: needsNewCode(snapshot) || expiredByNow,
    connectAccountSettingsUrl: CONNECT_ACCOUNT_SETTINGS_URL,
    canLink: input.phase === 'preparation',
  };
}

/** "company.com", "company.com or example.com", "a.com, b.com or c.com". */
export function listDomains(domains: readonly string[]): string {
  if (domains.length <= 1) return domains.join('');
  return `${domains.slice(0, -1).join(', ')} or ${domains[domains.length - 1]}`;
}

/** A code typed by the user: six digits, spaces forgiven (people copy "123 456"). */
export function parseCode(input: string): Result<string, 'code_malformed'> {
  const code = input.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return fail('code_malformed', MESSAGES.codeMalformed, 'code');
  return ok(code);
}

/** Rule 6 (seed 000), General > Security: every row a domain, no duplicates, nothing saved when any row is wrong. */
export function parseAllowedDomains(rows: readonly string[]): Result<string[], HrmProblemCode> {
  if (rows.length > MAX_ALLOWED_DOMAINS)
    return fail('invalid_request', `List at most ${MAX_ALLOWED_DOMAINS} domains (this list has ${rows.length})`, 'allowedDomains');
  const domains: string[] = [];
  for (const [i, row] of rows.entries()) {
    const field = `allowedDomains.${i}`;
    const parsed = parseDomain(row, field);
    if (!parsed.ok) return parsed;
    const first = domains.indexOf(parsed.value);
    if (first !== -1) return fail('invalid_request', `${parsed.value} is already listed in row ${first + 1}`, field);
    domains.push(parsed.value);
  }
  return ok(domains);
}

/** Where to go after logging in: only a path on this host, never another origin ("//evil.test" is one). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export const VERIFICATION_MAIL = {
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject: 'Verify your email address',
} as const;

/** Seed 000's verification mail, word for word, with "Visma Connect" → "Connect" and "Flex HRM" → "HRM". */
export function verificationMailText(name: string, code: string): string {
  return [
    `Hi ${firstName(name)}`,
    '',
    "We're soon updating our login solution to Connect. Verifying your email address is an important step in preparing your account for this change.",
    '',
    "Here's what to do:",
    '',
    '+ Enter the code below in HRM to verify your email address.',
    '+ Once verified, a Connect account will be created for you using this email address and linked to your HRM user.',
    '+ If you already have a Connect account with this email, your existing account will instead be linked to HRM.',
    '',
    'Your verification code:',
    '',
    code,
    '',
    `The code is valid for ${CODE_TTL_MS / 60_000} minutes.`,
    '',
    "If you don't want to verify your email address or if this message has reached you by mistake, you can simply ignore it. No action will be taken if the code isn't used.",
  ].join('\n');
}

export const MESSAGES = {
  invalidCredentials: 'The user ID or password is incorrect',
  timeclockOnly:
    'You clock in with your badge or employee number at the Timeclock, so there is nothing you need to do here: no email and no action are needed.',
  unauthenticated: 'Your session has ended. Log in again to continue.',
  forbidden: 'You do not have access to this page. Ask your administrator if you need it.',
  notFound: (path: string) => `There is no page at ${path}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
  linkingClosed: 'Linking to Connect is not open yet. Your administrator will let you know when it is time.',
  domainNotAllowed: (allowed: readonly string[]) =>
    `Use an email address at ${listDomains(allowed)}. Your administrator only allows ${allowed.length === 1 ? 'this domain' : 'these domains'} for linking to Connect.`,
  emailInUse: (email: string) => `${email} is already linked to another user. Each email address can belong to one user only.`,
  alreadyLinked: 'Your user is already linked to a Connect account. Unlink it first to use another email address.',
  notLinked: 'Your user is not linked to a Connect account.',
  noCodeSent: 'Send a verification code first.',
  codeMalformed: 'Enter the 6-digit code from the email',
  codeIncorrect: (left: number) => `The code is incorrect. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  codeAttemptsExceeded: `The code was entered wrong ${MAX_CODE_ATTEMPTS} times. Send a new verification code.`,
  codeExpired: `The code has expired: it is valid for ${CODE_TTL_MS / 60_000} minutes. Send a new verification code.`,
  connectUnavailable: 'Connect did not answer, so your user could not be linked yet. Your code is still valid: try Verify again in a moment.',
  mailUnavailable: 'The verification email could not be sent. Try again in a moment.',
  phaseConflict: (phase: RolloutPhase) => `Preparation can only be started from setup; the tenant is in ${phase}.`,
} as const;
