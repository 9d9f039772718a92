// Owns reading an OpenID provider's public documents as any relying party does: its discovery metadata (OIDC
// Discovery §4) and the JWK Set it points at (RFC 7517 §5), to verify the signatures of the tokens it issued.
import type { JSONWebKeySet } from 'jose';
import type { ProviderMetadata } from '../contracts/connect';
import { CONNECT_API } from '../contracts/connect-api';
import { requestJson, type ClientContext, type ClientResult } from './http';

export type { ProviderMetadata };

/** The issuer's JWK Set, found through its discovery document (the issuer URL + /.well-known/openid-configuration). */
export async function issuerJwks(
  ctx: ClientContext,
  issuer: string,
): Promise<ClientResult<{ metadata: ProviderMetadata; jwks: JSONWebKeySet }>> {
  // OIDC Discovery §4: the same well-known path under any issuer, Connect's as well.
  const metadata = await requestJson<ProviderMetadata>(ctx, 'GET', `${issuer.replace(/\/$/, '')}${CONNECT_API.discovery.path}`);
  if (!metadata.ok) return metadata;
  const jwks = await requestJson<JSONWebKeySet>(ctx, 'GET', metadata.value.jwks_uri);
  if (!jwks.ok) return jwks;
  return { ok: true, status: jwks.status, value: { metadata: metadata.value, jwks: jwks.value } };
}
