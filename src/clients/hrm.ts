// Owns the HRM's API as its pages call it (hrm.test/api/*): one small request function per endpoint.
import type {
  AuditPage,
  AuditQuery,
  BulkEmailRequest,
  BulkJob,
  ConnectEmailRequest,
  ExportField,
  HrmErrorCode,
  HrmVerifyEmailPageData,
  ImportOutcome,
  ImportPreview,
  JobRecipientPage,
  LinkStatus,
  LoginRequest,
  PayrollRunPage,
  PayrollRunRequest,
  Readiness,
  RecipientOutcome,
  RolloutScheduleAnswer,
  RolloutScheduleRequest,
  RolloutStatus,
  SecurityAnswer,
  SecuritySettings,
  SendCodeRequest,
  SendVerificationEmailRequest,
  UserDetail,
  UserFilter,
  UserListPage,
  UserQuery,
  VerifyCodeRequest,
  VerifyEmailRequest,
} from '../contracts/hrm';
import { ORIGINS } from '../contracts/origins';
import { getText, postText, requestJson, type ClientContext, type ClientResult } from './http';

/** What the HRM answers with. */
export type HrmProblemCode = HrmErrorCode;
export type HrmResult<T> = ClientResult<T, HrmProblemCode>;

export interface RedirectAnswer {
  /** A path on hrm.test to navigate to next. */
  redirectTo: string;
}

const api = (path: string) => `${ORIGINS.hrm}/api${path}`;

/** The old login, until activation (R14). `returnTo` is the page the visitor was sent away from. */
export function login(ctx: ClientContext, loginId: string, password: string, returnTo?: string | null): Promise<HrmResult<RedirectAnswer>> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  const body: LoginRequest = { loginId, password };
  return requestJson(ctx, 'POST', `${api('/session')}${query}`, body);
}

export function logout(ctx: ClientContext): Promise<HrmResult<RedirectAnswer>> {
  return requestJson(ctx, 'DELETE', api('/session'));
}

export function getLinkStatus(ctx: ClientContext): Promise<HrmResult<LinkStatus>> {
  return requestJson(ctx, 'GET', api('/me/connect'));
}

/** R3: mails a 6-digit code, valid 30 minutes. */
export function sendVerificationCode(ctx: ClientContext, email: string): Promise<HrmResult<LinkStatus>> {
  const body: SendCodeRequest = { email };
  return requestJson(ctx, 'POST', api('/me/connect/verification-code'), body);
}

/** R4: the code links the user to a Connect account (found or created). */
export function verifyCode(ctx: ClientContext, code: string): Promise<HrmResult<LinkStatus>> {
  const body: VerifyCodeRequest = { code };
  return requestJson(ctx, 'POST', api('/me/connect/verify'), body);
}

export function unlink(ctx: ClientContext): Promise<HrmResult<LinkStatus>> {
  return requestJson(ctx, 'DELETE', api('/me/connect'));
}

export function getSecurity(ctx: ClientContext): Promise<HrmResult<SecuritySettings>> {
  return requestJson(ctx, 'GET', api('/security'));
}

/**
 * R6: errors name the row as field `allowedDomains.<i>`; a late change comes back with a warning.
 * R13: `linkVerifiedDomainsWithoutCode` left out keeps the setting as it is.
 */
export function saveSecurity(ctx: ClientContext, allowedDomains: string[], linkVerifiedDomainsWithoutCode?: boolean): Promise<HrmResult<SecurityAnswer>> {
  const body: SecuritySettings = linkVerifiedDomainsWithoutCode === undefined ? { allowedDomains } : { allowedDomains, linkVerifiedDomainsWithoutCode };
  return requestJson(ctx, 'PUT', api('/security'), body);
}

export function getRollout(ctx: ClientContext): Promise<HrmResult<RolloutStatus>> {
  return requestJson(ctx, 'GET', api('/rollout'));
}

export function startPreparation(ctx: ClientContext): Promise<HrmResult<RolloutStatus>> {
  return requestJson(ctx, 'POST', api('/rollout/start-preparation'));
}

/** The rollout's dates (world time); the server's guard explains a refusal at the date's field. */
export function saveSchedule(ctx: ClientContext, schedule: RolloutScheduleRequest): Promise<HrmResult<RolloutScheduleAnswer>> {
  return requestJson(ctx, 'PUT', api('/rollout/schedule'), schedule);
}

export function getReadiness(ctx: ClientContext): Promise<HrmResult<Readiness>> {
  return requestJson(ctx, 'GET', api('/readiness'));
}

/** Query string of a user filter or query: empty values are left out. */
export function userQueryString(query: UserQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function listUsers(ctx: ClientContext, query: UserQuery): Promise<HrmResult<UserListPage>> {
  return requestJson(ctx, 'GET', `${api('/users')}${userQueryString(query)}`);
}

export function getUser(ctx: ClientContext, userId: string): Promise<HrmResult<UserDetail>> {
  return requestJson(ctx, 'GET', api(`/users/${encodeURIComponent(userId)}`));
}

export function setConnectEmail(ctx: ClientContext, userId: string, email: string): Promise<HrmResult<UserDetail>> {
  const body: ConnectEmailRequest = { email };
  return requestJson(ctx, 'PUT', api(`/users/${encodeURIComponent(userId)}/connect-email`), body);
}

/** R16: a verification *link* to `email` (or the user's Connect email when left out). */
export function sendVerificationEmail(ctx: ClientContext, userId: string, email?: string): Promise<HrmResult<UserDetail>> {
  const body: SendVerificationEmailRequest = email === undefined ? {} : { email };
  return requestJson(ctx, 'POST', api(`/users/${encodeURIComponent(userId)}/verification-email`), body);
}

/** R10: "Remove connection". */
export function removeConnection(ctx: ClientContext, userId: string): Promise<HrmResult<UserDetail>> {
  return requestJson(ctx, 'DELETE', api(`/users/${encodeURIComponent(userId)}/connect`));
}

export function startBulkEmails(ctx: ClientContext, request: BulkEmailRequest): Promise<HrmResult<BulkJob>> {
  return requestJson(ctx, 'POST', api('/users/bulk-emails'), request);
}

export function listJobs(ctx: ClientContext, limit = 10): Promise<HrmResult<BulkJob[]>> {
  return requestJson(ctx, 'GET', api(`/jobs?limit=${limit}`));
}

export function getJob(ctx: ClientContext, jobId: string): Promise<HrmResult<BulkJob>> {
  return requestJson(ctx, 'GET', api(`/jobs/${encodeURIComponent(jobId)}`));
}

export function cancelJob(ctx: ClientContext, jobId: string): Promise<HrmResult<BulkJob>> {
  return requestJson(ctx, 'POST', api(`/jobs/${encodeURIComponent(jobId)}/cancel`));
}

export function getJobRecipients(ctx: ClientContext, jobId: string, query: { outcome?: RecipientOutcome; offset?: number; limit?: number } = {}): Promise<HrmResult<JobRecipientPage>> {
  return requestJson(ctx, 'GET', `${api(`/jobs/${encodeURIComponent(jobId)}/recipients`)}${userQueryString(query)}`);
}

export function listAudit(ctx: ClientContext, query: AuditQuery = {}): Promise<HrmResult<AuditPage>> {
  return requestJson(ctx, 'GET', `${api('/audit')}${userQueryString(query)}`);
}

/** CSV of the Employees/users template with these fields, for the users matching `filter`. */
export function exportUsers(ctx: ClientContext, fields: ExportField[], filter: UserFilter = {}): Promise<HrmResult<{ text: string; fileName: string | null }>> {
  return getText(ctx, `${api('/users/export')}${userQueryString({ ...filter, fields: fields.join(',') } as UserQuery)}`);
}

/** Uploads a CSV file for a preview; nothing changes until `applyImport`. */
export function previewImport(ctx: ClientContext, fileName: string, csv: string): Promise<HrmResult<ImportPreview>> {
  return postText(ctx, `${api('/imports')}?fileName=${encodeURIComponent(fileName)}`, csv, 'text/csv');
}

export function getImport(ctx: ClientContext, importId: string, query: { outcome?: ImportOutcome; offset?: number; limit?: number } = {}): Promise<HrmResult<ImportPreview>> {
  return requestJson(ctx, 'GET', `${api(`/imports/${encodeURIComponent(importId)}`)}${userQueryString(query)}`);
}

export function applyImport(ctx: ClientContext, importId: string): Promise<HrmResult<ImportPreview>> {
  return requestJson(ctx, 'POST', api(`/imports/${encodeURIComponent(importId)}/apply`));
}

export function runPayroll(ctx: ClientContext, period: string): Promise<HrmResult<PayrollRunPage>> {
  const body: PayrollRunRequest = { period };
  return requestJson(ctx, 'POST', api('/payroll-runs'), body);
}

export function getPayrollRun(ctx: ClientContext, runId: string, query: { offset?: number; limit?: number } = {}): Promise<HrmResult<PayrollRunPage>> {
  return requestJson(ctx, 'GET', `${api(`/payroll-runs/${encodeURIComponent(runId)}`)}${userQueryString(query)}`);
}

/** R16: the user confirms the address their administrator's link was sent to. */
export function confirmEmail(ctx: ClientContext, token: string): Promise<HrmResult<HrmVerifyEmailPageData>> {
  const body: VerifyEmailRequest = { token };
  return requestJson(ctx, 'POST', api('/verify-email'), body);
}
