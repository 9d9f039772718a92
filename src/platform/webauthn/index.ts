// Owns choosing a persona's passkey authenticator (src/contracts/simulation.ts AuthenticatorChoice) and opening it on
// this page: the sandbox authenticator writes the page's real origin into its answers, as a browser does.
import type { AuthenticatorChoice } from '../../contracts/simulation';
import type { PasskeyAuthenticator } from './authenticator';
import { DeviceAuthenticator, deviceHasPlatformAuthenticator } from './device-authenticator';
import { SandboxAuthenticator, type SandboxCredentialStore } from './sandbox-authenticator';

export type { AuthenticatorFailureCode, AuthenticatorKind, AuthenticatorResult, PasskeyAuthenticator } from './authenticator';
export { deviceHasPlatformAuthenticator };

/** The authenticator a choice means now: "automatic" is the computer's when it has a platform authenticator. */
export async function openAuthenticator(choice: AuthenticatorChoice, sandbox: SandboxCredentialStore): Promise<PasskeyAuthenticator> {
  const useDevice = choice === 'device' || (choice === 'automatic' && (await deviceHasPlatformAuthenticator()));
  return useDevice ? new DeviceAuthenticator() : new SandboxAuthenticator(sandbox, { origin: location.origin });
}
