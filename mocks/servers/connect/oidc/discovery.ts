// Owns what a client reads before anything else: the provider metadata (OIDC Discovery §4) and the JWK Set of the
// signing keys (RFC 7517 §5) at the jwks_uri the metadata names.
import { json } from '../../../shared/http';
import { now, type ConnectEnv } from '../env';
import { publicJwks } from './keys';
import { providerMetadata } from './rules';

/** GET /.well-known/openid-configuration */
export async function discovery(): Promise<Response> {
  return json(providerMetadata());
}

/** GET /.well-known/jwks.json: public keys only, each with kid, alg and use. */
export async function jwks(env: ConnectEnv): Promise<Response> {
  return json(await publicJwks(env.db, now(env)));
}
