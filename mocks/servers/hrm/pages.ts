// Owns the HRM's pages (navigations answered with a view and its data): the old login, Start, My Profile, Account
// Settings, General > Security and the administrator's Users view, Import/export, Audit log, Rollout and Payroll,
// each with the shell that carries the preparation banner (R1).
import type { LinkingSnapshot } from '../../../machines/linking';
import { linkingStatus } from '../../../machines/linking';
import { nextScheduledChange, rolloutPhase } from '../../../machines/rollout';
import {
  EXPORT_FIELDS,
  HRM_PATHS,
  HRM_VIEWS,
  type ExportField,
  type HrmAccountSettingsPageData,
  type HrmAuditLogPageData,
  type HrmImportExportPageData,
  type HrmLoginPageData,
  type HrmPayrollPageData,
  type HrmProfilePageData,
  type HrmRolloutPageData,
  type HrmSecurityPageData,
  type HrmShellData,
  type HrmUsersPageData,
} from '../../../src/contracts/hrm';
import type { SetCookie } from '../../../src/contracts/wire';
import { page, redirect, requestLocale } from '../../shared/http';
import { m } from '../../../src/paraglide/messages.js';
import type { StoredUser } from './db';
import { toEmployment } from './directory';
import { accessOf, summary, type HrmEnv } from './env';
import { endedSession, sessionUser } from './signed-in';
import { auditPage } from './audit';
import { recentImports } from './imports';
import { recentJobs } from './jobs';
import { linkStatusOf, settledLinking } from './link';
import { punchedHours } from './timeclock';
import { payrollRunSummaries } from './payroll';
import { readiness } from './readiness';
import { rolloutStatus } from './rollout';
import { isAdmin, isTimeclockOnly, MESSAGES, safeReturnTo, SESSION_COOKIE, showPreparationBanner } from './rules';
import { loadRollout, loadSecurity, loadTenant, restoreLinking } from './store';
import { securitySettings } from './security';
import { activeSso, ssoProviderName } from './sso-login';
import { parseUserQuery, userListPage } from './users';

export async function shell(env: HrmEnv, user: StoredUser, linking?: LinkingSnapshot): Promise<HrmShellData> {
  const snapshot = linking ?? restoreLinking(user.link);
  const rollout = await loadRollout(env.db);
  const phase = rolloutPhase(rollout);
  const tenant = await loadTenant(env.db);
  const access = accessOf(user);
  return {
    user: summary(user),
    tenantName: tenant.name,
    phase,
    showPreparationBanner: showPreparationBanner({
      phase,
      linked: linkingStatus(snapshot) === 'linked',
      timeclockOnly: isTimeclockOnly(user.roles, user.timeclockOnly),
    }),
    access,
    nextPhase: access.users ? nextScheduledChange(rollout) : null,
  };
}

/** A signed-in page: signed-out visitors log in first (at Connect from activation) and come back here after. */
export function signedIn(render: (env: HrmEnv, user: StoredUser, request: Request) => Promise<Response>) {
  return async (env: HrmEnv, request: Request): Promise<Response> => {
    const user = await sessionUser(env, request);
    if (!user) {
      const url = new URL(request.url);
      const back = encodeURIComponent(url.pathname + url.search);
      const viaConnect = rolloutPhase(await loadRollout(env.db)) === 'activation';
      return redirect(`${viaConnect ? HRM_PATHS.connectLogin : HRM_PATHS.login}?return_to=${back}`);
    }
    return render(env, user, request);
  };
}

export async function loginData(
  env: HrmEnv,
  returnTo: string | null,
  problem: HrmLoginPageData['problem'] = null,
  at: { noSso?: boolean; sso?: boolean } = {},
): Promise<HrmLoginPageData> {
  const tenant = await loadTenant(env.db);
  const activated = rolloutPhase(await loadRollout(env.db)) === 'activation';
  const back = safeReturnTo(returnTo);
  const query = back !== '/' ? `?return_to=${encodeURIComponent(back)}` : '';
  const sso = tenant.sso && !activated ? { providerName: ssoProviderName(tenant.sso), loginUrl: `${HRM_PATHS.ssoLogin}${query}` } : null;
  const noSso = at.noSso === true;
  const mode: HrmLoginPageData['mode'] = activated
    ? noSso && tenant.sso
      ? 'no_sso_retired'
      : 'connect'
    : sso && !noSso && at.sso
      ? 'sso'
      : 'password';
  return { tenantName: tenant.name, mode, connectLoginUrl: `${HRM_PATHS.connectLogin}${query}`, sso, noSso, problem };
}

/**
 * GET /login: the old login until activation — for an HRM with single sign-on, straight on to the organisation's
 * identity provider (its "Sign in with …" page after logging out, or when the provider could not be reached); from
 * activation on (R14, R18) its address shows where the login is now — "Log in with Connect" — and what to do without a
 * password or without a linked account (R15, R16).
 */
export async function loginPage(env: HrmEnv, request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const returnTo = params.get('return_to');
  if (await sessionUser(env, request)) return redirect(safeReturnTo(returnTo));
  const locale = requestLocale(request);
  const sso = await activeSso(env);
  if (sso) {
    const failed = params.get('sso_error') === 'failed';
    if (!failed && !params.has('logged_out')) {
      const back = safeReturnTo(returnTo);
      return redirect(`${HRM_PATHS.ssoLogin}${back !== '/' ? `?return_to=${encodeURIComponent(back)}` : ''}`);
    }
    const problem: HrmLoginPageData['problem'] = failed
      ? { reason: 'failed', message: MESSAGES.ssoLogin.failed(ssoProviderName(sso)) }
      : null;
    return page<HrmLoginPageData>(
      HRM_VIEWS.login,
      m.hrm_login_title({}, { locale }),
      await loginData(env, returnTo, problem, { sso: true }),
      {
        locale,
      },
    );
  }
  // A session that ran out is said once: the cookie naming it is cleared with this answer.
  const sessionEnded = await endedSession(env, request);
  return page<HrmLoginPageData>(
    HRM_VIEWS.login,
    m.hrm_login_title({}, { locale }),
    { ...(await loginData(env, returnTo)), sessionEnded },
    { cookies: sessionEnded ? [CLEAR_SESSION_COOKIE] : [], locale },
  );
}

const CLEAR_SESSION_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

/**
 * GET /HRM-NoSSO: for an HRM with single sign-on, the password login for those without a user at the identity provider
 * (a consultant). From activation everyone logs in through Connect at the usual address, so this one says that it is no
 * longer needed and links there.
 */
export async function noSsoLoginPage(env: HrmEnv, request: Request): Promise<Response> {
  const returnTo = new URL(request.url).searchParams.get('return_to');
  if (await sessionUser(env, request)) return redirect(safeReturnTo(returnTo));
  const locale = requestLocale(request);
  return page<HrmLoginPageData>(HRM_VIEWS.login, m.hrm_login_title({}, { locale }), await loginData(env, returnTo, null, { noSso: true }), {
    locale,
  });
}

// The employee's own pages answer in the request's language (Content-Language); the administrator's stay English.
export const startPage = signedIn(async (env, user, request) => {
  const locale = requestLocale(request);
  return page<HrmShellData>(HRM_VIEWS.start, m.hrm_nav_start({}, { locale }), await shell(env, user), { locale });
});

export const profilePage = signedIn(async (env, user, request) => {
  const locale = requestLocale(request);
  const employments = user.employments;
  return page<HrmProfilePageData>(
    HRM_VIEWS.myProfile,
    m.hrm_nav_my_profile({}, { locale }),
    {
      ...(await shell(env, user)),
      email: user.email,
      employeeNumber: user.employeeNumber,
      employments: employments.map(toEmployment),
    },
    { locale },
  );
});

export const accountSettingsPage = signedIn(async (env, user, request) => {
  const locale = requestLocale(request);
  // An interrupted link is finished before the page shows it.
  const linking = await settledLinking(env, user);
  return page<HrmAccountSettingsPageData>(
    HRM_VIEWS.accountSettings,
    m.hrm_account_title({}, { locale }),
    {
      ...(await shell(env, user, linking)),
      link: await linkStatusOf(env, user, linking),
    },
    { locale },
  );
});

/** A page for administrators with the Users view; everyone else sees "No access". */
export function adminPage(render: (env: HrmEnv, user: StoredUser, data: HrmShellData, request: Request) => Promise<Response>) {
  return signedIn(async (env, user, request) => {
    const data = await shell(env, user);
    if (!isAdmin(user.roles)) return page(HRM_VIEWS.forbidden, 'No access', { ...data, message: MESSAGES.forbidden }, { status: 403 });
    return render(env, user, data, request);
  });
}

export const securityPage = adminPage(async (env, _user, data) => {
  return page<HrmSecurityPageData>(HRM_VIEWS.security, 'Security', { ...data, security: await securitySettings(env) });
});

export const usersPage = adminPage(async (env, _user, data, request) => {
  const query = parseUserQuery(new URL(request.url).searchParams);
  return page<HrmUsersPageData>(HRM_VIEWS.users, 'Users', {
    ...data,
    initial: await userListPage(env, query),
    jobs: await recentJobs(env, 5),
  });
});

export const importExportPage = adminPage(async (env, _user, data) => {
  const recent = await recentImports(env);
  return page<HrmImportExportPageData>(HRM_VIEWS.importExport, 'Import and export', {
    ...data,
    exportFields: Object.keys(EXPORT_FIELDS) as ExportField[],
    recent,
  });
});

export const auditLogPage = adminPage(async (env, _user, data, request) => {
  const initial = await auditPage(env, new URL(request.url).searchParams);
  return page<HrmAuditLogPageData>(HRM_VIEWS.auditLog, 'Audit log', { ...data, initial });
});

export const rolloutPage = adminPage(async (env, _user, data) => {
  const { allowedDomains } = await loadSecurity(env.db);
  return page<HrmRolloutPageData>(HRM_VIEWS.rollout, 'Rollout', {
    ...data,
    rollout: await rolloutStatus(env, await loadRollout(env.db)),
    readiness: await readiness(env),
    allowedDomains: [...allowedDomains],
  });
});

export const payrollPage = signedIn(async (env, user) => {
  const data = await shell(env, user);
  if (!data.access.payroll) return page(HRM_VIEWS.forbidden, 'No access', { ...data, message: MESSAGES.payrollForbidden }, { status: 403 });
  const runs = await payrollRunSummaries(env);
  return page<HrmPayrollPageData>(HRM_VIEWS.payroll, 'Payroll', { ...data, runs, hours: await punchedHours(env) });
});

export async function notFoundPage(_env: HrmEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(HRM_VIEWS.notFound, 'Page not found', { path, message: MESSAGES.notFound(path) }, { status: 404 });
}
