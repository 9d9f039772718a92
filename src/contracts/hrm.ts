// Owns the HRM's wire (hrm.test): page views, API bodies and error codes, shared by its server and its client, and
// its endpoint table (HRM_API).
import type { SessionEnded } from './wire';
import type { EmailProblemCode, DomainProblemCode } from '../domain/email';
import { endpointTable, shape, type TextFile } from './endpoint';
import { SIM_MACHINES_PATH, type HrmInspection, type InspectionProblemCode } from './inspection';
import { ORIGINS } from './origins';

export type HrmRole = 'admin' | 'hr' | 'employee' | 'timeclock';

/** The identity providers the HRM's own single sign-on (before the migration) can sign users in through. */
export type HrmSsoProvider = 'entra' | 'google' | 'okta' | 'ping';
/** How the HRM names each provider to users: "Sign in with Entra ID". */
export const HRM_SSO_PROVIDER_NAMES: Readonly<Record<HrmSsoProvider, string>> = {
  entra: 'Entra ID',
  google: 'Google',
  okta: 'Okta',
  ping: 'Ping Identity',
};
/** The ID token claim an HRM user's external reference is matched with. */
export type SsoReferenceClaim = 'preferred_username' | 'sub' | 'email';
export type RolloutPhase = 'setup' | 'preparation' | 'activation';
/** The rollout's stage: activation told apart into post-migration (the temporary measures of the move) and its end. */
export type MigrationStage = 'setup' | 'preparation' | 'postMigration' | 'complete';
/** Hosted customers get temporary forwarding from the old addresses; self-hosted ones do not (R18). */
export type HostingKind = 'hosted' | 'selfHosted';

export const HRM_PATHS = {
  start: '/',
  login: '/login',
  logout: '/logout',
  myProfile: '/my-profile',
  accountSettings: '/my-profile/account-settings',
  security: '/general/security',
  users: '/users',
  importExport: '/users/import-export',
  auditLog: '/users/audit-log',
  rollout: '/rollout',
  payroll: '/payroll',
  /** Where the admin's verification link lands (R16). */
  verifyEmail: '/verify-email',
  /** From activation: log in through Connect (OpenID Connect authorization code flow), and its redirect_uri. */
  connectLogin: '/auth/login',
  connectCallback: '/auth/callback',
  /** Before the migration, for an HRM with single sign-on: the password login, for those without a user at the provider. */
  noSso: '/HRM-NoSSO',
  /** Before the migration: log in through the organisation's identity provider, and its redirect_uri. */
  ssoLogin: '/sso/login',
  ssoCallback: '/sso/callback',
  /** The mobile app at the customer's own address, before the move (R18); after it, the root of HRM_NEW_ORIGINS.mobile. */
  mobile: '/mobile',
} as const;

export const HRM_VIEWS = {
  login: 'hrm/login',
  start: 'hrm/start',
  myProfile: 'hrm/my-profile',
  accountSettings: 'hrm/account-settings',
  security: 'hrm/security',
  users: 'hrm/users',
  importExport: 'hrm/import-export',
  auditLog: 'hrm/audit-log',
  rollout: 'hrm/rollout',
  payroll: 'hrm/payroll',
  verifyEmail: 'hrm/verify-email',
  forbidden: 'hrm/forbidden',
  notFound: 'hrm/not-found',
  /** R18: the old address after the move, on every page path: where the HRM is now. */
  moved: 'hrm/moved',
  /** R18: a new address before the move: not in use for this customer yet. */
  notInUseYet: 'hrm/not-in-use-yet',
  /** The mobile app's view: the signed-in user, today, links. */
  mobile: 'hrm/mobile',
  /** R18: the old mobile address after the move, for a visitor who never used the app on this device. */
  mobileMoved: 'hrm/mobile-moved',
} as const;

/** One of the HRM's new addresses as the old address's landing page lists it (R18). */
export interface HrmNewAddress {
  kind: 'web' | 'mobile' | 'timeclock' | 'api';
  url: string;
  /** What the address is for, in a sentence: "The HRM in your web browser". */
  purpose: string;
}

/** R18: the old address after the move: where the HRM is now, for people and bookmarks. */
export interface HrmMovedPageData {
  tenantName: string;
  /** The address that was asked for (a bookmark of the old login, of a page). */
  requested: string;
  addresses: HrmNewAddress[];
  /** The mobile app's new address, which the page shows as a QR code. */
  mobileUrl: string;
  /** When the move happened. */
  movedAt: number | null;
}

/** R18: a new address before the move. */
export interface HrmNotInUseYetPageData {
  tenantName: string;
  /** The address asked for. */
  requested: string;
  /** The cutover, when the new addresses open; null while it is not scheduled. */
  cutoverAt: number | null;
  /** The customer's own address, which works until then. */
  oldAddress: string;
}

/** The mobile app's view: small, for the signed-in user. */
export interface HrmMobilePageData {
  tenantName: string;
  user: HrmUserSummary;
  employeeNumber: string | null;
  /** World time of the answer: "today". */
  today: number;
  /** The web app's address, for what the mobile view does not show. */
  webUrl: string;
}

/** R18: the old mobile address after the move, for a new visitor: where the app is now. */
export interface HrmMobileMovedPageData {
  tenantName: string;
  mobileUrl: string;
}

export interface HrmUserSummary {
  id: string;
  loginId: string;
  name: string;
  roles: HrmRole[];
}

/** What every signed-in HRM page renders its shell with. */
export interface HrmShellData {
  user: HrmUserSummary;
  tenantName: string;
  phase: RolloutPhase;
  /** R1: the preparation banner, on every page until the user is linked. */
  showPreparationBanner: boolean;
  /** What the signed-in user's roles give access to; the left nav shows only these. */
  access: HrmAccess;
  /** For those with the Users view: the rollout's next scheduled phase change, for the header's countdown. */
  nextPhase?: { at: number; phase: RolloutPhase } | null;
}

export interface HrmAccess {
  /** The Users view authorization (R8, R10): users, import/export, audit log, rollout and General > Security. */
  users: boolean;
  /** Payroll runs: administrators and HR staff. */
  payroll: boolean;
}

export interface HrmLoginPageData {
  tenantName: string;
  /**
   * The old login (user ID and password) until activation; for an HRM with single sign-on, its "Sign in with …" page
   * (shown after logging out or when a sign-in failed); from activation Connect (R14), and at the /HRM-NoSSO address
   * a note that it is no longer needed.
   */
  mode: 'password' | 'sso' | 'connect' | 'no_sso_retired';
  /** Where "Log in with Connect" starts, carrying the page to come back to. */
  connectLoginUrl: string;
  /** The HRM's own single sign-on before the migration, or null when it has none. */
  sso: { providerName: string; loginUrl: string } | null;
  /** This is the /HRM-NoSSO address: the password login of an HRM with single sign-on. */
  noSso: boolean;
  /**
   * Why the last login through Connect or the identity provider did not get in (e.g. the account is not linked to an
   * HRM user, R16; no HRM user has the provider's username as external reference).
   */
  problem: { reason: HrmLoginProblem; message: string } | null;
  /** The browser's session ended by running out (its end passed on the world clock), or null (none, or logged out). */
  sessionEnded?: SessionEnded | null;
}

export type HrmLoginProblem = 'not_linked' | 'unknown_user' | 'denied' | 'expired' | 'failed';

export interface HrmEmployment {
  id: string;
  title: string;
  department: string;
  email: string | null;
  mailingsActivated: boolean;
  status: 'active' | 'parental_leave';
}

export interface HrmProfilePageData extends HrmShellData {
  email: string | null;
  employeeNumber: string;
  employments: HrmEmployment[];
}

export type LinkStatusName = 'unlinked' | 'code_sent' | 'link_sent' | 'linked';

/** Account Settings > Link to Connect, as the server sees it now. */
export interface LinkStatus {
  status: LinkStatusName;
  /** The email the code was sent to (code_sent) or the linked email (linked). */
  email: string | null;
  /** R2: emails on the user and on employments with mailings activated. */
  suggestions: string[];
  codeSentAt: number | null;
  codeExpiresAt: number | null;
  attemptsLeft: number | null;
  /** The code can no longer be used (expired or too many wrong tries): a new one must be sent. */
  needsNewCode: boolean;
  /** Where to set a password at Connect ("Manage your account"). */
  connectAccountSettingsUrl: string;
  /** Self-service linking is open (the preparation phase). */
  canLink: boolean;
  /** How the linked email was verified: a code, an admin's link, or its domain being verified at Connect (R13). */
  method: 'code' | 'link' | 'domain' | null;
}

export interface HrmAccountSettingsPageData extends HrmShellData {
  link: LinkStatus;
}

export interface SecuritySettings {
  /** R6: none listed = every domain allowed. */
  allowedDomains: string[];
  /**
   * R13 (users without an inbox): an email at a domain the organisation verified at Connect is linked
   * without a verification code or link. Absent in a request: unchanged.
   */
  linkVerifiedDomainsWithoutCode?: boolean;
}

export interface HrmSecuritySettings extends SecuritySettings {
  linkVerifiedDomainsWithoutCode: boolean;
  /** The domains verified at Connect now, or null when Connect did not answer. */
  verifiedDomains: string[] | null;
}

export interface HrmSecurityPageData extends HrmShellData {
  security: HrmSecuritySettings;
}

/** What signing in or out answers: where the browser goes next. */
export interface RedirectAnswer {
  /** A path on hrm.test to navigate to next, or Connect's end session URL after a Connect session. */
  redirectTo: string;
}

export interface LoginRequest {
  loginId: string;
  password: string;
}

export interface SendCodeRequest {
  email: string;
}

export interface VerifyCodeRequest {
  code: string;
}

export interface RolloutStatus {
  tenantName: string;
  phase: RolloutPhase;
  /** Scheduled (setup) or actual (later) opening of preparation. */
  preparationStartsAt: number | null;
  preparationStartedAt: number | null;
  /** The scheduled cutover (R14). */
  activationAt: number | null;
  activatedAt: number | null;
  /** The next phase change the world clock will bring, if one is scheduled. */
  next: { at: number; phase: RolloutPhase } | null;
  stage: MigrationStage;
  hosting: HostingKind;
  /** When the old API address stops forwarding to the new one (R18); null: not set (it keeps forwarding). */
  apiForwardingEndsAt: number | null;
  /** When the old calendar feed path stops redirecting to the new one; null: not set (it keeps redirecting). */
  calendarRedirectEndsAt: number | null;
  /** Which temporary measures are in force at the world clock's now. */
  measures: { apiForwarding: boolean; calendarRedirect: boolean };
  /** In post-migration: when the world clock completes the migration (the last end date), if both are set. */
  completesAt: number | null;
  /** When the migration was complete: closed by the admin, or the last temporary measure ended. */
  completedAt: number | null;
}

/** PUT /api/rollout/temporary-measures: hosting and the end dates (world times; null: not set). */
export interface TemporaryMeasuresRequest {
  hosting: HostingKind;
  apiForwardingEndsAt: number | null;
  calendarRedirectEndsAt: number | null;
  /**
   * The values the admin's page showed when the change was made: a change made since (another tab, another admin)
   * refuses the request (measures_stale) rather than being overwritten unseen.
   */
  seen?: { hosting: HostingKind; apiForwardingEndsAt: number | null; calendarRedirectEndsAt: number | null };
}

/** PUT /api/rollout/schedule: world times (epoch ms); null leaves a date unscheduled. */
export interface RolloutScheduleRequest {
  preparationStartsAt: number | null;
  activationAt: number | null;
}

export interface RolloutScheduleAnswer extends RolloutStatus {
  /** Advice that does not block saving (e.g. a preparation much shorter than the month customers are advised). */
  warnings: string[];
}

export interface SecurityAnswer extends HrmSecuritySettings {
  /** R6: allowed domains belong before preparation; changed later, they do not affect linked users. */
  warning: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Users view (R8–R11, R16, R17)

/** Where a user stands with Connect, as the Users view names it. */
export type UserLinkState = 'not_started' | 'code_sent' | 'link_sent' | 'linked';

/** The Users view's status filter: a link state, every user not yet linked, or the Timeclock-only users (R11). */
export type UserStatusFilter = 'all' | 'not_linked' | UserLinkState | 'timeclock_only';
export const USER_STATUS_FILTERS: readonly UserStatusFilter[] = [
  'all',
  'not_linked',
  'not_started',
  'code_sent',
  'link_sent',
  'linked',
  'timeclock_only',
];

export type UserSortKey = 'name' | 'loginId' | 'employeeNumber' | 'department' | 'status' | 'connectEmail' | 'lastLogin';
export const USER_SORT_KEYS: readonly UserSortKey[] = [
  'name',
  'loginId',
  'employeeNumber',
  'department',
  'status',
  'connectEmail',
  'lastLogin',
];
export type SortDirection = 'asc' | 'desc';

/** Which users a query or a bulk action is about. */
export interface UserFilter {
  /** Matched against name, user ID, employee number and emails, ignoring case. */
  q?: string;
  status?: UserStatusFilter;
  department?: string;
  role?: HrmRole;
}

export interface UserQuery extends UserFilter {
  sort?: UserSortKey;
  dir?: SortDirection;
  offset?: number;
  limit?: number;
}

export interface UserEmploymentSummary {
  title: string;
  department: string;
  status: 'active' | 'parental_leave';
}

export interface UserListRow {
  id: string;
  name: string;
  loginId: string;
  employeeNumber: string;
  roles: HrmRole[];
  employments: UserEmploymentSummary[];
  /** The linked email once linked; before, the email the admin entered or imported, or the one a code/link went to. */
  connectEmail: string | null;
  state: UserLinkState;
  timeclockOnly: boolean;
  /** When the pending code or link was sent. */
  sentAt: number | null;
  /** Whether the linked Connect account has a password; null when not linked or Connect did not answer. */
  passwordSet: boolean | null;
  lastLoginAt: number | null;
}

export type UserStatusCounts = Record<UserStatusFilter, number>;

export interface UserListPage {
  rows: UserListRow[];
  /** Users matching the whole query. */
  total: number;
  offset: number;
  limit: number;
  sort: UserSortKey;
  dir: SortDirection;
  /** Users matching the query's search, department and role, by status: the numbers on the filter chips. */
  counts: UserStatusCounts;
  departments: string[];
}

export interface UserLinkDetail {
  state: UserLinkState;
  /** How the email was verified (or is being): a code, an admin's link, or a domain verified at Connect (R13). */
  method: 'code' | 'link' | 'domain' | null;
  email: string | null;
  sentAt: number | null;
  expiresAt: number | null;
  connectAccountId: string | null;
  linkedAt: number | null;
}

export interface UserDetail extends UserListRow {
  /** The email saved on the user. */
  email: string | null;
  /**
   * Who the user is at the identity provider the HRM signs in through before the migration (e.g. an Entra UPN): single
   * sign-on finds the user by it, not by email. Null: the user logs in with a password.
   */
  externalReference: string | null;
  employments: HrmEmployment[];
  /** R2: what the user would be offered in Account Settings. */
  suggestions: string[];
  link: UserLinkDetail;
  /** Why "Send verification email" is not possible now, or null when it is. */
  cannotSend: string | null;
  /** R10: an admin may remove the connection of a linked user. */
  canRemoveConnection: boolean;
  /** The newest entries of the audit log about this user, newest first. */
  history: AuditEntry[];
}

export interface ConnectEmailRequest {
  email: string;
}

/** POST /api/users/:id/verification-email: the email to verify, or the user's Connect email when left out. */
export interface SendVerificationEmailRequest {
  email?: string;
}

// Bulk mail jobs ----------------------------------------------------------------------------------------------

/** Verification links (R16), reminders to verify (R8), the announcement when preparation opens. */
export type BulkEmailKind = 'verification_link' | 'reminder' | 'announcement';
export type JobStatus = 'running' | 'cancelling' | 'cancelled' | 'done' | 'failed';

export interface BulkEmailRequest {
  kind: Exclude<BulkEmailKind, 'announcement'>;
  /** Chosen users, or every user matching a filter at the moment the job starts. */
  selection: { userIds: string[] } | { filter: UserFilter };
}

export interface BulkJob {
  id: string;
  /** 1, 2, 3… in the order jobs were started. */
  number: number;
  kind: BulkEmailKind;
  status: JobStatus;
  createdAt: number;
  createdBy: { id: string; name: string } | null;
  finishedAt: number | null;
  total: number;
  /** Recipients handled so far (sent + linked + skipped + failed). */
  processed: number;
  sent: number;
  /** R13: verification emails not sent because the address's domain is verified at Connect; linked at once. */
  linked: number;
  skipped: number;
  failed: number;
  /** Skipped recipients by reason, e.g. {"already linked": 12}. */
  skippedReasons: Record<string, number>;
  /** What stopped a failed job. */
  error: string | null;
}

/** `linked`: R13, an address at a domain verified at Connect is linked without a mail. */
export type RecipientOutcome = 'sent' | 'linked' | 'skipped' | 'failed';

export interface JobRecipient {
  userId: string;
  name: string;
  email: string | null;
  outcome: RecipientOutcome;
  reason: string | null;
  at: number;
}

export interface JobRecipientPage {
  job: BulkJob;
  rows: JobRecipient[];
  total: number;
  offset: number;
  limit: number;
}

// Audit log ------------------------------------------------------------------------------------------------------

export type AuditEntryType =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'code_sent'
  | 'code_incorrect'
  | 'linked'
  | 'link_failed'
  | 'unlinked'
  | 'unlink_notification_failed'
  | 'connect_email_changed'
  | 'verification_link_sent'
  | 'reminder_sent'
  | 'announcement_sent'
  | 'bulk_email'
  | 'import_applied'
  | 'security_changed'
  | 'schedule_changed'
  | 'preparation_started'
  | 'activated'
  | 'temporary_measures_changed'
  | 'temporary_measure_ended'
  | 'migration_complete'
  | 'payroll_run';

export interface AuditEntry {
  id: string;
  at: number;
  type: AuditEntryType;
  actor: { id: string; name: string } | null;
  subject: { id: string; name: string } | null;
  detail: string;
  /** The bulk job this entry belongs to. */
  jobId: string | null;
}

export interface AuditQuery {
  type?: AuditEntryType;
  userId?: string;
  q?: string;
  from?: number;
  to?: number;
  offset?: number;
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  offset: number;
  limit: number;
}

// Import and export (R9: templates of type Employees/users with a "Connect email" field) ---------------------

export type ExportField = 'loginId' | 'employeeNumber' | 'name' | 'email' | 'connectEmail' | 'department' | 'title' | 'state';
export const EXPORT_FIELDS: Readonly<Record<ExportField, string>> = {
  loginId: 'User ID',
  employeeNumber: 'Employee number',
  name: 'Name',
  email: 'Email',
  connectEmail: 'Connect email',
  department: 'Department',
  title: 'Title',
  state: 'Link status',
};

export type ImportOutcome = 'update' | 'unchanged' | 'rejected';
export type ImportRejection =
  | 'invalid_email'
  | 'already_linked'
  | 'unknown_user'
  | 'email_in_use'
  | 'duplicate_in_file'
  | 'user_twice_in_file'
  | 'domain_not_allowed'
  | 'missing_user';

export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  /** The user ID as written in the file. */
  userRef: string;
  userId: string | null;
  name: string | null;
  /** The Connect email now, and what the row asks for. */
  before: string | null;
  after: string | null;
  outcome: ImportOutcome;
  reason: ImportRejection | null;
  message: string;
}

export type ImportCounts = Record<ImportOutcome, number> & { total: number };

export interface ImportPreview {
  id: string;
  number: number;
  fileName: string;
  createdAt: number;
  status: 'preview' | 'applied';
  appliedAt: number | null;
  counts: ImportCounts;
  /** Columns read (by header), and columns this template does not import. */
  columns: { user: string; connectEmail: string };
  ignoredColumns: string[];
  /** A page of rows, filtered by outcome when asked. */
  rows: ImportRow[];
  total: number;
  offset: number;
  limit: number;
}

// Readiness ------------------------------------------------------------------------------------------------------

export interface DepartmentReadiness {
  department: string;
  /** Users who need a Connect account (everyone but the Timeclock-only). */
  eligible: number;
  timeclockOnly: number;
  byState: Record<UserLinkState, number>;
}

export interface Readiness {
  phase: RolloutPhase;
  activationAt: number | null;
  total: number;
  /** R11: counted apart, they need no action. */
  timeclockOnly: number;
  eligible: number;
  byState: Record<UserLinkState, number>;
  /** linked / eligible, 0 when nobody is eligible. */
  linkedShare: number;
  byDepartment: DepartmentReadiness[];
  /** Linked users over world time: each point is the count linked at that moment (step chart). */
  history: Array<{ at: number; linked: number }>;
  /** Users who could not log in if activation happened now: eligible and not linked. */
  lockedOut: number;
  /**
   * Users who sign in through the organisation's identity provider (their HRM user has an external reference), counted
   * apart: they need a verified email linked to Connect, but no Connect password. They are among `eligible` and
   * `byState` too; the rest of those are the password users. Null when the HRM has no single sign-on.
   */
  sso: SsoReadiness | null;
}

export interface SsoReadiness {
  /** "Entra ID". */
  providerName: string;
  users: number;
  byState: Record<UserLinkState, number>;
}

// Payroll (R12: unaffected by link status) ---------------------------------------------------------------

export interface PayrollRunRequest {
  /** "2026-03" */
  period: string;
}

export interface PayrollLine {
  userId: string;
  name: string;
  employeeNumber: string;
  title: string;
  department: string;
  employmentStatus: 'active' | 'parental_leave';
  gross: number;
  tax: number;
  net: number;
  /** Shown beside the pay to make R12 visible: the link state changes nothing here. */
  state: UserLinkState;
}

export interface PayrollRunSummary {
  id: string;
  number: number;
  period: string;
  createdAt: number;
  createdBy: { id: string; name: string };
  employees: number;
  lines: number;
  gross: number;
  tax: number;
  net: number;
  /** Paid employees by link state. */
  byState: Record<UserLinkState, number>;
}

export interface PayrollRunPage extends PayrollRunSummary {
  rows: PayrollLine[];
  total: number;
  offset: number;
  limit: number;
}

// Pages ----------------------------------------------------------------------------------------------------------

export interface HrmUsersPageData extends HrmShellData {
  initial: UserListPage;
  jobs: BulkJob[];
}

export interface HrmImportExportPageData extends HrmShellData {
  exportFields: ExportField[];
  recent: ImportPreview[];
}

export interface HrmAuditLogPageData extends HrmShellData {
  initial: AuditPage;
}

export interface HrmRolloutPageData extends HrmShellData {
  rollout: RolloutStatus;
  readiness: Readiness;
  allowedDomains: string[];
}

export interface HrmPayrollPageData extends HrmShellData {
  runs: PayrollRunSummary[];
  /** Payroll preparation: the hours punched at the Timeclock this month, at the old address and the new one alike (R12). */
  hours: PunchedHours;
}

/** The hours punched at the Timeclock in one month, per person: each punch in to the punch out after it. */
export interface PunchedHours {
  /** "2026-03". */
  period: string;
  people: { userId: string; name: string; employeeNumber: string; hours: number; punches: number }[];
}

/** What the verification link's page shows (R16): confirm, done, or why the link cannot be used. */
export type VerifyEmailState = 'ready' | 'verified' | 'expired' | 'superseded' | 'invalid' | 'already_linked';

export interface HrmVerifyEmailPageData {
  tenantName: string;
  phase: RolloutPhase;
  state: VerifyEmailState;
  token: string;
  email: string | null;
  name: string | null;
  message: string | null;
  /** Connect's account settings, where a password is set with "Forgot your password?" (R5, R15). */
  connectAccountSettingsUrl: string;
}

export interface VerifyEmailRequest {
  token: string;
}

export type HrmErrorCode =
  | EmailProblemCode
  | DomainProblemCode
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_credentials'
  | 'timeclock_only'
  | 'linking_closed'
  | 'domain_not_allowed'
  | 'email_in_use'
  | 'already_linked'
  | 'not_linked'
  | 'no_code_sent'
  | 'code_malformed'
  | 'code_incorrect'
  /** An earlier code, replaced by a newer one: no try is counted. */
  | 'code_superseded'
  | 'code_expired'
  | 'code_attempts_exceeded'
  | 'connect_unavailable'
  | 'mail_unavailable'
  | 'phase_conflict'
  | 'schedule_invalid'
  | 'measures_invalid'
  | 'measures_stale'
  | 'timeclock_only_user'
  | 'no_email'
  | 'link_invalid'
  | 'link_expired'
  | 'link_superseded'
  | 'job_finished'
  | 'import_stale'
  | 'import_applied'
  | 'import_empty'
  | 'import_unreadable'
  /** An import file larger than the HRM takes. */
  | 'import_too_large'
  | 'period_invalid'
  | 'old_login_gone'
  /** R18: the old address after the move; the message names the new one. */
  | 'moved'
  /** R18: a new address before the move. */
  | 'not_in_use_yet';

/** The problem codes an HRM endpoint answers with, checked against the HRM's codes. */
function codes<const Code extends HrmErrorCode>(...list: Code[]): readonly Code[] {
  return list;
}

/** An API only for the signed-in administrator with the Users view (the Users view's authorization). */
const ADMIN = codes('unauthenticated', 'forbidden');
/** R6 and R7: checked before a code or link goes out, and again when it is used. */
const EMAIL_CHECKS = codes('domain_not_allowed', 'email_in_use');
/** An email an administrator enters for a user: a valid address, not linked or entered for someone else. */
const CONNECT_EMAIL_CHECKS = codes(...EMAIL_CHECKS, 'email_required', 'email_malformed', 'already_linked', 'timeclock_only_user');

/**
 * The HRM's API (hrm.test/api/*), the two steps of logging in through Connect from activation (OpenID Connect's
 * authorization code flow, with /auth/callback as the redirect_uri), and the simulator's inspection. Its pages are
 * HRM_PATHS.
 */
export const HRM_API = endpointTable(ORIGINS.hrm, {
  // The old login and the user's own link (R2–R7, R10)
  login: {
    method: 'POST',
    path: '/api/session',
    summary: 'Logs in with user ID and password, until activation; ?return_to=/path. Answers {redirectTo} and the session cookie.',
    request: shape<LoginRequest>(),
    response: shape<RedirectAnswer>(),
    errors: codes('invalid_request', 'invalid_credentials', 'timeclock_only', 'old_login_gone'),
  },
  logout: {
    method: 'DELETE',
    path: '/api/session',
    summary: "Logs out; answers {redirectTo}: the login, or Connect's end session URL after a Connect session.",
    response: shape<RedirectAnswer>(),
  },
  getLinkStatus: {
    method: 'GET',
    path: '/api/me/connect',
    summary: "The signed-in user's link to Connect (Account Settings > Link to Connect).",
    response: shape<LinkStatus>(),
    errors: codes('unauthenticated'),
  },
  unlink: {
    method: 'DELETE',
    path: '/api/me/connect',
    summary: "Removes the user's own link, or cancels a pending code, during preparation.",
    response: shape<LinkStatus>(),
    errors: codes('unauthenticated', 'linking_closed', 'not_linked'),
  },
  sendVerificationCode: {
    method: 'POST',
    path: '/api/me/connect/verification-code',
    summary: 'Mails a 6-digit code, valid 30 minutes, to the email chosen; links at once when its domain is verified at Connect.',
    request: shape<SendCodeRequest>(),
    response: shape<LinkStatus>(),
    errors: codes(
      'unauthenticated',
      'invalid_request',
      'email_required',
      'email_malformed',
      'linking_closed',
      'already_linked',
      ...EMAIL_CHECKS,
      'connect_unavailable',
      'mail_unavailable',
    ),
  },
  verifyCode: {
    method: 'POST',
    path: '/api/me/connect/verify',
    summary: 'Checks the code and links the user to a Connect account, found or created.',
    request: shape<VerifyCodeRequest>(),
    response: shape<LinkStatus>(),
    errors: codes(
      'unauthenticated',
      'invalid_request',
      'code_malformed',
      'linking_closed',
      'already_linked',
      'no_code_sent',
      ...EMAIL_CHECKS,
      'code_incorrect',
      'code_expired',
      'code_attempts_exceeded',
      'code_superseded',
      'connect_unavailable',
    ),
  },
  confirmEmail: {
    method: 'POST',
    path: '/api/verify-email',
    summary: "Confirms the address an administrator's verification link was sent to, and links the user.",
    request: shape<VerifyEmailRequest>(),
    response: shape<HrmVerifyEmailPageData>(),
    errors: codes(
      'invalid_request',
      'link_invalid',
      'link_expired',
      'link_superseded',
      'already_linked',
      ...EMAIL_CHECKS,
      'connect_unavailable',
    ),
  },

  // The Users view and its mail jobs (R8–R11, R13, R16, R17)
  listUsers: {
    method: 'GET',
    path: '/api/users',
    summary: 'A page of users; ?q&status&department&role&sort&dir&offset&limit.',
    response: shape<UserListPage>(),
    errors: codes(...ADMIN, 'invalid_request'),
  },
  exportUsers: {
    method: 'GET',
    path: '/api/users/export',
    summary: 'The matching users as a CSV file of the Employees/users template; ?fields=loginId,name,…&q&status&department&role.',
    response: shape<TextFile>(),
    responseType: 'text/csv',
    errors: codes(...ADMIN, 'invalid_request'),
  },
  startBulkEmails: {
    method: 'POST',
    path: '/api/users/bulk-emails',
    summary: 'Starts a mail job of verification links or reminders to chosen users or to every user matching a filter; 202 with the job.',
    request: shape<BulkEmailRequest>(),
    response: shape<BulkJob>(),
    errors: codes(...ADMIN, 'invalid_request', 'linking_closed', 'not_found'),
  },
  getUser: {
    method: 'GET',
    path: '/api/users/:id',
    summary: 'One user: their link, what can be done with it, and their history.',
    response: shape<UserDetail>(),
    errors: codes(...ADMIN, 'not_found'),
  },
  setConnectEmail: {
    method: 'PUT',
    path: '/api/users/:id/connect-email',
    summary: 'Enters the Connect email of a user not yet linked.',
    request: shape<ConnectEmailRequest>(),
    response: shape<UserDetail>(),
    errors: codes(...ADMIN, 'not_found', 'invalid_request', ...CONNECT_EMAIL_CHECKS),
  },
  sendVerificationEmail: {
    method: 'POST',
    path: '/api/users/:id/verification-email',
    summary:
      'Mails the user a verification link to {email}, or to their Connect email; links at once when its domain is verified at Connect.',
    request: shape<SendVerificationEmailRequest>(),
    response: shape<UserDetail>(),
    errors: codes(
      ...ADMIN,
      'not_found',
      'invalid_request',
      ...CONNECT_EMAIL_CHECKS,
      'linking_closed',
      'no_email',
      'connect_unavailable',
      'mail_unavailable',
    ),
  },
  removeConnection: {
    method: 'DELETE',
    path: '/api/users/:id/connect',
    summary: "Removes a user's link to Connect, or cancels their pending code or link.",
    response: shape<UserDetail>(),
    errors: codes(...ADMIN, 'not_found', 'not_linked'),
  },
  listJobs: {
    method: 'GET',
    path: '/api/jobs',
    summary: 'The newest mail jobs, running ones first; ?limit.',
    response: shape<BulkJob[]>(),
    errors: codes(...ADMIN, 'invalid_request'),
  },
  getJob: {
    method: 'GET',
    path: '/api/jobs/:id',
    summary: "A mail job's progress.",
    response: shape<BulkJob>(),
    errors: codes(...ADMIN, 'not_found'),
  },
  cancelJob: {
    method: 'POST',
    path: '/api/jobs/:id/cancel',
    summary: 'Cancels a running mail job once its current step is stored.',
    response: shape<BulkJob>(),
    errors: codes(...ADMIN, 'not_found', 'job_finished'),
  },
  getJobRecipients: {
    method: 'GET',
    path: '/api/jobs/:id/recipients',
    summary: "A page of a mail job's recipients: who was sent what, linked, skipped or failed; ?outcome&offset&limit.",
    response: shape<JobRecipientPage>(),
    errors: codes(...ADMIN, 'not_found', 'invalid_request'),
  },
  listAudit: {
    method: 'GET',
    path: '/api/audit',
    summary: 'A page of the audit log, newest first; ?type&userId&q&from&to&offset&limit.',
    response: shape<AuditPage>(),
    errors: codes(...ADMIN, 'invalid_request'),
  },

  // Importing Connect emails (the Employees/users template)
  listImports: {
    method: 'GET',
    path: '/api/imports',
    summary: 'The newest imports, without their rows.',
    response: shape<ImportPreview[]>(),
    errors: ADMIN,
  },
  previewImport: {
    method: 'POST',
    path: '/api/imports',
    summary: 'Reads a CSV file into a preview, row by row; nothing changes until it is applied; ?fileName. 201 with the preview.',
    request: shape<string>(),
    requestType: 'text/csv',
    response: shape<ImportPreview>(),
    errors: codes(...ADMIN, 'invalid_request', 'import_too_large', 'import_unreadable', 'import_empty'),
  },
  getImport: {
    method: 'GET',
    path: '/api/imports/:id',
    summary: 'An import with a page of its rows; ?outcome&offset&limit.',
    response: shape<ImportPreview>(),
    errors: codes(...ADMIN, 'not_found', 'invalid_request'),
  },
  applyImport: {
    method: 'POST',
    path: '/api/imports/:id/apply',
    summary: "Stores every update row of a preview in one write, or none when a row's user changed since.",
    response: shape<ImportPreview>(),
    errors: codes(...ADMIN, 'not_found', 'invalid_request', 'import_applied', 'import_stale'),
  },

  // Settings, the rollout, readiness and payroll (R1, R6, R12–R14)
  getSecurity: {
    method: 'GET',
    path: '/api/security',
    summary: 'General > Security: the allowed domains, linking without a code, the domains verified at Connect.',
    response: shape<HrmSecuritySettings>(),
    errors: ADMIN,
  },
  saveSecurity: {
    method: 'PUT',
    path: '/api/security',
    summary: 'Saves the allowed domains and linking without a code; a change after setup comes back with a warning.',
    request: shape<SecuritySettings>(),
    response: shape<SecurityAnswer>(),
    errors: codes(...ADMIN, 'invalid_request', 'domain_required', 'domain_malformed'),
  },
  getRollout: {
    method: 'GET',
    path: '/api/rollout',
    summary: "The rollout's phase and dates; public.",
    response: shape<RolloutStatus>(),
  },
  saveSchedule: {
    method: 'PUT',
    path: '/api/rollout/schedule',
    summary: 'Schedules the opening of preparation and the activation; advice comes back as warnings.',
    request: shape<RolloutScheduleRequest>(),
    response: shape<RolloutScheduleAnswer>(),
    errors: codes(...ADMIN, 'invalid_request', 'schedule_invalid'),
  },
  startPreparation: {
    method: 'POST',
    path: '/api/rollout/start-preparation',
    summary: 'Opens preparation now, and announces it to every user.',
    response: shape<RolloutStatus>(),
    errors: codes(...ADMIN, 'phase_conflict'),
  },
  saveTemporaryMeasures: {
    method: 'PUT',
    path: '/api/rollout/temporary-measures',
    summary: 'Sets the hosting and when the old API address stops forwarding and the old calendar path stops redirecting.',
    request: shape<TemporaryMeasuresRequest>(),
    response: shape<RolloutStatus>(),
    errors: codes(...ADMIN, 'invalid_request', 'measures_invalid', 'measures_stale'),
  },
  completeMigration: {
    method: 'POST',
    path: '/api/rollout/complete',
    summary: 'Closes the migration ("Migration complete"): only in post-migration.',
    response: shape<RolloutStatus>(),
    errors: codes(...ADMIN, 'phase_conflict'),
  },
  getReadiness: {
    method: 'GET',
    path: '/api/readiness',
    summary: 'How many users are linked, by state and department, and who would be locked out at activation.',
    response: shape<Readiness>(),
    errors: ADMIN,
  },
  listPayrollRuns: {
    method: 'GET',
    path: '/api/payroll-runs',
    summary: 'The newest payroll runs; administrators and HR staff.',
    response: shape<PayrollRunSummary[]>(),
    errors: ADMIN,
  },
  runPayroll: {
    method: 'POST',
    path: '/api/payroll-runs',
    summary: 'Runs payroll for a month, whatever the link states; 201 with the first page of lines.',
    request: shape<PayrollRunRequest>(),
    response: shape<PayrollRunPage>(),
    errors: codes(...ADMIN, 'invalid_request', 'period_invalid'),
  },
  getPayrollRun: {
    method: 'GET',
    path: '/api/payroll-runs/:id',
    summary: 'A payroll run with a page of its lines; ?offset&limit.',
    response: shape<PayrollRunPage>(),
    errors: codes(...ADMIN, 'not_found', 'invalid_request'),
  },

  // Logging in through Connect, from activation (R14): navigations of the browser, answered with redirects
  connectLogin: {
    method: 'GET',
    path: HRM_PATHS.connectLogin,
    summary: "Sends the browser to Connect's authorization endpoint (before activation: to the old login); ?return_to=/path.",
  },
  connectCallback: {
    method: 'GET',
    path: HRM_PATHS.connectCallback,
    summary: "The redirect_uri: Connect's answer becomes a session and a redirect to the page asked for, or the login page saying why not.",
  },
  ssoLogin: {
    method: 'GET',
    path: HRM_PATHS.ssoLogin,
    summary:
      "Before activation, with single sign-on: sends the browser to the identity provider's authorization endpoint; ?return_to=/path.",
  },
  ssoCallback: {
    method: 'GET',
    path: HRM_PATHS.ssoCallback,
    summary: "Single sign-on's redirect_uri: a session for the HRM user with that external reference, or the login page saying why not.",
  },

  // The simulator's inspection, for the x-ray's state diagrams: read-only, and apart from the product
  inspectMachines: {
    method: 'GET',
    path: SIM_MACHINES_PATH,
    summary: "The tenant's rollout machine and, with ?loginId, that user's link journey, as stored.",
    response: shape<HrmInspection>(),
    errors: ['invalid_request', 'unknown_user'] satisfies InspectionProblemCode[],
  },
});
