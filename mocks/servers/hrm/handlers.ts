// Owns the HRM's routes: which module answers each page and each endpoint of its table (HRM_API), at each of its
// hosts (R18: the customer's own address hrm.test, and the shared new web and mobile hosts). Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { HRM_API, HRM_PATHS } from '../../../src/contracts/hrm';
import { HRM_API_SHIFTS, HRM_OLD_ADDRESS_SHIFTS, HRM_SHIFT_PATHS, HRM_SHIFTS_API, HRM_WEB_SHIFTS } from '../../../src/contracts/hrm-shifts';
import { HRM_INTEGRATION_PATHS, HRM_INTEGRATIONS_API, HRM_PUBLIC_API } from '../../../src/contracts/hrm-integrations';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { inspectionReadOnly } from '../../shared/inspection';
import { route } from '../../shared/route';
import { createApiClient, listApiClients, revokeApiClient } from './api-clients';
import { listAudit } from './audit';
import { hrmProblem, type HrmEnv } from './env';
import { hostHandlers, WEB_APP_ORIGINS } from './hosts';
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

type Params = Record<string, string | readonly string[] | undefined>;
type Endpoint = (env: HrmEnv, request: Request, params: Params) => Promise<Response>;

/**
 * In this order: the cross-site guard of each web host; then what the host and phase decide (hosts.ts: the old
 * address's landing page and 410 after the move, the new hosts' "not in use yet" before it, the mobile app), which
 * passes on every path it does not answer; then the web app, the same at every web host.
 */
export function hrmHandlers(env: HrmEnv): RequestHandler[] {
  return [
    refuseCrossSiteChanges({ origin: ORIGINS.hrm, name: 'the HRM' }),
    refuseCrossSiteChanges({ origin: HRM_NEW_ORIGINS.web, name: 'the HRM' }),
    refuseCrossSiteChanges({ origin: HRM_NEW_ORIGINS.mobile, name: 'the HRM' }),
    ...hostHandlers(env),
    ...WEB_APP_ORIGINS.flatMap((origin) => webAppHandlers(env, origin)),
    // The old address's paths that outlive the move (public REST API, calendar feeds, shift requests, Timeclock) and
    // the new hosts' own paths: after the web app, before the catch-alls.
    ...addressHandlers(env),
    ...WEB_APP_ORIGINS.flatMap((origin) => catchAlls(env, origin)),
  ];
}

/** What integrations, calendar apps, links and devices call, at the old address and at the new hosts (R18, R19). */
function addressHandlers(env: HrmEnv): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  return [
    // Calendar feeds, shift-request links and the SMS provider's callback
    route(HRM_OLD_ADDRESS_SHIFTS.oldCalendarFeed, at(oldCalendarFeed)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldShiftRequestLink, at(oldShiftRequestLink)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldShiftRequestAnswer, at(oldShiftRequestAnswer)),
    route(HRM_OLD_ADDRESS_SHIFTS.oldSmsCallback, at(oldSmsCallback)),
    route(HRM_WEB_SHIFTS.calendarFeed, at(newCalendarFeed)),
    route(HRM_WEB_SHIFTS.shiftRequestLink, at(newShiftRequestLink)),
    route(HRM_WEB_SHIFTS.shiftRequestAnswer, at(newShiftRequestAnswer)),
    route(HRM_API_SHIFTS.smsCallback, at(newSmsCallback)),
    // The public REST API at the new address and the old one
    route(HRM_PUBLIC_API.listEmployees, at(newListEmployees)),
    route(HRM_PUBLIC_API.submitTravelExpense, at(newSubmitTravelExpense)),
    route(HRM_INTEGRATIONS_API.oldListEmployees, at(oldListEmployees)),
    route(HRM_INTEGRATIONS_API.oldSubmitTravelExpense, at(oldSubmitTravelExpense)),
    // The Timeclock at the customer's own address and at the shared Timeclock host (R11, R19)
    ...timeclockHandlers(env),
    // Anything else at the shared API host: an endpoint that is not there
    http.all(`${HRM_NEW_ORIGINS.api}/*`, ({ request }) =>
      hrmProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname)),
    ),
  ];
}

/** Everything else on a web host: a page that is not there, or an API that is not. */
function catchAlls(env: HrmEnv, origin: string): RequestHandler[] {
  const apiNotFound = async (request: Request) =>
    hrmProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));
  return [
    http.all(`${origin}/api/*`, ({ request }) => apiNotFound(request)),
    http.get(`${origin}/*`, ({ request }) => notFoundPage(env, request)),
    http.all(`${origin}/*`, ({ request }) => apiNotFound(request)),
  ];
}

/** The web app (its pages and its own API, /api/*) at one host: `origin`. */
function webAppHandlers(env: HrmEnv, HRM: string): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);

  const api = (endpoint: Parameters<typeof route>[0], endpointAt: Endpoint) => route(endpoint, at(endpointAt), HRM);

  return [
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
    api(HRM_API.connectLogin, connectLoginRedirect),
    api(HRM_API.connectCallback, connectCallback),

    // The HRM's own single sign-on through the organisation's identity provider, before the migration
    api(HRM_API.ssoLogin, startSsoLogin),
    api(HRM_API.ssoCallback, ssoCallback),

    // APIs: the old login and the user's own link (R2–R4)
    api(HRM_API.login, login),
    api(HRM_API.logout, logout),
    api(HRM_API.getLinkStatus, getLink),
    api(HRM_API.unlink, unlink),
    api(HRM_API.sendVerificationCode, sendCode),
    api(HRM_API.verifyCode, verifyCode),
    api(HRM_API.confirmEmail, confirmEmail),

    // APIs: the Users view and its mail jobs
    api(HRM_API.listUsers, listUsers),
    api(HRM_API.exportUsers, exportUsers),
    api(HRM_API.startBulkEmails, bulkEmails),
    api(HRM_API.getUser, getUser),
    api(HRM_API.setConnectEmail, putConnectEmail),
    api(HRM_API.sendVerificationEmail, sendVerificationEmail),
    api(HRM_API.removeConnection, removeConnection),
    api(HRM_API.listJobs, listJobs),
    api(HRM_API.getJob, getJob),
    api(HRM_API.cancelJob, cancelJob),
    api(HRM_API.getJobRecipients, getJobRecipients),
    api(HRM_API.listAudit, listAudit),

    // APIs: import and export (Employees/users templates, R9)
    api(HRM_API.listImports, listImports),
    api(HRM_API.previewImport, previewImport),
    api(HRM_API.getImport, getImport),
    api(HRM_API.applyImport, applyImport),

    // APIs: settings, rollout, readiness and payroll
    api(HRM_API.getSecurity, getSecurity),
    api(HRM_API.saveSecurity, putSecurity),
    api(HRM_API.getRollout, getRollout),
    api(HRM_API.saveSchedule, putSchedule),
    api(HRM_API.startPreparation, startPreparation),
    api(HRM_API.saveTemporaryMeasures, putTemporaryMeasures),
    api(HRM_API.completeMigration, completeMigration),
    api(HRM_API.getReadiness, getReadiness),
    api(HRM_API.listPayrollRuns, listPayrollRuns),
    api(HRM_API.runPayroll, runPayroll),
    api(HRM_API.getPayrollRun, getPayrollRun),

    // APIs: schedules, calendar subscriptions and shift requests (R18)
    api(HRM_SHIFTS_API.mySchedule, getMySchedule),
    api(HRM_SHIFTS_API.renewCalendarLink, renewCalendarLink),
    api(HRM_SHIFTS_API.listShiftRequests, listShiftRequests),
    api(HRM_SHIFTS_API.offerShift, offerShift),

    // APIs: API clients, the file export and the integrations checklist (R18)
    api(HRM_INTEGRATIONS_API.listApiClients, listApiClients),
    api(HRM_INTEGRATIONS_API.createApiClient, createApiClient),
    api(HRM_INTEGRATIONS_API.revokeApiClient, revokeApiClient),
    api(HRM_INTEGRATIONS_API.getFileExport, getFileExport),
    api(HRM_INTEGRATIONS_API.saveFileExport, saveFileExport),
    api(HRM_INTEGRATIONS_API.runFileExport, exportNow),
    api(HRM_INTEGRATIONS_API.getIntegrationsChecklist, getIntegrationsChecklist),

    // The simulator's inspection (the x-ray's state diagrams), apart from the product's pages and API: read-only
    api(HRM_API.inspectMachines, inspectMachines),
    http.all(`${HRM}${SIM_MACHINES_PATH}`, inspectionReadOnly),
  ];
}
