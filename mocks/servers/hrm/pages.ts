// Owns the HRM's pages (navigations answered with a view and its data): the old login, Start, My Profile,
// Account Settings and General > Security, each with the shell that carries the preparation banner (rule 1).
import type { LinkingSnapshot } from '../../../machines/linking';
import { linkingStatus } from '../../../machines/linking';
import { rolloutPhase } from '../../../machines/rollout';
import {
  HRM_PATHS,
  HRM_VIEWS,
  type HrmAccountSettingsPageData,
  type HrmLoginPageData,
  type HrmProfilePageData,
  type HrmSecurityPageData,
  type HrmShellData,
} from '../../../src/contracts/hrm';
import { page, redirect } from '../../shared/http';
import type { UserRow } from './db';
import { sessionUser, summary, type HrmEnv } from './env';
import { linkStatusOf, settledLinking } from './link';
import { isAdmin, isTimeclockOnly, MESSAGES, safeReturnTo, showPreparationBanner } from './rules';
import { loadLinking, loadRollout, loadSecurity, loadTenant } from './store';

async function shell(env: HrmEnv, user: UserRow, linking?: LinkingSnapshot): Promise<HrmShellData> {
  const snapshot = linking ?? (await loadLinking(env.db, user.id));
  const phase = rolloutPhase(await loadRollout(env.db));
  const tenant = await loadTenant(env.db);
  return {
    user: summary(user),
    tenantName: tenant.name,
    phase,
    showPreparationBanner: showPreparationBanner({
      phase,
      linked: linkingStatus(snapshot) === 'linked',
      timeclockOnly: isTimeclockOnly(user.roles, user.timeclockOnly),
    }),
    canManageSecurity: isAdmin(user.roles),
  };
}

/** A signed-in page: signed-out visitors go to the login first and come back here after. */
function signedIn(render: (env: HrmEnv, user: UserRow, request: Request) => Promise<Response>) {
  return async (env: HrmEnv, request: Request): Promise<Response> => {
    const user = await sessionUser(env, request);
    if (!user) {
      const url = new URL(request.url);
      return redirect(`${HRM_PATHS.login}?return_to=${encodeURIComponent(url.pathname + url.search)}`);
    }
    return render(env, user, request);
  };
}

export async function loginPage(env: HrmEnv, request: Request): Promise<Response> {
  if (await sessionUser(env, request)) return redirect(safeReturnTo(new URL(request.url).searchParams.get('return_to')));
  const tenant = await loadTenant(env.db);
  return page<HrmLoginPageData>(HRM_VIEWS.login, 'Log in', { tenantName: tenant.name });
}

export const startPage = signedIn(async (env, user) => page<HrmShellData>(HRM_VIEWS.start, 'Start', await shell(env, user)));

export const profilePage = signedIn(async (env, user) => {
  const employments = await env.db.employments.where('userId').equals(user.id).toArray();
  return page<HrmProfilePageData>(HRM_VIEWS.myProfile, 'My Profile', {
    ...(await shell(env, user)),
    email: user.email,
    employeeNumber: user.employeeNumber,
    employments: employments.map((e) => ({
      id: e.id,
      title: e.title,
      department: e.department,
      email: e.email,
      mailingsActivated: e.mailingsActivated === 1,
      status: e.status,
    })),
  });
});

export const accountSettingsPage = signedIn(async (env, user) => {
  // An interrupted link is finished before the page shows it.
  const linking = await settledLinking(env, user);
  return page<HrmAccountSettingsPageData>(HRM_VIEWS.accountSettings, 'Account Settings', {
    ...(await shell(env, user, linking)),
    link: await linkStatusOf(env, user, linking),
  });
});

export const securityPage = signedIn(async (env, user) => {
  const data = await shell(env, user);
  if (!isAdmin(user.roles)) return page(HRM_VIEWS.forbidden, 'No access', { ...data, message: MESSAGES.forbidden }, { status: 403 });
  const { allowedDomains } = await loadSecurity(env.db);
  return page<HrmSecurityPageData>(HRM_VIEWS.security, 'Security', { ...data, security: { allowedDomains: [...allowedDomains] } });
});

export async function notFoundPage(_env: HrmEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(HRM_VIEWS.notFound, 'Page not found', { path, message: MESSAGES.notFound(path) }, { status: 404 });
}
