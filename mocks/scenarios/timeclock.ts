// Owns a Timeclock device on the stage as a scenario drives it (R19): its address (kept with the devices, as the stage
// keeps it), its cookies (its login), and what it asks its address for — the screen, the device login, a punch — over
// the in-tab network, as the stage's device does (src/app/state/timeclock-devices.svelte.ts). No DOM.
import { HRM_NEW_ORIGINS } from '../../src/contracts/origins';
import { timeclockDeviceId, type TimeclockDevicesInfo } from '../../src/contracts/simulation';
import type { Punch, TimeclockScreen } from '../../src/contracts/timeclock';
import type { ProblemBody } from '../../src/contracts/wire';
import { rewriteTimeclockAddress } from '../../src/domain/timeclock-address';
import { ScenarioFailure } from './browser';
import type { ScenarioHost } from './host';

/** What the device shows when it opens its address. */
export type DeviceView =
  { screen: 'clock' | 'login'; address: string; clock: TimeclockScreen } | { screen: 'unreachable'; address: string; message: string };

/** The device's answer to a request that failed: the server's problem, or its status. */
async function problemOf(response: Response): Promise<ScenarioFailure> {
  try {
    const problem = (await response.json()) as ProblemBody;
    return new ScenarioFailure(problem.code, problem.message);
  } catch {
    return new ScenarioFailure('http_error', `The address answered ${response.status}.`);
  }
}

export class ScenarioTimeclockDevice {
  readonly #host: ScenarioHost;
  readonly #info: TimeclockDevicesInfo;
  readonly #configured: string;

  private constructor(
    host: ScenarioHost,
    info: TimeclockDevicesInfo,
    readonly name: string,
    configured: string,
  ) {
    this.#host = host;
    this.#info = info;
    this.#configured = configured;
  }

  /** The workspace's device called `name` (letter case ignored), or a failure naming the devices there are. */
  static find(host: ScenarioHost, name: string): ScenarioTimeclockDevice {
    const info = host.timeclock?.() ?? null;
    if (!info || info.devices.length === 0) throw new ScenarioFailure('unknown_device', 'This workspace has no Timeclock devices');
    const device = info.devices.find((d) => d.name.toLowerCase() === name.trim().toLowerCase());
    if (!device) {
      throw new ScenarioFailure('unknown_device', `No Timeclock device “${name}” (${info.devices.map((d) => d.name).join(', ')})`);
    }
    return new ScenarioTimeclockDevice(host, info, device.name, device.address);
  }

  get #devices() {
    return this.#host.devices(timeclockDeviceId(this.name));
  }

  /** The address the device is configured with: the last one typed into its settings, or the template's. */
  get address(): string {
    const { browser } = this.#devices;
    return browser.history[browser.index] ?? this.#configured;
  }

  get user(): { username: string; password: string } {
    return this.#info.user;
  }

  /** The badge of the person called `name`, as the template hands it out. */
  badgeOf(name: string): string | undefined {
    return this.#info.badges.find((b) => b.name === name)?.badge;
  }

  /** Settings: the address typed by hand, checked as a Timeclock address (R19) before the device keeps it. */
  setAddress(input: string): void {
    const text = input.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ScenarioFailure('address_invalid', 'Enter the whole address, starting with https://');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ScenarioFailure('address_invalid', 'A Timeclock address starts with https://');
    const checked = rewriteTimeclockAddress(text, { host: HRM_NEW_ORIGINS.timeclock, customerNumber: this.#info.customerNumber });
    if (!checked.ok && checked.problem.code !== 'customer_number_needed')
      throw new ScenarioFailure(checked.problem.code, checked.problem.message);
    const { browser } = this.#devices;
    browser.history = [text.replace(/\/+$/, '')];
    browser.index = 0;
  }

  /** Opens its address: the clock, its login, or that it cannot reach it. */
  async view(): Promise<DeviceView> {
    const address = this.address;
    const response = await this.#fetch(address);
    if (response.ok) {
      const clock = (await response.json()) as TimeclockScreen;
      return { screen: clock.device === null ? 'login' : 'clock', address, clock };
    }
    const reason = await problemOf(response);
    return { screen: 'unreachable', address, message: `Cannot reach ${address}. ${reason.message}` };
  }

  async logIn(username: string, password: string): Promise<TimeclockScreen> {
    const response = await this.#fetch(`${this.address}/login`, { username, password, deviceName: this.name });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as TimeclockScreen;
  }

  async punch(by: { badge: string } | { employeeNumber: string }): Promise<Punch> {
    const response = await this.#fetch(`${this.address}/punch`, by);
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as Punch;
  }

  #fetch(url: string, body?: unknown): Promise<Response> {
    const init: RequestInit =
      body === undefined
        ? { headers: { accept: 'application/json' } }
        : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return this.#host.network.fetch(new Request(url, init), {
      initiator: `device:${this.name}`,
      jar: this.#devices.jar,
      origin: new URL(url).origin,
    });
  }
}

/** A device's screen in words, for a step's report. */
export function describeView(view: DeviceView): string {
  if (view.screen === 'unreachable') return view.message;
  const at = `${view.clock.clock} (${view.clock.tenantName}) at ${view.address}`;
  return view.screen === 'clock' ? `${view.clock.device} shows the clock ${at}` : `the device login of ${at}`;
}
