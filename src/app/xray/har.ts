// Owns the HAR 1.2 export of the traffic log (W3C Web Performance WG's "HTTP Archive" 1.2, as browsers export it), so
// standard tools (a browser's network panel, HAR viewers) open what the in-tab network carried. Virtual URLs stay as
// they were; the in-tab network's cookie headers become the Cookie and Set-Cookie they stand for; a navigation's hops
// are one page; world time is startedDateTime, real milliseconds are the timings.
import type { Cookie, Entry, Har, Header, Page, PostData } from 'har-format';
import { LOGGED_BODY_LIMIT, type Exchange } from '../../contracts/network';
import type { Persona } from '../../contracts/simulation';
import { realHeaderName, SIM_COOKIE_HEADER, SIM_SET_COOKIE_HEADER } from '../../contracts/wire';
import {
  cookiesSent,
  cookiesSet,
  initiatorLabel,
  isCut,
  queryOf,
  readBody,
  reasonPhrase,
  setCookieLine,
  utf8Length,
} from './exchange-parts';

export interface HarContext {
  personas: readonly Persona[];
  /** The creator's version (the product's). */
  version: string;
  workspaceName: string;
}

const HTTP_VERSION = 'HTTP/1.1';

function iso(time: number): string {
  return new Date(time).toISOString();
}

function cutNote(what: string, size: number): string {
  return `Cut at ${LOGGED_BODY_LIMIT.toLocaleString('en-GB')} characters in the traffic log: the whole ${what} was ${size.toLocaleString('en-GB')} bytes.`;
}

function requestHeaders(exchange: Exchange): Header[] {
  return Object.entries(exchange.requestHeaders).map(([name, value]) =>
    name === SIM_COOKIE_HEADER ? { name: 'cookie', value } : { name: realHeaderName(name), value },
  );
}

function responseHeaders(exchange: Exchange): Header[] {
  return Object.entries(exchange.responseHeaders).flatMap(([name, value]) =>
    name === SIM_SET_COOKIE_HEADER ? cookiesSet(exchange).map((c) => ({ name: 'set-cookie', value: setCookieLine(c) })) : [{ name, value }],
  );
}

function responseCookies(exchange: Exchange): Cookie[] {
  const domain = new URL(exchange.url).hostname;
  return cookiesSet(exchange).map((c) => ({
    name: c.name,
    value: c.value,
    path: c.path ?? '/',
    domain,
    // Max-Age counts world seconds from the response; 0 deletes, which an expiry at that very moment says too.
    ...(c.maxAge !== undefined ? { expires: iso(exchange.at + c.maxAge * 1000) } : {}),
  }));
}

function postData(exchange: Exchange): PostData | undefined {
  const text = exchange.requestBody;
  if (text === null) return undefined;
  const mimeType = exchange.requestHeaders['content-type'] ?? '';
  const body = readBody(text, mimeType);
  const comment = isCut(text, exchange.requestBodySize) ? { comment: cutNote('request body', exchange.requestBodySize!) } : {};
  // HAR 1.2 calls text and params mutually exclusive, yet browsers export both for forms and their importers read
  // `text`: both are given, so every tool shows the body.
  if (body.kind === 'form')
    return { mimeType, text, params: body.fields.map((f) => ({ name: f.name, value: f.value })), ...comment } as unknown as PostData;
  return { mimeType, text, ...comment };
}

function entryComment(exchange: Exchange, personas: readonly Persona[], hop: number | undefined): string {
  const who = `Sent by ${initiatorLabel(exchange.initiator, personas)} (${exchange.initiator})`;
  return hop === undefined ? `${who}.` : `${who}, hop ${hop} of navigation ${exchange.navigationId}.`;
}

function entry(exchange: Exchange, personas: readonly Persona[], hop: number | undefined): Entry {
  const requestSize = exchange.requestBodySize ?? (exchange.requestBody === null ? 0 : utf8Length(exchange.requestBody));
  const responseSize = exchange.responseBodySize ?? (exchange.responseBody === null ? 0 : utf8Length(exchange.responseBody));
  const post = postData(exchange);
  const wait = Math.max(0, Math.round(exchange.durationMs * 1000) / 1000);
  const contentType = exchange.responseHeaders['content-type'];
  return {
    ...(exchange.navigationId !== undefined ? { pageref: `navigation-${exchange.navigationId}` } : {}),
    startedDateTime: iso(exchange.at),
    time: wait,
    request: {
      method: exchange.method,
      url: exchange.url,
      httpVersion: HTTP_VERSION,
      cookies: cookiesSent(exchange),
      headers: requestHeaders(exchange),
      queryString: queryOf(exchange.url),
      ...(post ? { postData: post } : {}),
      headersSize: -1,
      bodySize: requestSize,
    },
    response: {
      status: exchange.status,
      statusText: reasonPhrase(exchange.status),
      httpVersion: HTTP_VERSION,
      cookies: responseCookies(exchange),
      headers: responseHeaders(exchange),
      content: {
        size: responseSize,
        mimeType: contentType ?? 'x-unknown',
        ...(exchange.responseBody !== null ? { text: exchange.responseBody } : {}),
        ...(isCut(exchange.responseBody, exchange.responseBodySize)
          ? { comment: cutNote('response body', exchange.responseBodySize!) }
          : {}),
      },
      redirectURL: exchange.location ?? '',
      headersSize: -1,
      bodySize: responseSize,
    },
    cache: {},
    // Handlers answer in the tab: no DNS, connection or TLS; the whole duration is waiting for the server.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
    // Chromium's own field: its network panel lists hops as documents and the rest as fetches when importing.
    _resourceType: exchange.navigationId !== undefined ? 'document' : 'fetch',
    comment: entryComment(exchange, personas, hop),
  } as Entry;
}

/** A HAR 1.2 log of these exchanges (in id order), each navigation a page with its hops. */
export function toHar(exchanges: readonly Exchange[], context: HarContext): Har {
  const sorted = [...exchanges].sort((a, b) => a.id - b.id);
  const hops = new Map<number, Exchange[]>();
  for (const exchange of sorted) {
    if (exchange.navigationId === undefined) continue;
    const list = hops.get(exchange.navigationId) ?? [];
    list.push(exchange);
    hops.set(exchange.navigationId, list);
  }
  const pages: Page[] = [...hops].map(([id, list]) => {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return {
      startedDateTime: iso(first.at),
      id: `navigation-${id}`,
      title: last.url,
      pageTimings: { onContentLoad: -1, onLoad: -1 },
      comment: `${initiatorLabel(first.initiator, context.personas)}: ${list.length} ${list.length === 1 ? 'hop' : 'hops'} from ${first.url}`,
    };
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'Rollout Rehearsal', version: context.version },
      pages,
      entries: sorted.map((exchange) => {
        const list = exchange.navigationId === undefined ? undefined : hops.get(exchange.navigationId);
        return entry(exchange, context.personas, list ? list.indexOf(exchange) + 1 : undefined);
      }),
      comment:
        `Workspace “${context.workspaceName}”: the in-tab network's traffic. startedDateTime is world time (the simulation's clock); ` +
        'timings are real milliseconds in the tab. Cookies, carried in the tab as x-sim-cookie and x-sim-set-cookie, are shown as the Cookie and Set-Cookie headers they stand for.',
    },
  };
}

/** "rollout-rehearsal-demo-company-2026-03-02T08-00-00.har" */
export function harFileName(workspaceName: string, worldTime: number): string {
  const slug =
    workspaceName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workspace';
  return `rollout-rehearsal-${slug}-${iso(worldTime).slice(0, 19).replace(/:/g, '-')}.har`;
}
