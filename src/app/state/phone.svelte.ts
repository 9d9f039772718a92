// Owns a persona's phone on the stage: its authenticator app (accounts added by "scanning" the QR code on the
// persona's screen or by typing a setup key), the rolling codes computed on the world clock (RFC 6238), and a clock
// that can be set some seconds off to show why codes then fail. Saved with the persona's devices.
import type { PhoneAccount, PhoneState, SimulationControl } from '../../contracts/simulation';
import { CONNECT_TOTP, parseOtpauthUri, parseSetupKey, totpCode, totpMillisecondsLeft, type OtpAccount } from '../../domain/totp';
import type { ClockView } from './clock-view.svelte';
import type { VirtualBrowser } from './virtual-browser.svelte';

/** How far the phone's clock may be set off, either way: enough to show a code out of the window, and back. */
export const MAX_CLOCK_OFFSET_SECONDS = 3600;

export type PhoneOutcome = { ok: true; message: string } | { ok: false; message: string; field?: 'label' | 'key' | 'offset' };

export class AuthenticatorPhone {
  accounts = $state.raw<PhoneAccount[]>([]);
  clockOffsetSeconds = $state(0);

  readonly #simulation: SimulationControl;
  readonly #personaId: string;
  readonly #state: PhoneState;
  readonly #clock: ClockView;
  readonly #browser: VirtualBrowser;

  constructor(simulation: SimulationControl, personaId: string, clock: ClockView, browser: VirtualBrowser) {
    this.#simulation = simulation;
    this.#personaId = personaId;
    this.#state = simulation.devices(personaId).phone;
    this.#clock = clock;
    this.#browser = browser;
    this.accounts = [...this.#state.accounts];
    this.clockOffsetSeconds = this.#state.clockOffsetSeconds;
  }

  /** Shows the phone as the persona's devices hold it now (another tab added an account or set its clock). */
  refresh(): void {
    this.accounts = [...this.#state.accounts];
    this.clockOffsetSeconds = this.#state.clockOffsetSeconds;
  }

  /** The phone's own time: world time plus its offset. Reactive: ticks with the world clock. */
  get time(): number {
    return this.#clock.now + this.clockOffsetSeconds * 1000;
  }

  /** The code the app shows now for `account`. */
  codeOf(account: OtpAccount): string {
    return totpCode(account.secret, this.time, account);
  }

  /** Whole seconds until `account`'s code changes (the ring around it). */
  secondsLeft(account: OtpAccount): number {
    return Math.ceil(totpMillisecondsLeft(this.time, account.period) / 1000);
  }

  /** Points the camera at the persona's screen: adds the account of the QR code on show there. */
  scan(): Promise<PhoneOutcome> {
    const text = this.#browser.qrOnScreen;
    if (text === null)
      return Promise.resolve({
        ok: false,
        message: 'No QR code on the screen. Open the page that shows one (Set up two-factor authentication) first.',
      });
    const parsed = parseOtpauthUri(text);
    if (!parsed.ok) return Promise.resolve({ ok: false, message: parsed.message });
    return this.#add(parsed.value);
  }

  /** "Enter a setup key": the account name and the key as shown under the QR code; time-based, 6 digits, 30 s. */
  addByKey(label: string, key: string): Promise<PhoneOutcome> {
    const name = label.trim();
    if (name.length === 0) return Promise.resolve({ ok: false, message: 'Name the account, e.g. your email', field: 'label' });
    const parsed = parseSetupKey(key);
    if (!parsed.ok) return Promise.resolve({ ok: false, message: parsed.message, field: 'key' });
    return this.#add({ issuer: '', label: name, secret: parsed.value, ...CONNECT_TOTP });
  }

  async remove(account: PhoneAccount): Promise<void> {
    this.accounts = this.accounts.filter((a) => a !== account);
    await this.#save();
  }

  async setClockOffset(seconds: number): Promise<PhoneOutcome> {
    if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_CLOCK_OFFSET_SECONDS) {
      return {
        ok: false,
        message: `A whole number of seconds from −${MAX_CLOCK_OFFSET_SECONDS} to ${MAX_CLOCK_OFFSET_SECONDS}`,
        field: 'offset',
      };
    }
    this.clockOffsetSeconds = seconds;
    await this.#save();
    return {
      ok: true,
      message:
        seconds === 0
          ? 'The phone’s clock is right.'
          : `The phone’s clock is ${Math.abs(seconds)} seconds ${seconds > 0 ? 'fast' : 'slow'}.`,
    };
  }

  /** An account with the same issuer and name is replaced, as setting up a new app at the same service replaces the old one. */
  async #add(account: OtpAccount): Promise<PhoneOutcome> {
    const replaced = this.accounts.some((a) => a.issuer === account.issuer && a.label === account.label);
    const added: PhoneAccount = { ...account, addedAt: this.#simulation.clock.now() };
    this.accounts = [...this.accounts.filter((a) => !(a.issuer === account.issuer && a.label === account.label)), added];
    await this.#save();
    const name = [account.issuer, account.label].filter(Boolean).join(' ');
    return { ok: true, message: replaced ? `Replaced ${name}` : `Added ${name}` };
  }

  async #save(): Promise<void> {
    this.#state.accounts = [...this.accounts];
    this.#state.clockOffsetSeconds = this.clockOffsetSeconds;
    await this.#simulation.savePhone(this.#personaId);
  }
}
