// Owns reading a certificate an administrator uploads for an application's client assertions (RFC 7523 §2.2): PEM or
// base64 DER parsed with @peculiar/x509, refused with a precise reason (not a certificate, a private key, outside its
// validity on the world clock, a key the token endpoint cannot check), and its thumbprints and public key.
import './reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { base64url } from 'jose';
import type { IdpConsoleErrorCode } from '../../../../src/contracts/idp-console';
import { fail, ok, type Result } from '../../../../src/domain/errors';
import type { IdpCertificateRow } from '../db';

/** The most a pasted certificate may be (a certificate chain is a few kilobytes). */
export const MAX_CERTIFICATE_LENGTH = 20_000;

export interface ParsedCertificate {
  thumbprint: string;
  sha1: string;
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  keyType: string;
  pem: string;
  publicJwk: JsonWebKey;
}

type CertificateCode = Extract<
  IdpConsoleErrorCode,
  'certificate_invalid' | 'certificate_is_private_key' | 'certificate_expired' | 'certificate_not_yet_valid' | 'certificate_key_unsupported'
>;

const FIELD = 'pem';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

function dateText(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The DER bytes of the first certificate in `text` (PEM, or the base64 a .cer file may hold), or why there are none. */
function derOf(text: string): Result<Uint8Array<ArrayBuffer>, CertificateCode> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('certificate_invalid', 'Paste the certificate (-----BEGIN CERTIFICATE-----…) or choose its file.', FIELD);
  if (/PRIVATE KEY-----/.test(trimmed))
    return fail(
      'certificate_is_private_key',
      'This is a private key: upload only the certificate (-----BEGIN CERTIFICATE-----). Keep the private key with the application.',
      FIELD,
    );
  const block = PEM_BLOCK.exec(trimmed);
  if (block && block[1] !== 'CERTIFICATE')
    return fail(
      'certificate_invalid',
      `This is a ${block[1]!.toLowerCase()}, not a certificate: upload the -----BEGIN CERTIFICATE----- block.`,
      FIELD,
    );
  const body = (block ? block[2]! : trimmed).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body))
    return fail(
      'certificate_invalid',
      'This is not a certificate: upload the PEM (-----BEGIN CERTIFICATE-----) or a .cer/.crt file.',
      FIELD,
    );
  try {
    return ok(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
  } catch {
    return fail('certificate_invalid', 'This is not a certificate: its base64 text is damaged. Copy the whole certificate again.', FIELD);
  }
}

function keyTypeOf(
  algorithm: Algorithm & { modulusLength?: number; namedCurve?: string },
): Result<{ keyType: string; importAs: RsaHashedImportParams | EcKeyImportParams }, CertificateCode> {
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS' || algorithm.name === 'RSA-OAEP') {
    const bits = algorithm.modulusLength ?? 0;
    if (bits < 2048)
      return fail('certificate_key_unsupported', `The certificate's RSA key has ${bits} bits: use a key of at least 2048 bits.`, FIELD);
    return ok({ keyType: `RSA ${bits}`, importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } });
  }
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256')
    return ok({ keyType: 'EC P-256', importAs: { name: 'ECDSA', namedCurve: 'P-256' } });
  const what = algorithm.namedCurve ? `${algorithm.name} ${algorithm.namedCurve}` : algorithm.name;
  return fail(
    'certificate_key_unsupported',
    `The certificate's key is ${what}: use an RSA key (2048 bits or more) or an EC P-256 key.`,
    FIELD,
  );
}

function pemOf(der: Uint8Array<ArrayBuffer>): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Reads and checks an uploaded certificate against world time `now`. */
export async function parseCertificate(text: string, now: number): Promise<Result<ParsedCertificate, CertificateCode>> {
  const der = derOf(text);
  if (!der.ok) return der;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der.value);
  } catch {
    return fail(
      'certificate_invalid',
      'This is not a certificate: upload the PEM (-----BEGIN CERTIFICATE-----) or a .cer/.crt file.',
      FIELD,
    );
  }
  const notBefore = certificate.notBefore.getTime();
  const notAfter = certificate.notAfter.getTime();
  if (notAfter <= now)
    return fail('certificate_expired', `This certificate expired on ${dateText(notAfter)}: upload a current one.`, FIELD);
  if (notBefore > now)
    return fail(
      'certificate_not_yet_valid',
      `This certificate is valid only from ${dateText(notBefore)}: upload one that is valid now.`,
      FIELD,
    );
  const key = keyTypeOf(certificate.publicKey.algorithm);
  if (!key.ok) return key;
  let publicJwk: JsonWebKey;
  try {
    const imported = await crypto.subtle.importKey('spki', certificate.publicKey.rawData, key.value.importAs, true, ['verify']);
    const { kty, n, e, crv, x, y } = await crypto.subtle.exportKey('jwk', imported);
    publicJwk = Object.fromEntries(Object.entries({ kty, n, e, crv, x, y }).filter(([, v]) => v !== undefined)) as JsonWebKey;
  } catch {
    return fail('certificate_key_unsupported', "The certificate's public key cannot be read: use an RSA or EC P-256 key.", FIELD);
  }
  const [sha256, sha1] = await Promise.all([crypto.subtle.digest('SHA-256', der.value), crypto.subtle.digest('SHA-1', der.value)]);
  return ok({
    thumbprint: base64url.encode(new Uint8Array(sha256)),
    sha1: [...new Uint8Array(sha1)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase(),
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore,
    notAfter,
    keyType: key.value.keyType,
    pem: pemOf(der.value),
    publicJwk,
  });
}

/** What the console shows of a stored certificate: its details are read again from the stored PEM. */
export async function describeCertificate(row: IdpCertificateRow): Promise<ParsedCertificate | null> {
  try {
    const certificate = new X509Certificate(row.pem);
    const der = new Uint8Array(certificate.rawData);
    const sha1 = await crypto.subtle.digest('SHA-1', der);
    const key = keyTypeOf(certificate.publicKey.algorithm);
    return {
      thumbprint: row.thumbprint,
      sha1: [...new Uint8Array(sha1)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase(),
      subject: certificate.subject,
      issuer: certificate.issuer,
      notBefore: row.notBefore,
      notAfter: row.notAfter,
      keyType: key.ok ? key.value.keyType : certificate.publicKey.algorithm.name,
      pem: row.pem,
      publicJwk: row.publicJwk,
    };
  } catch {
    return null;
  }
}
