// Owns an OpenID provider's signing keys, for any provider of the simulation over its own Dexie table: one key pair per
// algorithm, made with WebCrypto (through jose) on first use and kept as JWKs in the provider's database, published as
// a JWK Set (RFC 7517 §5), and used to sign and check the provider's JWTs.
//
// Real keys cannot come from the seeded random: WebCrypto generates them from the platform's own randomness, so two
// workspaces made from the same seed have different keys, kids and signatures
// (docs/decisions/signing-keys-are-real-webcrypto-keys-made-on-first.md). Everything else a token carries is seeded.
import type { EntityTable } from 'dexie';
import {
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyResult,
} from 'jose';

export type SigningAlg = 'RS256' | 'ES256';

export interface SigningKeyRow {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  alg: SigningAlg;
  publicJwk: JsonWebKey;
  /** The sandbox protects no real secret: the private key is kept as a JWK in the workspace's database. */
  privateJwk: JsonWebKey;
  createdAt: number;
}

/** A provider's key table and the algorithms it keeps one key for. */
export interface KeyStore {
  table: EntityTable<SigningKeyRow, 'kid'>;
  algs: readonly SigningAlg[];
}

async function generateSigningKey(alg: SigningAlg, at: number): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, alg, publicJwk: publicJwk as JsonWebKey, privateJwk: (await exportJWK(privateKey)) as JsonWebKey, createdAt: at };
}

/**
 * The keys, made on first use: an RSA pair costs 150–300 ms, which every workspace creation and reset would pay
 * although most never sign a token (docs/decisions/signing-keys-are-real-webcrypto-keys-made-on-first.md). Requests
 * arriving while the pairs are made wait for the same ones.
 */
export async function signingKeys(store: KeyStore, at: number): Promise<SigningKeyRow[]> {
  const stored = await store.table.toArray();
  if (store.algs.every((alg) => stored.some((k) => k.alg === alg))) return stored;
  let making = inFlight.get(store.table);
  if (!making) {
    making = makeMissingKeys(store, at).finally(() => inFlight.delete(store.table));
    inFlight.set(store.table, making);
  }
  return making;
}

const inFlight = new WeakMap<object, Promise<SigningKeyRow[]>>();

/** Generated outside the transaction (WebCrypto awaits would commit it); an algorithm that has a key keeps it. */
async function makeMissingKeys(store: KeyStore, at: number): Promise<SigningKeyRow[]> {
  const { table } = store;
  const stored = await table.toArray();
  const missing = store.algs.filter((alg) => !stored.some((k) => k.alg === alg));
  const fresh = await Promise.all(missing.map((alg) => generateSigningKey(alg, at)));
  return table.db.transaction('rw', table, async () => {
    for (const key of fresh) if ((await table.where('alg').equals(key.alg).count()) === 0) await table.add(key);
    return table.toArray();
  });
}

/** The public half of every key, with its kid, alg and use (RFC 7517 §4). */
export async function publicJwks(store: KeyStore, at: number): Promise<JSONWebKeySet> {
  const keys = await signingKeys(store, at);
  return { keys: keys.map((k) => ({ ...(k.publicJwk as JWK), kid: k.kid, alg: k.alg, use: 'sig' })) };
}

/** Signs `claims` with the key for `alg`; `typ` is explicit (RFC 8725 §3.11): "JWT" for ID tokens, "at+jwt" for access tokens. */
export async function signJwt(store: KeyStore, at: number, alg: SigningAlg, typ: 'JWT' | 'at+jwt', claims: JWTPayload): Promise<string> {
  const key = (await signingKeys(store, at)).find((k) => k.alg === alg)!;
  const privateKey = await importJWK(key.privateJwk as JWK, alg);
  return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, typ }).sign(privateKey);
}

/**
 * Checks a JWT the provider signed: signature against the published keys, issuer, audience, `typ`, and expiry at world
 * time `at` (jose would otherwise read the real clock). Throws jose's errors.
 */
export async function verifyOwnJwt(
  store: KeyStore,
  at: number,
  token: string,
  expected: { issuer: string; audience: string; typ: 'JWT' | 'at+jwt'; algorithms: readonly SigningAlg[] },
): Promise<JWTVerifyResult> {
  const jwks = createLocalJWKSet(await publicJwks(store, at));
  return jwtVerify(token, jwks, {
    issuer: expected.issuer,
    audience: expected.audience,
    typ: expected.typ,
    algorithms: [...expected.algorithms],
    currentDate: new Date(at),
  });
}

/**
 * Checks only that the provider signed `token` and returns its header and claims, whatever its expiry: an end-session
 * request's id_token_hint may be expired (OIDC RP-Initiated Logout §2). Throws when the signature does not hold.
 */
export async function verifyOwnSignature(
  store: KeyStore,
  at: number,
  token: string,
): Promise<{ typ: string | undefined; claims: JWTPayload }> {
  const jwks = createLocalJWKSet(await publicJwks(store, at));
  const { payload, protectedHeader } = await compactVerify(token, jwks, { algorithms: [...store.algs] });
  const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new TypeError('The JWT claims are not an object');
  return { typ: protectedHeader.typ, claims: claims as JWTPayload };
}
