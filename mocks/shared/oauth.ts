// Owns the OAuth 2.0 side of the servers' HTTP vocabulary: token-endpoint JSON that no cache keeps (RFC 6749 §5.1),
// its error bodies (§5.2), Bearer challenges (RFC 6750 §3) and form-encoded request bodies (§3.2, Appendix B).
import { HttpResponse } from 'msw';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** RFC 6749 §5.1: token responses carry "Cache-Control: no-store" and "Pragma: no-cache". */
export function noStoreJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new HttpResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...init.headers },
  });
}

/** RFC 6749 §5.2: `{error, error_description}`, 400 unless told. */
export function oauthError(error: string, description: string, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return noStoreJson(
    { error, error_description: description },
    { status: init.status ?? 400, ...(init.headers ? { headers: init.headers } : {}) },
  );
}

/** RFC 6749 §5.2: invalid_client is a 401 with a challenge for the scheme the client should use (RFC 7235 §4.1). */
export function invalidClient(description: string, realm: string): Response {
  return oauthError('invalid_client', description, {
    status: 401,
    headers: { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` },
  });
}

/**
 * RFC 6750 §3: a 401 with a Bearer challenge, naming the error only when a token was sent (§3.1): a request without
 * one gets the bare challenge. invalid_request is a 400. The body repeats it as JSON for the traffic log.
 */
export function bearerChallenge(realm: string, description: string, code?: 'invalid_token' | 'invalid_request'): Response {
  const status = code === 'invalid_request' ? 400 : 401;
  const challenge = code
    ? `Bearer realm="${realm}", error="${code}", error_description="${description.replace(/["\\]/g, '')}"`
    : `Bearer realm="${realm}"`;
  return noStoreJson(code ? { error: code, error_description: description } : { error_description: description }, {
    status,
    headers: { 'www-authenticate': challenge },
  });
}

/**
 * An application/x-www-form-urlencoded body (RFC 6749 Appendix B), or a thrown invalid_request when the body is of
 * another type.
 */
export async function readForm(request: Request, message: string): Promise<URLSearchParams> {
  if (!isForm(request)) throw oauthError('invalid_request', message);
  return new URLSearchParams(await request.text());
}

function isForm(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * The parameters of a request that may come as GET or POST (OIDC Core §3.1.2.1 and §5.3.1, RP-Initiated Logout §2):
 * the query of a GET, the form body of a POST (nothing, for a POST of another type).
 */
export async function requestParameters(request: Request): Promise<URLSearchParams> {
  if (request.method !== 'POST') return new URL(request.url).searchParams;
  return isForm(request) ? new URLSearchParams(await request.text()) : new URLSearchParams();
}
