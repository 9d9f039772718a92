// Owns the shape of every row of the HRM's database, as the HRM reads it: what a workspace file's HRM database is
// checked against before anything is written, so a row the HRM could not serve never reaches it.
import { z } from 'zod';
import {
  appliedEvent,
  count,
  date,
  dateOrNull,
  flag,
  membersOf,
  rowOf,
  stateValue,
  text,
  textOrNull,
  texts,
  type RowSchemas,
} from '../../shared/row-schema';
import {
  SUPERSEDED_CODES_KEPT,
  type LinkingContext,
  type LinkingError,
  type LinkingMethod,
  type LinkingStatus,
  type SupersededCode,
} from '../../../machines/linking';
import type { Tokens } from '../../shared/relying-party';
import type {
  BulkEmailKind,
  HrmRole,
  HrmSsoProvider,
  ImportOutcome,
  ImportRejection,
  ImportRow,
  JobStatus,
  PayrollLine,
  SsoReferenceClaim,
  UserLinkState,
} from '../../../src/contracts/hrm';
import type {
  AuditRow,
  AuditType,
  AuthRequestRow,
  CalendarFeedRow,
  ImportRecord,
  ImportRowStored,
  IntegrationCallRow,
  IntegrationKind,
  JobPlanRow,
  JobRecipientPlan,
  JobResultChunk,
  JobResultItem,
  JobRow,
  PasswordHash,
  PayrollRunRow,
  PeopleChunk,
  PunchRow,
  RolloutSettingsRow,
  SecuritySettingsRow,
  SessionRow,
  ShiftRecipientRow,
  ShiftRequestRow,
  SmsProviderRow,
  SsoSettings,
  StateChunk,
  StoredEmployment,
  StoredLink,
  TenantSettingsRow,
  TimeclockSessionRow,
  TimeclockSettingsRow,
  UserProfile,
  UserState,
  ApiClientRow,
  TravelExpenseRow,
  IntegrationSettingsRow,
  FileExportRunRow,
} from './db';

const employmentStatus = membersOf<StoredEmployment['status']>()(['active', 'parental_leave']);

const passwordHash = rowOf<PasswordHash>({ hash: text, salt: text });

const employment = rowOf<StoredEmployment>({
  id: text,
  title: text,
  department: text,
  email: textOrNull,
  mailingsActivated: flag,
  status: employmentStatus,
  monthlySalary: z.number().finite().nonnegative(),
});

const profile = rowOf<UserProfile>({
  id: text.min(1),
  chunk: count,
  loginId: text,
  name: text,
  email: textOrNull,
  roles: z.array(membersOf<HrmRole>()(['admin', 'hr', 'employee', 'timeclock'])),
  timeclockOnly: flag,
  password: passwordHash.nullable(),
  employeeNumber: text,
  badge: text.min(1).optional(),
  externalReference: text.optional(),
  mobile: text.optional(),
  employments: z.array(employment),
});

const linkingContext = rowOf<LinkingContext>({
  email: textOrNull,
  method: membersOf<LinkingMethod>()(['code', 'link', 'domain']).nullable(),
  codeHash: textOrNull,
  codeSentAt: dateOrNull,
  expiresAt: dateOrNull,
  failedAttempts: count,
  supersededCodes: z
    .array(rowOf<SupersededCode>({ codeHash: text, expiresAt: date }))
    .max(SUPERSEDED_CODES_KEPT)
    .optional() as z.ZodType<SupersededCode[] | undefined>,
  lastError: membersOf<LinkingError>()([
    'code_incorrect',
    'code_superseded',
    'code_expired',
    'code_attempts_exceeded',
    'link_expired',
    'link_superseded',
    'link_failed',
  ]).nullable(),
  linkRequestId: textOrNull,
  linkSentAt: dateOrNull,
  linkExpiresAt: dateOrNull,
  connectAccountId: textOrNull,
  linkedAt: dateOrNull,
});

const link = rowOf<StoredLink>({
  status: membersOf<LinkingStatus>()(['unlinked', 'code_sent', 'link_sent', 'linking', 'linked']),
  value: stateValue,
  context: linkingContext,
  lastEvents: z.array(appliedEvent).optional(),
});

const userState = rowOf<UserState>({ id: text.min(1), connectEmail: textOrNull, link: link.nullable(), lastLoginAt: dateOrNull });

const people = rowOf<PeopleChunk>({ chunk: count, users: z.array(profile) });
const states = rowOf<StateChunk>({ chunk: count, states: z.array(userState) });

export const tokens = rowOf<Tokens>({ subject: text, accessToken: text, accessExpiresAt: date, refreshToken: textOrNull, idToken: text });

const session = rowOf<SessionRow>({
  id: text.min(1),
  userId: text,
  expiresAt: date,
  method: membersOf<NonNullable<SessionRow['method']>>()(['password', 'sso', 'connect']).optional(),
  connect: tokens.optional(),
});

const authRequest = rowOf<AuthRequestRow>({
  state: text.min(1),
  nonce: text,
  codeVerifier: text,
  returnTo: text,
  expiresAt: date,
  via: z.literal('sso').optional(),
});

const machineSnapshot = z.looseObject({ status: text, value: stateValue, context: z.record(z.string(), z.unknown()) });

const security = rowOf<SecuritySettingsRow>({
  key: z.literal('security'),
  allowedDomains: texts,
  linkVerifiedDomainsWithoutCode: z.boolean().optional(),
});
const rollout = rowOf<RolloutSettingsRow>({
  key: z.literal('rollout'),
  snapshot: machineSnapshot,
  lastEvents: z.array(appliedEvent).optional(),
});
const tenant = rowOf<TenantSettingsRow>({
  key: z.literal('tenant'),
  name: text,
  hrmClientSecret: text,
  companyDomain: text,
  rehearsalPassword: passwordHash.nullable(),
  sso: rowOf<SsoSettings>({
    provider: membersOf<HrmSsoProvider>()(['entra', 'google', 'okta', 'ping']),
    issuer: z.url({ protocol: /^https$/ }),
    clientId: text.min(1),
    clientSecret: text.min(1),
    referenceClaim: membersOf<SsoReferenceClaim>()(['preferred_username', 'sub', 'email']),
  }).optional(),
});

/** The settings table's rows, told apart by `key`: the security settings, the rollout, the tenant. */
const settings = z.discriminatedUnion(
  'key',
  [
    security as unknown as z.ZodObject<{ key: z.ZodLiteral<'security'> }>,
    rollout as unknown as z.ZodObject<{ key: z.ZodLiteral<'rollout'> }>,
    tenant as unknown as z.ZodObject<{ key: z.ZodLiteral<'tenant'> }>,
  ],
  { error: 'must be the “security”, “rollout” or “tenant” settings' },
);

/** The settings rows the HRM cannot start without (store.ts reads each one). */
export const HRM_REQUIRED_SETTINGS = ['security', 'rollout', 'tenant'] as const;

const audit = rowOf<AuditRow>({
  id: z.number().int().nonnegative().optional(),
  at: date,
  type: membersOf<AuditType>()([
    'login',
    'login_failed',
    'logout',
    'code_sent',
    'code_incorrect',
    'linked',
    'link_failed',
    'unlinked',
    'unlink_notification_failed',
    'connect_email_changed',
    'bulk_email',
    'import_applied',
    'security_changed',
    'schedule_changed',
    'preparation_started',
    'activated',
    'temporary_measures_changed',
    'temporary_measure_ended',
    'migration_complete',
    'payroll_run',
  ]),
  actorUserId: textOrNull,
  subjectUserId: textOrNull,
  detail: text,
  jobId: text.optional(),
});

const job = rowOf<JobRow>({
  id: text.min(1),
  number: z.number().int().positive(),
  kind: membersOf<BulkEmailKind>()(['verification_link', 'reminder', 'announcement']),
  status: membersOf<JobStatus>()(['running', 'cancelling', 'cancelled', 'done', 'failed']),
  createdAt: date,
  createdBy: textOrNull,
  finishedAt: dateOrNull,
  secret: text,
  total: count,
  processed: count,
  steps: count,
  pending: z.object({ from: count, end: count, send: texts }).nullable(),
  sent: count,
  linked: count.optional(),
  skipped: count,
  failed: count,
  skippedReasons: z.record(z.string(), count),
  error: textOrNull,
});

const recipient = rowOf<JobRecipientPlan>({ userId: text, email: textOrNull, skip: textOrNull, direct: z.literal(true).optional() });
const jobPlan = rowOf<JobPlanRow>({ jobId: text.min(1), recipients: z.array(recipient) });

const resultItem = rowOf<JobResultItem>({
  userId: text,
  email: textOrNull,
  outcome: membersOf<JobResultItem['outcome']>()(['sent', 'linked', 'skipped', 'failed']),
  reason: textOrNull,
  at: date,
});
const jobResult = rowOf<JobResultChunk>({ jobId: text.min(1), step: count, items: z.array(resultItem) });

const importRowFields = {
  line: z.number().int().positive(),
  userRef: text,
  userId: textOrNull,
  name: textOrNull,
  before: textOrNull,
  after: textOrNull,
  outcome: membersOf<ImportOutcome>()(['update', 'unchanged', 'rejected']),
  reason: membersOf<ImportRejection>()([
    'invalid_email',
    'already_linked',
    'unknown_user',
    'email_in_use',
    'duplicate_in_file',
    'user_twice_in_file',
    'domain_not_allowed',
    'missing_user',
  ]).nullable(),
  message: text,
} satisfies { [K in keyof ImportRow]-?: z.ZodType };
const importRow = rowOf<ImportRowStored>({ ...importRowFields, expectedBefore: textOrNull });

const importRecord = rowOf<ImportRecord>({
  id: text.min(1),
  number: z.number().int().positive(),
  fileName: text,
  createdAt: date,
  createdBy: text,
  status: membersOf<ImportRecord['status']>()(['preview', 'applied']),
  appliedAt: dateOrNull,
  columns: z.object({ user: text, connectEmail: text }),
  ignoredColumns: texts,
  rows: z.array(importRow),
});

const linkState = membersOf<UserLinkState>()(['not_started', 'code_sent', 'link_sent', 'linked']);
const money = z.number().finite();
const payrollLine = rowOf<PayrollLine>({
  userId: text,
  name: text,
  employeeNumber: text,
  title: text,
  department: text,
  employmentStatus: membersOf<PayrollLine['employmentStatus']>()(['active', 'parental_leave']),
  gross: money,
  tax: money,
  net: money,
  state: linkState,
});

const payrollRun = rowOf<PayrollRunRow>({
  id: text.min(1),
  number: z.number().int().positive(),
  period: text,
  createdAt: date,
  createdBy: text,
  employees: count,
  lines: count,
  gross: money,
  tax: money,
  net: money,
  byState: z.object({ not_started: count, code_sent: count, link_sent: count, linked: count }),
  items: z.array(payrollLine),
});

const integrationCall = rowOf<IntegrationCallRow>({
  key: text.min(1),
  kind: membersOf<IntegrationKind>()(['api', 'calendar', 'smsCallback', 'shiftRequestLink', 'fileExport', 'timeclock', 'mobile']),
  client: text.min(1),
  address: membersOf<IntegrationCallRow['address']>()(['old', 'new']),
  firstSeenAt: date,
  lastSeenAt: date,
  count,
  lastPath: text,
  lastOutcome: membersOf<IntegrationCallRow['lastOutcome']>()(['ok', 'forwarded', 'redirected', 'refused']),
});

const calendarFeed = rowOf<CalendarFeedRow>({
  token: text.min(1),
  userId: text.min(1),
  createdAt: date,
  replacedAt: dateOrNull,
});

const delivery = membersOf<ShiftRecipientRow['mail']>()(['sent', 'failed', 'none']);

const shiftRecipient = rowOf<ShiftRecipientRow>({
  userId: text.min(1),
  name: text,
  email: textOrNull,
  mobile: textOrNull,
  mail: delivery,
  sms: delivery,
  answer: membersOf<'accepted' | 'declined'>()(['accepted', 'declined']).nullable(),
  answeredAt: dateOrNull,
  answeredVia: membersOf<'web' | 'sms'>()(['web', 'sms']).nullable(),
});

const shiftRequest = rowOf<ShiftRequestRow>({
  id: text.min(1),
  number: z.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  endTime: z.string().regex(/^\d{2}:\d{2}$/),
  department: text.min(1),
  createdBy: text,
  createdAt: date,
  sentTo: membersOf<ShiftRequestRow['sentTo']>()(['old', 'new']),
  recipients: z.array(shiftRecipient),
  assignedTo: text.min(1).optional(),
});

const smsProvider = rowOf<SmsProviderRow>({
  key: z.literal('sms'),
  name: text.min(1),
  callbackSecret: text.min(1),
});

const address = membersOf<'old' | 'new'>()(['old', 'new']);

const apiClient = rowOf<ApiClientRow>({
  id: text.min(1),
  name: text.min(1),
  keyHash: text.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in hex'),
  keyPrefix: text,
  createdAt: date,
  revokedAt: dateOrNull,
  lastUsedAt: dateOrNull,
});

const travelExpense = rowOf<TravelExpenseRow>({
  id: text.min(1),
  number: z.number().int().positive(),
  receivedAt: date,
  client: text,
  address,
  employeeNumber: text,
  employeeName: text,
  date: text.regex(/^\d{4}-\d{2}-\d{2}$/),
  amount: z.number().finite().positive(),
  currency: text.regex(/^[A-Z]{3}$/),
  description: text,
});

const integrationSettings = rowOf<IntegrationSettingsRow>({
  key: z.literal('integrations'),
  fileExportUrl: textOrNull,
  fileServerName: text,
  customerNumber: textOrNull,
  version: count,
});

const fileExportRun = rowOf<FileExportRunRow>({
  id: text.min(1),
  number: z.number().int().positive(),
  at: date,
  trigger: membersOf<FileExportRunRow['trigger']>()(['schedule', 'manual']),
  url: text,
  sourceAddress: text,
  outcome: membersOf<FileExportRunRow['outcome']>()(['ok', 'refused', 'failed']),
  message: textOrNull,
});

const timeclockSettings = rowOf<TimeclockSettingsRow>({
  key: z.literal('timeclock'),
  customerNumber: text.regex(/^\d+$/),
  user: z.object({ username: text.min(1), password: passwordHash }).nullable(),
});

const timeclockSession = rowOf<TimeclockSessionRow>({
  id: text.min(1),
  address: membersOf<TimeclockSessionRow['address']>()(['old', 'new']),
  clock: text.min(1),
  device: text.min(1),
  createdAt: date,
});

const punch = rowOf<PunchRow>({
  id: z.number().int().positive().optional(),
  userId: text.min(1),
  at: date,
  direction: membersOf<PunchRow['direction']>()(['in', 'out']),
  clock: text.min(1),
  device: text.min(1),
  by: membersOf<PunchRow['by']>()(['badge', 'employeeNumber']),
  address: membersOf<PunchRow['address']>()(['old', 'new']),
});

export const HRM_ROW_SCHEMAS: RowSchemas = {
  people,
  states,
  sessions: session,
  authRequests: authRequest,
  settings,
  audit,
  jobs: job,
  jobPlans: jobPlan,
  jobResults: jobResult,
  imports: importRecord,
  payrollRuns: payrollRun,
  integrationCalls: integrationCall,
  calendarFeeds: calendarFeed,
  shiftRequests: shiftRequest,
  smsProviders: smsProvider,
  apiClients: apiClient,
  travelExpenses: travelExpense,
  integrationSettings,
  fileExportRuns: fileExportRun,
  timeclock: timeclockSettings,
  timeclockSessions: timeclockSession,
  punches: punch,
};
