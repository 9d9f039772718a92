// Owns what every passkey authenticator offers the pages: navigator.credentials.create() and .get() in their JSON forms
// (WebAuthn L3 §5.1.3, §5.1.4), answering a response or one coded failure, whether the authenticator is the computer's
// own or the sandbox authenticator.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

export type AuthenticatorKind = 'device' | 'sandbox';

/**
 * Why an authenticator gave no response: it already holds one of the excluded credentials (InvalidStateError, WebAuthn
 * L3 §6.3.2 step 3), the person closed the prompt or it timed out (NotAllowedError), it holds no passkey for the site,
 * the browser cannot do WebAuthn, or anything else (the message says what).
 */
export type AuthenticatorFailureCode = 'already_registered' | 'cancelled' | 'no_passkey' | 'unsupported' | 'failed';

export type AuthenticatorResult<T> = { ok: true; response: T } | { ok: false; code: AuthenticatorFailureCode; message: string };

export interface PasskeyAuthenticator {
  readonly kind: AuthenticatorKind;
  /** Makes a new credential (registration). */
  create(options: PublicKeyCredentialCreationOptionsJSON): Promise<AuthenticatorResult<RegistrationResponseJSON>>;
  /** Signs the challenge with a credential it holds (authentication). */
  get(options: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticatorResult<AuthenticationResponseJSON>>;
}
