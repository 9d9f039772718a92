// Owns the HRM's addresses (R18): before the move each customer's own address (hrm.test) serves the web app, mobile,
// API and Timeclock; from the cutover everyone uses the shared new hosts. This module answers what each host says in
// each phase: the old address's landing page and its web app API's 410, the new hosts' "not in use yet" page, and the
// mobile app's address at both. The web app itself (pages and /api/*) is the same at the old and the new web host.
import { http, type RequestHandler } from 'msw';
import { rolloutPhase } from '../../../machines/rollout';
import {
  HRM_PATHS,
  HRM_VIEWS,
  type HrmMobileMovedPageData,
  type HrmMobilePageData,
  type HrmMovedPageData,
  type HrmNewAddress,
  type HrmNotInUseYetPageData,
} from '../../../src/contracts/hrm';
import { INSPECTION_PATH_PREFIX } from '../../../src/contracts/inspection';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import type { SetCookie } from '../../../src/contracts/wire';
import { page, readCookie, redirect } from '../../shared/http';
import { hrmProblem, now, summary, type HrmEnv } from './env';
import { recordIntegrationCall } from './integration-calls';
import { MESSAGES } from './rules';
import { sessionUser } from './signed-in';
import { loadRollout, loadTenant } from './store';

/** The hosts a person's browser opens the web app at: the customer's own address until the move, the shared one after. */
export const WEB_APP_ORIGINS = [ORIGINS.hrm, HRM_NEW_ORIGINS.web, HRM_NEW_ORIGINS.mobile] as const;

/** Set by the mobile view: this device has used the app, so after the move its old address sends it on (301). */
export const MOBILE_APP_COOKIE = 'hrm_mobile_app';
const MOBILE_APP_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60; // RFC 6265bis §5.6.2: the longest a browser keeps a cookie
/** How the integrations checklist names the mobile app when it reaches the old address. */
export const MOBILE_APP_CLIENT = 'Mobile app';

/**
 * Old-address paths that other parts of the HRM answer after the move (the public REST API, calendar feeds, shift
 * requests, Timeclock devices) and the simulator's own inspection: the landing page never answers these.
 */
const ANSWERED_ELSEWHERE = [/^\/api\/v1(\/|$)/, /^\/Calendar(\/|$)/, /^\/ShiftRequest(\/|$)/, /^\/Timeclock(\/|$)/];

export function answeredElsewhere(path: string): boolean {
  return path.startsWith(INSPECTION_PATH_PREFIX) || ANSWERED_ELSEWHERE.some((pattern) => pattern.test(path));
}

/** Moved: the new addresses are in use (from the cutover on). */
export async function moved(env: HrmEnv): Promise<boolean> {
  return rolloutPhase(await loadRollout(env.db)) === 'activation';
}

/** The new addresses, with what each is for, as the landing page lists them. */
export function newAddresses(): HrmNewAddress[] {
  return [
    { kind: 'web', url: `${HRM_NEW_ORIGINS.web}/`, purpose: 'The HRM in your web browser: log in here from now on.' },
    { kind: 'mobile', url: `${HRM_NEW_ORIGINS.mobile}/`, purpose: 'The mobile app: open it on your phone, or scan the code.' },
    {
      kind: 'timeclock',
      url: `${HRM_NEW_ORIGINS.timeclock}/`,
      purpose: 'For Timeclock terminals: your administrator enters it on each device.',
    },
    { kind: 'api', url: `${HRM_NEW_ORIGINS.api}/v1/`, purpose: 'For integrations that call the HRM: change their address to this one.' },
  ];
}

function isPagePath(path: string): boolean {
  return path !== '/api' && !path.startsWith('/api/');
}

/** GET any page path at the old address after the move: where the HRM is now (R18). */
export async function movedPage(env: HrmEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const tenant = await loadTenant(env.db);
  const rollout = await loadRollout(env.db);
  return page<HrmMovedPageData>(HRM_VIEWS.moved, `${tenant.name} has moved`, {
    tenantName: tenant.name,
    requested: `${url.origin}${url.pathname}`,
    addresses: newAddresses(),
    mobileUrl: `${HRM_NEW_ORIGINS.mobile}/`,
    movedAt: rollout.context.activatedAt ?? rollout.context.activationAt,
  });
}

/** GET a page path at a new address before the move: not in use for this customer yet (R18). */
export async function notInUseYetPage(env: HrmEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const tenant = await loadTenant(env.db);
  const rollout = await loadRollout(env.db);
  return page<HrmNotInUseYetPageData>(
    HRM_VIEWS.notInUseYet,
    'Not in use yet',
    {
      tenantName: tenant.name,
      requested: `${url.origin}${url.pathname}`,
      cutoverAt: rollout.context.activationAt,
      oldAddress: `${ORIGINS.hrm}/`,
    },
    { status: 404 },
  );
}

/**
 * The old address after the move: every page path shows the landing page; the web app's own API answers 410 naming
 * the new address; the paths other parts answer pass on. Before the move it passes everything on to the web app.
 */
function oldAddressAfterTheMove(env: HrmEnv): RequestHandler {
  return http.all(`${ORIGINS.hrm}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (path === HRM_PATHS.mobile || answeredElsewhere(path)) return undefined;
    if (!(await moved(env))) return undefined;
    if (isPagePath(path) && (request.method === 'GET' || request.method === 'HEAD')) return movedPage(env, request);
    const tenant = await loadTenant(env.db);
    return hrmProblem(410, 'moved', MESSAGES.moved(tenant.name, `${HRM_NEW_ORIGINS.web}${isPagePath(path) ? '/' : path}`));
  });
}

/** A new host before the move: every page says it is not in use yet, and its API refuses likewise. */
function newAddressBeforeTheMove(env: HrmEnv, origin: string): RequestHandler {
  return http.all(`${origin}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (path.startsWith(INSPECTION_PATH_PREFIX)) return undefined;
    if (await moved(env)) return undefined;
    if (isPagePath(path) && (request.method === 'GET' || request.method === 'HEAD')) return notInUseYetPage(env, request);
    const tenant = await loadTenant(env.db);
    const rollout = await loadRollout(env.db);
    return hrmProblem(404, 'not_in_use_yet', MESSAGES.notInUseYet(tenant.name, origin, rollout.context.activationAt));
  });
}

async function mobileView(env: HrmEnv, request: Request, webUrl: string): Promise<Response> {
  const user = await sessionUser(env, request);
  if (!user) {
    const back = encodeURIComponent(new URL(request.url).pathname);
    return redirect(`${(await moved(env)) ? HRM_PATHS.connectLogin : HRM_PATHS.login}?return_to=${back}`);
  }
  const tenant = await loadTenant(env.db);
  const remember: SetCookie = {
    name: MOBILE_APP_COOKIE,
    value: '1',
    maxAge: MOBILE_APP_COOKIE_MAX_AGE_S,
    path: '/',
    sameSite: 'Lax',
  };
  return page<HrmMobilePageData>(
    HRM_VIEWS.mobile,
    tenant.name,
    { tenantName: tenant.name, user: summary(user), employeeNumber: user.employeeNumber || null, today: now(env), webUrl },
    { cookies: [remember] },
  );
}

/**
 * GET /mobile at the old address: the mobile app until the move; after it a device that used the app (its cookie) is
 * sent on for good (301) and counted for the integrations checklist, and a new visitor is shown where the app is now.
 */
export async function oldMobile(env: HrmEnv, request: Request): Promise<Response> {
  if (!(await moved(env))) return mobileView(env, request, `${ORIGINS.hrm}/`);
  const mobileUrl = `${HRM_NEW_ORIGINS.mobile}/`;
  if (readCookie(request, MOBILE_APP_COOKIE) === '1') {
    await recordIntegrationCall(env, {
      kind: 'mobile',
      client: MOBILE_APP_CLIENT,
      address: 'old',
      path: HRM_PATHS.mobile,
      outcome: 'redirected',
    });
    return new Response(null, { status: 301, headers: { location: mobileUrl } });
  }
  const tenant = await loadTenant(env.db);
  return page<HrmMobileMovedPageData>(HRM_VIEWS.mobileMoved, `${tenant.name} mobile has moved`, { tenantName: tenant.name, mobileUrl });
}

/** GET / at the new mobile host, after the move: the mobile app (login through Connect at this host). */
export async function newMobile(env: HrmEnv, request: Request): Promise<Response> {
  return mobileView(env, request, `${HRM_NEW_ORIGINS.web}/`);
}

/**
 * The handlers that decide by host and phase, ahead of the web app's: they answer what the phase says and pass every
 * other request on (an MSW resolver that returns nothing lets the next handler answer).
 */
export function hostHandlers(env: HrmEnv): RequestHandler[] {
  return [
    http.get(`${ORIGINS.hrm}${HRM_PATHS.mobile}`, ({ request }) => oldMobile(env, request)),
    oldAddressAfterTheMove(env),
    newAddressBeforeTheMove(env, HRM_NEW_ORIGINS.web),
    newAddressBeforeTheMove(env, HRM_NEW_ORIGINS.mobile),
    http.get(`${HRM_NEW_ORIGINS.mobile}/`, ({ request }) => newMobile(env, request)),
  ];
}
