// Owns how an application authenticates at the provider's token endpoint (RFC 6749 §2.3, OIDC Core §9): a client
// secret in the Authorization header (client_secret_basic) or the body (client_secret_post), or a client assertion
// signed with the key of a certificate uploaded to the application (private_key_jwt, RFC 7523 §2.2 and §3). Expired
// secrets and certificates are refused by name, on the world clock; an assertion is used once (its jti).
import { decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { verifyPassword } from '../crypto';
import { invalidClient } from '../oauth';
import { parameter } from '../oidc-provider';
import type { IdpApplicationRow, IdpCertificateRow, IdpTenantRow } from './db';
import { now, type IdpEnv } from './env';
import { ASSERTION_ALGS, ASSERTION_SKEW_SECONDS, endpointUrls, issuerOf, JWT_BEARER_ASSERTION } from './rules';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** RFC 6749 §2.3.1: client_id and secret, each form-urlencoded, joined by a colon, in base64. */
function basicCredentials(header: string): { clientId: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** The authenticated application and how it authenticated; every failure throws 401 invalid_client (RFC 6749 §5.2). */
export async function authenticateClient(
  env: IdpEnv,
  tenant: IdpTenantRow,
  request: Request,
  form: URLSearchParams,
): Promise<{ app: IdpApplicationRow; method: ClientAuthMethod }> {
  const realm = new URL(issuerOf(env.brand, tenant)).host;
  const fail = (description: string) => invalidClient(description, realm);
  const header = request.headers.get('authorization');
  const bodyClientId = parameter(form, 'client_id');
  const bodySecret = parameter(form, 'client_secret');
  const assertion = parameter(form, 'client_assertion');
  const assertionType = parameter(form, 'client_assertion_type');
  const ways = [header !== null, bodySecret !== undefined, assertion !== undefined || assertionType !== undefined].filter(Boolean).length;
  if (ways === 0) throw fail(env.messages.clientAuthenticationMissing);
  if (ways > 1) throw fail(env.messages.clientAuthenticationTwice);

  if (header !== null || bodySecret !== undefined) {
    const credentials =
      header !== null ? basicCredentials(header) : bodyClientId !== undefined ? { clientId: bodyClientId, secret: bodySecret! } : undefined;
    if (!credentials) throw fail(env.messages.clientAuthenticationMissing);
    if (header !== null && bodyClientId !== undefined && bodyClientId !== credentials.clientId) throw fail(env.messages.clientIdMismatch);
    const app = await env.db.applications.get(credentials.clientId);
    if (!app) throw fail(env.messages.unknownClientPage(credentials.clientId).message);
    await checkSecret(env, app, credentials.secret, fail);
    return { app, method: header !== null ? 'client_secret_basic' : 'client_secret_post' };
  }

  if (assertionType !== JWT_BEARER_ASSERTION) throw fail(env.messages.assertionTypeWrong);
  if (assertion === undefined) throw fail(env.messages.missing('client_assertion'));
  const app = await checkAssertion(env, tenant, assertion, bodyClientId, fail);
  return { app, method: 'private_key_jwt' };
}

/** The presented value against every secret of the application: an expired one that matches is named as expired. */
async function checkSecret(env: IdpEnv, app: IdpApplicationRow, presented: string, fail: (d: string) => Response): Promise<void> {
  const at = now(env);
  for (const secret of app.secrets) {
    if (!(await verifyPassword(presented, { hash: secret.hash, salt: secret.salt }))) continue;
    if (at >= secret.expiresAt) throw fail(env.messages.secretExpired(app.clientId, secret.hint));
    return;
  }
  throw fail(env.messages.secretWrong(app.clientId));
}

function certificateNamed(app: IdpApplicationRow, header: Record<string, unknown>): IdpCertificateRow | undefined {
  const named = [header['x5t#S256'], header.kid].filter((v): v is string => typeof v === 'string');
  return app.certificates.find((c) => named.includes(c.thumbprint));
}

/**
 * RFC 7523 §3: iss and sub are the client_id, aud names the token endpoint (or the issuer), exp is in the future on
 * the world clock, and the signature is made by the key of a certificate of the application, named by `x5t#S256` or
 * by `kid` = its thumbprint. The jti is spent in the same step, so the assertion cannot come back.
 */
async function checkAssertion(
  env: IdpEnv,
  tenant: IdpTenantRow,
  assertion: string,
  bodyClientId: string | undefined,
  fail: (d: string) => Response,
): Promise<IdpApplicationRow> {
  let claimed: { iss?: unknown };
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion) as Record<string, unknown>;
    const payload = assertion.split('.')[1] ?? '';
    claimed = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
    ) as {
      iss?: unknown;
    };
  } catch {
    throw fail(env.messages.assertionInvalid(bodyClientId ?? '', 'it is not a signed JWT.'));
  }
  const clientId = typeof claimed.iss === 'string' ? claimed.iss : undefined;
  if (clientId === undefined) throw fail(env.messages.assertionInvalid(bodyClientId ?? '', 'it has no iss (the client_id).'));
  if (bodyClientId !== undefined && bodyClientId !== clientId) throw fail(env.messages.clientIdMismatch);
  const app = await env.db.applications.get(clientId);
  if (!app) throw fail(env.messages.unknownClientPage(clientId).message);

  const certificate = certificateNamed(app, header);
  if (!certificate) throw fail(env.messages.certificateUnknown(clientId));
  const at = now(env);
  if (at >= certificate.notAfter) throw fail(env.messages.certificateExpired(clientId, certificate.thumbprint));
  if (at < certificate.notBefore) throw fail(env.messages.assertionInvalid(clientId, 'the certificate that signed it is not valid yet.'));
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!(ASSERTION_ALGS as readonly string[]).includes(alg))
    throw fail(env.messages.assertionInvalid(clientId, `it is signed with ${alg || 'no algorithm'}; use ${ASSERTION_ALGS.join(', ')}.`));

  let payload;
  try {
    const key = await importJWK(certificate.publicJwk as JWK, alg);
    ({ payload } = await jwtVerify(assertion, key, {
      issuer: clientId,
      subject: clientId,
      audience: [endpointUrls(env.brand, tenant).token, issuerOf(env.brand, tenant)],
      algorithms: [...ASSERTION_ALGS],
      currentDate: new Date(at),
      clockTolerance: ASSERTION_SKEW_SECONDS,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (error) {
    throw fail(env.messages.assertionInvalid(clientId, assertionProblem(error)));
  }
  const jti = String(payload.jti);
  const spent = await env.db.transaction('rw', env.db.usedAssertions, async () => {
    if (await env.db.usedAssertions.get([clientId, jti])) return true;
    await env.db.usedAssertions.add({ clientId, jti, expiresAt: (payload.exp ?? 0) * 1000, usedAt: at });
    return false;
  });
  if (spent) throw fail(env.messages.assertionReplayed(clientId));
  return app;
}

function assertionProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired (exp is in the past).';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not hold for the certificate it names.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'aud must be the token endpoint.';
    if (error.claim === 'iss' || error.claim === 'sub') return 'iss and sub must both be the client_id.';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'it is not valid yet (nbf or iat is in the future).';
    return `the ${error.claim} claim is missing or wrong.`;
  }
  return 'it could not be verified.';
}
