// Owns an identity provider's routes: which endpoint answers which method and path on its host. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { IDP_API, IDP_DISPLAY_NAMES, IDP_PATHS, idpEndpointPath } from '../../../src/contracts/idp';
import { ORIGINS } from '../../../src/contracts/origins';
import { crossSiteRefusal } from '../cross-site';
import { problem } from '../http';
import { route } from '../route';
import { consoleHandlers } from './console/handlers';
import { authorize, resumeAuthorization } from './authorize';
import { directory, type IdpEnv, type Params } from './env';
import { discovery, jwks, token, tokenMethodNotAllowed, userinfo } from './oidc';
import { idpErrorPage } from './pages';
import { signInPage, submitCode, submitPassword, submitUsername } from './sign-in';

type Endpoint = (env: IdpEnv, request: Request, params: Params) => Promise<Response>;

export function externalIdpHandlers(env: IdpEnv): RequestHandler[] {
  const origin = ORIGINS[env.brand.idp];
  const api = IDP_API[env.brand.idp];
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const path = (endpoint: Parameters<typeof idpEndpointPath>[1]) => `${origin}${idpEndpointPath(env.brand.idp, endpoint)}`;
  const notFoundPage: Endpoint = async () => idpErrorPage(env, await directory(env), 'not_found', env.messages.notFound, 404);

  return [
    // The admin console's API has a guard of its own, which names the console (console/handlers.ts).
    http.all(`${origin}/*`, ({ request }) =>
      new URL(request.url).pathname.startsWith('/api/admin/')
        ? undefined
        : (crossSiteRefusal(request, { origin, name: IDP_DISPLAY_NAMES[env.brand.idp] }) ?? undefined),
    ),
    // OpenID endpoints (their paths are the brand's)
    route(api.discovery, at(discovery)),
    route(api.jwks, at(jwks)),
    route(api.authorize, at(authorize)),
    route(api.token, at(token)),
    http.all(path('token'), at(tokenMethodNotAllowed)),
    route(api.userinfo, at(userinfo)),
    route(api.userinfoPost, at(userinfo)),

    // The login page and its steps
    http.get(`${origin}${IDP_PATHS.signIn}`, at(signInPage)),
    http.get(`${origin}${IDP_PATHS.resume}`, at(resumeAuthorization)),
    route(api.signInUsername, at(submitUsername)),
    route(api.signInPassword, at(submitPassword)),
    route(api.signInCode, at(submitCode)),

    // The IT persona's admin console
    ...consoleHandlers(env),

    // Everything else on this host
    http.all(`${origin}/api/*`, ({ request }) =>
      problem(404, 'not_found', `${request.method} ${new URL(request.url).pathname} is not an endpoint here.`),
    ),
    http.get(`${origin}/*`, at(notFoundPage)),
    http.all(`${origin}/*`, () => problem(404, 'not_found', env.messages.notFound)),
  ];
}
