// Owns Connect's own certificate for an identity provider: a new RSA key pair and a self-signed X.509 certificate of its
// public key, which the IT persona uploads to the provider's app registration so Connect can authenticate at the token
// endpoint with a signed assertion (private_key_jwt, RFC 7523 §2.2) whose header names it (`x5t#S256`, RFC 7515 §4.1.8).
import '../passkeys/reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { SsoCredential } from '../db';

const KEY_ALGORITHM: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `years` later on the calendar (29 February becomes 1 March), in UTC. */
export function yearsAfter(at: number, years: number): number {
  const date = new Date(at);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
}

/**
 * A key pair and its certificate, valid from `notBefore` (world time) for `years`. The serial number and `kid` come
 * from the workspace's seeded stream; the key itself is real WebCrypto, never seeded.
 */
export async function makeCredential(options: {
  organisation: string;
  notBefore: number;
  years: number;
  serialHex: string;
  kid: string;
}): Promise<SsoCredential> {
  const keys = (await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = yearsAfter(options.notBefore, options.years);
  // RFC 5280 §4.1.2.2: a positive serial number; a leading 01 keeps the DER integer positive.
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${options.serialHex}`,
    name: [{ CN: ['Connect single sign-on'] }, { O: [options.organisation] }],
    notBefore: new Date(options.notBefore),
    notAfter: new Date(notAfter),
    signingAlgorithm: KEY_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  // The JWKs carry their `kid` (RFC 7517 §4.5), which WebCrypto's JsonWebKey type does not name.
  const named = { kid: options.kid, alg: 'RS256' };
  const privateJwk: JsonWebKey = { ...(await crypto.subtle.exportKey('jwk', keys.privateKey)), ...named };
  const publicJwk: JsonWebKey = { ...(await crypto.subtle.exportKey('jwk', keys.publicKey)), ...named };
  return {
    kid: options.kid,
    privateJwk,
    publicJwk,
    certificatePem: certificate.toString('pem'),
    thumbprint: base64url(await certificate.getThumbprint('SHA-256')),
    notBefore: options.notBefore,
    notAfter,
  };
}

/** The file name the certificate downloads under: the provider's name, safe in any file system. */
export function certificateFileName(providerName: string): string {
  const safe = providerName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `connect-${safe || 'identity-provider'}.pem`;
}
