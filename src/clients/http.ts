// Owns what every API client shares: one JSON request through the in-tab network and the reading of its answer
// into a typed result — the value, or the server's problem+json (RFC 9457) with its code and field.
import {
  FORM_CONTENT_TYPE,
  urlOf,
  type CodeOf,
  type Endpoint,
  type ParamsOf,
  type Query,
  type RequestOf,
  type ResponseOf,
  type TextFile,
} from '../contracts/endpoint';
import type { Network } from '../contracts/network';
import { serverOf } from '../contracts/origins';
import type { ProblemBody } from '../contracts/wire';
import type { CookieJar } from '../domain/cookie-jar';
import { acceptLanguage, type Locale } from '../domain/locale';

/** Who sends an API call and with which cookies: a virtual browser's page, or the stage itself. */
export interface ClientContext {
  network: Network;
  /** The sending virtual browser's jar; absent for calls that carry no session (the stage, the inbox). */
  jar?: CookieJar;
  /** "browser:<persona>", "inbox:<persona>", "stage". */
  initiator: string;
  /**
   * The origin of the page making the call (a virtual browser's page on show), or null for a browser with no page; the
   * network tells the server with Origin and Sec-Fetch-Site. Absent for the stage's own calls.
   */
  origin?: string | null;
  /** The language the sending browser is set to, sent as Accept-Language (RFC 9110 §12.5.4); absent: none is sent. */
  language?: Locale;
  /**
   * The host to send a server's endpoints to when that server answers at more than one (the HRM at the customer's own
   * address, or at the new web address after the move): the stage's calls, which have no page. A page's calls go to
   * the host the page came from (like its relative URLs), whatever this says.
   */
  host?: string;
}

/**
 * Where a call of `endpoint` goes: a page's call to its own server goes to the host the page was loaded from (the
 * HRM's pages at the old or the new address call the API there); otherwise `ctx.host` when it is the endpoint's
 * server's; otherwise the table's origin.
 */
function originFor(ctx: ClientContext, endpoint: Endpoint): string {
  const server = serverOf(endpoint.origin);
  for (const candidate of [ctx.origin, ctx.host])
    if (candidate && candidate !== endpoint.origin && server !== undefined && serverOf(candidate) === server) return candidate;
  return endpoint.origin;
}

/** Failures that happen before any server could answer with its own problem. */
export type TransportErrorCode = 'network_error' | 'unexpected_response' | 'host_unreachable' | 'server_error';

export type ClientResult<T, Code extends string = string> =
  { ok: true; value: T; status: number } | { ok: false; problem: ProblemBody<Code | TransportErrorCode> };

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function isProblem(value: unknown): value is ProblemBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ProblemBody).code === 'string' &&
    typeof (value as ProblemBody).message === 'string'
  );
}

function transportProblem(status: number, code: TransportErrorCode, message: string): ProblemBody<TransportErrorCode> {
  return { status, title: 'Request failed', code, message };
}

/** What a request carries: JSON (the usual), or text such as a CSV file. */
type Body = { json: unknown } | { text: string; contentType: string };

/** A transport failure: no server answered with its own problem. */
type Unsent = { ok: false; problem: ProblemBody<TransportErrorCode> };

async function send(ctx: ClientContext, method: Method, url: string, accept: string, body?: Body): Promise<Response | Unsent> {
  const headers: Record<string, string> = { accept };
  if (ctx.language) headers['accept-language'] = acceptLanguage(ctx.language);
  const init: RequestInit = { method, headers };
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.contentType;
    init.body = body.text;
  }
  try {
    return await ctx.network.fetch(new Request(url, init), {
      initiator: ctx.initiator,
      ...(ctx.jar ? { jar: ctx.jar } : {}),
      ...(ctx.origin !== undefined ? { origin: ctx.origin } : {}),
    });
  } catch (error) {
    return {
      ok: false,
      problem: transportProblem(
        0,
        'network_error',
        `The request could not be sent: ${error instanceof Error ? error.message : String(error)}`,
      ),
    };
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function failure<Code extends string>(response: Response, url: string, parsed: unknown): ClientResult<never, Code> {
  if (isProblem(parsed)) return { ok: false, problem: parsed as ProblemBody<Code> };
  return {
    ok: false,
    problem: transportProblem(
      response.status,
      response.status >= 500 ? 'server_error' : 'unexpected_response',
      `${new URL(url).host} answered ${response.status}`,
    ),
  };
}

/** Sends `body` as JSON (when given) and reads a JSON answer; never throws. */
export async function requestJson<T, Code extends string = string>(
  ctx: ClientContext,
  method: Method,
  url: string,
  body?: unknown,
): Promise<ClientResult<T, Code>> {
  const response = await send(
    ctx,
    method,
    url,
    'application/json, application/problem+json',
    body === undefined ? undefined : { json: body },
  );
  if (!(response instanceof Response)) return response;
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) {
    if (text.length > 0 && parsed === undefined) {
      return {
        ok: false,
        problem: transportProblem(response.status, 'unexpected_response', `${new URL(url).host} answered with something that is not JSON`),
      };
    }
    return { ok: true, value: parsed as T, status: response.status };
  }
  return failure<Code>(response, url, parsed);
}

/** Sends text (a CSV file) and reads a JSON answer; never throws. */
export async function postText<T, Code extends string = string>(
  ctx: ClientContext,
  url: string,
  text: string,
  contentType: string,
): Promise<ClientResult<T, Code>> {
  const response = await send(ctx, 'POST', url, 'application/json, application/problem+json', { text, contentType });
  if (!(response instanceof Response)) return response;
  const answer = await response.text();
  const parsed = parseJson(answer);
  if (response.ok) return { ok: true, value: parsed as T, status: response.status };
  return failure<Code>(response, url, parsed);
}

/** Reads a text answer (a CSV download, a mail's source) with the file name the server suggests; never throws. */
export async function getText<Code extends string = string>(
  ctx: ClientContext,
  url: string,
  accept = 'text/csv',
): Promise<ClientResult<TextFile, Code>> {
  return readText<Code>(ctx, 'GET', url, accept);
}

async function readText<Code extends string>(
  ctx: ClientContext,
  method: Method,
  url: string,
  accept: string,
  body?: Body,
): Promise<ClientResult<TextFile, Code>> {
  const response = await send(ctx, method, url, `${accept}, application/problem+json`, body);
  if (!(response instanceof Response)) return response;
  const text = await response.text();
  if (!response.ok) return failure<Code>(response, url, parseJson(text));
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { ok: true, value: { text, fileName }, status: response.status };
}

export { pathSegment } from '../contracts/endpoint';

type CallOptions<E extends Endpoint> = (keyof ParamsOf<E> extends never ? { params?: ParamsOf<E> } : { params: ParamsOf<E> }) & {
  query?: Query;
} & (RequestOf<E> extends undefined ? { body?: undefined } : { body: RequestOf<E> });

/** A body sent as text: a form's fields encoded as `name=value&…` (those without a value left out), else the text itself. */
function textBody(body: unknown, contentType: string): string {
  if (contentType !== FORM_CONTENT_TYPE || typeof body !== 'object' || body === null) return String(body ?? '');
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>))
    if (value !== undefined && value !== null) form.set(name, String(value));
  return form.toString();
}

/**
 * One call of an endpoint of a server's table: its method and path come from the table, the body and the answer are
 * typed by it. A body declared with a `requestType` is sent as that text (a CSV file, or a form's fields encoded for
 * FORM_CONTENT_TYPE); every other body as JSON. An answer declared with a `responseType` (a CSV download) is read as
 * text, with the file name the server suggests.
 */
export async function call<E extends Endpoint>(
  ctx: ClientContext,
  endpoint: E,
  ...[options]: keyof ParamsOf<E> extends never ? (RequestOf<E> extends undefined ? [CallOptions<E>?] : [CallOptions<E>]) : [CallOptions<E>]
): Promise<ClientResult<ResponseOf<E>, CodeOf<E>>> {
  const origin = originFor(ctx, endpoint);
  const url = urlOf(
    origin === endpoint.origin ? endpoint : { ...endpoint, origin },
    (options?.params ?? {}) as ParamsOf<E>,
    options?.query,
  );
  const body = options?.body as unknown;
  if (endpoint.responseType) {
    const sent: Body | undefined =
      body === undefined
        ? undefined
        : endpoint.requestType
          ? { text: textBody(body, endpoint.requestType), contentType: endpoint.requestType }
          : { json: body };
    return readText<CodeOf<E>>(ctx, endpoint.method as Method, url, endpoint.responseType, sent) as Promise<
      ClientResult<ResponseOf<E>, CodeOf<E>>
    >;
  }
  if (endpoint.requestType) return postText<ResponseOf<E>, CodeOf<E>>(ctx, url, textBody(body, endpoint.requestType), endpoint.requestType);
  return requestJson<ResponseOf<E>, CodeOf<E>>(ctx, endpoint.method as Method, url, body);
}
