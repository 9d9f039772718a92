// Owns the wire of Connect's passkeys (WebAuthn Level 3; R21: "biometric authentication methods like Face ID and
// Touch ID"): registering one in account settings, signing in without a password, removing one, and the record of
// each ceremony that the developer x-ray shows.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { CONNECT_API } from './connect-api';
import { pathOf } from './endpoint';

export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
};

/**
 * The AAGUID of the workspace's sandbox authenticator (src/platform/webauthn): Connect names its passkeys by it, as
 * relying parties name real ones from the published list of passkey providers' AAGUIDs.
 */
export const SANDBOX_AUTHENTICATOR_AAGUID = '09dc63b3-a63c-4cfa-8c85-dd5e3f7c7405';

/**
 * WebAuthn L3 §5.1.3 step 20 (excludeCredentials): the words for an authenticator that already holds a passkey for the
 * account, whether the authenticator says so (InvalidStateError) or Connect finds the credential registered already.
 */
export const PASSKEY_ALREADY_REGISTERED =
  'This authenticator already has a passkey for your account. Use it to sign in, or remove its passkey from the list above to register it again.';

/**
 * The passkey endpoints' paths, read from Connect's table (CONNECT_API), for code that writes a request by hand (tests, the
 * scenario recorder). The second step's two are served by the second step's server code.
 */
export const PASSKEY_API = {
  list: CONNECT_API.listPasskeys.path,
  registrationOptions: CONNECT_API.registrationOptions.path,
  registration: CONNECT_API.registerPasskey.path,
  authenticationOptions: CONNECT_API.authenticationOptions.path,
  authentication: CONNECT_API.authenticateWithPasskey.path,
  ceremonies: CONNECT_API.passkeyCeremonies.path,
  secondFactorOptions: CONNECT_API.passkeySecondFactorOptions.path,
  secondFactor: CONNECT_API.passkeySecondFactor.path,
} as const;

/** The path that removes one of the signed-in account's passkeys. */
export function passkeyPath(id: string): string {
  return pathOf(CONNECT_API.removePasskey, { id });
}

/** A passkey as account settings show it. */
export interface PasskeyView {
  /** The credential ID, base64url (WebAuthn L3 §4 "Credential ID"). */
  id: string;
  /** "Sandbox authenticator", or "Passkey" for an authenticator Connect cannot name. */
  name: string;
  /** The authenticator's AAGUID (all zeros when it keeps it to itself). */
  aaguid: string;
  /** WebAuthn L3 §6.1.3: a backup-eligible credential is a synced ("multi-device") passkey. */
  synced: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface PasskeyListResponse {
  passkeys: PasskeyView[];
}

/**
 * Options for one ceremony: what the page hands the authenticator (`publicKey`), and the ceremony they belong to, which
 * the page sends back with the answer. The challenge inside is single use and expires after five minutes of world time.
 */
export interface PasskeyCreationOptions {
  ceremonyId: string;
  publicKey: PublicKeyCredentialCreationOptionsJSON;
}

export interface PasskeyRequestOptions {
  ceremonyId: string;
  publicKey: PublicKeyCredentialRequestOptionsJSON;
}

export interface PasskeyRegistrationRequest {
  ceremonyId: string;
  response: RegistrationResponseJSON;
}

export interface PasskeyAuthenticationRequest {
  ceremonyId: string;
  response: AuthenticationResponseJSON;
}

/** PASSKEY_API.secondFactor's body: the answer, and the step's "Remember this device for 30 days". */
export interface PasskeySecondFactorRequest extends PasskeyAuthenticationRequest {
  rememberDevice?: boolean;
}

/** Every code a passkey endpoint answers with, beside Connect's common ones. */
export type PasskeyErrorCode =
  /** The page's real origin is unknown to Connect (a run without a page): WebAuthn cannot work. */
  | 'passkeys_unavailable'
  /** No such ceremony, or one another browser started. */
  | 'ceremony_unknown'
  /** Its challenge is older than five minutes of world time. */
  | 'ceremony_expired'
  /** Its challenge was answered once already (successfully or not). */
  | 'ceremony_used'
  /** The credential is registered already (WebAuthn L3 §7.1 step 26). */
  | 'passkey_already_registered'
  /** The credential is not one of Connect's (or not the expected account's). */
  | 'passkey_unknown'
  /** The account has no passkey to use as its second factor. */
  | 'passkey_none'
  /** The signature counter did not grow: possibly a cloned authenticator (WebAuthn L3 §7.2 step 22). */
  | 'passkey_counter_regressed'
  /** A sign-in without a password needs user verification (a PIN or biometric) the authenticator did not report. */
  | 'passkey_user_not_verified'
  /** The ceremony ran in a frame embedded by another site (clientDataJSON crossOrigin: true): Connect embeds none. */
  | 'passkey_cross_origin'
  /** Anything else the verification refused: the message says what. */
  | 'passkey_invalid';

export type CeremonyKind = 'registration' | 'authentication';

/** Why a ceremony was started: registering in account settings, a sign-in without a password, or a second factor. */
export type CeremonyPurpose = 'register' | 'passwordless' | 'second_factor';

/** The authenticator data of a response, decoded (WebAuthn L3 §6.1). */
export interface DecodedAuthenticatorData {
  /** Hex of SHA-256 of the RP ID the authenticator signed for. */
  rpIdHash: string;
  /** Whether that hash is the hash of Connect's RP ID. */
  rpIdMatches: boolean;
  flags: {
    /** User present. */
    up: boolean;
    /** User verified (a PIN or biometric). */
    uv: boolean;
    /** Backup eligible: a synced passkey. */
    be: boolean;
    /** Backed up. */
    bs: boolean;
    /** Attested credential data included (registration). */
    at: boolean;
    /** Extension data included. */
    ed: boolean;
    /** The flags byte as sent. */
    byte: number;
  };
  signCount: number;
  /** Registration only (attested credential data). */
  aaguid: string | null;
  credentialId: string | null;
  /** COSE algorithm of the new public key, e.g. -7 (ES256). */
  publicKeyAlgorithm: number | null;
}

/** The authenticator's response, decoded: what the browser collected and what the authenticator signed. */
export interface DecodedAuthenticatorResponse {
  credentialId: string;
  clientData: { type: string; challenge: string; origin: string; crossOrigin: boolean | null } | null;
  authenticatorData: DecodedAuthenticatorData | null;
  /** Registration: the attestation statement's format ("none" when the authenticator gave none). */
  attestationFormat: string | null;
  /** Authentication: the user handle the authenticator returned (a discoverable credential's account). */
  userHandle: string | null;
  /** What could not be decoded, if anything. */
  problem: string | null;
}

/** What Connect concluded, with what it checked against. */
export interface CeremonyVerification {
  verified: boolean;
  /** null when verified. */
  code: PasskeyErrorCode | null;
  /** The words the user read, or what was registered or signed in. */
  message: string;
  /** The verification library's own words, when it refused. */
  detail: string | null;
  expectedOrigin: string;
  expectedRpId: string;
  /** Authentication: the stored signature counter before, and after when verified. */
  counterBefore: number | null;
  counterAfter: number | null;
  /** Authentication, when verified: the RFC 8176 methods this passkey proved. */
  amr: string[] | null;
  /** The account it registered for or signed in, when known. */
  accountEmail: string | null;
  at: number;
}

/** One ceremony as the developer x-ray shows it. */
export interface PasskeyCeremonyView {
  id: string;
  kind: CeremonyKind;
  purpose: CeremonyPurpose;
  createdAt: number;
  expiresAt: number;
  /** The options Connect sent (PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON). */
  options: PublicKeyCredentialCreationOptionsJSON | PublicKeyCredentialRequestOptionsJSON;
  /** The authenticator's response as received, or null while unanswered. */
  response: RegistrationResponseJSON | AuthenticationResponseJSON | null;
  decoded: DecodedAuthenticatorResponse | null;
  verification: CeremonyVerification | null;
}

export interface PasskeyCeremoniesResponse {
  ceremonies: PasskeyCeremonyView[];
}
