// Owns the token endpoint (RFC 6749 §3.2, OIDC Core §3.1.3): POST /connect/token authenticates the client, exchanges
// an authorization code (§4.1.3, PKCE RFC 7636 §4.6) or rotates a refresh token (§6), and answers with signed tokens.
import { sha256Base64url, sha256Hex } from '../../../shared/crypto';
import { invalidClient, noStoreJson, oauthError, readForm } from '../../../shared/oauth';
import type { AuditType, ClientRow, GrantRow } from '../db';
import { auditEntry, basicClient, now, type ConnectEnv } from '../env';
import { signJwt } from './keys';
import {
  ACCESS_TOKEN_TTL_MS,
  accessTokenClaims,
  BROKERED_REFRESH_HOURS,
  brokeredRefreshNeedsProvider,
  duplicatedParameter,
  GRANT_TTL_MS,
  idTokenClaims,
  isCodeVerifier,
  judgeCode,
  judgeRefresh,
  MESSAGES,
  narrowedScope,
  parameter,
  REALM,
  type Authentication,
} from './rules';

/** 32 random bytes, sent as 64 hex characters; stored only as a SHA-256 digest. */
const REFRESH_TOKEN_BYTES = 32;

/** POST /connect/token */
export async function token(env: ConnectEnv, request: Request): Promise<Response> {
  const form = await readForm(request, MESSAGES.bodyNotForm);
  const duplicate = duplicatedParameter(form);
  if (duplicate) return oauthError('invalid_request', MESSAGES.duplicated(duplicate));
  const client = await authenticateClient(env, request, form);

  const grantType = parameter(form, 'grant_type');
  switch (grantType) {
    case 'authorization_code':
      return exchangeCode(env, client, form);
    case 'refresh_token':
      return refresh(env, client, form);
    case undefined:
      return oauthError('invalid_request', MESSAGES.grantTypeMissing);
    default:
      return oauthError('unsupported_grant_type', MESSAGES.grantTypeUnsupported(grantType));
  }
}

/** Any other method on the token endpoint (RFC 6749 §3.2: "The client MUST use the HTTP POST method"). */
export async function tokenMethodNotAllowed(): Promise<Response> {
  return oauthError('invalid_request', MESSAGES.tokenMethod, { status: 405, headers: { allow: 'POST' } });
}

/**
 * RFC 6749 §2.3.1 and §3.2.1: a confidential client authenticates with client_secret_basic; a public client names
 * itself with client_id in the body and has nothing to authenticate with (its PKCE verifier binds the code). Every
 * failure throws 401 invalid_client with a Basic challenge (§5.2).
 */
async function authenticateClient(env: ConnectEnv, request: Request, form: URLSearchParams): Promise<ClientRow> {
  const bodyClientId = parameter(form, 'client_id');
  if (request.headers.has('authorization')) {
    const client = await basicClient(env, request);
    if (!client) throw invalidClient(MESSAGES.clientAuthentication, REALM);
    if (bodyClientId !== undefined && bodyClientId !== client.id) throw invalidClient(MESSAGES.clientIdMismatch, REALM);
    return client;
  }
  const client = bodyClientId !== undefined ? await env.db.clients.get(bodyClientId) : undefined;
  if (!client) throw invalidClient(MESSAGES.clientAuthentication, REALM);
  if (client.type === 'confidential') throw invalidClient(MESSAGES.confidentialNeedsBasic(client.id), REALM);
  if (parameter(form, 'client_secret') !== undefined) throw invalidClient(MESSAGES.publicNoSecret(client.id), REALM);
  return client;
}

type Issued =
  | { ok: true; auth: Authentication; scope: string[]; nonce: string | null }
  | { ok: false; error: 'invalid_grant' | 'invalid_scope'; description: string };

/** grant_type=authorization_code (RFC 6749 §4.1.3). */
async function exchangeCode(env: ConnectEnv, client: ClientRow, form: URLSearchParams): Promise<Response> {
  const code = parameter(form, 'code');
  if (code === undefined) return oauthError('invalid_request', MESSAGES.missing('code'));
  const redirectUri = parameter(form, 'redirect_uri');
  if (redirectUri === undefined) return oauthError('invalid_request', MESSAGES.missing('redirect_uri'));
  const verifier = parameter(form, 'code_verifier');
  if (verifier !== undefined && !isCodeVerifier(verifier)) return oauthError('invalid_request', MESSAGES.verifierMalformed);

  // Digests, ids and secrets before the transaction: a non-IndexedDB await inside one commits it.
  const codeHash = await sha256Hex(code);
  const verifierChallenge = verifier === undefined ? undefined : await sha256Base64url(verifier);
  const tokens = await newTokens(env, client);
  const grantId = `grt_${env.ctx.random.hex(8)}`;
  const at = now(env);

  const issued = await env.db.transaction(
    'rw',
    [env.db.codes, env.db.grants, env.db.accessTokens, env.db.refreshTokens, env.db.accounts, env.db.audit],
    async (): Promise<Issued> => {
      const row = await env.db.codes.get(codeHash);
      const verdict = judgeCode(row, { clientId: client.id, redirectUri, verifierChallenge }, at);
      if (!verdict.ok) {
        if (verdict.revokeGrant) await revokeGrant(env, verdict.revokeGrant, 'oidc.code_reuse_revoked', client);
        return { ok: false, error: 'invalid_grant', description: verdict.description };
      }
      const account = await env.db.accounts.get(row!.accountId);
      if (!account) return { ok: false, error: 'invalid_grant', description: MESSAGES.accountGone };
      // R25: a code issued just before a block is worth nothing after it.
      if (account.blockedAt !== null) return { ok: false, error: 'invalid_grant', description: MESSAGES.accountBlocked };
      const grant: GrantRow = {
        id: grantId,
        codeHash,
        clientId: client.id,
        accountId: account.id,
        scope: row!.scope,
        sid: row!.sid,
        authTime: row!.authTime,
        amr: row!.amr,
        ...(row!.brokeredBy === undefined ? {} : { brokeredBy: row!.brokeredBy }),
        createdAt: at,
        expiresAt: at + GRANT_TTL_MS,
        revokedAt: null,
      };
      await env.db.codes.update(codeHash, { usedAt: at, grantId });
      await env.db.grants.add(grant);
      await storeTokens(env, grant, tokens, at);
      await env.db.audit.add(
        auditEntry(env, 'oidc.token_issued', `Tokens issued to ${client.name} for ${account.email}`, {
          accountId: account.id,
          email: account.email,
        }),
      );
      return { ok: true, auth: authenticationOf(grant), scope: grant.scope, nonce: row!.nonce };
    },
  );
  return tokenResponse(env, client, issued, tokens, at);
}

/** grant_type=refresh_token (RFC 6749 §6), with rotation: the presented token is spent, a new one comes back. */
async function refresh(env: ConnectEnv, client: ClientRow, form: URLSearchParams): Promise<Response> {
  if (client.type === 'public') return oauthError('unauthorized_client', MESSAGES.refreshNotAllowed(client.id));
  const presented = parameter(form, 'refresh_token');
  if (presented === undefined) return oauthError('invalid_request', MESSAGES.missing('refresh_token'));
  const requestedScope = parameter(form, 'scope');

  const tokenHash = await sha256Hex(presented);
  const tokens = await newTokens(env, client);
  const at = now(env);

  const issued = await env.db.transaction(
    'rw',
    [env.db.grants, env.db.accessTokens, env.db.refreshTokens, env.db.accounts, env.db.identityProviders, env.db.audit],
    async (): Promise<Issued> => {
      const row = await env.db.refreshTokens.get(tokenHash);
      const grant = row ? await env.db.grants.get(row.grantId) : undefined;
      const verdict = judgeRefresh(row, grant, client.id, at);
      if (!verdict.ok) {
        if (verdict.revokeGrant) await revokeGrant(env, verdict.revokeGrant, 'oidc.refresh_reuse_revoked', client);
        return { ok: false, error: 'invalid_grant', description: verdict.description };
      }
      const scope = narrowedScope(grant!.scope, requestedScope);
      if (!scope) return { ok: false, error: 'invalid_scope', description: MESSAGES.scopeNotGranted };
      const account = await env.db.accounts.get(grant!.accountId);
      if (!account) return { ok: false, error: 'invalid_grant', description: MESSAGES.accountGone };
      if (account.blockedAt !== null) return { ok: false, error: 'invalid_grant', description: MESSAGES.accountBlocked };
      // R22: Connect vouches for a brokered sign-in only as long as the session it made; past that, the next refresh
      // needs the identity provider, which only a new sign-in there can ask (it refuses a user it has disabled).
      if (brokeredRefreshNeedsProvider(grant!, at)) {
        const provider = await env.db.identityProviders.get(grant!.brokeredBy!);
        const name = provider?.name ?? 'your identity provider';
        await env.db.audit.add(
          auditEntry(
            env,
            'sso.refused',
            `${client.name} could not refresh the tokens of ${account.email}: the sign-in with ${name} is older than ${BROKERED_REFRESH_HOURS} hours, so the next one goes through ${name}`,
            { accountId: account.id, email: account.email },
          ),
        );
        return { ok: false, error: 'invalid_grant', description: MESSAGES.brokeredSignInTooOld(name) };
      }
      await env.db.refreshTokens.update(tokenHash, { usedAt: at });
      await storeTokens(env, grant!, tokens, at);
      await env.db.audit.add(
        auditEntry(env, 'oidc.refresh_rotated', `${client.name} refreshed the tokens of ${account.email}; the refresh token was rotated`, {
          accountId: account.id,
          email: account.email,
        }),
      );
      // OIDC Core §12.2: the refreshed ID token keeps the original auth_time and carries no nonce.
      return { ok: true, auth: authenticationOf(grant!), scope, nonce: null };
    },
  );
  return tokenResponse(env, client, issued, tokens, at);
}

interface NewTokens {
  jti: string;
  /** Only confidential clients get refresh tokens (docs/decisions/refresh-tokens-go-to-confidential-clients-only-with-every.md). */
  refreshToken: string | null;
  refreshTokenHash: string | null;
}

async function newTokens(env: ConnectEnv, client: ClientRow): Promise<NewTokens> {
  const jti = env.ctx.random.hex(16);
  const refreshToken = client.type === 'confidential' ? env.ctx.random.hex(REFRESH_TOKEN_BYTES) : null;
  return { jti, refreshToken, refreshTokenHash: refreshToken === null ? null : await sha256Hex(refreshToken) };
}

/** Records the tokens before they are signed, inside the grant's transaction, so a revocation always reaches them. */
async function storeTokens(env: ConnectEnv, grant: GrantRow, tokens: NewTokens, at: number): Promise<void> {
  await env.db.accessTokens.add({ jti: tokens.jti, grantId: grant.id, expiresAt: at + ACCESS_TOKEN_TTL_MS });
  if (tokens.refreshTokenHash !== null)
    await env.db.refreshTokens.add({ tokenHash: tokens.refreshTokenHash, grantId: grant.id, createdAt: at, usedAt: null });
}

/** RFC 6749 §4.1.2 and §10.5, RFC 9700 §4.14.2: every token of the grant stops working. Runs in the caller's transaction. */
async function revokeGrant(
  env: ConnectEnv,
  grantId: string,
  type: Extract<AuditType, `oidc.${string}_reuse_revoked`>,
  client: ClientRow,
): Promise<void> {
  const grant = await env.db.grants.get(grantId);
  if (!grant || grant.revokedAt !== null) return;
  await env.db.grants.update(grantId, { revokedAt: now(env) });
  const account = await env.db.accounts.get(grant.accountId);
  const what = type === 'oidc.code_reuse_revoked' ? 'An authorization code' : 'A rotated refresh token';
  await env.db.audit.add(
    auditEntry(
      env,
      type,
      `${what} of ${client.name} for ${account?.email ?? grant.accountId} was used again: every token of that grant is revoked`,
      {
        accountId: grant.accountId,
        email: account?.email ?? null,
      },
    ),
  );
}

function authenticationOf(grant: GrantRow): Authentication {
  return { accountId: grant.accountId, clientId: grant.clientId, sid: grant.sid, authTime: grant.authTime, amr: grant.amr };
}

/** RFC 6749 §5.1 / OIDC Core §3.1.3.3, or the §5.2 error; both with Cache-Control: no-store. */
async function tokenResponse(env: ConnectEnv, client: ClientRow, issued: Issued, tokens: NewTokens, at: number): Promise<Response> {
  if (!issued.ok) return oauthError(issued.error, issued.description);
  const [idToken, accessToken] = await Promise.all([
    signJwt(env.db, at, client.idTokenSignedResponseAlg, 'JWT', idTokenClaims(issued.auth, issued.nonce, at)),
    signJwt(env.db, at, 'RS256', 'at+jwt', accessTokenClaims(issued.auth, issued.scope, tokens.jti, at)),
  ]);
  return noStoreJson({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    scope: issued.scope.join(' '),
    id_token: idToken,
    ...(tokens.refreshToken !== null ? { refresh_token: tokens.refreshToken } : {}),
  });
}
