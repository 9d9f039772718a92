// Owns the Timeclock devices on the stage: each device's address and its cookies (its login) are kept with the
// personas' devices, so a reload shows the same; its screen is what its address answers. Devices are updated by hand
// only: nothing here changes an address but the device's own settings.
import { HRM_NEW_ORIGINS } from '../../contracts/origins';
import { timeclockDeviceId, type SimulationControl, type TimeclockDevicesInfo } from '../../contracts/simulation';
import type { Punch, TimeclockScreen } from '../../contracts/timeclock';
import type { ProblemBody } from '../../contracts/wire';
import { rewriteTimeclockAddress } from '../../domain/timeclock-address';
import { saveDeviceAddress, storedAddress } from './timeclock-device-settings';

/** What the device shows: its clock, its login, that it cannot reach its address, or that it is still asking. */
export type DeviceScreen =
  | { kind: 'loading' }
  | { kind: 'clock'; screen: TimeclockScreen }
  | { kind: 'login'; screen: TimeclockScreen }
  | { kind: 'unreachable'; message: string };

export type DeviceOutcome = { ok: true; message: string } | { ok: false; message: string; field?: string };

export class TimeclockDevice {
  address = $state('');
  screen = $state.raw<DeviceScreen>({ kind: 'loading' });
  lastPunch = $state.raw<Punch | null>(null);

  readonly name: string;
  readonly #simulation: SimulationControl;
  readonly #id: string;
  readonly #customerNumber: string;
  readonly #configured: string;

  constructor(simulation: SimulationControl, info: TimeclockDevicesInfo, device: { name: string; address: string }) {
    this.name = device.name;
    this.#simulation = simulation;
    this.#id = timeclockDeviceId(device.name);
    this.#customerNumber = info.customerNumber;
    this.#configured = device.address;
    this.address = storedAddress(simulation, this.#id, device.address);
  }

  /** The new address the rewrite suggests for `address` (R19), or why there is none. */
  suggestion(address: string = this.address): DeviceOutcome {
    const result = rewriteTimeclockAddress(address, { host: HRM_NEW_ORIGINS.timeclock, customerNumber: this.#customerNumber });
    return result.ok ? { ok: true, message: result.value.url } : { ok: false, message: result.problem.message, field: 'address' };
  }

  /** Asks its address for the clock's screen. */
  async refresh(): Promise<void> {
    const response = await this.#fetch(this.address);
    if (response.ok) {
      const screen = (await response.json()) as TimeclockScreen;
      this.screen = screen.device === null ? { kind: 'login', screen } : { kind: 'clock', screen };
      return;
    }
    this.screen = { kind: 'unreachable', message: await this.#messageOf(response) };
  }

  /** Settings: a new address, typed by hand. Checked as a Timeclock address; the device then asks it for its screen. */
  async setAddress(input: string): Promise<DeviceOutcome> {
    const text = input.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, message: 'Enter the whole address, starting with https://', field: 'address' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, message: 'A Timeclock address starts with https://', field: 'address' };
    const checked = rewriteTimeclockAddress(text, { host: HRM_NEW_ORIGINS.timeclock, customerNumber: this.#customerNumber });
    if (!checked.ok && checked.problem.code !== 'customer_number_needed')
      return { ok: false, message: checked.problem.message, field: 'address' };
    const saved = await saveDeviceAddress(
      this.#simulation,
      { id: this.#id, name: this.name, configured: this.#configured },
      this.address,
      text.replace(/\/+$/, ''),
    );
    if (!saved.ok) return { ok: false, message: saved.message, field: 'address' };
    this.address = saved.address;
    await this.refresh();
    return { ok: true, message: `The device now uses ${this.address}.` };
  }

  /** The device login with the Timeclock user. */
  async logIn(username: string, password: string): Promise<DeviceOutcome> {
    const response = await this.#fetch(`${this.address}/login`, { username, password, deviceName: this.name });
    if (!response.ok) return this.#problem(response);
    await this.#simulation.saveDevices(this.#id);
    await this.refresh();
    return { ok: true, message: `Logged in as ${username.trim()}.` };
  }

  /** A punch by badge or by employee number. */
  async punch(by: { badge: string } | { employeeNumber: string }): Promise<DeviceOutcome> {
    const response = await this.#fetch(`${this.address}/punch`, by);
    if (!response.ok) {
      const outcome = await this.#problem(response);
      if (response.status === 410 || response.status === 401) await this.refresh();
      return outcome;
    }
    const punch = (await response.json()) as Punch;
    this.lastPunch = punch;
    return { ok: true, message: `${punch.name}: punched ${punch.direction}` };
  }

  #fetch(url: string, body?: unknown): Promise<Response> {
    const init: RequestInit =
      body === undefined
        ? { headers: { accept: 'application/json' } }
        : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
    let request: Request;
    try {
      request = new Request(url, init);
    } catch {
      return Promise.resolve(new Response(null, { status: 400 }));
    }
    return this.#simulation.network.fetch(request, {
      initiator: `device:${this.name}`,
      jar: this.#simulation.devices(this.#id).jar,
      origin: new URL(url).origin,
    });
  }

  async #messageOf(response: Response): Promise<string> {
    const reason = await this.#problem(response);
    return `Cannot reach ${this.address}. ${reason.message}`;
  }

  async #problem(response: Response): Promise<{ ok: false; message: string; field?: string }> {
    try {
      const problem = (await response.json()) as ProblemBody;
      return problem.field ? { ok: false, message: problem.message, field: problem.field } : { ok: false, message: problem.message };
    } catch {
      return { ok: false, message: `The address answered ${response.status}.` };
    }
  }
}

/** The workspace's devices, from its template. */
export function timeclockDevicesOf(simulation: SimulationControl, info: TimeclockDevicesInfo | undefined): TimeclockDevice[] {
  return (info?.devices ?? []).map((d) => new TimeclockDevice(simulation, info!, d));
}
