// Owns reconstructing authorization-code flows from the traffic log, the way a developer traces one in a network
// panel: the authorize request, the login in between, the redirect with code and state, the token request that
// presents that very code, and the userinfo calls with the access token it answered. Links are exact values (the
// request_id Connect stores a request under, the state, the code, the access token), never guesses from timing.
// Any provider's flow is found, not only Connect's: an authorization request is recognised by its parameters
// (RFC 6749 §4.1.1), a token request by its grant_type. A flow started by a provider while it was answering another
// flow's request (Connect sending the browser on to the organisation's identity provider, with its own callback as
// redirect_uri) is nested inside that flow.
import { CONNECT_API } from '../../contracts/connect-api';
import { urlOf } from '../../contracts/endpoint';
import type { Exchange, ExchangeSummary } from '../../contracts/network';
import { ORIGINS } from '../../contracts/origins';
import { hostOf, initiatorKind, readBody, type NameValue } from './exchange-parts';
import { partyName } from './parties';

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
/** The parameters that make a request an authorization request at any provider (RFC 6749 §4.1.1). */
const AUTHORIZATION_REQUEST_PARAMETERS = ['response_type', 'client_id', 'redirect_uri'] as const;
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

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** Connect's authorize endpoint, or any request whose query is an authorization request (RFC 6749 §4.1.1). */
function isAuthorizationRequest(summary: ExchangeSummary): boolean {
  if (initiatorKind(summary.initiator) === 'xray') return false;
  if (pathOf(summary.url) === AUTHORIZE) return true;
  if (summary.method !== 'GET') return false;
  const query = queryOf(summary.url);
  return AUTHORIZATION_REQUEST_PARAMETERS.every((name) => query.has(name));
}

/** The redirect_uris the log's authorize requests name: their callbacks are read in full too. */
function redirectUris(summaries: readonly ExchangeSummary[]): Set<string> {
  const uris = new Set<string>();
  for (const s of summaries) {
    if (!isAuthorizationRequest(s)) continue;
    const uri = queryOf(s.url).get('redirect_uri');
    if (uri) uris.add(pathOf(uri));
  }
  return uris;
}

/**
 * The exchanges a reconstruction reads in full: Connect's OIDC endpoints, every authorization request, the clients'
 * callbacks, and what servers sent to the other providers (their token, userinfo and key requests).
 */
export function oidcExchangeIds(summaries: readonly ExchangeSummary[]): number[] {
  const callbacks = redirectUris(summaries);
  const endpoints = new Set([AUTHORIZE, RESUME, TOKEN, USERINFO]);
  const providers = new Set(summaries.filter(isAuthorizationRequest).map((s) => hostOf(s.url)));
  providers.delete(CONNECT_HOST);
  return summaries
    .filter(
      (s) =>
        endpoints.has(pathOf(s.url)) ||
        callbacks.has(pathOf(s.url)) ||
        isAuthorizationRequest(s) ||
        (initiatorKind(s.initiator) === 'server' && providers.has(hostOf(s.url))),
    )
    .map((s) => s.id);
}

export interface AuthorizationResponse {
  /**
   * The exchange whose redirect carried the response: the authorize request itself (single sign-on), its resumption,
   * or the last step of the sign-in at the provider.
   */
  exchange: ExchangeSummary;
  url: URL;
  parameters: NameValue[];
  code: string | null;
  state: string | null;
  error: string | null;
}

export interface TokenAttempt {
  exchange: Exchange;
  parameters: NameValue[];
  /**
   * How the client authenticated (RFC 6749 §2.3.1, RFC 7523 §2.2): HTTP Basic with the client id from the
   * Authorization header, a secret in the form, a signed client assertion, or "none" (a public client).
   */
  clientAuthentication: {
    method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
    clientId: string | null;
  };
  /** The JSON answer: tokens, or an OAuth error (RFC 6749 §5.2). */
  answer: Record<string, unknown> | null;
  ok: boolean;
}

export interface OidcFlow {
  /** The authorize exchange's id. */
  id: number;
  at: number;
  initiator: string;
  /** The provider's origin: where the authorization request went. */
  provider: string;
  /** The client's origin, from its redirect_uri; null when the request named none. */
  client: string | null;
  /**
   * The flow this one was started inside: the provider of that flow sent the browser here, and this flow's
   * redirect_uri goes back to it (it is this flow's client). Null for a flow an application started.
   */
  parentId: number | null;
  /** The flows started inside this one, oldest first. */
  innerIds: number[];
  /** The exchange whose redirect sent the browser to the authorization request; null when it was opened directly. */
  startedBy: ExchangeSummary | null;
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
  /** Why it did not end in tokens, in the provider's words: its error response, its token refusal, an inner flow's. */
  failure: string | null;
}

function responseOf(exchange: ExchangeSummary, redirectUri: string | null): AuthorizationResponse | null {
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

/** Where the provider's login page returns to once the user is signed in (its return_to), if it said. */
function returnToOf(authorize: ExchangeSummary): string | null {
  if (!authorize.location) return null;
  return new URL(authorize.location, authorize.url).searchParams.get('return_to');
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

function formOf(exchange: Exchange): NameValue[] {
  const body = readBody(exchange.requestBody, exchange.requestHeaders['content-type']);
  return body.kind === 'form' ? body.fields : [];
}

/** A token request at any provider: a POST whose form names a grant (RFC 6749 §4.1.3). */
function isTokenRequest(exchange: Exchange): boolean {
  return exchange.method === 'POST' && (pathOf(exchange.url) === TOKEN || first(formOf(exchange), 'grant_type') !== null);
}

function clientAuthenticationOf(exchange: Exchange, parameters: NameValue[]): TokenAttempt['clientAuthentication'] {
  const basic = basicClientId(exchange);
  if (basic !== null) return { method: 'client_secret_basic', clientId: basic };
  const assertion = first(parameters, 'client_assertion');
  if (assertion !== null) {
    // RFC 7523 §3: the assertion's iss and sub are the client id.
    const [, claims] = assertion.split('.');
    let clientId = first(parameters, 'client_id');
    try {
      const payload = JSON.parse(atob((claims ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
      if (typeof payload.sub === 'string') clientId = payload.sub;
    } catch {
      // Not a readable JWT: the form's client_id, if any, names the client.
    }
    return { method: 'private_key_jwt', clientId };
  }
  const clientId = first(parameters, 'client_id');
  return { method: first(parameters, 'client_secret') !== null ? 'client_secret_post' : 'none', clientId };
}

function tokenAttempt(exchange: Exchange): TokenAttempt {
  const parameters = formOf(exchange);
  const answer = readBody(exchange.responseBody, exchange.responseHeaders['content-type']);
  return {
    exchange,
    parameters,
    clientAuthentication: clientAuthenticationOf(exchange, parameters),
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

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Where the provider answered: at Connect, the resumption of the request it stored (request_id); at another
 * provider, the first redirect back to the redirect_uri that carries the request's state from the same browser
 * and provider, before that browser sends a new request to the same provider for the same client.
 */
function findResponse(
  authorize: Exchange,
  parameters: NameValue[],
  redirectUri: string | null,
  summaries: readonly ExchangeSummary[],
  authorizations: readonly ExchangeSummary[],
): { response: AuthorizationResponse | null; steps: ExchangeSummary[] } {
  const requestId = storedRequestId(authorize);
  if (requestId !== null) {
    const resumptions = summaries.filter(
      (e) =>
        e.id > authorize.id &&
        e.initiator === authorize.initiator &&
        pathOf(e.url) === RESUME &&
        new URL(e.url).searchParams.get('request_id') === requestId,
    );
    return {
      response: [authorize, ...resumptions].map((e) => responseOf(e, redirectUri)).find((r) => r !== null) ?? null,
      steps: resumptions,
    };
  }
  const host = hostOf(authorize.url);
  const clientId = first(parameters, 'client_id');
  const next = authorizations.find(
    (a) =>
      a.id > authorize.id && a.initiator === authorize.initiator && hostOf(a.url) === host && queryOf(a.url).get('client_id') === clientId,
  );
  const state = first(parameters, 'state');
  const candidates = summaries.filter(
    (e) => e.id >= authorize.id && (next === undefined || e.id < next.id) && e.initiator === authorize.initiator && hostOf(e.url) === host,
  );
  const responses = candidates.flatMap((e) => responseOf(e, redirectUri) ?? []);
  return { response: responses.find((r) => r.state === state) ?? responses[0] ?? null, steps: [] };
}

function failureOf(flow: Pick<OidcFlow, 'response' | 'tokens'>): string | null {
  if (flow.tokens.some((t) => t.ok)) return null;
  const refusal = flow.tokens.at(-1)?.answer ?? null;
  if (refusal && typeof refusal['error'] === 'string') {
    const description = refusal['error_description'];
    return typeof description === 'string' && description ? `${refusal['error']}: ${description}` : refusal['error'];
  }
  const error = flow.response?.error;
  if (error) {
    const description = first(flow.response!.parameters, 'error_description');
    return description ? `${error}: ${description}` : error;
  }
  return null;
}

/**
 * Every authorization-code flow in the log, newest first. `summaries` is the whole log (for the login steps in
 * between); `full` holds the exchanges oidcExchangeIds named.
 */
export function reconstructFlows(summaries: readonly ExchangeSummary[], full: readonly Exchange[]): OidcFlow[] {
  const sorted = [...full].sort((a, b) => a.id - b.id);
  const tokenRequests = sorted.filter(isTokenRequest).map(tokenAttempt);
  const userinfoCalls = sorted.filter((e) => e.method === 'GET' && bearerOf(e) !== null);
  const authorizations = sorted.filter(isAuthorizationRequest);
  const flows: OidcFlow[] = [];

  for (const authorize of authorizations) {
    const parameters = authorizeParameters(authorize);
    const redirectUri = first(parameters, 'redirect_uri');
    const host = hostOf(authorize.url);
    const { response, steps } = findResponse(authorize, parameters, redirectUri, summaries, authorizations);
    const until = response?.exchange.id ?? steps.at(-1)?.id ?? authorize.id;
    const interaction = summaries.filter(
      (s) =>
        s.id > authorize.id &&
        s.id <= until &&
        s.initiator === authorize.initiator &&
        hostOf(s.url) === host &&
        s.id !== response?.exchange.id,
    );
    const callbackUrl = response?.url.toString();
    const callback = callbackUrl
      ? (summaries.find((s) => s.id > response!.exchange.id && s.initiator === authorize.initiator && s.url === callbackUrl) ?? null)
      : null;
    const code = response?.code ?? null;
    const tokens =
      code === null
        ? []
        : tokenRequests.filter(
            (t) => t.exchange.id > authorize.id && hostOf(t.exchange.url) === host && first(t.parameters, 'code') === code,
          );
    const accessTokens = new Set(
      tokens.flatMap((t) => (t.ok && typeof t.answer?.['access_token'] === 'string' ? [t.answer['access_token']] : [])),
    );
    const userinfo = userinfoCalls.filter((e) => {
      const bearer = bearerOf(e);
      return bearer !== null && accessTokens.has(bearer) && hostOf(e.url) === host;
    });
    const challenge = first(parameters, 'code_challenge');
    const verifiers = tokens.flatMap((t) => first(t.parameters, 'code_verifier') ?? []);
    const verifier = verifiers[verifiers.length - 1] ?? null;
    const state = first(parameters, 'state');
    const startedBy =
      [...summaries]
        .reverse()
        .find(
          (s) =>
            s.id < authorize.id &&
            s.initiator === authorize.initiator &&
            s.location !== null &&
            new URL(s.location, s.url).toString() === authorize.url,
        ) ?? null;
    const flow: OidcFlow = {
      id: authorize.id,
      at: authorize.at,
      initiator: authorize.initiator,
      provider: originOf(authorize.url) ?? authorize.url,
      client: redirectUri === null ? null : originOf(redirectUri),
      parentId: null,
      innerIds: [],
      startedBy,
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
      failure: null,
    };
    flow.failure = failureOf(flow);
    flows.push(flow);
  }
  nest(flows, full);
  return flows.reverse();
}

/**
 * Nests each flow inside the flow whose provider started it: the same browser, sent to this authorization request
 * by that provider, which is this flow's client (the redirect_uri goes back to it), while that flow was still
 * waiting for its answer. The innermost open flow wins, so two sign-ins in two browsers never mix.
 */
function nest(flows: OidcFlow[], full: readonly Exchange[]): void {
  for (const inner of flows) {
    if (inner.startedBy === null || inner.client === null) continue;
    const from = originOf(inner.startedBy.url);
    // The step that sent the browser on names where to come back to (return_to): the outer request it resumes.
    const resumes = queryOf(inner.startedBy.url).get('return_to');
    const parent = flows
      .filter(
        (outer) =>
          outer.id < inner.id &&
          outer.initiator === inner.initiator &&
          outer.provider === from &&
          outer.provider === inner.client &&
          (outer.response === null || outer.response.exchange.id > inner.id) &&
          (resumes === null || returnToOf(outer.authorize) === null || returnToOf(outer.authorize) === resumes),
      )
      .at(-1);
    if (!parent) continue;
    inner.parentId = parent.id;
    parent.innerIds.push(inner.id);
    if (parent.outcome !== 'waiting' || parent.response !== null) continue;
    if (inner.outcome !== 'tokens_issued' && inner.outcome !== 'waiting') {
      // The provider refused the inner sign-in, so the outer one cannot go on (Connect shows its error page).
      parent.outcome = 'refused';
      parent.failure = `${partyName(inner.provider)} refused the sign-in: ${inner.failure ?? 'no reason given'}`;
    } else if (inner.callback !== null && inner.callback.location === null) {
      // The provider answered, but its client stopped at its callback with a page instead of going on: it refused the answer.
      const refusal = refusalPageOf(inner.callback, full);
      inner.failure = `${partyName(inner.client)} refused the answer at its callback${refusal ? `: ${refusal}` : ''}`;
      parent.outcome = 'refused';
      parent.failure = inner.failure;
    }
  }
}

/** The message of the page a client answered its callback with ({ view, data: { message } }), if it says one. */
function refusalPageOf(callback: ExchangeSummary, full: readonly Exchange[]): string | null {
  const exchange = full.find((e) => e.id === callback.id);
  if (!exchange) return null;
  const body = readBody(exchange.responseBody, exchange.responseHeaders['content-type']);
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null) return null;
  const data = (body.value as { data?: unknown }).data;
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : null;
}

/** The flows applications started, each with the flows started inside it, newest first. */
export function outerFlows(flows: readonly OidcFlow[]): OidcFlow[] {
  return flows.filter((f) => f.parentId === null);
}

/** The flows started inside `flow`, oldest first. */
export function innerFlows(flows: readonly OidcFlow[], flow: OidcFlow): OidcFlow[] {
  return flow.innerIds.flatMap((id) => flows.find((f) => f.id === id) ?? []);
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), computed here in the tab. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
