// Owns the shape of an endpoint table: each server's routes written once (method, path, what is sent, what comes back,
// the error codes it may answer), read by the server's handlers, by the clients in src/clients and by the scenario
// recorder, so a route cannot be spelled differently in two places.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/**
 * A type carried by an endpoint without a value at run time (what its request and response are): `shape<T>()`.
 * Tables stay plain data that any module can import, and the compiler still checks both ends of the wire.
 */
export interface Shape<T> {
  /** A one-element tuple, so that `undefined` (no body) survives type inference as itself. */
  readonly __shape?: [T];
}

export function shape<T>(): Shape<T> {
  return {};
}

/** The form body of HTML forms and of OAuth's endpoints (RFC 6749 Appendix B): `name=value&…`, never JSON. */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** The `:name` segments of a path template, as an object type: `/zones/:zone/records/:id` → `{ zone; id }`. */
export type PathParams<Path extends string> = string extends Path
  ? Record<string, string>
  : Path extends `${string}:${infer Param}/${infer Rest}`
    ? { [K in Param]: string } & PathParams<`/${Rest}`>
    : Path extends `${string}:${infer Param}`
      ? { [K in Param]: string }
      : Record<never, string>;

export interface EndpointSpec<Path extends string, Request, Response, Code extends string> {
  method: HttpMethod;
  /** The path under the server's origin, with `:name` for a segment (MSW's and Express's syntax). */
  path: Path;
  /** One line: what the endpoint does, as the server's README lists it. */
  summary: string;
  /** The body the client sends (JSON unless `requestType` says otherwise); absent: no body. */
  request?: Shape<Request>;
  /** The body of a successful answer. */
  response?: Shape<Response>;
  /** The problem codes this endpoint may answer with, besides the ones every endpoint may (not_found, storage_full…). */
  errors?: readonly Code[];
  /** The content type of a body that is not JSON (a CSV upload, an OAuth form: FORM_CONTENT_TYPE). */
  requestType?: string;
  /** The content type of an answer that is not JSON (a CSV download); its response is then a `TextFile`. */
  responseType?: string;
}

/** An answer that is not JSON (a CSV download), with the file name the server suggests for it. */
export interface TextFile {
  text: string;
  fileName: string | null;
}

export interface Endpoint<
  Path extends string = string,
  Request = unknown,
  Response = unknown,
  Code extends string = string,
> extends EndpointSpec<Path, Request, Response, Code> {
  origin: string;
  /** Its key in the server's table ("addRecord"): what the recorder and the x-ray call it. */
  name: string;
  errors: readonly Code[];
}

export type RequestOf<E> = E extends { request?: Shape<infer Request> } ? Request : never;
export type ResponseOf<E> = E extends { response?: Shape<infer Response> } ? Response : never;
export type CodeOf<E> = E extends { errors: readonly (infer Code)[] } ? Code : never;
export type ParamsOf<E> = E extends { path: infer Path extends string } ? PathParams<Path> : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any spec: its own types are read back by EndpointTable
type Specs = Record<string, EndpointSpec<string, any, any, string>>;

/** What a spec carries, read from the keys it has: no `request` is no body, no `errors` is none of its own. */
type Carried<S, Key extends 'request' | 'response', Absent> = S extends { [K in Key]: Shape<infer T> } ? T : Absent;

export type EndpointTable<T extends Specs> = {
  readonly [K in keyof T]: Endpoint<
    T[K]['path'],
    Carried<T[K], 'request', undefined>,
    Carried<T[K], 'response', unknown>,
    T[K] extends { errors: readonly (infer Code extends string)[] } ? Code : never
  >;
};

/** A server's endpoint table: every route it answers under `origin`, named. */
export function endpointTable<const T extends Specs>(origin: string, specs: T): EndpointTable<T> {
  const table: Record<string, Endpoint> = {};
  for (const [name, spec] of Object.entries(specs)) table[name] = { ...spec, errors: spec.errors ?? [], origin, name };
  return table as EndpointTable<T>;
}

/** A path segment that keeps emails readable ("anna@company.com", "oskar+hrm@…") while escaping the rest. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%2B/gi, '+');
}

/** The endpoint's path with its `:name` segments filled in, each escaped as one segment. */
export function pathOf<E extends Endpoint>(endpoint: E, params: ParamsOf<E>): string {
  const values = params as Record<string, string>;
  return endpoint.path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${endpoint.name} needs :${name}`);
    return pathSegment(value);
  });
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** The absolute URL of one call: origin, filled-in path and the query parameters that have a value. */
export function urlOf<E extends Endpoint>(endpoint: E, params: ParamsOf<E>, query: Query = {}): string {
  const url = new URL(pathOf(endpoint, params), endpoint.origin);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  return url.toString();
}

/** The pattern MSW matches the endpoint's requests with. */
export function routeOf(endpoint: Endpoint): string {
  return `${endpoint.origin}${endpoint.path}`;
}

export interface EndpointMatch<E extends Endpoint = Endpoint> {
  endpoint: E;
  params: Record<string, string>;
}

function matcherOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

const matchers = new WeakMap<Endpoint, RegExp>();

/** Which endpoint of these tables a request is, and its decoded path parameters; null when none answers it. */
export function matchEndpoint<E extends Endpoint>(endpoints: Iterable<E>, method: string, url: string): EndpointMatch<E> | null {
  const { origin, pathname } = new URL(url);
  for (const endpoint of endpoints) {
    if (endpoint.origin !== origin || endpoint.method !== method.toUpperCase()) continue;
    let matcher = matchers.get(endpoint);
    if (!matcher) matchers.set(endpoint, (matcher = matcherOf(endpoint.path)));
    const found = matcher.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    }
    return { endpoint, params };
  }
  return null;
}

/** Every endpoint of a table, in the order written. */
export function endpointsOf<T extends Record<string, Endpoint>>(table: T): Endpoint[] {
  return Object.values(table);
}
