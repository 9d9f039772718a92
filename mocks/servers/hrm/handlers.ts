// Owns the HRM's routes (hrm.test): which module answers each page and each endpoint of its table (HRM_API). Nothing
// else lives here.
import { http, type RequestHandler } from 'msw';
import { HRM_API, HRM_PATHS } from '../../../src/contracts/hrm';
import { HRM_API_SHIFTS, HRM_OLD_ADDRESS_SHIFTS, HRM_SHIFT_PATHS, HRM_SHIFTS_API, HRM_WEB_SHIFTS } from '../../../src/contracts/hrm-shifts';
import { HRM_INTEGRATION_PATHS, HRM_INTEGRATIONS_API, HRM_PUBLIC_API } from '../../../src/contracts/hrm-integrations';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { inspectionReadOnly } from '../../shared/inspection';
import { route } from '../../shared/route';
import { createApiClient, listApiClients, revokeApiClient } from './api-clients';
import { listAudit } from './audit';
import { hrmProblem, type HrmEnv } from './env';
import { applyImport, exportUsers, getImport, listImports, previewImport } from './imports';
import { exportNow, getFileExport, saveFileExport } from './file-export';
import { inspectMachines } from './inspect';
import { apiClientsPage, getIntegrationsChecklist, integrationsPage } from './integrations';
import { getLink, sendCode, unlink, verifyCode } from './link';
import {
  accountSettingsPage,
  auditLogPage,
  importExportPage,
  loginPage,
  noSsoLoginPage,
  notFoundPage,
  payrollPage,
  profilePage,
  rolloutPage,
  securityPage,
  startPage,
  usersPage,
} from './pages';
import { getPayrollRun, listPayrollRuns, runPayroll } from './payroll';
import { newListEmployees, newSubmitTravelExpense, oldListEmployees, oldSubmitTravelExpense } from './public-api';
import { getReadiness } from './readiness';
import { completeMigration, getRollout, putSchedule, putTemporaryMeasures, startPreparation } from './rollout';
import { MESSAGES } from './rules';
import { getSecurity, putSecurity } from './security';
import { connectCallback, connectLoginRedirect, login, logout, logoutPage, ssoCallback } from './session';
import { getMySchedule, newCalendarFeed, oldCalendarFeed, renewCalendarLink } from './schedules';
import { mySchedulePage, shiftRequestsPage } from './shift-pages';
import {
  listShiftRequests,
  newShiftRequestAnswer,
  newShiftRequestLink,
  newSmsCallback,
  offerShift,
  oldShiftRequestAnswer,
  oldShiftRequestLink,
  oldSmsCallback,
} from './shift-requests';
import { startSsoLogin } from './sso-login';
import { timeclockHandlers } from './timeclock';
import {
  bulkEmails,
  cancelJob,
  getJob,
  getJobRecipients,
  getUser,
  listJobs,
  listUsers,
  putConnectEmail,
  removeConnection,
  sendVerificationEmail,
} from './users';
import { confirmEmail, verifyEmailPage } from './verify-email';

const HRM = ORIGINS.hrm;

type Params = Record<string, string | readonly string[] | undefined>;
type Endpoint = (env: HrmEnv, request: Request, params: Params) => Promise<Response>;

export function hrmHandlers(env: HrmEnv): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    hrmProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: HRM, name: 'the HRM' }),
    // Pages
    http.get(`${HRM}${HRM_PATHS.start}`, at(startPage)),
    http.get(`${HRM}${HRM_PATHS.login}`, at(loginPage)),
    http.get(`${HRM}${HRM_PATHS.noSso}`, at(noSsoLoginPage)),
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
    http.get(`${HRM}${HRM_SHIFT_PATHS.mySchedule}`, at(mySchedulePage)),
    http.get(`${HRM}${HRM_SHIFT_PATHS.shiftRequests}`, at(shiftRequestsPage)),
    http.get(`${HRM}${HRM_INTEGRATION_PATHS.apiClients}`, at(apiClientsPage)),
    http.get(`${HRM}${HRM_INTEGRATION_PATHS.integrations}`, at(integrationsPage)),

    // Logging in through Connect, from activation
    route(HRM_API.connectLogin, at(connectLoginRedirect)),
    route(HRM_API.connectCallback, at(connectCallback)),

    // The HRM's own single sign-on through the organisation's identity provider, before the migration
    route(HRM_API.ssoLogin, at(startSsoLogin)),
    route(HRM_API.ssoCallback, at(ssoCallback)),

    // APIs: the old login and the user's own link (R2–R4)
    route(HRM_API.login, at(login)),
    route(HRM_API.logout, at(logout)),
    route(HRM_API.getLinkStatus, at(getLink)),
    route(HRM_API.unlink, at(unlink)),
    route(HRM_API.sendVerificationCode, at(sendCode)),
    route(HRM_API.verifyCode, at(verifyCode)),
    route(HRM_API.confirmEmail, at(confirmEmail)),

    // APIs: the Users view and its mail jobs
    route(HRM_API.listUsers, at(listUsers)),
    route(HRM_API.exportUsers, at(exportUsers)),
    route(HRM_API.startBulkEmails, at(bulkEmails)),
    route(HRM_API.getUser, at(getUser)),
    route(HRM_API.setConnectEmail, at(putConnectEmail)),
    route(HRM_API.sendVerificationEmail, at(sendVerificationEmail)),
    route(HRM_API.removeConnection, at(removeConnection)),
    route(HRM_API.listJobs, at(listJobs)),
    route(HRM_API.getJob, at(getJob)),
    route(HRM_API.cancelJob, at(cancelJob)),
    route(HRM_API.getJobRecipients, at(getJobRecipients)),
    route(HRM_API.listAudit, at(listAudit)),

    // APIs: import and export (Employees/users templates, R9)
    route(HRM_API.listImports, at(listImports)),
    route(HRM_API.previewImport, at(previewImport)),
    route(HRM_API.getImport, at(getImport)),
    route(HRM_API.applyImport, at(applyImport)),

    // APIs: settings, rollout, readiness and payroll
    route(HRM_API.getSecurity, at(getSecurity)),
    route(HRM_API.saveSecurity, at(putSecurity)),
    route(HRM_API.getRollout, at(getRollout)),
    route(HRM_API.saveSchedule, at(putSchedule)),
    route(HRM_API.startPreparation, at(startPreparation)),
    route(HRM_API.saveTemporaryMeasures, at(putTemporaryMeasures)),
    route(HRM_API.completeMigration, at(completeMigration)),
    route(HRM_API.getReadiness, at(getReadiness)),
    route(HRM_API.listPayrollRuns, at(listPayrollRuns)),
    route(HRM_API.runPayroll, at(runPayroll)),
    route(HRM_API.getPayrollRun, at(getPayrollRun)),

    // APIs: schedules, calendar subscriptions and shift requests (R18)
    route(HRM_SHIFTS_API.mySchedule, at(getMySchedule)),
    route(HRM_SHIFTS_API.renewCalendarLink, at(renewCalendarLink)),
    route(HRM_SHIFTS_API.listShiftRequests, at(listShiftRequests)),
    route(HRM_SHIFTS_API.offerShift, at(offerShift)),

    // What calendar apps, response links and the SMS provider call, at the old address and the new ones (R18)
    route(HRM_OLD_ADDRESS_SHIFTS.oldCalendarFeed, at(oldCalendarFeed)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldShiftRequestLink, at(oldShiftRequestLink)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldShiftRequestAnswer, at(oldShiftRequestAnswer)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldSmsCallback, at(oldSmsCallback)),
    route(HRM_WEB_SHIFTS.calendarFeed, at(newCalendarFeed)),
    route(HRM_WEB_SHIFTS.shiftRequestLink, at(newShiftRequestLink)),
    route(HRM_WEB_SHIFTS.shiftRequestAnswer, at(newShiftRequestAnswer)),
    route(HRM_API_SHIFTS.smsCallback, at(newSmsCallback)),
    // The public REST API at the new address and the old one, API clients, the file export, the checklist (R18)
    route(HRM_PUBLIC_API.listEmployees, at(newListEmployees)),
    route(HRM_PUBLIC_API.submitTravelExpense, at(newSubmitTravelExpense)),
    route(HRM_INTEGRATIONS_API.oldListEmployees, at(oldListEmployees)),
    route(HRM_INTEGRATIONS_API.oldSubmitTravelExpense, at(oldSubmitTravelExpense)),
    route(HRM_INTEGRATIONS_API.listApiClients, at(listApiClients)),
    route(HRM_INTEGRATIONS_API.createApiClient, at(createApiClient)),
    route(HRM_INTEGRATIONS_API.revokeApiClient, at(revokeApiClient)),
    route(HRM_INTEGRATIONS_API.getFileExport, at(getFileExport)),
    route(HRM_INTEGRATIONS_API.saveFileExport, at(saveFileExport)),
    route(HRM_INTEGRATIONS_API.runFileExport, at(exportNow)),
    route(HRM_INTEGRATIONS_API.getIntegrationsChecklist, at(getIntegrationsChecklist)),
    // The Timeclock at the customer's own address and at the shared Timeclock host (R11, R19)
    ...timeclockHandlers(env),

    // The simulator's inspection (the x-ray's state diagrams), apart from the product's pages and API: read-only
    route(HRM_API.inspectMachines, at(inspectMachines)),
    http.all(`${HRM}${SIM_MACHINES_PATH}`, inspectionReadOnly),

    // Everything else on this host
    http.all(`${HRM}/api/*`, at(apiNotFound)),
    http.get(`${HRM}/*`, at(notFoundPage)),
    http.all(`${HRM}/*`, at(apiNotFound)),
  ];
}
