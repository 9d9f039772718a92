// Owns reading an exchange the way a network panel shows it: who sent it, the cookies it carried and set (the in-tab
// network's x-sim-cookie / x-sim-set-cookie headers), its query, and its bodies as JSON, form fields or text.
import type { Exchange, ExchangeSummary } from '../../contracts/network';
import type { Persona } from '../../contracts/simulation';
import { SIM_COOKIE_HEADER, SIM_SET_COOKIE_HEADER, type SetCookie } from '../../contracts/wire';
import { XRAY_INITIATOR } from '../../contracts/network';

export type InitiatorKind = 'browser' | 'inbox' | 'server' | 'stage' | 'xray' | 'other';

export function initiatorKind(initiator: string): InitiatorKind {
  if (initiator === XRAY_INITIATOR) return 'xray';
  if (initiator === 'stage') return 'stage';
  const prefix = initiator.split(':')[0];
  return prefix === 'browser' || prefix === 'inbox' || prefix === 'server' ? prefix : 'other';
}

/** "Anna Svensson’s browser", "hrm.test (server)", "Anna Svensson’s inbox": the persona column. */
export function initiatorLabel(initiator: string, personas: readonly Persona[]): string {
  const kind = initiatorKind(initiator);
  const rest = initiator.slice(initiator.indexOf(':') + 1);
  const name = personas.find((p) => p.id === rest)?.name ?? rest;
  switch (kind) {
    case 'browser':
      return `${name}’s browser`;
    case 'inbox':
      return `${name}’s inbox`;
    case 'server':
      return `${rest} (server)`;
    case 'stage':
      return 'Stage';
    case 'xray':
      return 'X-ray';
    case 'other':
      return initiator;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Host, path and query as an address bar shows them: "hrm.test/auth/callback?code=…". */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function isNavigationHop(exchange: ExchangeSummary): boolean {
  return exchange.navigationId !== undefined;
}

export interface NameValue {
  name: string;
  value: string;
}

/** The cookies the virtual browser's jar sent ("name=value; name2=value2"). */
export function cookiesSent(exchange: Exchange): NameValue[] {
  const header = exchange.requestHeaders[SIM_COOKIE_HEADER] ?? '';
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? { name: part, value: '' } : { name: part.slice(0, eq), value: part.slice(eq + 1) };
    });
}

/** The cookies the response set (a maxAge of 0 deletes one). */
export function cookiesSet(exchange: Exchange): SetCookie[] {
  const header = exchange.responseHeaders[SIM_SET_COOKIE_HEADER];
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as SetCookie[]) : [];
  } catch {
    return [];
  }
}

/** A Set-Cookie header line (RFC 6265 §4.1) for a cookie the in-tab network carried as JSON. */
export function setCookieLine(cookie: SetCookie): string {
  return [
    `${cookie.name}=${cookie.value}`,
    ...(cookie.path ? [`Path=${cookie.path}`] : []),
    ...(cookie.maxAge !== undefined ? [`Max-Age=${cookie.maxAge}`] : []),
  ].join('; ');
}

export function queryOf(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; pretty: string; value: unknown }
  | { kind: 'form'; fields: NameValue[]; text: string }
  | { kind: 'text'; text: string };

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A body for reading: JSON pretty-printed, form fields one by one, anything else as text. */
export function readBody(text: string | null, contentType: string | undefined): Body {
  if (text === null || text === '') return { kind: 'none' };
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === FORM_TYPE) return { kind: 'form', fields: [...new URLSearchParams(text)].map(([name, value]) => ({ name, value })), text };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', pretty: JSON.stringify(value, null, 2), value };
    } catch {
      // A JSON body cut at the log's limit no longer parses: shown as it is.
    }
  }
  return { kind: 'text', text };
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Whether the log cut this body (it keeps the first LOGGED_BODY_LIMIT characters and the whole body's size). */
export function isCut(text: string | null, size: number | undefined): boolean {
  return text !== null && size !== undefined && utf8Length(text) < size;
}

/** RFC 9110 §15 reason phrases of the statuses the simulated servers answer. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}
