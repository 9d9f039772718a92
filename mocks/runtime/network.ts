// Owns the in-tab network (H3): requests go straight to MSW's handlers with getResponse
// (about 1 ms, raw 302s visible, same in the tab and in vitest), carrying a virtual browser's cookie jar
// in headers and reporting every exchange for the traffic log.
import { getResponse, type RequestHandler } from 'msw';
import type { Clock } from '../../src/domain/clock';
import { cookieContext, fetchSite, SAME_SITE_CONTEXT } from '../../src/domain/fetch-metadata';
import { INSPECTION_PATH_PREFIX } from '../../src/contracts/inspection';
import { LOGGED_BODY_LIMIT, type Exchange, type Network, type NetworkFetchOptions } from '../../src/contracts/network';
import { serverOf, type ServerName } from '../../src/contracts/origins';
import {
  PROBLEM_CONTENT_TYPE,
  SIM_BROWSER_HEADERS,
  SIM_COOKIE_HEADER,
  SIM_SET_COOKIE_HEADER,
  type BrowserHeader,
  type ProblemBody,
  type SetCookie,
} from '../../src/contracts/wire';
import { describeStorageFailure } from '../shared/storage-failure';

/**
 * The longest address a server here answers (RFC 9110 §4.1 recommends at least 8,000 octets): twice any address the
 * product builds. Longer is 414 before any routing, which would otherwise match it against every handler.
 */
export const MAX_URL_LENGTH = 16 * 1024;

/**
 * The largest request body each server accepts (RFC 9110 §15.5.14, 413): the HRM takes an import file (its own, lower
 * limit answers at the file field, so a file of a few times that still gets those words), mail.test a batch of 1,000
 * mails; everything else is a small JSON form.
 */
const MEGABYTE = 1024 * 1024;
export const REQUEST_BODY_LIMITS: Readonly<Partial<Record<ServerName, number>>> = { hrm: 64 * MEGABYTE, mail: 16 * MEGABYTE };
export const DEFAULT_REQUEST_BODY_LIMIT = MEGABYTE;

export interface InTabNetworkOptions {
  clock: Clock;
  /** Real elapsed time for the traffic log's durations; injected so the network itself never reads the real clock. */
  elapsed?: () => number;
}

export class InTabNetwork implements Network {
  #handlers: RequestHandler[] = [];
  readonly #listeners = new Set<(exchange: Exchange) => void>();
  #nextId = 1;
  /** Each navigation in flight, by the token its hops share: its first hop's exchange id and its URL list so far. */
  readonly #navigations = new WeakMap<object, { id: number; urls: string[] }>();
  readonly #options: InTabNetworkOptions;

  constructor(options: InTabNetworkOptions) {
    this.#options = options;
  }

  /** Servers are created with the network they call each other through, so handlers are bound after construction. */
  setHandlers(handlers: RequestHandler[]): void {
    this.#handlers = handlers;
  }

  /** Ids go on from the log's last one, so a reopened workspace's log keeps one order across reloads. */
  continueAfter(lastId: number): void {
    this.#nextId = Math.max(this.#nextId, lastId + 1);
  }

  subscribe(listener: (exchange: Exchange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async fetch(request: Request, { initiator, jar, navigation, origin }: NetworkFetchOptions): Promise<Response> {
    // Numbered when sent, so the log lists requests in the order they started (a server's calls after the hop that caused them).
    const id = this.#nextId++;
    let navigationId: number | undefined;
    let urls = [request.url];
    if (navigation) {
      const chain = this.#navigations.get(navigation) ?? { id, urls: [] };
      chain.urls.push(request.url);
      this.#navigations.set(navigation, chain);
      navigationId = chain.id;
      urls = chain.urls;
    }
    const at = this.#options.clock.now();
    const started = this.#options.elapsed?.() ?? 0;
    const headers = new Headers(request.headers);
    headers.delete(SIM_COOKIE_HEADER);
    // Origin and Sec-* are forbidden request-headers (Fetch §2.2.2): a page cannot set them, only the browser does.
    const carried = Object.values(SIM_BROWSER_HEADERS) as string[];
    for (const name of [...headers.keys()])
      if (name === 'origin' || name.startsWith('sec-') || carried.includes(name)) headers.delete(name);
    let cookies = SAME_SITE_CONTEXT;
    if (origin !== undefined) {
      const site = fetchSite(origin, urls);
      const sent = fetchMetadata(origin, urls, request.method, navigation !== undefined, site);
      for (const name of Object.keys(sent) as BrowserHeader[]) headers.set(SIM_BROWSER_HEADERS[name], sent[name]!);
      cookies = cookieContext(site, navigation !== undefined, request.method);
    }
    // Refused before the jar or a router parses an address of megabytes.
    const addressRefused = tooLongAddress(request.url);
    const cookie = addressRefused ? '' : (jar?.header(request.url, at, cookies) ?? '');
    if (cookie) headers.set(SIM_COOKIE_HEADER, cookie);
    // The body is read once, for the log, and the request sent on is built from it: a 500 KB mail batch is not copied twice.
    const bytes = request.body ? await request.arrayBuffer() : null;
    // Only what the log keeps is decoded (a UTF-8 character is at most 4 bytes): an upload of megabytes is not.
    const requestBody = bytes
      ? new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, LOGGED_BODY_LIMIT * 4)), {
          stream: bytes.byteLength > LOGGED_BODY_LIMIT * 4,
        })
      : null;
    const outgoing = new Request(request.url, {
      method: request.method,
      headers,
      ...(bytes ? { body: bytes } : {}),
      redirect: request.redirect,
      signal: request.signal,
    });

    let response: Response;
    try {
      response =
        addressRefused ??
        tooLarge(outgoing.url, bytes) ??
        malformedEscape(outgoing.url) ??
        inspectionFromPersona(outgoing.url, initiator) ??
        (await getResponse(this.#handlers, outgoing)) ??
        unreachable(outgoing.url);
    } catch (error) {
      if (error instanceof Response) response = error;
      else {
        console.error(`[${new URL(outgoing.url).host}] ${outgoing.method} ${outgoing.url} failed`, error);
        const storage = await describeStorageFailure(error, whatCouldNotBeSaved(outgoing));
        response = storage
          ? // RFC 4918 §11.5: 507 Insufficient Storage; any other storage failure is the server's being unavailable.
            problemResponse(storage.code === 'storage_full' ? 507 : 503, storage.code, storage.message, { cause: storage.detail })
          : problemResponse(500, 'server_error', `The server failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    const setCookies = parseSetCookies(response.headers.get(SIM_SET_COOKIE_HEADER));
    if (jar && setCookies.length > 0) jar.apply(outgoing.url, setCookies, this.#options.clock.now());

    if (this.#listeners.size > 0) {
      const responseBytes = response.body ? await response.clone().arrayBuffer() : null;
      const exchange: Exchange = {
        id,
        at,
        initiator,
        method: outgoing.method,
        // An address past the limit was refused; the log keeps its start, as it keeps the start of a large body.
        url: outgoing.url.length > MAX_URL_LENGTH ? outgoing.url.slice(0, MAX_URL_LENGTH) : outgoing.url,
        status: response.status,
        location: response.headers.get('location'),
        durationMs: (this.#options.elapsed?.() ?? 0) - started,
        mimeType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(),
        ...(navigationId !== undefined ? { navigationId } : {}),
        requestHeaders: Object.fromEntries(outgoing.headers),
        requestBody: cut(requestBody),
        responseHeaders: Object.fromEntries(response.headers),
        responseBody: responseBytes ? cut(new TextDecoder().decode(responseBytes)) : null,
        ...(bytes ? { requestBodySize: bytes.byteLength } : {}),
        ...(responseBytes ? { responseBodySize: responseBytes.byteLength } : {}),
      };
      for (const listener of this.#listeners) listener(exchange);
    }
    return response;
  }
}

/**
 * The headers a browser adds to a request from a page at `origin` (null: none) whose URL list is `urls`:
 * Sec-Fetch-Site/Mode/Dest (Fetch Metadata §2), and Origin (Fetch §3.1 "append a request Origin header") on every
 * request other than GET/HEAD and on a page's cross-origin fetch (CORS), never on a GET navigation. After a redirect
 * across origins the origin is "null" (Fetch §4.4 step 14, the tainted origin flag).
 */
function fetchMetadata(
  origin: string | null,
  urls: readonly string[],
  method: string,
  navigation: boolean,
  site: string,
): Partial<Record<BrowserHeader, string>> {
  const headers: Partial<Record<BrowserHeader, string>> = {
    'sec-fetch-site': site,
    'sec-fetch-mode': navigation ? 'navigate' : 'cors',
    'sec-fetch-dest': navigation ? 'document' : 'empty',
  };
  if (origin === null) return headers;
  const url = urls[urls.length - 1]!;
  const unsafe = method !== 'GET' && method !== 'HEAD';
  const crossOriginFetch = !navigation && new URL(url).origin !== origin;
  if (!unsafe && !crossOriginFetch) return headers;
  let tainted = false;
  for (let i = 1; i < urls.length; i++) {
    const previous = new URL(urls[i - 1]!).origin;
    if (previous !== new URL(urls[i]!).origin && previous !== origin) tainted = true;
  }
  headers.origin = tainted ? 'null' : origin;
  return headers;
}

/**
 * Enough for any page or API answer to read whole, while a bulk mailing's 500 KB batches do not each add their weight
 * to the world database. The cut text is kept as it was, its full size beside it, so a HAR export can say so.
 */
function cut(body: string | null): string | null {
  return body === null || body.length <= LOGGED_BODY_LIMIT ? body : body.slice(0, LOGGED_BODY_LIMIT);
}

function parseSetCookies(header: string | null): SetCookie[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as SetCookie[]) : [];
  } catch {
    return [];
  }
}

/**
 * A path whose percent-escapes do not decode (`%ZZ`, a lone `%`, bytes that are not UTF-8) is the client's mistake,
 * whichever server it is for: 400, before any server's routing tries to decode it and fails.
 */
function malformedEscape(url: string): Response | null {
  const { pathname } = new URL(url);
  if (!pathname.includes('%')) return null;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const shown = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
    return problemResponse(
      400,
      'invalid_request',
      `The address has a malformed percent-escape: ${shown}. A % must be followed by two hexadecimal digits that spell UTF-8.`,
    );
  }
}

/** An address longer than a server takes: 414, naming the query parameter that makes it so. */
function tooLongAddress(url: string): Response | null {
  if (url.length <= MAX_URL_LENGTH) return null;
  const longest = longestParameter(url);
  const which = longest ? `, ${longest.name} alone has ${count(longest.length)}` : '';
  return problemResponse(
    414,
    'uri_too_long',
    `The address is ${count(url.length)} characters long${which}: a server here takes addresses up to ${count(MAX_URL_LENGTH)} characters.`,
    longest ? { field: longest.name } : {},
  );
}

/** A body larger than the server takes: 413. */
function tooLarge(url: string, body: ArrayBuffer | null): Response | null {
  if (!body) return null;
  const server = serverOf(url);
  const limit = (server && REQUEST_BODY_LIMITS[server]) || DEFAULT_REQUEST_BODY_LIMIT;
  if (body.byteLength <= limit) return null;
  return problemResponse(
    413,
    'payload_too_large',
    `The request is ${megabytes(body.byteLength)}: ${new URL(url).host} takes at most ${megabytes(limit)}.`,
  );
}

/** The query parameter holding most of an address, by its raw length (no parse of megabytes), when it is most of it. */
function longestParameter(url: string): { name: string; length: number } | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  let longest: { name: string; length: number } | undefined;
  let start = query + 1;
  while (start < url.length) {
    let end = url.indexOf('&', start);
    if (end === -1) end = url.length;
    const eq = url.indexOf('=', start);
    if (eq !== -1 && eq < end && (!longest || end - eq - 1 > longest.length))
      longest = { name: parameterName(url.slice(start, eq)), length: end - eq - 1 };
    start = end + 1;
  }
  return longest && longest.length > MAX_URL_LENGTH / 2 ? longest : undefined;
}

function parameterName(raw: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    name = raw;
  }
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

function megabytes(bytes: number): string {
  return `${(bytes / MEGABYTE).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/**
 * The servers' inspection views (`/_sim/`: every mailbox, every machine's state) are the trainer's, read by the x-ray
 * and the stage. A persona's browser or mail app is one of the people in the rehearsal: for them those paths do not
 * exist, or anyone could read another person's mail by typing its address.
 */
function inspectionFromPersona(url: string, initiator: string): Response | null {
  if (!new URL(url).pathname.startsWith(INSPECTION_PATH_PREFIX)) return null;
  if (!initiator.startsWith('browser:') && !initiator.startsWith('inbox:')) return null;
  return problemResponse(
    404,
    'not_found',
    `Nothing here: ${new URL(url).host} shows its inspection views to the x-ray only, not to a person's browser.`,
  );
}

/** No simulated server at that host: what a browser shows as "This site can't be reached". */
function unreachable(url: string): Response {
  const host = new URL(url).host;
  return problemResponse(502, 'host_unreachable', `No server answers at ${host}. Check the address.`);
}

/** Each simulated server as its users call it, for what failed when its storage did. */
const SERVER_NAMES: Record<string, string> = {
  'hrm.test': 'The HRM',
  'connect.test': 'Connect',
  'mail.test': 'The mail server',
  'expense.test': 'The expense app',
  'dns.test': 'The DNS server',
  'integrations.test': 'The integrations server',
};

/** "The mail server could not store the message", "The HRM could not save this": what a storage failure stopped. */
function whatCouldNotBeSaved(request: Request): string {
  const { host, pathname } = new URL(request.url);
  if (host === 'mail.test' && request.method === 'POST' && pathname.startsWith('/api/messages'))
    return 'The mail server could not store the message';
  const server = SERVER_NAMES[host] ?? `The server at ${host}`;
  return request.method === 'GET' || request.method === 'HEAD' ? `${server} could not read its data` : `${server} could not save this`;
}

/**
 * A problem answer. `cause` (an RFC 9457 §3.2 extension member) carries the underlying error's own text, which the
 * x-ray shows with the response; the message a user reads never does.
 */
function problemResponse(
  status: number,
  code: string,
  message: string,
  { field, cause }: { field?: string; cause?: string } = {},
): Response {
  const body: ProblemBody & { cause?: string } = {
    status,
    code,
    title: message,
    message,
    ...(field ? { field } : {}),
    ...(cause ? { cause } : {}),
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });
}
