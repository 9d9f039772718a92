// Owns reconstructing authorization-code flows from the traffic log, the way a developer traces one in a network
// panel: the authorize request, the login in between, the redirect with code and state, the token request that
// presents that very code, and the userinfo calls with the access token it answered. Links are exact values (the
// request_id Connect stores a request under, the code, the access token), never guesses from timing.
import { CONNECT_API } from '../../contracts/connect-api';
import { urlOf } from '../../contracts/endpoint';
import type { Exchange, ExchangeSummary } from '../../contracts/network';
import { ORIGINS } from '../../contracts/origins';
import { hostOf, readBody, type NameValue } from './exchange-parts';

const CONNECT_HOST = hostOf(ORIGINS.connect);

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

const AUTHORIZE = urlOf(CONNECT_API.authorize, {});
const RESUME = urlOf(CONNECT_API.resumeAuthorization, {});
const TOKEN = urlOf(CONNECT_API.token, {});
const USERINFO = urlOf(CONNECT_API.userinfo, {});

/** The authorization request's parameters: the query of a GET, the form of a POST (OIDC Core §3.1.2.1). */
function authorizeParameters(exchange: Exchange): NameValue[] {
  if (exchange.method === 'POST') {
    const body = readBody(exchange.requestBody, exchange.requestHeaders['content-type']);
    return body.kind === 'form' ? body.fields : [];
  }
  return [...new URL(exchange.url).searchParams].map(([name, value]) => ({ name, value }));
}

function first(params: readonly NameValue[], name: string): string | null {
  return params.find((p) => p.name === name)?.value ?? null;
}

/** The redirect_uris the log's authorize requests name: their callbacks are read in full too. */
function redirectUris(summaries: readonly ExchangeSummary[]): Set<string> {
  const uris = new Set<string>();
  for (const s of summaries) {
    if (pathOf(s.url) !== AUTHORIZE) continue;
    const uri = new URL(s.url).searchParams.get('redirect_uri');
    if (uri) uris.add(uri);
  }
  return uris;
}

/** The exchanges a reconstruction reads in full: Connect's OIDC endpoints and the clients' callbacks. */
export function oidcExchangeIds(summaries: readonly ExchangeSummary[]): number[] {
  const callbacks = redirectUris(summaries);
  const endpoints = new Set([AUTHORIZE, RESUME, TOKEN, USERINFO]);
  return summaries.filter((s) => endpoints.has(pathOf(s.url)) || callbacks.has(pathOf(s.url))).map((s) => s.id);
}

export interface AuthorizationResponse {
  /** The exchange whose redirect carried the response: the authorize request itself (single sign-on) or its resumption. */
  exchange: Exchange;
  url: URL;
  parameters: NameValue[];
  code: string | null;
  state: string | null;
  error: string | null;
}

export interface TokenAttempt {
  exchange: Exchange;
  parameters: NameValue[];
  /** "client_secret_basic" with the client id from the Authorization header, or "none" (a public client). */
  clientAuthentication: { method: 'client_secret_basic' | 'none'; clientId: string | null };
  /** The JSON answer: tokens, or an OAuth error (RFC 6749 §5.2). */
  answer: Record<string, unknown> | null;
  ok: boolean;
}

export interface OidcFlow {
  /** The authorize exchange's id. */
  id: number;
  at: number;
  initiator: string;
  clientId: string | null;
  redirectUri: string | null;
  authorize: Exchange;
  parameters: NameValue[];
  /** What happened at Connect between the request and its answer: the login page, the password, the resumption. */
  interaction: ExchangeSummary[];
  response: AuthorizationResponse | null;
  /** Whether the response's state is the request's (RFC 6749 §10.12); null without a response. */
  stateMatches: boolean | null;
  /** The client's own request of its redirect_uri (the callback), when the browser went there. */
  callback: ExchangeSummary | null;
  /** Every token request presenting this flow's code, in order (a refused one may be followed by another). */
  tokens: TokenAttempt[];
  userinfo: Exchange[];
  pkce: { challenge: string; method: string | null; verifier: string | null } | null;
  outcome: 'tokens_issued' | 'refused' | 'error' | 'waiting';
}

function responseOf(exchange: Exchange, redirectUri: string | null): AuthorizationResponse | null {
  if (!exchange.location || redirectUri === null) return null;
  const url = new URL(exchange.location, exchange.url);
  if (pathOf(url.toString()) !== pathOf(redirectUri)) return null;
  const parameters = [...url.searchParams].map(([name, value]) => ({ name, value }));
  return {
    exchange,
    url,
    parameters,
    code: first(parameters, 'code'),
    state: first(parameters, 'state'),
    error: first(parameters, 'error'),
  };
}

/** The request_id Connect stored the request under, from its redirect to the login page (return_to=…resume?request_id=…). */
function storedRequestId(authorize: Exchange): string | null {
  if (!authorize.location) return null;
  const login = new URL(authorize.location, authorize.url);
  const returnTo = login.searchParams.get('return_to');
  if (!returnTo) return null;
  return new URL(returnTo, authorize.url).searchParams.get('request_id');
}

function basicClientId(exchange: Exchange): string | null {
  const header = exchange.requestHeaders['authorization'] ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return null;
  try {
    // RFC 6749 §2.3.1: the client id is form-encoded before Basic encoding.
    return decodeURIComponent(atob(match[1]!).split(':')[0]!.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function tokenAttempt(exchange: Exchange): TokenAttempt {
  const body = readBody(exchange.requestBody, exchange.requestHeaders['content-type']);
  const parameters = body.kind === 'form' ? body.fields : [];
  const basic = basicClientId(exchange);
  const answer = readBody(exchange.responseBody, exchange.responseHeaders['content-type']);
  return {
    exchange,
    parameters,
    clientAuthentication:
      basic !== null ? { method: 'client_secret_basic', clientId: basic } : { method: 'none', clientId: first(parameters, 'client_id') },
    answer:
      answer.kind === 'json' && typeof answer.value === 'object' && answer.value !== null
        ? (answer.value as Record<string, unknown>)
        : null,
    ok: exchange.status === 200,
  };
}

function bearerOf(exchange: Exchange): string | null {
  return /^Bearer\s+(.+)$/i.exec(exchange.requestHeaders['authorization'] ?? '')?.[1] ?? null;
}

/**
 * Every authorization-code flow in the log, newest first. `summaries` is the whole log (for the login steps in
 * between); `full` holds the exchanges oidcExchangeIds named.
 */
export function reconstructFlows(summaries: readonly ExchangeSummary[], full: readonly Exchange[]): OidcFlow[] {
  const sorted = [...full].sort((a, b) => a.id - b.id);
  const tokenRequests = sorted.filter((e) => pathOf(e.url) === TOKEN && e.method === 'POST').map(tokenAttempt);
  const userinfoCalls = sorted.filter((e) => pathOf(e.url) === USERINFO);
  const flows: OidcFlow[] = [];

  for (const authorize of sorted.filter((e) => pathOf(e.url) === AUTHORIZE)) {
    const parameters = authorizeParameters(authorize);
    const redirectUri = first(parameters, 'redirect_uri');
    const requestId = storedRequestId(authorize);
    const resumptions =
      requestId === null
        ? []
        : sorted.filter(
            (e) =>
              e.id > authorize.id &&
              e.initiator === authorize.initiator &&
              pathOf(e.url) === RESUME &&
              new URL(e.url).searchParams.get('request_id') === requestId,
          );
    const response = [authorize, ...resumptions].map((e) => responseOf(e, redirectUri)).find((r) => r !== null) ?? null;
    const until = response?.exchange.id ?? resumptions.at(-1)?.id ?? authorize.id;
    const interaction = summaries.filter(
      (s) =>
        s.id > authorize.id &&
        s.id <= until &&
        s.initiator === authorize.initiator &&
        hostOf(s.url) === CONNECT_HOST &&
        s.id !== response?.exchange.id,
    );
    const callbackUrl = response?.url.toString();
    const callback = callbackUrl
      ? (summaries.find((s) => s.id > response!.exchange.id && s.initiator === authorize.initiator && s.url === callbackUrl) ?? null)
      : null;
    const code = response?.code ?? null;
    const tokens = code === null ? [] : tokenRequests.filter((t) => first(t.parameters, 'code') === code);
    const accessTokens = new Set(
      tokens.flatMap((t) => (t.ok && typeof t.answer?.['access_token'] === 'string' ? [t.answer['access_token']] : [])),
    );
    const userinfo = userinfoCalls.filter((e) => {
      const bearer = bearerOf(e);
      return bearer !== null && accessTokens.has(bearer);
    });
    const challenge = first(parameters, 'code_challenge');
    const verifiers = tokens.flatMap((t) => first(t.parameters, 'code_verifier') ?? []);
    const verifier = verifiers[verifiers.length - 1] ?? null;
    const state = first(parameters, 'state');
    flows.push({
      id: authorize.id,
      at: authorize.at,
      initiator: authorize.initiator,
      clientId: first(parameters, 'client_id'),
      redirectUri,
      authorize,
      parameters,
      interaction,
      response,
      stateMatches: response ? response.state === state : null,
      callback,
      tokens,
      userinfo,
      pkce: challenge === null ? null : { challenge, method: first(parameters, 'code_challenge_method'), verifier },
      outcome: tokens.some((t) => t.ok)
        ? 'tokens_issued'
        : tokens.length > 0 || response?.error
          ? 'refused'
          : authorize.status >= 400
            ? 'error'
            : 'waiting',
    });
  }
  return flows.reverse();
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), computed here in the tab. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
