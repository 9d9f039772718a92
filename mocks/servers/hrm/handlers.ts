// Owns the HRM's routes (hrm.test): which endpoint answers which method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { HRM_PATHS } from '../../../src/contracts/hrm';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { inspectionReadOnly } from '../../shared/inspection';
import { listAudit } from './audit';
import { hrmProblem, type HrmEnv } from './env';
import { applyImport, exportUsers, getImport, listImports, previewImport } from './imports';
import { inspectMachines } from './inspect';
import { getLink, sendCode, unlink, verifyCode } from './link';
import {
  accountSettingsPage,
  auditLogPage,
  importExportPage,
  loginPage,
  notFoundPage,
  payrollPage,
  profilePage,
  rolloutPage,
  securityPage,
  startPage,
  usersPage,
} from './pages';
import { getPayrollRun, listPayrollRuns, runPayroll } from './payroll';
import { getReadiness } from './readiness';
import { getRollout, putSchedule, startPreparation } from './rollout';
import { MESSAGES } from './rules';
import { getSecurity, putSecurity } from './security';
import { connectCallback, connectLoginRedirect, login, logout, logoutPage } from './session';
import { bulkEmails, cancelJob, getJob, getJobRecipients, getUser, listJobs, listUsers, putConnectEmail, removeConnection, sendVerificationEmail } from './users';
import { confirmEmail, verifyEmailPage } from './verify-email';

const HRM = ORIGINS.hrm;

type Params = Record<string, string | readonly string[] | undefined>;
type Endpoint = (env: HrmEnv, request: Request, params: Params) => Promise<Response>;

export function hrmHandlers(env: HrmEnv): RequestHandler[] {
  const at = (endpoint: Endpoint) => ({ request, params }: { request: Request; params: Params }) => endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    hrmProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: HRM, name: 'the HRM' }),
    // Pages
    http.get(`${HRM}${HRM_PATHS.start}`, at(startPage)),
    http.get(`${HRM}${HRM_PATHS.login}`, at(loginPage)),
    http.get(`${HRM}${HRM_PATHS.logout}`, at(logoutPage)),
    http.get(`${HRM}${HRM_PATHS.myProfile}`, at(profilePage)),
    http.get(`${HRM}${HRM_PATHS.accountSettings}`, at(accountSettingsPage)),
    http.get(`${HRM}${HRM_PATHS.security}`, at(securityPage)),
    http.get(`${HRM}${HRM_PATHS.users}`, at(usersPage)),
    http.get(`${HRM}${HRM_PATHS.importExport}`, at(importExportPage)),
    http.get(`${HRM}${HRM_PATHS.auditLog}`, at(auditLogPage)),
    http.get(`${HRM}${HRM_PATHS.rollout}`, at(rolloutPage)),
    http.get(`${HRM}${HRM_PATHS.payroll}`, at(payrollPage)),
    http.get(`${HRM}${HRM_PATHS.verifyEmail}`, at(verifyEmailPage)),
    http.get(`${HRM}${HRM_PATHS.connectLogin}`, at(connectLoginRedirect)),
    http.get(`${HRM}${HRM_PATHS.connectCallback}`, at(connectCallback)),

    // APIs: the old login and the user's own link (R2–R4)
    http.post(`${HRM}/api/session`, at(login)),
    http.delete(`${HRM}/api/session`, at(logout)),
    http.get(`${HRM}/api/me/connect`, at(getLink)),
    http.delete(`${HRM}/api/me/connect`, at(unlink)),
    http.post(`${HRM}/api/me/connect/verification-code`, at(sendCode)),
    http.post(`${HRM}/api/me/connect/verify`, at(verifyCode)),
    http.post(`${HRM}/api/verify-email`, at(confirmEmail)),

    // APIs: the Users view and its mail jobs
    http.get(`${HRM}/api/users`, at(listUsers)),
    http.get(`${HRM}/api/users/export`, at(exportUsers)),
    http.post(`${HRM}/api/users/bulk-emails`, at(bulkEmails)),
    http.get(`${HRM}/api/users/:id`, at(getUser)),
    http.put(`${HRM}/api/users/:id/connect-email`, at(putConnectEmail)),
    http.post(`${HRM}/api/users/:id/verification-email`, at(sendVerificationEmail)),
    http.delete(`${HRM}/api/users/:id/connect`, at(removeConnection)),
    http.get(`${HRM}/api/jobs`, at(listJobs)),
    http.get(`${HRM}/api/jobs/:id`, at(getJob)),
    http.post(`${HRM}/api/jobs/:id/cancel`, at(cancelJob)),
    http.get(`${HRM}/api/jobs/:id/recipients`, at(getJobRecipients)),
    http.get(`${HRM}/api/audit`, at(listAudit)),

    // APIs: import and export (Employees/users templates, R9)
    http.get(`${HRM}/api/imports`, at(listImports)),
    http.post(`${HRM}/api/imports`, at(previewImport)),
    http.get(`${HRM}/api/imports/:id`, at(getImport)),
    http.post(`${HRM}/api/imports/:id/apply`, at(applyImport)),

    // APIs: settings, rollout, readiness and payroll
    http.get(`${HRM}/api/security`, at(getSecurity)),
    http.put(`${HRM}/api/security`, at(putSecurity)),
    http.get(`${HRM}/api/rollout`, at(getRollout)),
    http.put(`${HRM}/api/rollout/schedule`, at(putSchedule)),
    http.post(`${HRM}/api/rollout/start-preparation`, at(startPreparation)),
    http.get(`${HRM}/api/readiness`, at(getReadiness)),
    http.get(`${HRM}/api/payroll-runs`, at(listPayrollRuns)),
    http.post(`${HRM}/api/payroll-runs`, at(runPayroll)),
    http.get(`${HRM}/api/payroll-runs/:id`, at(getPayrollRun)),

    // The simulator's inspection (the x-ray's state diagrams), apart from the product's pages and API: read-only
    http.get(`${HRM}${SIM_MACHINES_PATH}`, at(inspectMachines)),
    http.all(`${HRM}${SIM_MACHINES_PATH}`, inspectionReadOnly),

    // Everything else on this host
    http.all(`${HRM}/api/*`, at(apiNotFound)),
    http.get(`${HRM}/*`, at(notFoundPage)),
    http.all(`${HRM}/*`, at(apiNotFound)),
  ];
}
