// Owns Connect's signing keys: one RS256 and one ES256 key pair in Connect's database, through the shared provider
// core's key store (made on first use, published as a JWK Set, used to sign and check Connect's JWTs).
import type { JSONWebKeySet, JWTPayload, JWTVerifyResult } from 'jose';
import {
  publicJwks as corePublicJwks,
  signJwt as coreSignJwt,
  signingKeys as coreSigningKeys,
  verifyOwnJwt as coreVerifyOwnJwt,
  verifyOwnSignature as coreVerifyOwnSignature,
  type KeyStore,
} from '../../../shared/oidc-provider';
import type { ConnectDb, SigningAlg, SigningKeyRow } from '../db';
import { SIGNING_ALGS } from './rules';

function store(db: ConnectDb): KeyStore {
  return { table: db.signingKeys, algs: SIGNING_ALGS };
}

/** The keys, made on first use (docs/decisions/signing-keys-are-real-webcrypto-keys-made-on-first.md). */
export function signingKeys(db: ConnectDb, at: number): Promise<SigningKeyRow[]> {
  return coreSigningKeys(store(db), at);
}

/** The public half of every key, with its kid, alg and use (RFC 7517 §4). */
export function publicJwks(db: ConnectDb, at: number): Promise<JSONWebKeySet> {
  return corePublicJwks(store(db), at);
}

/** Signs `claims` with the key for `alg`; `typ` is explicit (RFC 8725 §3.11): "JWT" for ID tokens, "at+jwt" for access tokens. */
export function signJwt(db: ConnectDb, at: number, alg: SigningAlg, typ: 'JWT' | 'at+jwt', claims: JWTPayload): Promise<string> {
  return coreSignJwt(store(db), at, alg, typ, claims);
}

/** Checks a JWT Connect signed at world time `at`. Throws jose's errors. */
export function verifyOwnJwt(
  db: ConnectDb,
  at: number,
  token: string,
  expected: { issuer: string; audience: string; typ: 'JWT' | 'at+jwt'; algorithms: readonly SigningAlg[] },
): Promise<JWTVerifyResult> {
  return coreVerifyOwnJwt(store(db), at, token, expected);
}

/** Checks only that Connect signed `token` (an expired id_token_hint still names its client). */
export function verifyOwnSignature(db: ConnectDb, at: number, token: string): Promise<{ typ: string | undefined; claims: JWTPayload }> {
  return coreVerifyOwnSignature(store(db), at, token);
}
