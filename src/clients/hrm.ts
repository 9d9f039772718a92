// Owns the HRM's API as its pages call it (hrm.test/api/*): one small request function per endpoint of its table.
import {
  HRM_API,
  type AuditQuery,
  type BulkEmailRequest,
  type ExportField,
  type HrmErrorCode,
  type ImportOutcome,
  type RecipientOutcome,
  type RolloutScheduleRequest,
  type TemporaryMeasuresRequest,
  type SecuritySettings,
  type UserFilter,
  type UserQuery,
} from '../contracts/hrm';
import type { CodeOf, Endpoint, ResponseOf } from '../contracts/endpoint';
import { HRM_NEW_ORIGINS } from '../contracts/origins';
import { call, type ClientContext, type ClientResult } from './http';

export type { RedirectAnswer } from '../contracts/hrm';

/** What the HRM answers with. */
export type HrmProblemCode = HrmErrorCode;
export type HrmResult<T> = ClientResult<T, HrmProblemCode>;

/** What the HRM answers an endpoint of its table with: its response, or one of the problems the table lists for it. */
type Answer<E extends Endpoint> = Promise<ClientResult<ResponseOf<E>, CodeOf<E>>>;

/** The old login, until activation (R14). `returnTo` is the page the visitor was sent away from. */
export function login(ctx: ClientContext, loginId: string, password: string, returnTo?: string | null): Answer<typeof HRM_API.login> {
  return call(ctx, HRM_API.login, { body: { loginId, password }, query: { return_to: returnTo } });
}

export function logout(ctx: ClientContext): Answer<typeof HRM_API.logout> {
  return call(ctx, HRM_API.logout);
}

export function getLinkStatus(ctx: ClientContext): Answer<typeof HRM_API.getLinkStatus> {
  return call(ctx, HRM_API.getLinkStatus);
}

/** R3: mails a 6-digit code, valid 30 minutes. */
export function sendVerificationCode(ctx: ClientContext, email: string): Answer<typeof HRM_API.sendVerificationCode> {
  return call(ctx, HRM_API.sendVerificationCode, { body: { email } });
}

/** R4: the code links the user to a Connect account (found or created). */
export function verifyCode(ctx: ClientContext, code: string): Answer<typeof HRM_API.verifyCode> {
  return call(ctx, HRM_API.verifyCode, { body: { code } });
}

export function unlink(ctx: ClientContext): Answer<typeof HRM_API.unlink> {
  return call(ctx, HRM_API.unlink);
}

export function getSecurity(ctx: ClientContext): Answer<typeof HRM_API.getSecurity> {
  return call(ctx, HRM_API.getSecurity);
}

/**
 * R6: errors name the row as field `allowedDomains.<i>`; a late change comes back with a warning.
 * R13: `linkVerifiedDomainsWithoutCode` left out keeps the setting as it is.
 */
export function saveSecurity(
  ctx: ClientContext,
  allowedDomains: string[],
  linkVerifiedDomainsWithoutCode?: boolean,
): Answer<typeof HRM_API.saveSecurity> {
  const body: SecuritySettings =
    linkVerifiedDomainsWithoutCode === undefined ? { allowedDomains } : { allowedDomains, linkVerifiedDomainsWithoutCode };
  return call(ctx, HRM_API.saveSecurity, { body });
}

export function getRollout(ctx: ClientContext): Answer<typeof HRM_API.getRollout> {
  return call(ctx, HRM_API.getRollout);
}

/**
 * The rollout as the stage reads it, wherever the HRM answers (R18): at the customer's own address until the move, at
 * the new web address after it. A call to the address that no longer (or not yet) answers is made again at the other.
 */
export async function getRolloutAtEitherAddress(ctx: ClientContext): Answer<typeof HRM_API.getRollout> {
  const first = await getRollout(ctx);
  if (first.ok || (first.problem.code as string) !== 'moved') return first;
  return getRollout({ ...ctx, host: HRM_NEW_ORIGINS.web });
}

export function startPreparation(ctx: ClientContext): Answer<typeof HRM_API.startPreparation> {
  return call(ctx, HRM_API.startPreparation);
}

/** The rollout's dates (world time); the server's guard explains a refusal at the date's field. */
export function saveSchedule(ctx: ClientContext, schedule: RolloutScheduleRequest): Answer<typeof HRM_API.saveSchedule> {
  return call(ctx, HRM_API.saveSchedule, { body: schedule });
}

/** Hosting and the temporary measures' end dates (world time); the server's guard explains a refusal at its field. */
export function saveTemporaryMeasures(
  ctx: ClientContext,
  measures: TemporaryMeasuresRequest,
): Answer<typeof HRM_API.saveTemporaryMeasures> {
  return call(ctx, HRM_API.saveTemporaryMeasures, { body: measures });
}

/** "Close the migration": post-migration ends, the migration is complete. */
export function completeMigration(ctx: ClientContext): Answer<typeof HRM_API.completeMigration> {
  return call(ctx, HRM_API.completeMigration);
}

export function getReadiness(ctx: ClientContext): Answer<typeof HRM_API.getReadiness> {
  return call(ctx, HRM_API.getReadiness);
}

export function listUsers(ctx: ClientContext, query: UserQuery): Answer<typeof HRM_API.listUsers> {
  return call(ctx, HRM_API.listUsers, { query: { ...query } });
}

export function getUser(ctx: ClientContext, userId: string): Answer<typeof HRM_API.getUser> {
  return call(ctx, HRM_API.getUser, { params: { id: userId } });
}

export function setConnectEmail(ctx: ClientContext, userId: string, email: string): Answer<typeof HRM_API.setConnectEmail> {
  return call(ctx, HRM_API.setConnectEmail, { params: { id: userId }, body: { email } });
}

/** R16: a verification *link* to `email` (or the user's Connect email when left out). */
export function sendVerificationEmail(ctx: ClientContext, userId: string, email?: string): Answer<typeof HRM_API.sendVerificationEmail> {
  return call(ctx, HRM_API.sendVerificationEmail, { params: { id: userId }, body: email === undefined ? {} : { email } });
}

/** R10: "Remove connection". */
export function removeConnection(ctx: ClientContext, userId: string): Answer<typeof HRM_API.removeConnection> {
  return call(ctx, HRM_API.removeConnection, { params: { id: userId } });
}

export function startBulkEmails(ctx: ClientContext, request: BulkEmailRequest): Answer<typeof HRM_API.startBulkEmails> {
  return call(ctx, HRM_API.startBulkEmails, { body: request });
}

export function listJobs(ctx: ClientContext, limit = 10): Answer<typeof HRM_API.listJobs> {
  return call(ctx, HRM_API.listJobs, { query: { limit } });
}

export function getJob(ctx: ClientContext, jobId: string): Answer<typeof HRM_API.getJob> {
  return call(ctx, HRM_API.getJob, { params: { id: jobId } });
}

export function cancelJob(ctx: ClientContext, jobId: string): Answer<typeof HRM_API.cancelJob> {
  return call(ctx, HRM_API.cancelJob, { params: { id: jobId } });
}

export function getJobRecipients(
  ctx: ClientContext,
  jobId: string,
  query: { outcome?: RecipientOutcome; offset?: number; limit?: number } = {},
): Answer<typeof HRM_API.getJobRecipients> {
  return call(ctx, HRM_API.getJobRecipients, { params: { id: jobId }, query });
}

export function listAudit(ctx: ClientContext, query: AuditQuery = {}): Answer<typeof HRM_API.listAudit> {
  return call(ctx, HRM_API.listAudit, { query: { ...query } });
}

/** CSV of the Employees/users template with these fields, for the users matching `filter`. */
export function exportUsers(ctx: ClientContext, fields: ExportField[], filter: UserFilter = {}): Answer<typeof HRM_API.exportUsers> {
  return call(ctx, HRM_API.exportUsers, { query: { ...filter, fields: fields.join(',') } });
}

/** Uploads a CSV file for a preview; nothing changes until `applyImport`. */
export function previewImport(ctx: ClientContext, fileName: string, csv: string): Answer<typeof HRM_API.previewImport> {
  return call(ctx, HRM_API.previewImport, { query: { fileName }, body: csv });
}

export function getImport(
  ctx: ClientContext,
  importId: string,
  query: { outcome?: ImportOutcome; offset?: number; limit?: number } = {},
): Answer<typeof HRM_API.getImport> {
  return call(ctx, HRM_API.getImport, { params: { id: importId }, query });
}

export function applyImport(ctx: ClientContext, importId: string): Answer<typeof HRM_API.applyImport> {
  return call(ctx, HRM_API.applyImport, { params: { id: importId } });
}

export function runPayroll(ctx: ClientContext, period: string): Answer<typeof HRM_API.runPayroll> {
  return call(ctx, HRM_API.runPayroll, { body: { period } });
}

export function getPayrollRun(
  ctx: ClientContext,
  runId: string,
  query: { offset?: number; limit?: number } = {},
): Answer<typeof HRM_API.getPayrollRun> {
  return call(ctx, HRM_API.getPayrollRun, { params: { id: runId }, query });
}

/** R16: the user confirms the address their administrator's link was sent to. */
export function confirmEmail(ctx: ClientContext, token: string): Answer<typeof HRM_API.confirmEmail> {
  return call(ctx, HRM_API.confirmEmail, { body: { token } });
}
