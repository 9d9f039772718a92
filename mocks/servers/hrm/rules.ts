// Owns the HRM's pure rules: email suggestions (R2), the preparation banner (R1, R11), the LinkStatus the
// client sees, allowed-domain validation (R6), the words of its mails (the verification mail, R3; the admin's
// verification link, the reminder and the announcement) and error messages.
import {
  CODE_TTL_MS,
  LINK_TTL_MS,
  MAX_CODE_ATTEMPTS,
  linkingStatus,
  needsNewCode,
  type LinkingMethod,
  type LinkingSnapshot,
} from '../../../machines/linking';
import { CONNECT_PATHS } from '../../../src/contracts/connect';
import { HRM_PATHS, type HrmErrorCode, type HrmRole, type LinkStatus, type RolloutPhase } from '../../../src/contracts/hrm';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import { parseDomain, parseEmail } from '../../../src/domain/email';
import { fail, ok, type Result } from '../../../src/domain/errors';
import { safeReturnTo as sharedSafeReturnTo } from '../../shared/return-to';
import { m } from '../../../src/paraglide/messages.js';
import type { Locale } from '../../../src/domain/locale';

/** Every code the HRM answers with. */
export type HrmProblemCode = HrmErrorCode;

/**
 * The HRM's credential for submitting mail to mail.test (Authorization: Bearer), part of its configuration as an
 * SMTP or mail API password is: no page or answer carries it, so no browser can send mail in the HRM's name.
 */
export const MAIL_SUBMISSION_TOKEN = 'hrm-mail-submission-7f3a9c2e4b1d6085';

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
 * R2: "The email addresses that are suggested are those that are saved on the user or the employment
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

/** R1: on every page during preparation until linked; R11: never for timeclock-only users. */
export function showPreparationBanner(input: { phase: RolloutPhase; linked: boolean; timeclockOnly: boolean }): boolean {
  return input.phase === 'preparation' && !input.linked && !input.timeclockOnly;
}

/** What Account Settings > Link to Connect shows now. An interrupted link (`linking`) still shows the step it left. */
export function buildLinkStatus(snapshot: LinkingSnapshot, input: { suggestions: string[]; phase: RolloutPhase; now: number }): LinkStatus {
  const state = linkingStatus(snapshot);
  const { context } = snapshot;
  const status =
    state === 'linking' ? (context.method === 'link' ? 'link_sent' : context.method === 'domain' ? 'unlinked' : 'code_sent') : state;
  const codeState = status === 'code_sent';
  // The machine only notices expiry on the next try; the page should know at 30:00 already (R3).
  const expiredByNow = codeState && context.expiresAt !== null && input.now >= context.expiresAt;
  return {
    status,
    // An admin's pending link is shown as its address; the user may still send themselves a code meanwhile.
    email: status === 'unlinked' ? null : context.email,
    suggestions: input.suggestions,
    codeSentAt: codeState ? context.codeSentAt : null,
    codeExpiresAt: codeState ? context.expiresAt : null,
    attemptsLeft: codeState ? Math.max(0, MAX_CODE_ATTEMPTS - context.failedAttempts) : null,
    needsNewCode: needsNewCode(snapshot) || expiredByNow,
    connectAccountSettingsUrl: CONNECT_ACCOUNT_SETTINGS_URL,
    canLink: input.phase === 'preparation',
    method: status === 'unlinked' ? null : context.method,
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

/** R6, General > Security: every row a domain, no duplicates, nothing saved when any row is wrong. */
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

/** Where to go after logging in: a path on hrm.test (mocks/shared/return-to.ts), else the start page. */
export function safeReturnTo(value: string | null | undefined): string {
  return sharedSafeReturnTo(value, ORIGINS.hrm, '/');
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Mails and audit lines name dates in the tenant's own time zone, as the HRM's server would. */
export const TENANT_TIME_ZONE = 'Europe/Stockholm';
const tenantDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TENANT_TIME_ZONE,
});
const tenantDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TENANT_TIME_ZONE,
  timeZoneName: 'short',
});

/** "Monday 6 April 2026" */
export function formatTenantDate(at: number): string {
  return tenantDate.format(at).replace(',', '');
}

/** "6 Apr 2026, 08:00 CEST" */
export function formatTenantDateTime(at: number): string {
  return tenantDateTime.format(at);
}

/** The address of Account Settings, where users verify their email during preparation (R2). */
export const ACCOUNT_SETTINGS_URL = `${ORIGINS.hrm}${HRM_PATHS.accountSettings}`;

/** The link in a verification mail: at the web app's address in the phase the mail is sent in (R18). */
export function verificationLinkUrl(token: string, phase: RolloutPhase): string {
  const origin = phase === 'activation' ? HRM_NEW_ORIGINS.web : ORIGINS.hrm;
  return `${origin}${HRM_PATHS.verifyEmail}?token=${encodeURIComponent(token)}`;
}

export const LINK_MAIL = {
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject: 'Verify your email address for Connect',
} as const;

/**
 * The admin's verification message (R16: "The user will now receive a link to click on to verify their email
 * address"), in the words of the code's verification mail wherever they fit.
 */
export function verificationLinkMailText(input: {
  name: string;
  email: string;
  url: string;
  phase: RolloutPhase;
  adminName: string | null;
}): string {
  const why =
    input.phase === 'activation'
      ? 'HRM now uses Connect for logging in. Verifying your email address links your HRM user to a Connect account, so that you can log in again.'
      : "We're soon updating our login solution to Connect. Verifying your email address is an important step in preparing your account for this change.";
  return [
    `Hi ${firstName(input.name)}`,
    '',
    why,
    '',
    `${input.adminName ?? 'Your administrator'} has asked you to verify ${input.email}. Click the link below to do so:`,
    '',
    input.url,
    '',
    '+ Once verified, a Connect account will be created for you using this email address and linked to your HRM user.',
    '+ If you already have a Connect account with this email, your existing account will instead be linked to HRM.',
    ...(input.phase === 'activation' ? ['+ Then set your password on the Connect login page with "Forgot your password?".'] : []),
    '',
    `The link is valid for ${LINK_TTL_MS / 86_400_000} days. Only the newest link you received works.`,
    '',
    "If this message has reached you by mistake, you can simply ignore it. No action will be taken if the link isn't used.",
  ].join('\n');
}

export const REMINDER_MAIL = {
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject: 'Reminder: prepare your account for Connect',
} as const;

/** The reminder (R8: "send reminder emails to users who have not yet completed their verification"). */
export function reminderMailText(input: { name: string; activationAt: number | null }): string {
  return [
    `Hi ${firstName(input.name)}`,
    '',
    "Soon, you'll enjoy a simpler and even more secure login experience in HRM with Connect. You have not verified your email address yet.",
    '',
    'To get your account ready, please enter and verify your email address under Account Settings in My Profile:',
    '',
    ACCOUNT_SETTINGS_URL,
    '',
    input.activationAt !== null
      ? `From ${formatTenantDate(input.activationAt)} you log in to HRM with Connect. Users who have not verified their email address by then cannot log in.`
      : 'Users who have not verified their email address when the new login starts cannot log in.',
  ].join('\n');
}

export const ANNOUNCEMENT_MAIL = {
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject: 'We are upgrading our login solution!',
} as const;

/** Sent to every user when preparation opens ("about a month before"), with the banner's words (R1). */
export function announcementMailText(input: { name: string; activationAt: number | null }): string {
  return [
    `Hi ${firstName(input.name)}`,
    '',
    "Soon, you'll enjoy a simpler and even more secure login experience in HRM with Connect. To get your account ready, please enter and verify your email address under Account Settings in My Profile.",
    '',
    ACCOUNT_SETTINGS_URL,
    '',
    '+ Once verified, a Connect account will be created for you using this email address and linked to your HRM user.',
    '+ If you already have a Connect account with this email, your existing account will instead be linked to HRM.',
    '',
    input.activationAt !== null
      ? `From ${formatTenantDate(input.activationAt)} you log in to HRM with Connect, using the email address you verified.`
      : 'Your administrator will let you know when you start logging in with Connect.',
  ].join('\n');
}

/** Why a user gets no mail of a bulk job, in the words of the job's summary. */
export const SKIP_REASONS = {
  linked: 'already linked',
  timeclockOnly: 'Timeclock-only: needs no account',
  noEmail: 'no email address',
  domainNotAllowed: 'email not at an allowed domain',
  emailInUse: 'email linked to another user',
  gone: 'no longer in the directory',
} as const;

export const VERIFICATION_MAIL = {
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject: 'Verify your email address',
} as const;

/** The verification mail (R3) in the recipient's language: in English the words below, in Swedish their translation. */
export function verificationMail(locale: Locale, name: string, code: string): { subject: string; text: string } {
  const minutes = CODE_TTL_MS / 60_000;
  return {
    subject: m.mail_verification_subject({}, { locale }),
    text: [
      m.mail_greeting({ name: firstName(name) }, { locale }),
      '',
      m.mail_verification_intro({}, { locale }),
      '',
      m.mail_verification_what_to_do({}, { locale }),
      '',
      m.mail_verification_enter_code({}, { locale }),
      m.mail_account_created({}, { locale }),
      m.mail_account_existing({}, { locale }),
      '',
      m.mail_verification_code_label({}, { locale }),
      '',
      code,
      '',
      m.mail_verification_code_valid({ minutes }, { locale }),
      '',
      m.mail_verification_ignore({}, { locale }),
    ].join('\n'),
  };
}

/** The verification mail (R3), word for word as customers received it, with "Visma Connect" → "Connect" and "Flex
 * HRM" → "HRM". */
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
  oldLoginGone: 'HRM now uses Connect: log in with the email address you verified, on the Connect login page.',
  connectLogin: {
    not_linked: (email?: string) =>
      `${email ? `You signed in to Connect as ${email}, but no HRM user` : 'No HRM user'} is linked to that account. If you did not verify your email address before the switch, ask your administrator to send you a verification email.`,
    denied: (_email?: string) => 'Connect did not let the login through. Try again.',
    expired: (_email?: string) => 'The login took too long or was started in another window. Try again.',
    failed: (_email?: string) => 'The login through Connect could not be completed. Try again in a moment.',
  },
  /** The HRM's own single sign-on before the migration, naming the provider ("Entra ID"). */
  ssoLogin: {
    unknown_user: (provider: string, username: string) =>
      `You signed in at ${provider} as ${username}, but no HRM user has that as its external reference. Ask your HRM administrator to add it to your HRM user, then sign in again.`,
    denied: (provider: string, detail: string) =>
      `${provider} did not let the sign-in through (${detail}). If you cancelled, sign in again; otherwise ask your IT department.`,
    expired: (_provider: string) => 'The sign-in took too long or was started in another window. Sign in again.',
    failed: (provider: string) =>
      `The sign-in through ${provider} could not be completed. Try again in a moment; if it keeps failing, ask your IT department.`,
    noReference: (provider: string, claim: string) =>
      `${provider} did not say who you are (its answer has no ${claim}). Ask your IT department to check the HRM's app registration.`,
  },
  timeclockOnly:
    'You clock in with your badge or employee number at the Timeclock, so there is nothing you need to do here: no email and no action are needed.',
  unauthenticated: 'Your session has ended. Log in again to continue.',
  forbidden: 'You do not have access to this page. Ask your administrator if you need it.',
  payrollForbidden: 'Payroll runs are for administrators and HR staff.',
  notFound: (path: string) => `There is no page at ${path}`,
  /** R18: the old address's answer after the move, naming the new address to use instead. */
  moved: (tenant: string, newAddress: string) =>
    `${tenant} has moved to a new address: use ${newAddress} instead. This address no longer answers for the HRM.`,
  /** R18: a new address before the move. */
  notInUseYet: (tenant: string, origin: string, cutoverAt: number | null) =>
    `${new URL(origin).host} is not in use for ${tenant} yet: it opens at the cutover${
      cutoverAt === null ? ', when it is scheduled' : ` on ${formatTenantDateTime(cutoverAt)}`
    }. Use ${new URL(ORIGINS.hrm).host} until then.`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
  linkingClosed: (phase: RolloutPhase) =>
    phase === 'activation'
      ? 'HRM now uses Connect for logging in, so linking is done by your administrator: ask them to send you a verification email.'
      : 'Linking to Connect is not open yet. Your administrator will let you know when it is time.',
  domainNotAllowed: (allowed: readonly string[], who: 'self' | 'admin' = 'self') =>
    who === 'admin'
      ? `Use an email address at ${listDomains(allowed)}: General > Security only allows ${allowed.length === 1 ? 'this domain' : 'these domains'} for linking to Connect.`
      : `Use an email address at ${listDomains(allowed)}. Your administrator only allows ${allowed.length === 1 ? 'this domain' : 'these domains'} for linking to Connect.`,
  emailInUse: (email: string) => `${email} is already linked to another user. Each email address can belong to one user only.`,
  emailInUseBy: (email: string, name: string) =>
    `${email} is already linked to ${name}. Each email address can belong to one user only (plus-addresses such as name+hrm@ count as their own).`,
  emailEnteredFor: (email: string, name: string) =>
    `${email} is already the Connect email of ${name}. Each email address can belong to one user only.`,
  adminLinkingClosed:
    'Linking opens with the preparation phase: schedule or start it under Rollout first. Connect emails can already be entered and imported.',
  timeclockOnlyUser: (name: string) => `${name} clocks in at the Timeclock only and needs no Connect account.`,
  userAlreadyLinked: (name: string, email: string) =>
    `${name} is already linked to Connect with ${email}. Remove the connection first to link another email address.`,
  noEmail: (name: string) => `${name} has no email address: enter the email to verify.`,
  userNotFound: (id: string) => `There is no user ${id}`,
  notLinkedUser: (name: string) => `${name} has no Connect connection to remove.`,
  remindersAfterActivation: 'After activation users cannot verify on their own: send verification emails instead.',
  remindersBeforePreparation: 'Reminders point users to Account Settings, where verifying opens with the preparation phase.',
  nobodySelected: 'Select at least one user, or choose "all matching the filter".',
  jobNotFound: (id: string) => `There is no mail job ${id}`,
  jobFinished: 'This job has already finished.',
  linkInvalid:
    'This verification link is not valid. Use the link in the newest email from your administrator, or ask them to send a new one.',
  linkExpired: `This verification link has expired: links are valid for ${LINK_TTL_MS / 86_400_000} days. Ask your administrator to send a new verification email.`,
  linkSuperseded: 'A newer verification email has been sent to you since: use the link in the newest email.',
  linkAlreadyUsed: 'Your email address is already verified and your user is linked to Connect.',
  alreadyLinked: 'Your user is already linked to a Connect account. Unlink it first to use another email address.',
  notLinked: 'Your user is not linked to a Connect account.',
  noCodeSent: 'Send a verification code first.',
  codeMalformed: 'Enter the 6-digit code from the email',
  codeSuperseded: (email: string) => `A newer code was sent to ${email} — use the code in the newest email.`,
  codeIncorrect: (left: number) => `The code is incorrect. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  codeAttemptsExceeded: `The code was entered wrong ${MAX_CODE_ATTEMPTS} times. Send a new verification code.`,
  codeExpired: `The code has expired: it is valid for ${CODE_TTL_MS / 60_000} minutes. Send a new verification code.`,
  connectUnavailable: (method: LinkingMethod | null) =>
    `Connect did not answer, so the user could not be linked yet. The ${method === 'link' ? 'link' : 'code'} is still valid: try again in a moment.`,
  mailUnavailable: 'The verification email could not be sent. Try again in a moment.',
  phaseConflict: (phase: RolloutPhase) => `Preparation can only be started from setup; the tenant is in ${phase}.`,
  schedule: {
    preparation_in_past: 'The preparation start is in the past of the world clock: pick a later date, or use "Start preparation now".',
    activation_in_past: 'The activation date is in the past of the world clock: pick a later date.',
    activation_before_preparation: 'Activation must come after preparation opens: users need the preparation phase to verify their email.',
    activation_without_preparation: 'Schedule the preparation start first: activation comes after it.',
    preparation_already_started: 'Preparation has already opened; its date can no longer change.',
    already_activated: 'The tenant is activated: the schedule can no longer change.',
    measure_end_before_activation:
      'The end of API forwarding or of the calendar redirect is set before this activation: move those end dates later, or clear them, first.',
  },
  measures: {
    migration_complete: 'The migration is complete: the temporary measures can no longer change.',
    hosting_after_activation: 'The move to the new addresses has happened: the hosting can no longer change.',
    self_hosted_no_forwarding:
      'Self-hosted customers get no forwarding from the old addresses: clear this end date, or choose "Hosted by us".',
    end_in_past: 'This end date is in the past of the world clock: pick a later date.',
    end_before_activation: 'This end date must come after activation, when the new addresses take over.',
    end_without_activation: 'Schedule the activation first: the temporary measures end after it.',
    end_already_passed: 'This temporary measure has already ended; its end date can no longer change.',
  },
  measuresStale:
    'The temporary measures were changed elsewhere (another tab or administrator) since this page was loaded. Reload the page to see them, then make your change again.',
  completeConflict: (stage: string) =>
    stage === 'complete'
      ? 'The migration is already complete.'
      : 'The migration can only be closed after activation, once the new addresses are in use.',
} as const;
