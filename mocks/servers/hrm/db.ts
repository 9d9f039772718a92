// Owns the HRM's database (one per workspace): the user directory in chunks (users with their employments and their
// link journey), sessions of the old login, tenant settings (security, rollout), the audit log, bulk mail jobs,
// CSV imports, payroll runs and the Timeclock's punches.
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type {
  AuditEntryType,
  BulkEmailKind,
  HrmRole,
  ImportRow,
  JobStatus,
  PayrollLine,
  PayrollRunSummary,
  HrmSsoProvider,
  SsoReferenceClaim,
} from '../../../src/contracts/hrm';
import type { LinkingContext, LinkingStatus } from '../../../machines/linking';
import type { AppliedEvent } from '../../../src/contracts/inspection';
import type { Tokens } from '../../shared/relying-party';
import { databaseName } from '../../shared/server';

/** IndexedDB cannot index booleans (docs/testing.md): flags are stored as 0/1. */
export type Flag = 0 | 1;

export interface StoredEmployment {
  id: string;
  title: string;
  department: string;
  email: string | null;
  /** R2: only emails on employments with mailings activated are suggested. */
  mailingsActivated: Flag;
  status: 'active' | 'parental_leave';
  /** Gross monthly pay, for payroll runs (R12). */
  monthlySalary: number;
}

/** The linking machine's state, compact: its value and context (the machine has no children or history). */
export interface StoredLink {
  /** Mirrors the state value, so lists and counts never need the machine. */
  status: LinkingStatus;
  value: unknown;
  context: LinkingContext;
  /**
   * The last events the journey took, oldest first (mocks/shared/machine-events.ts), for the simulator's inspection.
   * Absent in journeys stored before the HRM remembered them: none remembered. Not indexed, so no schema version.
   */
  lastEvents?: AppliedEvent[];
}

export interface PasswordHash {
  hash: string;
  salt: string;
}

export interface StoredUser {
  id: string;
  /** The directory chunk this user is stored in. */
  chunk: number;
  /** The old login's user ID (an employee number). */
  loginId: string;
  name: string;
  /** The email saved on the user, normalised. */
  email: string | null;
  roles: HrmRole[];
  /** R11: clocks in with a badge or employee number; never links. */
  timeclockOnly: Flag;
  /** The old login's password; null: the tenant's rehearsal password (generated tenants), or none at all. */
  password: PasswordHash | null;
  employeeNumber: string;
  /** The badge (tag) this user punches in with at the Timeclock (R11, R19: it keeps working through the move). Not indexed. */
  badge?: string;
  /**
   * Who this user is at the identity provider the HRM signs in through before the migration (its ID token's
   * reference claim, e.g. Entra's UPN): single sign-on finds the user by it, never by email. Absent: not an SSO user.
   * Not indexed, so no schema version.
   */
  externalReference?: string;
  /** The mobile number shift requests are texted to (R18: through the SMS provider); absent: mail only. Not indexed. */
  mobile?: string;
  employments: StoredEmployment[];
  /** The "Connect email" an admin entered or imported for a user not yet linked (R9). */
  connectEmail: string | null;
  /** The link journey; null until it first moves (the machine's initial state). */
  link: StoredLink | null;
  lastLoginAt: number | null;
}

/** What of a user rarely changes: who they are, their employments, their old-login password. */
export type UserProfile = Omit<StoredUser, 'connectEmail' | 'link' | 'lastLoginAt'>;

/** What of a user changes with every step of their journey: the link, the Connect email, the last login. */
export type UserState = Pick<StoredUser, 'id' | 'connectEmail' | 'link' | 'lastLoginAt'>;

/**
 * Users are stored a chunk per record: one put of a few hundred users costs about what one row does, so a bulk change
 * (an import, a mass mailing) writes dozens of records rather than thousands (Dexie speed, docs/testing.md).
 * Profiles and states are chunked apart, the same users in the same chunk of each, so a mailing rewrites only the
 * small states.
 * Queries run on the server's in-memory directory (directory.ts), never on IndexedDB scans.
 */
export interface PeopleChunk {
  chunk: number;
  users: UserProfile[];
}

export interface StateChunk {
  chunk: number;
  states: UserState[];
}

export interface SessionRow {
  id: string;
  userId: string;
  /** World time. */
  expiresAt: number;
  /**
   * The old login (user ID and password), the HRM's own single sign-on through the organisation's identity provider
   * (both gone at activation), or Connect (OpenID Connect, R14). Absent: password.
   */
  method?: 'password' | 'sso' | 'connect';
  /** A Connect session's tokens: each request is checked with Connect, so a block ends it at once (R25). */
  connect?: Tokens;
}

/** A login through Connect in progress: what the callback must find again (RFC 6749 §10.12, OIDC Core §3.1.2.1). */
export interface AuthRequestRow {
  /** The `state` sent to Connect, also in the browser's cookie. */
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** World time. */
  expiresAt: number;
  /** A login through the organisation's identity provider (the HRM's own single sign-on); absent: through Connect. */
  via?: 'sso';
}

export interface SecuritySettingsRow {
  key: 'security';
  allowedDomains: string[];
  /** R13: link emails at domains verified at Connect without a code. Absent in older rows: off. */
  linkVerifiedDomainsWithoutCode?: boolean;
}

/** A machine's persisted snapshot (`getPersistedSnapshot`), plain JSON. */
export interface PersistedMachineSnapshot {
  status: string;
  value: unknown;
  context: unknown;
  [key: string]: unknown;
}

export interface RolloutSettingsRow {
  key: 'rollout';
  snapshot: PersistedMachineSnapshot;
  /** The last events the rollout took, oldest first; absent in rows stored before the HRM remembered them. */
  lastEvents?: AppliedEvent[];
}

export interface TenantSettingsRow {
  key: 'tenant';
  name: string;
  /** Connect's password for the HRM's server-to-server client ("hrm"). */
  hrmClientSecret: string;
  companyDomain: string;
  /** The old-login password of users stored without their own (generated tenants): one hash for all of them. */
  rehearsalPassword: PasswordHash | null;
  /** The HRM's own single sign-on before the migration; absent: the password login only. */
  sso?: SsoSettings;
}

/** The HRM as an OpenID Connect client of the organisation's identity provider (its app registration there). */
export interface SsoSettings {
  provider: HrmSsoProvider;
  /** The provider's issuer (OIDC Discovery §4: its metadata is under it). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID token claim held against users' external reference. */
  referenceClaim: SsoReferenceClaim;
}

/** What kind of caller reached the HRM at one of its addresses, as the integrations checklist groups them (R18). */
export type IntegrationKind = 'api' | 'calendar' | 'smsCallback' | 'shiftRequestLink' | 'fileExport' | 'timeclock' | 'mobile';

/**
 * One caller of one kind at the old or the new address: how often and when it was last seen there, and what it got.
 * Keyed `${kind}|${client}|${address}`; a client that moved has a row for each address.
 */
export interface IntegrationCallRow {
  key: string;
  kind: IntegrationKind;
  /** Who called, in words the admin recognises: an API client's name, "Anna Berg's calendar feed", a device's name. */
  client: string;
  address: 'old' | 'new';
  firstSeenAt: number;
  lastSeenAt: number;
  count: number;
  /** The last path called, without its query (which may carry a secret). */
  lastPath: string;
  /** What the last call got: answered, forwarded or redirected to the new address, or refused. */
  lastOutcome: 'ok' | 'forwarded' | 'redirected' | 'refused';
}

/** An employee's calendar subscription link (R18): its secret token; a replaced one stays to say it was replaced. */
export interface CalendarFeedRow {
  token: string;
  userId: string;
  createdAt: number;
  /** When a newer link replaced it; null: the link in use. */
  replacedAt: number | null;
}

/** One recipient of a shift request: how it reached them and what they answered. */
export interface ShiftRecipientRow {
  userId: string;
  name: string;
  email: string | null;
  mobile: string | null;
  mail: 'sent' | 'failed' | 'none';
  sms: 'sent' | 'failed' | 'none';
  answer: 'accepted' | 'declined' | null;
  answeredAt: number | null;
  answeredVia: 'web' | 'sms' | null;
}

/** An open shift offered to a department's employees; the first to accept gets it. */
export interface ShiftRequestRow {
  id: string;
  /** 1, 2, 3… in the order requests were sent. */
  number: number;
  /** YYYY-MM-DD and HH:MM, local time of the tenant (SHIFT_TIME_ZONE). */
  date: string;
  startTime: string;
  endTime: string;
  department: string;
  createdBy: string;
  createdAt: number;
  /** R18: the address its response link points at, the one in use when it was sent. */
  sentTo: 'old' | 'new';
  recipients: ShiftRecipientRow[];
  /** Who accepted first; absent while nobody has (so the index holds only assigned requests). */
  assignedTo?: string;
}

/** The SMS provider that texts shift requests and calls the HRM back with the replies, and the callback's secret. */
export interface SmsProviderRow {
  key: 'sms';
  name: string;
  callbackSecret: string;
}

/** An API client of the public REST API (R18): its key is stored only as a SHA-256 digest. */
export interface ApiClientRow {
  id: string;
  name: string;
  /** Hex SHA-256 of the key: the key itself is shown once, at creation. */
  keyHash: string;
  keyPrefix: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** A travel expense report received through the public API. */
export interface TravelExpenseRow {
  id: string;
  /** 1, 2, 3… in the order received: the world clock is often paused. */
  number: number;
  receivedAt: number;
  client: string;
  address: 'old' | 'new';
  employeeNumber: string;
  employeeName: string;
  date: string;
  amount: number;
  currency: string;
  description: string;
}

/** The customer's integration settings: the scheduled file export, and who receives it. */
export interface IntegrationSettingsRow {
  key: 'integrations';
  fileExportUrl: string | null;
  fileServerName: string;
  /** The customer's number, in the new Timeclock addresses (R19); null when the template has none. */
  customerNumber: string | null;
  /** Increases with every save, so a save from a stale page is refused. */
  version: number;
}

/** One run of the file export and what the file server answered. */
export interface FileExportRunRow {
  id: string;
  number: number;
  at: number;
  trigger: 'schedule' | 'manual';
  url: string;
  sourceAddress: string;
  outcome: 'ok' | 'refused' | 'failed';
  message: string | null;
}

/** The Timeclock's settings: the customer number its new addresses carry (R19) and the Timeclock user devices log in as. */
export interface TimeclockSettingsRow {
  key: 'timeclock';
  customerNumber: string;
  /** The Timeclock user; null: this customer has none, so no device can log in. */
  user: { username: string; password: PasswordHash } | null;
}

/** A device logged in to one clock at one of the Timeclock's addresses: each address has sessions of its own (R19). */
export interface TimeclockSessionRow {
  id: string;
  address: 'old' | 'new';
  clock: string;
  /** The name the device gave at its login, as punches and the integrations checklist show it. */
  device: string;
  createdAt: number;
}

/** One punch in or out at the Timeclock. */
export interface PunchRow {
  id?: number;
  userId: string;
  /** World time. */
  at: number;
  direction: 'in' | 'out';
  clock: string;
  device: string;
  /** How the person identified: a badge held to the reader or an employee number typed. */
  by: 'badge' | 'employeeNumber';
  address: 'old' | 'new';
}

export type SettingsRow = SecuritySettingsRow | RolloutSettingsRow | TenantSettingsRow;

/** What the HRM writes to its audit log; each bulk job's recipients are entries of their own only when read (audit.ts). */
export type AuditType = Exclude<AuditEntryType, 'verification_link_sent' | 'reminder_sent' | 'announcement_sent'>;

export interface AuditRow {
  id?: number;
  at: number;
  type: AuditType;
  actorUserId: string | null;
  subjectUserId: string | null;
  /** One human sentence, shown as-is in the audit log. */
  detail: string;
  /** The bulk job this entry starts; its recipients are in jobResults. */
  jobId?: string;
}

/** Who a job mails, fixed when it starts. */
export interface JobRecipientPlan {
  userId: string;
  /** Where the mail goes; null: skipped with `skip`. */
  email: string | null;
  skip: string | null;
  /** R13: the address's domain was verified at Connect when the job was planned; linked instead of mailed. */
  direct?: true;
}

/** A job's progress: small, rewritten after every step. Its recipients are in jobPlans, written once. */
export interface JobRow {
  id: string;
  /** 1, 2, 3… in the order jobs were started. */
  number: number;
  kind: BulkEmailKind;
  status: JobStatus;
  createdAt: number;
  createdBy: string | null;
  finishedAt: number | null;
  /** HMAC key of this job's verification links: a retried step mails the very same links (jobs.ts). */
  secret: string;
  total: number;
  /** Recipients handled, in plan order: the job resumes from here after a reload. */
  processed: number;
  /** Steps done; each step's outcomes are one jobResults record. */
  steps: number;
  /** A step whose mails may have gone out but whose outcome is not stored yet: resumed by sending it again. */
  pending: { from: number; end: number; send: string[] } | null;
  sent: number;
  /** R13: linked without a mail. Absent in jobs stored before the HRM did so: none. Not indexed. */
  linked?: number;
  skipped: number;
  failed: number;
  skippedReasons: Record<string, number>;
  error: string | null;
}

export interface JobPlanRow {
  jobId: string;
  /** In storage order, so each step rewrites one directory chunk. */
  recipients: JobRecipientPlan[];
}

export interface JobResultItem {
  userId: string;
  email: string | null;
  /** 'linked': R13, linked without a mail. */
  outcome: 'sent' | 'linked' | 'skipped' | 'failed';
  reason: string | null;
  at: number;
}

/** One processed step of a job: the per-recipient audit of a bulk mailing. */
export interface JobResultChunk {
  jobId: string;
  step: number;
  items: JobResultItem[];
}

export interface ImportRowStored extends ImportRow {
  /** The user's Connect email when the preview was made: applying checks nothing moved since. */
  expectedBefore: string | null;
}

export interface ImportRecord {
  id: string;
  number: number;
  fileName: string;
  createdAt: number;
  createdBy: string;
  status: 'preview' | 'applied';
  appliedAt: number | null;
  columns: { user: string; connectEmail: string };
  ignoredColumns: string[];
  rows: ImportRowStored[];
}

export interface PayrollRunRow extends Omit<PayrollRunSummary, 'createdBy'> {
  createdBy: string;
  items: PayrollLine[];
}

export class HrmDb extends Dexie {
  people!: EntityTable<PeopleChunk, 'chunk'>;
  states!: EntityTable<StateChunk, 'chunk'>;
  sessions!: EntityTable<SessionRow, 'id'>;
  authRequests!: EntityTable<AuthRequestRow, 'state'>;
  /** A union of rows keyed by `key`: a plain Table, since EntityTable's insert type does not distribute over unions. */
  settings!: Table<SettingsRow, SettingsRow['key']>;
  audit!: EntityTable<AuditRow, 'id'>;
  jobs!: EntityTable<JobRow, 'id'>;
  jobPlans!: EntityTable<JobPlanRow, 'jobId'>;
  jobResults!: Table<JobResultChunk, [string, number]>;
  imports!: EntityTable<ImportRecord, 'id'>;
  payrollRuns!: EntityTable<PayrollRunRow, 'id'>;
  integrationCalls!: EntityTable<IntegrationCallRow, 'key'>;
  calendarFeeds!: EntityTable<CalendarFeedRow, 'token'>;
  shiftRequests!: EntityTable<ShiftRequestRow, 'id'>;
  smsProviders!: EntityTable<SmsProviderRow, 'key'>;
  apiClients!: EntityTable<ApiClientRow, 'id'>;
  travelExpenses!: EntityTable<TravelExpenseRow, 'id'>;
  integrationSettings!: EntityTable<IntegrationSettingsRow, 'key'>;
  fileExportRuns!: EntityTable<FileExportRunRow, 'id'>;
  timeclock!: Table<TimeclockSettingsRow, 'timeclock'>;
  timeclockSessions!: EntityTable<TimeclockSessionRow, 'id'>;
  punches!: EntityTable<PunchRow, 'id'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'hrm'));
    this.version(1).stores({
      users: 'id, &loginId, email, timeclockOnly',
      employments: 'id, userId',
      links: 'userId, status, &linkedEmail',
      sessions: 'id, userId, expiresAt',
      settings: 'key',
      audit: '++id, at, type, actorUserId, subjectUserId',
    });
    // Version 2: the directory moves into chunks; the old tables are read by the upgrade and dropped in version 3.
    this.version(2)
      .stores({
        people: 'chunk',
        states: 'chunk',
        // `number` orders jobs, imports and runs: the world clock is often paused, so several share a time.
        jobs: 'id, status, &number',
        jobPlans: 'jobId',
        authRequests: 'state, expiresAt',
        jobResults: '[jobId+step], jobId',
        imports: 'id, &number',
        payrollRuns: 'id, period, &number',
      })
      .upgrade(upgradeToChunks);
    this.version(3).stores({ users: null, employments: null, links: null });
    // Version 4: who calls the HRM's addresses after the move (R18), for the integrations checklist.
    this.version(4).stores({ integrationCalls: 'key, address, lastSeenAt' });
    // Version 5: the public API's clients and the travel expenses they send, the file export and its runs (R18).
    this.version(5).stores({
      apiClients: 'id, &keyHash',
      travelExpenses: 'id, &number',
      integrationSettings: 'key',
      fileExportRuns: 'id, &number',
    });
    // Version 6: calendar subscription links, shift requests and the SMS provider (R18).
    this.version(6).stores({ calendarFeeds: 'token, userId', shiftRequests: 'id, &number, assignedTo', smsProviders: 'key' });
    // Version 7: the Timeclock (R11, R19): its settings, device sessions per address, and punches by person and time.
    this.version(7).stores({ timeclock: 'key', timeclockSessions: 'id', punches: '++id, [userId+at], at' });
  }
}

export const PEOPLE_CHUNK_SIZE = 500;

interface UserRowV1 {
  id: string;
  loginId: string;
  name: string;
  email: string | null;
  roles: HrmRole[];
  timeclockOnly: Flag;
  passwordHash: string;
  passwordSalt: string;
  employeeNumber: string;
}

interface EmploymentRowV1 {
  id: string;
  userId: string;
  title: string;
  department: string;
  email: string | null;
  mailingsActivated: Flag;
  status: 'active' | 'parental_leave';
}

interface LinkRowV1 {
  userId: string;
  status: 'unlinked' | 'code_sent' | 'linking' | 'linked';
  snapshot: { value: unknown; context: Omit<LinkingContext, 'method' | 'linkRequestId' | 'linkSentAt' | 'linkExpiresAt'> };
}

/** Version 1 kept users, employments and link snapshots row by row; version 2 keeps each user whole, in chunks. */
async function upgradeToChunks(tx: Transaction): Promise<void> {
  const [users, employments, links] = await Promise.all([
    tx.table<UserRowV1>('users').toArray(),
    tx.table<EmploymentRowV1>('employments').toArray(),
    tx.table<LinkRowV1>('links').toArray(),
  ]);
  const employmentsOf = new Map<string, StoredEmployment[]>();
  for (const e of employments) {
    const list = employmentsOf.get(e.userId) ?? [];
    // Version 1 knew no salaries: payroll shows 0 until an admin sets one.
    list.push({
      id: e.id,
      title: e.title,
      department: e.department,
      email: e.email,
      mailingsActivated: e.mailingsActivated,
      status: e.status,
      monthlySalary: 0,
    });
    employmentsOf.set(e.userId, list);
  }
  const linkOf = new Map(links.map((l) => [l.userId, l]));
  const people: PeopleChunk[] = [];
  const states: StateChunk[] = [];
  users.forEach((u, i) => {
    const chunk = Math.floor(i / PEOPLE_CHUNK_SIZE);
    const old = linkOf.get(u.id);
    const link: StoredLink | null =
      old && old.status !== 'unlinked'
        ? {
            status: old.status,
            value: old.snapshot.value,
            context: {
              ...old.snapshot.context,
              method: 'code',
              linkRequestId: null,
              linkSentAt: null,
              linkExpiresAt: null,
            },
          }
        : null;
    (people[chunk] ??= { chunk, users: [] }).users.push({
      id: u.id,
      chunk,
      loginId: u.loginId,
      name: u.name,
      email: u.email,
      roles: u.roles,
      timeclockOnly: u.timeclockOnly,
      password: { hash: u.passwordHash, salt: u.passwordSalt },
      employeeNumber: u.employeeNumber,
      employments: employmentsOf.get(u.id) ?? [],
    });
    (states[chunk] ??= { chunk, states: [] }).states.push({ id: u.id, connectEmail: null, link, lastLoginAt: null });
  });
  await tx.table('people').bulkPut(people);
  await tx.table('states').bulkPut(states);
  await tx
    .table('settings')
    .toCollection()
    .modify((row: { key: string; rehearsalPassword?: PasswordHash | null }) => {
      if (row.key === 'tenant' && row.rehearsalPassword === undefined) row.rehearsalPassword = null;
    });
}
