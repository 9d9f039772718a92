// Owns the in-tab network (DESIGN.md rule 3): requests go straight to MSW's handlers with getResponse
// (about 1 ms, raw 302s visible, same in the tab and in vitest), carrying a virtual browser's cookie jar
// in headers and reporting every exchange for the traffic log.
import { getResponse, type RequestHandler } from 'msw';
import type { Clock } from '../../src/domain/clock';
import { cookieContext, fetchSite, SAME_SITE_CONTEXT } from '../../src/domain/fetch-metadata';
import { LOGGED_BODY_LIMIT, type Exchange, type Network, type NetworkFetchOptions } from '../../src/contracts/network';
import {
  PROBLEM_CONTENT_TYPE,
  SIM_BROWSER_HEADERS,
  SIM_COOKIE_HEADER,
  SIM_SET_COOKIE_HEADER,
  type BrowserHeader,
  type ProblemBody,
  type SetCookie,
} from '../../src/contracts/wire';

export interface InTabNetworkOptions {
  clock: Clock;
  /** Real elapsed time for the traffic log's durations; injected so the network itself never reads the real clock. */
  elapsed?: () => number;
}

export class InTabNetwork implements Network {
  private handlers: RequestHandler[] = [];
  private readonly listeners = new Set<(exchange: Exchange) => void>();
  private nextId = 1;
  /** Each navigation in flight, by the token its hops share: its first hop's exchange id and its URL list so far. */
  private readonly navigations = new WeakMap<object, { id: number; urls: string[] }>();

  constructor(private readonly options: InTabNetworkOptions) {}

  /** Servers are created with the network they call each other through, so handlers are bound after construction. */
  setHandlers(handlers: RequestHandler[]): void {
    this.handlers = handlers;
  }

  /** Ids go on from the log's last one, so a reopened workspace's log keeps one order across reloads. */
  continueAfter(lastId: number): void {
    this.nextId = Math.max(this.nextId, lastId + 1);
  }

  subscribe(listener: (exchange: Exchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async fetch(request: Request, { initiator, jar, navigation, origin }: NetworkFetchOptions): Promise<Response> {
    // Numbered when sent, so the log lists requests in the order they started (a server's calls after the hop that caused them).
    const id = this.nextId++;
    let navigationId: number | undefined;
    let urls = [request.url];
    if (navigation) {
      const chain = this.navigations.get(navigation) ?? { id, urls: [] };
      chain.urls.push(request.url);
      this.navigations.set(navigation, chain);
      navigationId = chain.id;
      urls = chain.urls;
    }
    const at = this.options.clock.now();
    const started = this.options.elapsed?.() ?? 0;
    const headers = new Headers(request.headers);
    headers.delete(SIM_COOKIE_HEADER);
    // Origin and Sec-* are forbidden request-headers (Fetch §2.2.2): a page cannot set them, only the browser does.
    const carried = Object.values(SIM_BROWSER_HEADERS) as string[];
    for (const name of [...headers.keys()]) if (name === 'origin' || name.startsWith('sec-') || carried.includes(name)) headers.delete(name);
    let cookies = SAME_SITE_CONTEXT;
    if (origin !== undefined) {
      const site = fetchSite(origin, urls);
      const sent = fetchMetadata(origin, urls, request.method, navigation !== undefined, site);
      for (const name of Object.keys(sent) as BrowserHeader[]) headers.set(SIM_BROWSER_HEADERS[name], sent[name]!);
      cookies = cookieContext(site, navigation !== undefined, request.method);
    }
    const cookie = jar?.header(request.url, at, cookies) ?? '';
    if (cookie) headers.set(SIM_COOKIE_HEADER, cookie);
    // The body is read once, for the log, and the request sent on is built from it: a 500 KB mail batch is not copied twice.
    const bytes = request.body ? await request.arrayBuffer() : null;
    const requestBody = bytes ? new TextDecoder().decode(bytes) : null;
    const outgoing = new Request(request.url, {
      method: request.method,
      headers,
      ...(bytes ? { body: bytes } : {}),
      redirect: request.redirect,
      signal: request.signal,
    });

    let response: Response;
    try {
      response = malformedEscape(outgoing.url) ?? (await getResponse(this.handlers, outgoing)) ?? unreachable(outgoing.url);
    } catch (error) {
      if (error instanceof Response) response = error;
      else {
        console.error(`[${new URL(outgoing.url).host}] ${outgoing.method} ${outgoing.url} failed`, error);
        response = problemResponse(500, 'server_error', `The server failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    const setCookies = parseSetCookies(response.headers.get(SIM_SET_COOKIE_HEADER));
    if (jar && setCookies.length > 0) jar.apply(outgoing.url, setCookies, this.options.clock.now());

    if (this.listeners.size > 0) {
      const responseBytes = response.body ? await response.clone().arrayBuffer() : null;
      const exchange: Exchange = {
        id,
        at,
        initiator,
        method: outgoing.method,
        url: outgoing.url,
        status: response.status,
        location: response.headers.get('location'),
        durationMs: (this.options.elapsed?.() ?? 0) - started,
        mimeType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(),
        ...(navigationId !== undefined ? { navigationId } : {}),
        requestHeaders: Object.fromEntries(outgoing.headers),
        requestBody: cut(requestBody),
        responseHeaders: Object.fromEntries(response.headers),
        responseBody: responseBytes ? cut(new TextDecoder().decode(responseBytes)) : null,
        ...(bytes ? { requestBodySize: bytes.byteLength } : {}),
        ...(responseBytes ? { responseBodySize: responseBytes.byteLength } : {}),
      };
      for (const listener of this.listeners) listener(exchange);
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
function fetchMetadata(origin: string | null, urls: readonly string[], method: string, navigation: boolean, site: string): Partial<Record<BrowserHeader, string>> {
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
    return problemResponse(400, 'invalid_request', `The address has a malformed percent-escape: ${shown}. A % must be followed by two hexadecimal digits that spell UTF-8.`);
  }
}

/** No simulated server at that host: what a browser shows as "This site can't be reached". */
function unreachable(url: string): Response {
  const host = new URL(url).host;
  return problemResponse(502, 'host_unreachable', `No server answers at ${host}. Check the address.`);
}

function problemResponse(status: number, code: string, message: string): Response {
  const body: ProblemBody = { status, code, title: message, message };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });
}
