// Owns what the admin console tests share: a browser signed in at a provider as a user of its directory (the
// provider's own session, as its login page leaves it), the console's API URLs, and certificates made for a test.
import '../../../mocks/shared/external-idp/console/reflect-metadata';
import * as x509 from '@peculiar/x509';
import { vi, type Mock } from 'vitest';
import type { Table } from 'dexie';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { PROVIDER_SESSION_COOKIE } from '../../../mocks/shared/external-idp/console/session';
import { ORIGINS } from '../../../src/contracts/origins';
import { HOUR } from '../../../src/domain/clock';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { type IdpName, USERS } from './support';

export { body, expectProblem } from '../../support/api';

export function origin(idp: IdpName): string {
  return ORIGINS[idp];
}

/** The console API path under the provider's origin: `api(idp, 'applications')` → https://entra.test/api/admin/applications. */
export function adminApi(idp: IdpName, path: string): string {
  return `${ORIGINS[idp]}/api/admin/${path}`;
}

/** A browser signed in at `idp` as `who` (Karin administers the directory; the others do not). */
export async function signedIn(
  world: TestWorld,
  idp: IdpName,
  who: keyof typeof USERS = 'karin',
  name: string = who,
): Promise<TestBrowser> {
  const db = new ExternalIdpDb(world.workspace.id, idp);
  try {
    const user = (await db.users.where('username').equals(USERS[who].username).first())!;
    const id = `session-${name}-${world.now()}`;
    await db.sessions.put({
      id,
      userId: user.id,
      authTime: world.now(),
      amr: ['pwd'],
      createdAt: world.now(),
      expiresAt: world.now() + 8 * HOUR,
    });
    const browser = world.browser(name);
    browser.jar.apply(ORIGINS[idp], [{ name: PROVIDER_SESSION_COOKIE, value: id, path: '/', maxAge: 8 * 3600 }], world.now());
    return browser;
  } finally {
    db.close();
  }
}

export function idpDb(world: TestWorld, idp: IdpName): ExternalIdpDb {
  return new ExternalIdpDb(world.workspace.id, idp);
}

export const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/** A self-signed certificate (and its key pair) valid from `notBefore` to `notAfter`, as an IT admin makes one. */
export async function makeCertificate(
  notBefore: number,
  notAfter: number,
  options: { algorithm?: RsaHashedKeyGenParams | EcKeyGenParams; name?: string } = {},
): Promise<{ pem: string; keys: CryptoKeyPair }> {
  const algorithm = options.algorithm ?? RSA;
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signingAlgorithm = algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${options.name ?? 'Connect SSO'}`,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    signingAlgorithm,
    keys,
  });
  return { pem: certificate.toString('pem'), keys };
}

type Write = 'add' | 'put' | 'bulkAdd' | 'bulkPut' | 'delete';

/** Makes every write to `idp`'s database fail as a full disk does in Chromium; other databases write as usual. */
export function fillStorage(world: TestWorld, idp: IdpName): Mock[] {
  const db = new ExternalIdpDb(world.workspace.id, idp);
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.users)) as Record<Write, (...args: unknown[]) => unknown>;
  db.close();
  const name = db.name;
  return (['add', 'put', 'bulkAdd', 'bulkPut', 'delete'] as const).map((method) => {
    const original = prototype[method];
    return vi.spyOn(prototype, method).mockImplementation(function (this: Table, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  });
}
