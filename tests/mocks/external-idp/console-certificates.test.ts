// Tests uploading certificates in the admin console: a valid one is kept with its thumbprints, subject and validity,
// and its key verifies the assertions the application signs; an expired, not yet valid, damaged, pasted private key,
// weak or unsupported key, or an already uploaded certificate is refused at the field, with a message that says why.
import { base64url, CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect } from 'vitest';
import {
  IDP_CONSOLE_VIEWS,
  type ConsoleApplication,
  type ConsoleActivity,
  type NewCertificateResponse,
} from '../../../src/contracts/idp-console';
import { DAY } from '../../../src/domain/clock';
import { test } from '../../support/world-test';
import { adminApi, body, expectProblem, idpDb, makeCertificate, origin, signedIn } from './console-support';
import { CLIENT_ID, idpTemplate } from './support';

const it = test.override({ template: idpTemplate('entra') });
const url = adminApi('entra', `applications/${CLIENT_ID}/certificates`);

describe('entra.test admin console: certificates', () => {
  it('keeps a valid certificate with its thumbprints, subject and validity; its key verifies what the application signs', async ({
    world,
  }) => {
    const karin = await signedIn(world, 'entra');
    const { pem, keys } = await makeCertificate(world.now() - DAY, world.now() + 365 * DAY, { name: 'Connect SSO 2027' });
    const response = await karin.api(url, { body: { pem: `\n${pem}\n` } });
    expect(response.status).toBe(201);
    const { certificate, application } = await body<NewCertificateResponse>(response);
    const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    const sha256 = base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', der)));
    expect(certificate).toEqual({
      thumbprint: sha256,
      sha1: expect.stringMatching(/^[0-9A-F]{40}$/),
      subject: 'CN=Connect SSO 2027',
      issuer: 'CN=Connect SSO 2027',
      notBefore: Math.floor((world.now() - DAY) / 1000) * 1000,
      notAfter: Math.floor((world.now() + 365 * DAY) / 1000) * 1000,
      uploadedAt: world.now(),
      keyType: 'RSA 2048',
    });
    expect(application.certificates).toEqual([certificate]);

    // The stored public key is the certificate's: a client assertion signed with the private key verifies against it.
    const db = idpDb(world, 'entra');
    try {
      const stored = (await db.applications.get(CLIENT_ID))!.certificates[0]!;
      expect(stored.publicJwk).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB' });
      const jws = await new CompactSign(new TextEncoder().encode('{"iss":"connect-sso"}'))
        .setProtectedHeader({ alg: 'RS256', kid: sha256 })
        .sign(keys.privateKey);
      const verified = await compactVerify(jws, await importJWK(stored.publicJwk, 'RS256'));
      expect(new TextDecoder().decode(verified.payload)).toBe('{"iss":"connect-sso"}');
      const other = await makeCertificate(world.now() - DAY, world.now() + DAY);
      const forged = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'RS256' }).sign(other.keys.privateKey);
      await expect(compactVerify(forged, await importJWK(stored.publicJwk, 'RS256'))).rejects.toThrow();
    } finally {
      db.close();
    }

    // The page shows it; the activity log names it by its SHA-1 thumbprint, as the console lists it.
    const page = await karin.navigate(`${origin('entra')}/admin/applications/${CLIENT_ID}`);
    expect(page.outcome).toMatchObject({
      kind: 'page',
      page: { view: IDP_CONSOLE_VIEWS.application, data: { application: { certificates: [certificate] } } },
    });
    const { activity } = await body<{ activity: ConsoleActivity[] }>(await karin.api(adminApi('entra', 'activity')));
    expect(activity[0]).toMatchObject({
      action: 'certificate_added',
      target: 'Connect',
      detail: `CN=Connect SSO 2027, thumbprint ${certificate.sha1}`,
    });
  });

  it('takes an EC P-256 certificate, and one as base64 DER the way a .cer file holds it', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const ec = await makeCertificate(world.now() - DAY, world.now() + DAY, { algorithm: { name: 'ECDSA', namedCurve: 'P-256' } });
    const added = await body<NewCertificateResponse>(await karin.api(url, { body: { pem: ec.pem } }));
    expect(added.certificate.keyType).toBe('EC P-256');
    const rsa = await makeCertificate(world.now() - DAY, world.now() + DAY);
    const der = rsa.pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
    const response = await karin.api(url, { body: { pem: der } });
    expect(response.status).toBe(201);
    expect((await body<NewCertificateResponse>(response)).application.certificates).toHaveLength(2);
  });

  it('refuses what is not a valid certificate now, each with its reason at the field, and keeps none of them', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const expired = await makeCertificate(world.now() - 400 * DAY, world.now() - 35 * DAY);
    const future = await makeCertificate(world.now() + 10 * DAY, world.now() + 400 * DAY);
    const weak = await makeCertificate(world.now() - DAY, world.now() + DAY, {
      algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 1024 },
    });
    const p384 = await makeCertificate(world.now() - DAY, world.now() + DAY, { algorithm: { name: 'ECDSA', namedCurve: 'P-384' } });
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', expired.keys.privateKey));
    const privatePem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8))}\n-----END PRIVATE KEY-----\n`;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const cases: Array<[string, string, RegExp]> = [
      ['', 'certificate_invalid', /Paste the certificate/],
      ['hello, this is not a certificate', 'certificate_invalid', /This is not a certificate/],
      ['-----BEGIN CERTIFICATE-----\nQUJDREVGRw==\n-----END CERTIFICATE-----', 'certificate_invalid', /This is not a certificate/],
      ['-----BEGIN PUBLIC KEY-----\nQUJD\n-----END PUBLIC KEY-----', 'certificate_invalid', /This is a public key, not a certificate/],
      [privatePem, 'certificate_is_private_key', /^This is a private key: upload only the certificate/],
      [`${privatePem}${expired.pem}`, 'certificate_is_private_key', /^This is a private key/],
      [expired.pem, 'certificate_expired', new RegExp(`expired on ${day(world.now() - 35 * DAY)}`)],
      [future.pem, 'certificate_not_yet_valid', new RegExp(`valid only from ${day(world.now() + 10 * DAY)}`)],
      [weak.pem, 'certificate_key_unsupported', /1024 bits: use a key of at least 2048 bits/],
      [p384.pem, 'certificate_key_unsupported', /ECDSA P-384: use an RSA key/],
    ];
    for (const [pem, code, message] of cases)
      expect((await expectProblem(await karin.api(url, { body: { pem } }), 400, code, 'pem')).message, code).toMatch(message);
    await expectProblem(await karin.api(url, { body: { pem: 'A'.repeat(20_001) } }), 400, 'invalid_request', 'pem');
    const app = await body<ConsoleApplication>(await karin.api(adminApi('entra', `applications/${CLIENT_ID}`)));
    expect(app.certificates).toEqual([]);
  });

  it('refuses the same certificate twice, and deletes one by its thumbprint', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const { pem } = await makeCertificate(world.now() - DAY, world.now() + DAY);
    const first = await body<NewCertificateResponse>(await karin.api(url, { body: { pem } }));
    const again = await expectProblem(await karin.api(url, { body: { pem } }), 409, 'certificate_duplicate', 'pem');
    expect(again.message).toContain(`thumbprint ${first.certificate.sha1}) is already uploaded to Connect`);
    const one = `${url}/${first.certificate.thumbprint}`;
    expect((await karin.api(one, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await karin.api(one, { method: 'DELETE' }), 404, 'not_found');
    expect((await karin.api(url, { body: { pem } })).status).toBe(201);
  });
});
