// Owns how a server answers the endpoints of its table (src/contracts/endpoint.ts): the method and path MSW matches
// come from the table, so a handler cannot drift from what the clients and the recorder call.
import { http, type HttpHandler, type HttpResponseResolver } from 'msw';
import { routeOf, type Endpoint } from '../../src/contracts/endpoint';

const BY_METHOD = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete, PATCH: http.patch } as const;

/**
 * The MSW handler that answers `endpoint` with `resolver`; `origin`, for a server answering at more than one host
 * (the HRM's old and new web addresses), the host this handler answers at instead of the table's.
 */
export function route(endpoint: Endpoint, resolver: HttpResponseResolver, origin?: string): HttpHandler {
  return BY_METHOD[endpoint.method](origin === undefined ? routeOf(endpoint) : `${origin}${endpoint.path}`, resolver);
}
