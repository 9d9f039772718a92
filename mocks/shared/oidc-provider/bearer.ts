// Owns reading the access token a userinfo request presents (RFC 6750 §2.1 header, or §2.2 form body), with the
// challenge for each way it is sent wrong (§3.1), for any OpenID provider of the simulation.
import { bearerChallenge, requestParameters } from '../oauth';
import type { ProviderMessages } from './messages';
import { parameter } from './params';

/** The presented token, or the challenge to answer with. */
export async function presentedBearer(
  request: Request,
  realm: string,
  messages: Pick<ProviderMessages, 'tokenMissing' | 'tokenTwice'>,
): Promise<{ ok: true; token: string } | { ok: false; response: Response }> {
  const header = request.headers.get('authorization');
  const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '')?.[1];
  if (header !== null && /^Bearer\b/i.test(header) && bearer === undefined)
    return { ok: false, response: bearerChallenge(realm, messages.tokenMissing, 'invalid_request') };
  const fromBody = request.method === 'POST' ? parameter(await requestParameters(request), 'access_token') : undefined;
  if (bearer !== undefined && fromBody !== undefined)
    return { ok: false, response: bearerChallenge(realm, messages.tokenTwice, 'invalid_request') };
  const token = bearer ?? fromBody;
  // RFC 6750 §3.1: a request without a token gets the challenge without an error code.
  if (token === undefined) return { ok: false, response: bearerChallenge(realm, messages.tokenMissing) };
  return { ok: true, token };
}
