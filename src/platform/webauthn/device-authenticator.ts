// Owns the computer's own authenticator, reached through the browser's WebAuthn API with @simplewebauthn/browser: Touch
// ID, Windows Hello, a security key, a phone, or a test browser's virtual authenticator. Its refusals become the coded
// failures every authenticator answers with.
import {
  browserSupportsWebAuthn,
  platformAuthenticatorIsAvailable,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import type { PasskeyAuthenticator } from './authenticator';

export class DeviceAuthenticator implements PasskeyAuthenticator {
  readonly kind = 'device' as const;

  async create(options: Parameters<PasskeyAuthenticator['create']>[0]): ReturnType<PasskeyAuthenticator['create']> {
    if (!browserSupportsWebAuthn()) return unsupported();
    try {
      return { ok: true, response: await startRegistration({ optionsJSON: options }) };
    } catch (error) {
      return failure(error);
    }
  }

  async get(options: Parameters<PasskeyAuthenticator['get']>[0]): ReturnType<PasskeyAuthenticator['get']> {
    if (!browserSupportsWebAuthn()) return unsupported();
    try {
      return { ok: true, response: await startAuthentication({ optionsJSON: options }) };
    } catch (error) {
      return failure(error);
    }
  }
}

/**
 * Whether the computer has a user-verifying platform authenticator (WebAuthn L3 §5.1.7
 * isUserVerifyingPlatformAuthenticatorAvailable): what "Automatic" uses the computer's authenticator for.
 */
export async function deviceHasPlatformAuthenticator(): Promise<boolean> {
  return browserSupportsWebAuthn() && (await platformAuthenticatorIsAvailable());
}

function unsupported(): { ok: false; code: 'unsupported'; message: string } {
  return {
    ok: false,
    code: 'unsupported',
    message: 'This browser cannot use passkeys. Choose the sandbox authenticator for this persona.',
  };
}

/** The DOMException names of WebAuthn L3 §5.1.3 and §5.1.4, as @simplewebauthn/browser passes them on. */
function failure(error: unknown): { ok: false; code: 'already_registered' | 'cancelled' | 'failed'; message: string } {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return { ok: false, code: 'already_registered', message: 'This authenticator already holds a passkey for this account.' };
  }
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return { ok: false, code: 'cancelled', message: 'The passkey prompt was closed or timed out.' };
  }
  return { ok: false, code: 'failed', message: `The authenticator refused (${name || 'Error'}): ${message}` };
}
