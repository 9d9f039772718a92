// Owns the small HTTP vocabulary every simulated server speaks: problem+json errors, page responses for
// navigations, redirects, cookies in the in-tab network's headers, and validated JSON bodies.
import { HttpResponse } from 'msw';
import type { z } from 'zod';
import {
  PAGE_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  SIM_COOKIE_HEADER,
  SIM_SET_COOKIE_HEADER,
  type PageBody,
  type ProblemBody,
  type SetCookie,
} from '../../src/contracts/wire';
import type { Problem } from '../../src/domain/errors';
import { isWorldTime, WORLD_TIME_RANGE_MESSAGE } from '../../src/domain/world-dates';
import { negotiateLocale, type Locale } from '../../src/domain/locale';

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, message: string, field?: string): HttpResponse<ProblemBody> {
  const body: ProblemBody = { status, title: STATUS_TITLES[status] ?? 'Error', code, message };
  if (field !== undefined) body.field = field;
  return HttpResponse.json(body, { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });
}

export function problemFrom(status: number, p: Problem): HttpResponse<ProblemBody> {
  return problem(status, p.code, p.message, p.field);
}

function cookieHeaders(cookies: readonly SetCookie[]): Record<string, string> {
  return cookies.length > 0 ? { [SIM_SET_COOKIE_HEADER]: JSON.stringify(cookies) } : {};
}

export function json<T>(body: T, init: { status?: number; cookies?: SetCookie[] } = {}): Response {
  return new HttpResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...cookieHeaders(init.cookies ?? []) },
  });
}

export function page<Data>(
  view: string,
  title: string,
  data: Data,
  init: { status?: number; cookies?: SetCookie[]; locale?: Locale } = {},
): Response {
  const body: PageBody<Data> = { view, title, data };
  return new HttpResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      'content-type': PAGE_CONTENT_TYPE,
      // A page written for the request's language says which (RFC 9110 §8.5); one without is English.
      ...(init.locale ? { 'content-language': init.locale, vary: 'Accept-Language' } : {}),
      ...cookieHeaders(init.cookies ?? []),
    },
  });
}

/** The language to answer a request in: the best match of its Accept-Language (RFC 9110 §12.5.4), else English. */
export function requestLocale(request: Request): Locale {
  return negotiateLocale(request.headers.get('accept-language'));
}

/** 302 Found to `location`, optionally setting cookies (e.g. after a logout). */
export function redirect(location: string, cookies: SetCookie[] = []): HttpResponse<null> {
  return new HttpResponse(null, { status: 302, headers: { location, ...cookieHeaders(cookies) } });
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get(SIM_COOKIE_HEADER) ?? '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Parses a JSON body against a schema; anything else is a 400 naming the first wrong field. The body must say it is
 * JSON (`application/json`): a page of another site can send text/plain without asking the server first (Fetch §3.2.3
 * "CORS-safelisted request-header"), but never application/json, so refusing the rest keeps such requests out (415).
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    const sent = request.headers.get('content-type');
    throw problem(
      415,
      'unsupported_media_type',
      sent
        ? `The request body must be sent as JSON (application/json), not as ${sent.split(';')[0]!.trim()}.`
        : 'The request body must be sent as JSON (application/json); the request did not say what it sent.',
    );
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw problem(400, 'invalid_request', 'The request body must be JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw problem(400, 'invalid_request', field ? `${field}: ${issue.message}` : issue.message, field || undefined);
  }
  return parsed.data;
}

/** How much of a value a message quotes back: enough to recognise it, never the whole of a hostile one. */
export const QUOTED_LENGTH = 60;

/** `value` for a message, cut to QUOTED_LENGTH characters with "…" (by code point, so no half of an emoji). */
export function quoted(value: string, max = QUOTED_LENGTH): string {
  if (value.length <= max) return value;
  const points = Array.from(value.slice(0, max * 2));
  return points.length <= max ? value : `${points.slice(0, max).join('')}…`;
}

/** `application/json`, with parameters (charset) or not (RFC 8259 §11). */
function isJsonContentType(header: string | null): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** A whole-number query parameter in [min, max], or `fallback` when absent; anything else is a 400 naming it. */
export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw problem(400, 'invalid_request', `${name}: a whole number from ${min} to ${max}, not “${quoted(raw)}”`, name);
  return value;
}

/** A world time query parameter (epoch ms, 1970 to 9999), or `fallback` when absent; anything else is a 400 naming it. */
export function worldTimeParam<F extends number | null>(params: URLSearchParams, name: string, fallback: F): number | F {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!isWorldTime(value))
    throw problem(
      400,
      'invalid_request',
      `${name}: ${WORLD_TIME_RANGE_MESSAGE}, in milliseconds since 1 Jan 1970, not “${quoted(raw)}”`,
      name,
    );
  return value;
}

/** The longest search text any list takes: more than any name, email or phrase a person types. */
export const SEARCH_TEXT_LIMIT = 200;

/**
 * A text query parameter, trimmed, or undefined when absent or blank; longer than `max` characters is a 422 at the
 * parameter, answered before any work is done with it.
 */
export function textParam(params: URLSearchParams, name: string, max = SEARCH_TEXT_LIMIT): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (raw.length > max) {
    throw problem(
      422,
      'invalid_request',
      `${name}: at most ${max.toLocaleString('en-GB')} characters, not ${raw.length.toLocaleString('en-GB')}`,
      name,
    );
  }
  const value = raw.trim();
  return value === '' ? undefined : value;
}
