// Owns the sandbox authenticator: a software passkey authenticator for machines without one (or when the trainer picks
// it), so a demo never waits on hardware. It does what a browser and a platform authenticator do together (WebAuthn L3
// §5.1.3 and §5.1.4 on the client, §6.3.2 and §6.3.3 on the authenticator): ES256 keys from WebCrypto, discoverable
// credentials kept with the persona's devices, authenticator data with the RP ID hash, flags, signature counter and
// AAGUID, a CBOR attestation object of format "none", and clientDataJSON with the page's real origin. Connect verifies
// its answers with the same code as any real authenticator's.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { SANDBOX_AUTHENTICATOR_AAGUID } from '../../contracts/connect-passkeys';
import type { SandboxCredential } from '../../contracts/simulation';
import { fromBase64Url, toBase64Url } from '../../domain/base64url';
import type { AuthenticatorResult, PasskeyAuthenticator } from './authenticator';
import { encodeCbor, type CborValue } from './cbor';

/** Where the sandbox's credentials are kept: the persona's devices, saved so they survive a reload. */
export interface SandboxCredentialStore {
  list(): readonly SandboxCredential[];
  replace(credentials: SandboxCredential[]): Promise<void>;
}

export interface SandboxAuthenticatorOptions {
  /** The page's real origin, as a browser writes it into clientDataJSON (e.g. http://localhost:4173). */
  origin: string;
  /**
   * Whether it verifies the user (the UV flag), as a platform authenticator does with a fingerprint or PIN. Off, it
   * answers with user presence only even when user verification is required, as a faulty client would: the relying
   * party must be the one to refuse (QA scenarios and tests use it).
   */
  verifiesUser?: boolean;
  /**
   * Answers as a browser does inside a frame of another site (WebAuthn L3 §5.8.1 `crossOrigin`, and `topOrigin` when
   * given; some browsers leave it out). The relying party must refuse what it never embeds (QA scenarios and tests).
   */
  crossOrigin?: { topOrigin?: string };
}

/** WebAuthn L3 §6.1 flags. */
const FLAG = { UP: 0x01, UV: 0x04, AT: 0x40 } as const;
/** COSE (RFC 9053 §2.1, RFC 9052 §7): ES256 is -7; an EC2 key on P-256. */
const ES256 = -7;
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, EC2: 2, P256: 1 } as const;

export class SandboxAuthenticator implements PasskeyAuthenticator {
  readonly kind = 'sandbox' as const;
  readonly #store: SandboxCredentialStore;
  readonly #origin: URL;
  readonly #verifiesUser: boolean;
  readonly #crossOrigin: { topOrigin?: string } | undefined;

  constructor(store: SandboxCredentialStore, options: SandboxAuthenticatorOptions) {
    this.#store = store;
    this.#origin = new URL(options.origin);
    this.#verifiesUser = options.verifiesUser ?? true;
    this.#crossOrigin = options.crossOrigin;
  }

  async create(options: PublicKeyCredentialCreationOptionsJSON): Promise<AuthenticatorResult<RegistrationResponseJSON>> {
    const rpId = options.rp.id ?? this.#origin.hostname;
    const refused = this.#checkRpId(rpId);
    if (refused) return refused;
    // §5.1.3 step 10: only the algorithms offered; this authenticator makes ES256 keys alone.
    if (!options.pubKeyCredParams.some((p) => p.type === 'public-key' && p.alg === ES256)) {
      return {
        ok: false,
        code: 'unsupported',
        message: 'The sandbox authenticator makes ES256 keys only, and the site did not offer ES256 (-7).',
      };
    }
    // §6.3.2 step 3: an excluded credential held here means this authenticator is registered already (InvalidStateError).
    const held = this.#store.list().filter((c) => c.rpId === rpId);
    if ((options.excludeCredentials ?? []).some((d) => held.some((c) => c.id === d.id))) {
      return { ok: false, code: 'already_registered', message: 'The sandbox authenticator already holds a passkey for this account.' };
    }

    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const privateKey = await crypto.subtle.exportKey('jwk', keys.privateKey);
    const x = fromBase64Url(privateKey.x!);
    const y = fromBase64Url(privateKey.y!);
    // The credential ID is the digest of the public key: unique, and no random source of its own to seed.
    const credentialId = new Uint8Array(await crypto.subtle.digest('SHA-256', concat(Uint8Array.of(0x04), x, y)));
    const cosePublicKey = encodeCbor(
      new Map<number, number | Uint8Array>([
        [COSE.kty, COSE.EC2],
        [COSE.alg, ES256],
        [COSE.crv, COSE.P256],
        [COSE.x, x],
        [COSE.y, y],
      ]),
    );
    // §6.5.1: attested credential data = AAGUID (16) | credentialIdLength (2, big-endian) | credentialId | public key.
    const attestedCredentialData = concat(
      aaguidBytes(SANDBOX_AUTHENTICATOR_AAGUID),
      uint16(credentialId.length),
      credentialId,
      cosePublicKey,
    );
    const authenticatorData = concat(await sha256(rpId), Uint8Array.of(this.#flags() | FLAG.AT), uint32(0), attestedCredentialData);
    // §8.7: the "none" attestation statement format is an empty map.
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authenticatorData],
      ]),
    );
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge);

    const id = toBase64Url(credentialId);
    const credential: SandboxCredential = {
      id,
      rpId,
      userHandle: options.user.id,
      userName: options.user.name,
      userDisplayName: options.user.displayName,
      privateKey,
      signCount: 0,
    };
    // §6.3.2 step 7: a new discoverable credential replaces one for the same RP ID and user handle.
    await this.#store.replace([
      ...this.#store.list().filter((c) => !(c.rpId === rpId && c.userHandle === credential.userHandle)),
      credential,
    ]);

    const spki = await crypto.subtle.exportKey('spki', keys.publicKey);
    return {
      ok: true,
      response: {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: toBase64Url(clientDataJSON),
          attestationObject: toBase64Url(attestationObject),
          authenticatorData: toBase64Url(authenticatorData),
          transports: ['internal'],
          publicKeyAlgorithm: ES256,
          publicKey: toBase64Url(spki),
        },
        clientExtensionResults: { credProps: { rk: true } },
        authenticatorAttachment: 'platform',
      },
    };
  }

  async get(options: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticatorResult<AuthenticationResponseJSON>> {
    const rpId = options.rpId ?? this.#origin.hostname;
    const refused = this.#checkRpId(rpId);
    if (refused) return refused;
    // §6.3.3 step 6: the allowed credentials held here, or every discoverable one for the RP ID. A browser would let
    // the person choose among several; the sandbox takes the newest.
    const allowed = options.allowCredentials ?? [];
    const candidates = this.#store.list().filter((c) => c.rpId === rpId && (allowed.length === 0 || allowed.some((d) => d.id === c.id)));
    const credential = candidates.at(-1);
    if (!credential) return { ok: false, code: 'no_passkey', message: `The sandbox authenticator holds no passkey for ${rpId}.` };

    // §6.3.3 step 9: the counter grows with every assertion, stored before the answer leaves, as a device would.
    const signCount = credential.signCount + 1;
    await this.#store.replace(this.#store.list().map((c) => (c.id === credential.id ? { ...c, signCount } : c)));

    const authenticatorData = concat(await sha256(rpId), Uint8Array.of(this.#flags()), uint32(signCount));
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge);
    // §6.3.3 step 11: the signature over authenticatorData ‖ SHA-256(clientDataJSON), ASN.1 DER for ES256 (§6.5.5).
    const key = await crypto.subtle.importKey('jwk', credential.privateKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const clientDataHash = new Uint8Array(await crypto.subtle.digest('SHA-256', clientDataJSON));
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, concat(authenticatorData, clientDataHash)),
    );
    return {
      ok: true,
      response: {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: {
          clientDataJSON: toBase64Url(clientDataJSON),
          authenticatorData: toBase64Url(authenticatorData),
          signature: toBase64Url(derSignature(raw)),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      },
    };
  }

  /**
   * §5.1.3 step 8 / §5.1.4.1 step 7: the RP ID must be the page's host or a registrable suffix of it; a browser throws
   * SecurityError otherwise (rp.id "connect.test" on a page at localhost does).
   */
  #checkRpId(rpId: string): { ok: false; code: 'failed'; message: string } | null {
    const host = this.#origin.hostname;
    if (rpId === host || host.endsWith(`.${rpId}`)) return null;
    return {
      ok: false,
      code: 'failed',
      message: `The RP ID ${rpId} is not this page's host (${host}): a browser refuses it with a SecurityError.`,
    };
  }

  #flags(): number {
    return FLAG.UP | (this.#verifiesUser ? FLAG.UV : 0);
  }

  /** §5.8.1.1: the members in the order browsers serialize them. */
  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): Uint8Array<ArrayBuffer> {
    const frame = this.#crossOrigin
      ? { crossOrigin: true, ...(this.#crossOrigin.topOrigin ? { topOrigin: this.#crossOrigin.topOrigin } : {}) }
      : { crossOrigin: false };
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin: this.#origin.origin, ...frame }));
  }
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint16(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

function aaguidBytes(uuid: string): Uint8Array {
  return Uint8Array.from(uuid.replace(/-/g, '').match(/../g)!, (h) => parseInt(h, 16));
}

/** WebCrypto signs ECDSA as r ‖ s (IEEE P1363); WebAuthn wants SEQUENCE { INTEGER r, INTEGER s } in DER (RFC 3279 §2.2.3). */
export function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.slice(start);
    // A leading 1 bit would read as negative: DER puts a zero byte before it.
    const value = trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed;
    return concat(Uint8Array.of(0x02, value.length), value);
  };
  const half = raw.length / 2;
  const body = concat(integer(raw.slice(0, half)), integer(raw.slice(half)));
  return concat(Uint8Array.of(0x30, body.length), body);
}
