// Owns the HRM's routes (hrm.test): which endpoint answers which method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { HRM_PATHS } from '../../../src/contracts/hrm';
import { ORIGINS } from '../../../src/contracts/origins';
import { hrmProblem, type HrmEnv } from './env';
import { getLink, sendCode, unlink, verifyCode } from './link';
import { accountSettingsPage, loginPage, notFoundPage, profilePage, securityPage, startPage } from './pages';
import { getRollout, startPreparation } from './rollout';
import { MESSAGES } from './rules';
import { getSecurity, putSecurity } from './security';
import { login, logout, logoutPage } from './session';

const HRM = ORIGINS.hrm;

type Endpoint = (env: HrmEnv, request: Request) => Promise<Response>;

export function hrmHandlers(env: HrmEnv): RequestHandler[] {
  const at = (endpoint: Endpoint) => ({ request }: { request: Request }) => endpoint(env, request);
  const apiNotFound: Endpoint = async (_env, request) =>
    hrmProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    // Pages
    http.get(`${HRM}${HRM_PATHS.start}`, at(startPage)),
    http.get(`${HRM}${HRM_PATHS.login}`, at(loginPage)),
    http.get(`${HRM}${HRM_PATHS.logout}`, at(logoutPage)),
    http.get(`${HRM}${HRM_PATHS.myProfile}`, at(profilePage)),
    http.get(`${HRM}${HRM_PATHS.accountSettings}`, at(accountSettingsPage)),
    http.get(`${HRM}${HRM_PATHS.security}`, at(securityPage)),

    // APIs
    http.post(`${HRM}/api/session`, at(login)),
    http.delete(`${HRM}/api/session`, at(logout)),
    http.get(`${HRM}/api/me/connect`, at(getLink)),
    http.delete(`${HRM}/api/me/connect`, at(unlink)),
    http.post(`${HRM}/api/me/connect/verification-code`, at(sendCode)),
    http.post(`${HRM}/api/me/connect/verify`, at(verifyCode)),
    http.get(`${HRM}/api/security`, at(getSecurity)),
    http.put(`${HRM}/api/security`, at(putSecurity)),
    http.get(`${HRM}/api/rollout`, at(getRollout)),
    http.post(`${HRM}/api/rollout/start-preparation`, at(startPreparation)),

    // Everything else on this host
    http.all(`${HRM}/api/*`, at(apiNotFound)),
    http.get(`${HRM}/*`, at(notFoundPage)),
    http.all(`${HRM}/*`, at(apiNotFound)),
  ];
}
