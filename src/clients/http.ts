// Owns what every API client shares: one JSON request through the in-tab network and the reading of its answer
// into a typed result — the value, or the server's problem+json (RFC 9457) with its code and field.
import type { Network } from '../contracts/network';
import type { ProblemBody } from '../contracts/wire';
import type { CookieJar } from '../domain/cookie-jar';

/** Who sends an API call and with which cookies: a virtual browser's page, or the stage itself. */
export interface ClientContext {
  network: Network;
  /** The sending virtual browser's jar; absent for calls that carry no session (the stage, the inbox). */
  jar?: CookieJar;
  /** "browser:<persona>", "inbox:<persona>", "stage". */
  initiator: string;
}

/** Failures that happen before any server could answer with its own problem. */
export type TransportErrorCode = 'network_error' | 'unexpected_response' | 'host_unreachable' | 'server_error';

export type ClientResult<T, Code extends string = string> =
  | { ok: true; value: T; status: number }
  | { ok: false; problem: ProblemBody<Code | TransportErrorCode> };

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function isProblem(value: unknown): value is ProblemBody {
  return typeof value === 'object' && value !== null && typeof (value as ProblemBody).code === 'string' && typeof (value as ProblemBody).message === 'string';
}

function transportProblem(status: number, code: TransportErrorCode, message: string): ProblemBody<TransportErrorCode> {
  return { status, title: 'Request failed', code, message };
}

/** Sends `body` as JSON (when given) and reads a JSON answer; never throws. */
export async function requestJson<T, Code extends string = string>(
  ctx: ClientContext,
  method: Method,
  url: string,
  body?: unknown,
): Promise<ClientResult<T, Code>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await ctx.network.fetch(new Request(url, init), ctx.jar ? { initiator: ctx.initiator, jar: ctx.jar } : { initiator: ctx.initiator });
  } catch (error) {
    return { ok: false, problem: transportProblem(0, 'network_error', `The request could not be sent: ${error instanceof Error ? error.message : String(error)}`) };
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.ok) {
    if (text.length > 0 && parsed === undefined) {
      return { ok: false, problem: transportProblem(response.status, 'unexpected_response', `${new URL(url).host} answered with something that is not JSON`) };
    }
    return { ok: true, value: parsed as T, status: response.status };
  }
  if (isProblem(parsed)) return { ok: false, problem: parsed as ProblemBody<Code> };
  return {
    ok: false,
    problem: transportProblem(response.status, response.status >= 500 ? 'server_error' : 'unexpected_response', `${new URL(url).host} answered ${response.status}`),
  };
}

/** A path segment that keeps emails readable ("anna@company.com", "oskar+hrm@…") while escaping the rest. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%2B/gi, '+');
}
