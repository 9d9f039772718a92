// Tests the sandbox authenticator's answers byte by byte against WebAuthn L3 (§5.8.1 client data, §6.1 authenticator
// data, §6.5 attestation, §6.3.3 assertion signatures), read back with @simplewebauthn/server's decoders and checked
// with Node's own ECDSA, and what a browser would refuse.
import { createVerify } from 'node:crypto';
import { decodeAttestationObject, decodeCredentialPublicKey, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../../../../src/contracts/connect-passkeys';
import { SANDBOX_AUTHENTICATOR_AAGUID } from '../../../../src/contracts/connect-passkeys';
import { fromBase64Url, toBase64Url } from '../../../../src/domain/base64url';
import { derSignature } from '../../../../src/platform/webauthn/sandbox-authenticator';
import { answered, MemoryCredentialStore, sandbox } from '../../../mocks/connect/passkeys-support';

const ORIGIN = 'http://localhost:4173';
const CHALLENGE = toBase64Url(Uint8Array.from({ length: 32 }, (_, i) => i));

function creation(overrides: Partial<PublicKeyCredentialCreationOptionsJSON> = {}): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: 'localhost', name: 'Connect' },
    user: { id: toBase64Url(new TextEncoder().encode('acc_1')), name: 'anna@company.com', displayName: 'Anna' },
    challenge: CHALLENGE,
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...overrides,
  };
}

function request(overrides: Partial<PublicKeyCredentialRequestOptionsJSON> = {}): PublicKeyCredentialRequestOptionsJSON {
  return { challenge: CHALLENGE, rpId: 'localhost', userVerification: 'required', ...overrides };
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

describe('SandboxAuthenticator.create', () => {
  it('answers a "none" attestation with the RP ID hash, UP, UV and AT flags, counter 0, its AAGUID and an ES256 COSE key', async () => {
    const { authenticator, store } = sandbox({ origin: ORIGIN });
    const response = answered(await authenticator.create(creation()));

    expect(new TextDecoder().decode(fromBase64Url(response.response.clientDataJSON))).toBe(
      `{"type":"webauthn.create","challenge":"${CHALLENGE}","origin":"${ORIGIN}","crossOrigin":false}`,
    );
    const attestation = decodeAttestationObject(fromBase64Url(response.response.attestationObject));
    expect(attestation.get('fmt')).toBe('none');
    expect(attestation.get('attStmt').size).toBe(0);
    const authData = parseAuthenticatorData(attestation.get('authData'));
    expect(hex(authData.rpIdHash)).toBe(hex(await sha256(new TextEncoder().encode('localhost'))));
    expect(authData.flags).toMatchObject({ up: true, uv: true, at: true, be: false, bs: false, ed: false, flagsInt: 0x45 });
    expect(authData.counter).toBe(0);
    expect(hex(authData.aaguid!)).toBe(SANDBOX_AUTHENTICATOR_AAGUID.replace(/-/g, ''));
    expect(toBase64Url(authData.credentialID!)).toBe(response.id);
    // COSE (RFC 9053): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x and y of 32 bytes.
    const coseKey = decodeCredentialPublicKey(authData.credentialPublicKey!) as unknown as Map<number, unknown>;
    expect([
      coseKey.get(1),
      coseKey.get(3),
      coseKey.get(-1),
      (coseKey.get(-2) as Uint8Array).length,
      (coseKey.get(-3) as Uint8Array).length,
    ]).toEqual([2, -7, 1, 32, 32]);

    expect(response).toMatchObject({
      rawId: response.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
    });
    expect(store.credentials).toEqual([
      expect.objectContaining({ id: response.id, rpId: 'localhost', userName: 'anna@company.com', signCount: 0 }),
    ]);
  });

  it('refuses an RP ID that is not the page’s host, as a browser does with SecurityError, and accepts a registrable suffix', async () => {
    const { authenticator } = sandbox({ origin: ORIGIN });
    expect(await authenticator.create(creation({ rp: { id: 'connect.test', name: 'Connect' } }))).toEqual({
      ok: false,
      code: 'failed',
      message: "The RP ID connect.test is not this page's host (localhost): a browser refuses it with a SecurityError.",
    });
    const onSubdomain = sandbox({ origin: 'https://login.rehearsal.example' }).authenticator;
    expect((await onSubdomain.create(creation({ rp: { id: 'rehearsal.example', name: 'Connect' } }))).ok).toBe(true);
  });

  it('makes ES256 keys only, and says so when the site does not offer ES256', async () => {
    const { authenticator } = sandbox({ origin: ORIGIN });
    expect(await authenticator.create(creation({ pubKeyCredParams: [{ type: 'public-key', alg: -257 }] }))).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
  });

  it('refuses to register again when it holds an excluded credential, and replaces its credential for the same user otherwise', async () => {
    const { authenticator, store } = sandbox({ origin: ORIGIN });
    const first = answered(await authenticator.create(creation()));
    expect(await authenticator.create(creation({ excludeCredentials: [{ id: first.id, type: 'public-key' }] }))).toMatchObject({
      ok: false,
      code: 'already_registered',
    });
    const second = answered(await authenticator.create(creation()));
    expect(store.credentials.map((c) => c.id)).toEqual([second.id]);
  });
});

describe('SandboxAuthenticator.get', () => {
  it('signs authenticatorData ‖ SHA-256(clientDataJSON) in DER with the credential’s key, and counts up, stored before it answers', async () => {
    const { authenticator, store } = sandbox({ origin: ORIGIN });
    const registration = answered(await authenticator.create(creation()));
    const first = answered(await authenticator.get(request()));
    expect(store.credentials[0]!.signCount).toBe(1);
    const second = answered(await authenticator.get(request()));
    expect(store.credentials[0]!.signCount).toBe(2);

    const authData = fromBase64Url(second.response.authenticatorData);
    expect(parseAuthenticatorData(authData)).toMatchObject({ counter: 2, flags: { up: true, uv: true, at: false, flagsInt: 0x05 } });
    const clientData = fromBase64Url(second.response.clientDataJSON);
    expect(JSON.parse(new TextDecoder().decode(clientData))).toEqual({
      type: 'webauthn.get',
      challenge: CHALLENGE,
      origin: ORIGIN,
      crossOrigin: false,
    });
    expect(second.response.userHandle).toBe(creation().user.id);
    expect(first.id).toBe(registration.id);

    // Node's ECDSA, with the public key as SPKI from the registration, is the independent check.
    const verifier = createVerify('sha256');
    verifier.update(Buffer.concat([authData, await sha256(clientData)]));
    const spki = {
      key: Buffer.from(fromBase64Url(registration.response.publicKey!)),
      format: 'der' as const,
      type: 'spki' as const,
      dsaEncoding: 'der' as const,
    };
    expect(verifier.verify(spki, Buffer.from(fromBase64Url(second.response.signature)))).toBe(true);
  });

  it('answers only for a credential it holds: allowCredentials filters, and nothing for the RP ID is no_passkey', async () => {
    const store = new MemoryCredentialStore();
    const { authenticator } = sandbox({ store, origin: ORIGIN });
    expect(await authenticator.get(request())).toEqual({
      ok: false,
      code: 'no_passkey',
      message: 'The sandbox authenticator holds no passkey for localhost.',
    });
    const registration = answered(await authenticator.create(creation()));
    expect(await authenticator.get(request({ allowCredentials: [{ id: 'AAAA', type: 'public-key' }] }))).toMatchObject({
      ok: false,
      code: 'no_passkey',
    });
    expect(answered(await authenticator.get(request({ allowCredentials: [{ id: registration.id, type: 'public-key' }] }))).id).toBe(
      registration.id,
    );
  });

  it('without user verification, answers with the UP flag alone, for the relying party to judge', async () => {
    const { authenticator, store } = sandbox({ origin: ORIGIN });
    answered(await authenticator.create(creation()));
    const presenceOnly = sandbox({ store, origin: ORIGIN, verifiesUser: false }).authenticator;
    const response = answered(await presenceOnly.get(request()));
    expect(parseAuthenticatorData(fromBase64Url(response.response.authenticatorData)).flags).toMatchObject({ up: true, uv: false });
  });
});

describe('derSignature', () => {
  it('encodes r and s as DER INTEGERs: leading zeros dropped, a zero byte before a high bit', () => {
    const r = new Uint8Array(32).fill(0x11);
    r[0] = 0x80;
    const s = new Uint8Array(32).fill(0x22);
    s[0] = 0x00;
    s[1] = 0x00;
    const der = derSignature(new Uint8Array([...r, ...s]));
    expect(hex(der)).toBe('3043' + '0221' + '00' + hex(r) + '021e' + hex(s.slice(2)));
  });
});
