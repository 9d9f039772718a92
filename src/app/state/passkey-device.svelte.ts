// Owns a persona's passkey authenticator as the stage and Connect's pages see it: which one is used (saved with the
// persona's devices), the passkeys the sandbox authenticator holds, whether this computer has a platform
// authenticator, and the ceremonies the pages run — adding a passkey, signing in with one, confirming a sign-in with
// one as its second step — each ending in Connect's answer or one problem in the words the person reads. The
// WebAuthn code is loaded by the first ceremony.
import * as passkeyApi from '../../clients/connect-passkeys';
import type { ClientContext, ClientResult } from '../../clients/http';
import { PASSKEY_ALREADY_REGISTERED, type PasskeyView } from '../../contracts/connect-passkeys';
import type { AuthenticatorChoice, PersonaDevices, SandboxCredential, SimulationControl } from '../../contracts/simulation';
import type { ProblemBody } from '../../contracts/wire';
import type { AuthenticatorFailureCode, AuthenticatorKind, AuthenticatorResult, PasskeyAuthenticator } from '../../platform/webauthn';

const platformWebAuthn = () => import('../../platform/webauthn');

/** What the person reads when the authenticator, not Connect, gave no answer. */
const AUTHENTICATOR_MESSAGES: Record<AuthenticatorFailureCode, (kind: AuthenticatorKind, detail: string) => string> = {
  already_registered: () => PASSKEY_ALREADY_REGISTERED,
  cancelled: () => 'The passkey prompt was closed or timed out. Try again, or use the sandbox authenticator for this persona.',
  no_passkey: (kind) =>
    kind === 'sandbox'
      ? 'The sandbox authenticator has no passkey for Connect yet. Sign in with your email and password and add one in account settings.'
      : 'This device has no passkey for Connect. Sign in with your email and password and add one in account settings.',
  unsupported: (_kind, detail) => detail,
  failed: (_kind, detail) => detail,
};

export class PasskeyDevice {
  choice = $state<AuthenticatorChoice>('automatic');
  sandboxPasskeys = $state.raw<readonly SandboxCredential[]>([]);
  /** Whether this computer has a user-verifying platform authenticator; null until asked. */
  hasPlatformAuthenticator = $state<boolean | null>(null);
  /** The authenticator the last ceremony used. */
  lastUsed = $state<AuthenticatorKind | null>(null);

  readonly #simulation: SimulationControl;
  readonly #personaId: string;
  readonly #devices: PersonaDevices;

  constructor(simulation: SimulationControl, personaId: string, devices: PersonaDevices) {
    this.#simulation = simulation;
    this.#personaId = personaId;
    this.#devices = devices;
    this.choice = devices.passkeys.authenticator;
    this.sandboxPasskeys = devices.passkeys.sandbox;
  }

  /** Shows the authenticator as the persona's devices hold it now (another tab chose another or used a passkey). */
  refresh(): void {
    this.choice = this.#devices.passkeys.authenticator;
    this.sandboxPasskeys = this.#devices.passkeys.sandbox;
  }

  async choose(choice: AuthenticatorChoice): Promise<void> {
    this.choice = choice;
    this.#devices.passkeys.authenticator = choice;
    await this.#save();
  }

  /** Deletes a passkey from the sandbox authenticator (a lost or reset device); Connect still has it until removed there. */
  async forget(id: string): Promise<void> {
    await this.#replace(this.#devices.passkeys.sandbox.filter((c) => c.id !== id));
  }

  async detect(): Promise<void> {
    const { deviceHasPlatformAuthenticator } = await platformWebAuthn();
    this.hasPlatformAuthenticator = await deviceHasPlatformAuthenticator();
  }

  /** Account settings' "Add a passkey": options from Connect, the authenticator, the answer back to Connect. */
  async add(ctx: ClientContext): Promise<ClientResult<PasskeyView>> {
    const options = await passkeyApi.registrationOptions(ctx);
    if (!options.ok) return options;
    const authenticator = await this.#open();
    const answer = await authenticator.create(options.value.publicKey);
    if (!answer.ok) return authenticatorProblem(authenticator.kind, answer);
    return passkeyApi.register(ctx, { ceremonyId: options.value.ceremonyId, response: answer.response });
  }

  /** The login page's "Sign in with a passkey": signed in, and where to go next (`returnTo` when Connect allows it). */
  async signIn(ctx: ClientContext, returnTo: string | null): Promise<ClientResult<{ redirectTo: string }>> {
    const options = await passkeyApi.authenticationOptions(ctx);
    if (!options.ok) return options;
    const authenticator = await this.#open();
    const answer = await authenticator.get(options.value.publicKey);
    if (!answer.ok) return authenticatorProblem(authenticator.kind, answer);
    return passkeyApi.authenticate(ctx, { ceremonyId: options.value.ceremonyId, response: answer.response }, returnTo);
  }

  /**
   * The second step of a sign-in (after the password): the account's passkeys are offered, any authenticator holding
   * one answers; `rememberDevice` is the step's "Remember this device for 30 days". Signed in, and where to go next.
   */
  async confirmSignIn(
    ctx: ClientContext,
    returnTo: string,
    options: { rememberDevice?: boolean } = {},
  ): Promise<ClientResult<{ redirectTo: string }>> {
    const request = await passkeyApi.secondFactorOptions(ctx);
    if (!request.ok) return request;
    const authenticator = await this.#open();
    const answer = await authenticator.get(request.value.publicKey);
    if (!answer.ok) return authenticatorProblem(authenticator.kind, answer, 'second_factor');
    const body = { ceremonyId: request.value.ceremonyId, response: answer.response, rememberDevice: options.rememberDevice ?? false };
    return passkeyApi.confirmSecondFactor(ctx, body, returnTo);
  }

  async #open(): Promise<PasskeyAuthenticator> {
    const { openAuthenticator } = await platformWebAuthn();
    const authenticator = await openAuthenticator(this.choice, {
      list: () => this.#devices.passkeys.sandbox,
      replace: (credentials) => this.#replace(credentials),
    });
    this.lastUsed = authenticator.kind;
    return authenticator;
  }

  async #replace(credentials: SandboxCredential[]): Promise<void> {
    this.#devices.passkeys.sandbox = credentials;
    this.sandboxPasskeys = credentials;
    await this.#save();
  }

  #save(): Promise<void> {
    return this.#simulation.saveDevices(this.#personaId);
  }
}

/** At the second step the password is already in: an authenticator without the passkey points to the other methods. */
const SECOND_STEP_NO_PASSKEY = (kind: AuthenticatorKind) =>
  kind === 'sandbox'
    ? 'The sandbox authenticator has no passkey for your Connect account. Choose the authenticator that has it, or use another method.'
    : 'This device has no passkey for your Connect account. Choose the authenticator that has it, or use another method.';

function authenticatorProblem(
  kind: AuthenticatorKind,
  failure: Extract<AuthenticatorResult<unknown>, { ok: false }>,
  step: 'first' | 'second_factor' = 'first',
): { ok: false; problem: ProblemBody } {
  const message =
    step === 'second_factor' && failure.code === 'no_passkey'
      ? SECOND_STEP_NO_PASSKEY(kind)
      : AUTHENTICATOR_MESSAGES[failure.code](kind, failure.message);
  return { ok: false, problem: { status: 0, title: 'The authenticator gave no passkey', code: failure.code, message } };
}
