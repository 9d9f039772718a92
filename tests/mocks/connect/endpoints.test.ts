import { HttpHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import { CONNECT_PATHS } from '../../../src/contracts/connect';
import { CONNECT_API } from '../../../src/contracts/connect-api';
import { IDENTITY_PROVIDER_PATHS } from '../../../src/contracts/connect-sso';
import { TWO_FACTOR_PATHS } from '../../../src/contracts/connect-two-factor';
import { endpointsOf, matchEndpoint, routeOf } from '../../../src/contracts/endpoint';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ConnectEnv } from '../../../mocks/servers/connect/env';
import { connectHandlers } from '../../../mocks/servers/connect/handlers';

/** "GET https://connect.test/api/me" for each route the handler list answers, in order; the catch-alls ("*") left out. */
function registeredRoutes(): string[] {
  // Building the list reads nothing of the server's state: the env is only used when a request comes.
  return (
    connectHandlers({} as ConnectEnv)
      .filter((handler): handler is HttpHandler => handler instanceof HttpHandler)
      // http.all matches any method with a pattern: ALL.
      .map((handler) => `${typeof handler.info.method === 'string' ? handler.info.method : 'ALL'} ${String(handler.info.path)}`)
      .filter((route) => !route.endsWith('*'))
  );
}

describe("Connect's endpoint table", () => {
  it('is what the server answers: every endpoint has its handler, and every handler besides the pages is an endpoint', () => {
    const routes = registeredRoutes();
    const endpoints = endpointsOf(CONNECT_API).map((endpoint) => `${endpoint.method} ${routeOf(endpoint)}`);
    for (const endpoint of endpoints) expect(routes).toContain(endpoint);

    const pages = [...Object.values(CONNECT_PATHS), ...Object.values(TWO_FACTOR_PATHS), ...Object.values(IDENTITY_PROVIDER_PATHS)].map(
      (path) => `GET ${ORIGINS.connect}${path}`,
    );
    // The token endpoint's refusal of other methods (RFC 6749 §3.2: POST only) and the inspection's of any change answer
    // every method on their paths.
    const otherMethods = [`ALL ${routeOf(CONNECT_API.token)}`, `ALL ${ORIGINS.connect}${SIM_MACHINES_PATH}`];
    expect(routes.filter((route) => !endpoints.includes(route) && !pages.includes(route) && !otherMethods.includes(route))).toEqual([]);
  });

  it('names each of its routes once', () => {
    const routes = endpointsOf(CONNECT_API).map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('tells apart the endpoints that share a path by their method and their fixed segments', () => {
    const endpoints = endpointsOf(CONNECT_API);
    const named = (method: string, path: string) => matchEndpoint(endpoints, method, `${ORIGINS.connect}${path}`);
    expect(named('POST', '/api/session')?.endpoint.name).toBe('login');
    expect(named('DELETE', '/api/session')?.endpoint.name).toBe('logout');
    expect(named('GET', '/api/passkeys/ceremonies')?.endpoint.name).toBe('passkeyCeremonies');
    expect(named('DELETE', '/api/passkeys/cred-1')).toEqual({ endpoint: CONNECT_API.removePasskey, params: { id: 'cred-1' } });
    expect(named('POST', '/api/admin/users/acc_1/temporary-password')).toEqual({
      endpoint: CONNECT_API.sendTemporaryPassword,
      params: { accountId: 'acc_1' },
    });
    expect(named('DELETE', '/api/accounts/acc_1/links/HRM')?.params).toEqual({ accountId: 'acc_1', app: 'HRM' });
    expect(named('GET', '/connect/authorize/resume?request_id=r1')?.endpoint.name).toBe('resumeAuthorization');
    expect(named('POST', '/connect/token')?.endpoint.name).toBe('token');
    expect(named('GET', '/connect/token')).toBeNull();
  });
});
