// Owns the admin console's routes on a provider's host: its pages under /admin and its API under /api/admin, from
// the console's endpoint table. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { IDP_CONSOLE_API, IDP_CONSOLE_PATHS } from '../../../../src/contracts/idp-console';
import { IDP_DISPLAY_NAMES } from '../../../../src/contracts/idp';
import { ORIGINS } from '../../../../src/contracts/origins';
import { crossSiteRefusal } from '../../cross-site';
import { route } from '../../route';
import type { IdpEnv } from '../env';
import * as api from './api';
import type { Params } from './api';
import { startConsoleSignIn } from './session';
import { applicationPage, applicationsPage, consoleRoot, signInsPage, usersPage } from './pages';

type Endpoint = (env: IdpEnv, request: Request, params: Params) => Promise<Response>;

export function consoleHandlers(env: IdpEnv): RequestHandler[] {
  const origin = ORIGINS[env.brand.idp];
  const API = IDP_CONSOLE_API[env.brand.idp];
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const guard = { origin, name: `${IDP_DISPLAY_NAMES[env.brand.idp]}'s admin console` };
  return [
    // Changes to the directory only from the console's own pages (the provider's other endpoints keep their own rules).
    http.all(`${origin}/api/admin/*`, ({ request }) => crossSiteRefusal(request, guard) ?? undefined),
    http.get(`${origin}${IDP_CONSOLE_PATHS.signIn}`, at(startConsoleSignIn)),
    http.get(`${origin}${IDP_CONSOLE_PATHS.root}`, at(consoleRoot)),
    http.get(`${origin}${IDP_CONSOLE_PATHS.users}`, at(usersPage)),
    http.get(`${origin}${IDP_CONSOLE_PATHS.applications}`, at(applicationsPage)),
    http.get(`${origin}${IDP_CONSOLE_PATHS.applications}/:clientId`, at(applicationPage)),
    http.get(`${origin}${IDP_CONSOLE_PATHS.signIns}`, at(signInsPage)),

    route(API.listUsers, at(api.listUsers)),
    route(API.addUser, at(api.addUser)),
    route(API.changeUser, at(api.changeUser)),
    route(API.resetAuthenticator, at(api.resetAuthenticator)),
    route(API.removeAuthenticator, at(api.removeAuthenticator)),
    route(API.listApplications, at(api.listApplications)),
    route(API.addApplication, at(api.addApplication)),
    route(API.getApplication, at(api.getApplication)),
    route(API.setRedirectUris, at(api.setRedirectUris)),
    route(API.deleteApplication, at(api.deleteApplication)),
    route(API.addSecret, at(api.addSecret)),
    route(API.deleteSecret, at(api.deleteSecret)),
    route(API.addCertificate, at(api.addCertificate)),
    route(API.deleteCertificate, at(api.deleteCertificate)),
    route(API.listSignIns, at(api.listSignIns)),
    route(API.listActivity, at(api.listActivity)),
  ];
}
