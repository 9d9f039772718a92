// Owns an identity provider's routes: which endpoint answers which method and path on its host. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { ORIGINS } from '../../../src/contracts/origins';
import { problem } from '../http';
import { consoleHandlers } from './console/handlers';
import type { IdpEnv } from './env';

export function externalIdpHandlers(env: IdpEnv): RequestHandler[] {
  const origin = ORIGINS[env.brand.idp];
  return [...consoleHandlers(env), http.all(`${origin}/*`, () => problem(404, 'not_found', 'There is nothing at this address.'))];
}
