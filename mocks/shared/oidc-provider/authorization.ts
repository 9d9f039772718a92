// Owns reading an authorization request (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1) for any OpenID provider of the
// simulation, parameterised by its registered clients, the scopes it supports and its words: who the answer can go
// back to, the rest of the request, whether a session answers it, and the redirect that carries the answer.
import type { ProviderMessages } from './messages';
import { duplicatedParameter, isS256Challenge, parameter } from './params';

export type Prompt = 'none' | 'login';

/** What the core needs to know of a registered client. */
export interface RegisteredClient {
  id: string;
  redirectUris: readonly string[];
  /** A public client must send PKCE (RFC 9700 §2.1.1); a provider that requires it of every client says `always`. */
  type: 'public' | 'confidential';
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  prompt: Prompt[];
  /** Seconds (OIDC Core §3.1.2.1 `max_age`). */
  maxAge: number | null;
  loginHint: string | null;
}

export type AddresseeErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_redirect_uri';

/** Who a response can go back to, or why it cannot (then the provider shows its own error page). */
export type Addressee<C extends RegisteredClient> =
  { ok: true; client: C; redirectUri: string } | { ok: false; code: AddresseeErrorCode; message: string; redirectUri?: string };

/**
 * RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching redirection URI, or if the client
 * identifier is missing or invalid, the authorization server SHOULD inform the resource owner of the error and MUST
 * NOT automatically redirect the user-agent to the invalid redirection URI." redirect_uri is required (OIDC Core
 * §3.1.2.1) and compared as an exact string (RFC 6749 §3.1.2.3).
 */
export function addressee<C extends RegisteredClient>(
  params: URLSearchParams,
  client: C | undefined,
  messages: Pick<ProviderMessages, 'duplicated' | 'clientIdMissing' | 'unknownClient' | 'redirectUriMissing' | 'redirectUriMismatch'>,
): Addressee<C> {
  const clientId = parameter(params, 'client_id');
  if (params.getAll('client_id').length > 1) return { ok: false, code: 'invalid_request', message: messages.duplicated('client_id') };
  if (clientId === undefined) return { ok: false, code: 'invalid_request', message: messages.clientIdMissing };
  if (!client || client.id !== clientId) return { ok: false, code: 'invalid_client', message: messages.unknownClient(clientId) };
  if (params.getAll('redirect_uri').length > 1) return { ok: false, code: 'invalid_request', message: messages.duplicated('redirect_uri') };
  const redirectUri = parameter(params, 'redirect_uri');
  if (redirectUri === undefined) return { ok: false, code: 'invalid_redirect_uri', message: messages.redirectUriMissing };
  if (!client.redirectUris.includes(redirectUri)) {
    return { ok: false, code: 'invalid_redirect_uri', message: messages.redirectUriMismatch(redirectUri, client.id), redirectUri };
  }
  return { ok: true, client, redirectUri };
}

export type AuthorizationErrorCode =
  'invalid_request' | 'invalid_scope' | 'unsupported_response_type' | 'request_not_supported' | 'request_uri_not_supported';

export type AuthorizationRequestParse =
  { ok: true; request: AuthorizationRequest } | { ok: false; error: AuthorizationErrorCode; description: string; state: string | null };

export interface AuthorizationOptions {
  scopesSupported: readonly string[];
  messages: ProviderMessages;
  /** Whether every client must send PKCE, or only public ones. */
  pkce: 'public-clients' | 'always';
}

/**
 * The rest of the request, once `addressee` has accepted the client and redirect_uri: every failure here goes back to
 * the client's redirect_uri (RFC 6749 §4.1.2.1), with `state` when it was sent once.
 */
export function parseAuthorizationRequest(
  params: URLSearchParams,
  to: { client: RegisteredClient; redirectUri: string },
  options: AuthorizationOptions,
): AuthorizationRequestParse {
  const messages = options.messages;
  const state = params.getAll('state').length > 1 ? null : (parameter(params, 'state') ?? null);
  const fail = (error: AuthorizationErrorCode, description: string): AuthorizationRequestParse => ({
    ok: false,
    error,
    description,
    state,
  });

  const duplicate = duplicatedParameter(params);
  if (duplicate) return fail('invalid_request', messages.duplicated(duplicate));
  // OIDC Core §3.1.2.6: request objects are not supported.
  if (parameter(params, 'request') !== undefined) return fail('request_not_supported', messages.requestNotSupported);
  if (parameter(params, 'request_uri') !== undefined) return fail('request_uri_not_supported', messages.requestUriNotSupported);

  const responseType = parameter(params, 'response_type');
  if (responseType === undefined) return fail('invalid_request', messages.responseTypeMissing);
  if (responseType !== 'code') return fail('unsupported_response_type', messages.responseTypeUnsupported(responseType));
  const responseMode = parameter(params, 'response_mode');
  if (responseMode !== undefined && responseMode !== 'query')
    return fail('invalid_request', messages.responseModeUnsupported(responseMode));

  // RFC 6749 §3.3: space-delimited, case-sensitive; OIDC Core §3.1.2.1: openid is required.
  const scopeParam = parameter(params, 'scope');
  if (scopeParam === undefined) return fail('invalid_scope', messages.scopeMissing);
  const scope = [...new Set(scopeParam.split(' ').filter((s) => s.length > 0))];
  const unknown = scope.filter((s) => !options.scopesSupported.includes(s));
  if (unknown.length > 0) return fail('invalid_scope', messages.scopeUnknown(unknown, options.scopesSupported));
  if (!scope.includes('openid')) return fail('invalid_scope', messages.scopeWithoutOpenid);

  // RFC 7636 §4.3: without a method the challenge is "plain", which is refused.
  const challenge = parameter(params, 'code_challenge');
  const method = parameter(params, 'code_challenge_method');
  if (challenge === undefined && method !== undefined) return fail('invalid_request', messages.challengeMissing);
  if (challenge !== undefined) {
    if (method === undefined) return fail('invalid_request', messages.challengeMethodMissing);
    if (method !== 'S256') return fail('invalid_request', messages.challengeMethodUnsupported(method));
    if (!isS256Challenge(challenge)) return fail('invalid_request', messages.challengeMalformed);
  } else if (options.pkce === 'always') {
    return fail('invalid_request', messages.pkceRequiredOfEveryClient(to.client.id));
  } else if (to.client.type === 'public') {
    return fail('invalid_request', messages.pkceRequired(to.client.id));
  }

  // OIDC Core §3.1.2.1: prompt is a space-delimited list; "none" with any other value is an error.
  const prompt: Prompt[] = [];
  for (const value of (parameter(params, 'prompt') ?? '').split(' ').filter((p) => p.length > 0)) {
    if (value !== 'none' && value !== 'login') return fail('invalid_request', messages.promptUnsupported(value));
    if (!prompt.includes(value)) prompt.push(value);
  }
  if (prompt.includes('none') && prompt.length > 1) return fail('invalid_request', messages.promptNoneWithOthers);

  const maxAgeParam = parameter(params, 'max_age');
  if (maxAgeParam !== undefined && !/^\d{1,9}$/.test(maxAgeParam)) return fail('invalid_request', messages.maxAgeMalformed);

  return {
    ok: true,
    request: {
      clientId: to.client.id,
      redirectUri: to.redirectUri,
      scope,
      state,
      nonce: parameter(params, 'nonce') ?? null,
      codeChallenge: challenge ?? null,
      prompt,
      maxAge: maxAgeParam === undefined ? null : Number(maxAgeParam),
      loginHint: parameter(params, 'login_hint') ?? null,
    },
  };
}

/**
 * Whether the browser's session answers the request without a sign-in: prompt=login always asks for one (OIDC Core
 * §3.1.2.1), and so does a session authenticated longer than max_age seconds ago.
 */
export function sessionAnswers(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  session: { authTime: number } | undefined,
  now: number,
): boolean {
  if (!session) return false;
  if (request.prompt.includes('login')) return false;
  if (request.maxAge !== null && now - session.authTime > request.maxAge * 1000) return false;
  return true;
}

/** The redirect back to the client (RFC 6749 §4.1.2), its own query kept (§3.1.2), with `iss` (RFC 9207 §2). */
export function authorizationResponse(issuer: string, redirectUri: string, values: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries({ ...values, iss: issuer })) if (value !== null) url.searchParams.append(name, value);
  return url.toString();
}
