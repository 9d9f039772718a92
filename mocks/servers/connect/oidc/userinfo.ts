// Owns the userinfo endpoint (OIDC Core §5.3): GET|POST /connect/userinfo answers the claims of a Bearer access
// token (RFC 6750 §2.1 header, or §2.2 form body) that Connect signed, that has not expired and whose grant stands.
import { errors } from 'jose';
import { bearerChallenge, noStoreJson } from '../../../shared/oauth';
import { presentedBearer } from '../../../shared/oidc-provider';
import { now, type ConnectEnv } from '../env';
import { verifyOwnJwt } from './keys';
import { ACCESS_TOKEN_AUDIENCE, ISSUER, MESSAGES, REALM, userinfoClaims } from './rules';

/** GET|POST /connect/userinfo */
export async function userinfo(env: ConnectEnv, request: Request): Promise<Response> {
  const presented = await presentedBearer(request, REALM, MESSAGES);
  if (!presented.ok) return presented.response;
  const token = presented.token;

  const at = now(env);
  let claims;
  try {
    ({ payload: claims } = await verifyOwnJwt(env.db, at, token, {
      issuer: ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: 'at+jwt',
      algorithms: ['RS256'],
    }));
  } catch (error) {
    return bearerChallenge(REALM, error instanceof errors.JWTExpired ? MESSAGES.tokenExpired : MESSAGES.tokenInvalid, 'invalid_token');
  }
  const row = typeof claims.jti === 'string' ? await env.db.accessTokens.get(claims.jti) : undefined;
  const grant = row ? await env.db.grants.get(row.grantId) : undefined;
  if (!grant) return bearerChallenge(REALM, MESSAGES.tokenInvalid, 'invalid_token');
  if (grant.revokedAt !== null) return bearerChallenge(REALM, MESSAGES.tokenRevoked, 'invalid_token');
  const account = await env.db.accounts.get(grant.accountId);
  if (!account) return bearerChallenge(REALM, MESSAGES.accountGone, 'invalid_token');
  if (account.blockedAt !== null) return bearerChallenge(REALM, MESSAGES.accountBlocked, 'invalid_token');
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  return noStoreJson(userinfoClaims(account, scope));
}
