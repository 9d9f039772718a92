// Owns the integrations server's routes (integrations.test): which endpoint answers which method and path.
import { http, type RequestHandler } from 'msw';
import { INTEGRATION_IDS, INTEGRATIONS_API, INTEGRATIONS_PATHS, integrationPath } from '../../../src/contracts/integrations';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { route } from '../../shared/route';
import {
  addAllowedAddress,
  refreshCalendarNow,
  removeAllowedAddress,
  replySms,
  runApiClientNow,
  updateApiClient,
  updateCalendar,
  updateSms,
} from './console';
import { integrationsProblem, type IntegrationsEnv, type Params } from './env';
import { receiveFile, sendSms } from './inbound';
import { integrationPage, loginPage, notFoundPage, overviewPage, rootPage } from './pages';
import { MESSAGES } from './rules';
import { login, logout, logoutPage } from './session';

const ORIGIN = ORIGINS.integrations;

type Endpoint = (env: IntegrationsEnv, request: Request, params: Params) => Promise<Response>;

export function integrationsHandlers(env: IntegrationsEnv): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    integrationsProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: ORIGIN, name: 'the integrations console' }),
    // Pages
    http.get(`${ORIGIN}${INTEGRATIONS_PATHS.root}`, at(rootPage)),
    http.get(`${ORIGIN}${INTEGRATIONS_PATHS.login}`, at(loginPage)),
    http.get(`${ORIGIN}${INTEGRATIONS_PATHS.logout}`, at(logoutPage)),
    http.get(`${ORIGIN}${INTEGRATIONS_PATHS.overview}`, at(overviewPage)),
    ...INTEGRATION_IDS.map((id) => http.get(`${ORIGIN}${integrationPath(id)}`, ({ request }) => integrationPage(env, request, id))),

    // The console's API
    route(INTEGRATIONS_API.login, at(login)),
    route(INTEGRATIONS_API.logout, at(logout)),
    route(INTEGRATIONS_API.updateApiClient, at(updateApiClient)),
    route(INTEGRATIONS_API.runApiClient, at(runApiClientNow)),
    route(INTEGRATIONS_API.updateCalendar, at(updateCalendar)),
    route(INTEGRATIONS_API.refreshCalendar, at(refreshCalendarNow)),
    route(INTEGRATIONS_API.updateSms, at(updateSms)),
    route(INTEGRATIONS_API.replySms, at(replySms)),
    route(INTEGRATIONS_API.addAllowedAddress, at(addAllowedAddress)),
    route(INTEGRATIONS_API.removeAllowedAddress, at(removeAllowedAddress)),

    // What the HRM calls
    route(INTEGRATIONS_API.sendSms, at(sendSms)),
    route(INTEGRATIONS_API.receiveFile, at(receiveFile)),

    // Everything else on this host
    http.all(`${ORIGIN}/api/*`, at(apiNotFound)),
    http.get(`${ORIGIN}/*`, at(notFoundPage)),
    http.all(`${ORIGIN}/*`, at(apiNotFound)),
  ];
}
