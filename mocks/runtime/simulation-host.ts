// Owns the simulation's end of the tabs' ports: one Simulation serves every tab of the origin. It answers each tab's
// requests and control calls, holds every persona's cookie jar so all tabs share one, and pushes what changed (the
// control surface, the clock, each exchange, devices) to every tab (docs/decisions/one-simulation-for-every-tab.md).
import { CookieJar } from '../../src/domain/cookie-jar';
import { SIM_SET_COOKIE_HEADER } from '../../src/contracts/wire';
import { timeclockDeviceId, type PersonaDevices } from '../../src/contracts/simulation';
import type { Simulation } from './simulation';
import {
  bodiesOf,
  errorToWire,
  requestFromWire,
  responseToWire,
  type CallName,
  type CallSignatures,
  type ClockSnapshot,
  type ControlState,
  type DevicesData,
  type PortLike,
  type SimulationMessage,
  type TabMessage,
} from './simulation-port';

/** Navigations a tab may have in flight at once; older tokens are forgotten (their hops are done). */
const NAVIGATIONS_KEPT = 256;

/** Operations that replace the live workspace: run one at a time, whichever tab asks. */
const WORKSPACE_CHANGES: ReadonlySet<CallName> = new Set([
  'createWorkspace',
  'switchWorkspace',
  'resetWorkspace',
  'deleteWorkspace',
  'importWorkspace',
  'restoreCheckpoint',
]);

export /** The personas and the workspace's Timeclock devices (R19): each keeps its address and cookies as a persona's browser does. */
function deviceIdsOf(s: Simulation): string[] {
  const template = s.templates().find((t) => t.id === s.workspace().templateId);
  return [...s.personas().map((p) => p.id), ...(template?.timeclock?.devices ?? []).map((d) => timeclockDeviceId(d.name))];
}

function devicesData(devices: PersonaDevices): DevicesData {
  return {
    cookies: devices.jar.toJSON(),
    browser: { history: [...devices.browser.history], index: devices.browser.index },
    phone: { accounts: devices.phone.accounts.map((a) => ({ ...a })), clockOffsetSeconds: devices.phone.clockOffsetSeconds },
    passkeys: { authenticator: devices.passkeys.authenticator, sandbox: devices.passkeys.sandbox.map((c) => ({ ...c })) },
  };
}

export class SimulationHost {
  readonly #ports = new Map<number, PortLike>();
  #nextTab = 1;
  readonly #navigations = new Map<string, object>();
  #changes: Promise<unknown> = Promise.resolve();
  #sentGeneration = -1;
  readonly #unsubscribe: Array<() => void>;
  readonly #simulation: Simulation;

  constructor(simulation: Simulation) {
    this.#simulation = simulation;
    this.#unsubscribe = [
      simulation.subscribe(() => this.#broadcast({ type: 'control', control: this.#control() })),
      simulation.clock.subscribe(() => this.#broadcast({ type: 'clock', clock: this.#clockSnapshot() })),
      simulation.network.subscribe((exchange) => this.#broadcast({ type: 'exchange', exchange })),
      simulation.traffic.subscribe(() => this.#broadcast({ type: 'traffic-cleared' })),
    ];
  }

  /** Serves one tab on `port`, starting with everything it mirrors. Returns the tab's number. */
  connect(port: PortLike): number {
    const tab = this.#nextTab++;
    this.#ports.set(tab, port);
    port.addEventListener('message', (event: MessageEvent) => void this.#receive(tab, port, event.data as TabMessage));
    port.start?.();
    this.#send(port, { type: 'ready', tab, control: this.#control(true), clock: this.#clockSnapshot() });
    return tab;
  }

  /** Lets go of every tab (the simulation is closing). */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#ports.clear();
  }

  /** How many tabs are connected. */
  get tabs(): number {
    return this.#ports.size;
  }

  async #receive(tab: number, port: PortLike, message: TabMessage): Promise<void> {
    switch (message.type) {
      case 'close':
        this.#ports.delete(tab);
        for (const key of this.#navigations.keys()) if (key.startsWith(`${tab}:`)) this.#navigations.delete(key);
        return;
      case 'fetch':
        return this.#fetch(tab, port, message);
      case 'call': {
        try {
          const value = WORKSPACE_CHANGES.has(message.method)
            ? await this.#serialized(() => this.#call(tab, message.method, message.args))
            : await this.#call(tab, message.method, message.args);
          this.#send(port, { type: 'reply', id: message.id, ok: true, value });
        } catch (error) {
          this.#send(port, { type: 'reply', id: message.id, ok: false, error: errorToWire(error) });
        }
        return;
      }
    }
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#changes.then(work);
    this.#changes = run.catch(() => undefined);
    return run;
  }

  async #call(tab: number, method: CallName, args: unknown[]): Promise<unknown> {
    const s = this.#simulation;
    switch (method) {
      case 'listWorkspaces':
        return s.listWorkspaces();
      case 'createWorkspace':
        return s.createWorkspace(...(args as CallSignatures['createWorkspace']));
      case 'switchWorkspace':
        return s.switchWorkspace(...(args as CallSignatures['switchWorkspace']));
      case 'resetWorkspace':
        return s.resetWorkspace();
      case 'deleteWorkspace':
        return s.deleteWorkspace(...(args as CallSignatures['deleteWorkspace']));
      case 'exportWorkspace':
        return s.exportWorkspace();
      case 'importWorkspace':
        return s.importWorkspace(...(args as CallSignatures['importWorkspace']));
      case 'takeCheckpoint':
        return s.takeCheckpoint(...(args as CallSignatures['takeCheckpoint']));
      case 'restoreCheckpoint':
        return s.restoreCheckpoint(...(args as CallSignatures['restoreCheckpoint']));
      case 'deleteCheckpoint':
        return s.deleteCheckpoint(...(args as CallSignatures['deleteCheckpoint']));
      case 'setCurrentPersona':
        return s.setCurrentPersona(...(args as CallSignatures['setCurrentPersona']));
      case 'setLanguage':
        return s.setLanguage(...(args as CallSignatures['setLanguage']));
      case 'setPersonaLanguage':
        return s.setPersonaLanguage(...(args as CallSignatures['setPersonaLanguage']));
      case 'saveDevices': {
        const [personaId, browser, passkeys, shown] = args as CallSignatures['saveDevices'];
        const devices = s.devices(personaId);
        devices.browser.history = [...browser.history];
        devices.browser.index = browser.index;
        devices.passkeys.authenticator = passkeys.authenticator;
        devices.passkeys.sandbox = passkeys.sandbox.map((c) => ({ ...c }));
        await s.saveDevices(personaId);
        this.#broadcastDevices(personaId, shown, tab);
        return undefined;
      }
      case 'savePhone': {
        const [personaId, phone] = args as CallSignatures['savePhone'];
        const devices = s.devices(personaId);
        devices.phone.accounts = phone.accounts.map((a) => ({ ...a }));
        devices.phone.clockOffsetSeconds = phone.clockOffsetSeconds;
        await s.savePhone(personaId);
        this.#broadcastDevices(personaId, null, tab);
        return undefined;
      }
      case 'settled':
        return s.settled();
      case 'stateHash':
        return s.stateHash();
      case 'clockPause':
        return s.clock.pause();
      case 'clockPlay':
        return s.clock.play(...(args as CallSignatures['clockPlay']));
      case 'clockAdvance':
        return s.clock.advance(...(args as CallSignatures['clockAdvance']));
      case 'clockJumpTo':
        return s.clock.jumpTo(...(args as CallSignatures['clockJumpTo']));
      case 'clockJumpToNextEvent':
        return s.clock.jumpToNextEvent();
      case 'trafficSummaries':
        return s.traffic.summaries();
      case 'trafficExchanges':
        return s.traffic.exchanges(...(args as CallSignatures['trafficExchanges']));
      case 'trafficClear':
        return s.traffic.clear();
    }
  }

  async #fetch(tab: number, port: PortLike, message: Extract<TabMessage, { type: 'fetch' }>): Promise<void> {
    const jar =
      message.jarOf !== null
        ? this.#simulation.devices(message.jarOf).jar
        : message.detachedCookies
          ? new CookieJar(message.detachedCookies)
          : undefined;
    let navigation: object | undefined;
    if (message.navigation !== null) {
      const key = `${tab}:${message.navigation}`;
      navigation = this.#navigations.get(key);
      if (!navigation) {
        navigation = {};
        this.#navigations.set(key, navigation);
        if (this.#navigations.size > NAVIGATIONS_KEPT) this.#navigations.delete(this.#navigations.keys().next().value!);
      }
    }
    try {
      const response = await this.#simulation.network.fetch(requestFromWire(message.request), {
        initiator: message.initiator,
        ...(jar ? { jar } : {}),
        ...(navigation ? { navigation } : {}),
        ...(message.origin !== undefined ? { origin: message.origin } : {}),
      });
      if (message.jarOf !== null && response.headers.get(SIM_SET_COOKIE_HEADER)) {
        // Every tab's copy of the jar follows before the answer arrives; the jar is stored as the browser is.
        await this.#simulation.saveDevices(message.jarOf);
        this.#broadcastDevices(message.jarOf, null, 0);
      }
      const wire = await responseToWire(response);
      this.#send(port, { type: 'response', id: message.id, response: wire }, bodiesOf(wire.body));
    } catch (error) {
      // The network answers server failures itself; this is the port's own failure (a workspace closing mid-request).
      const body = new TextEncoder().encode(
        JSON.stringify({
          status: 503,
          code: 'simulation_unavailable',
          title: 'The simulation is busy',
          message: errorToWire(error).message,
        }),
      ).buffer;
      this.#send(port, {
        type: 'response',
        id: message.id,
        response: { status: 503, statusText: '', headers: [['content-type', 'application/problem+json']], body },
      });
    }
  }

  #control(withDevices = false): ControlState {
    const s = this.#simulation;
    const generation = s.generation;
    const devicesNeeded = withDevices || generation !== this.#sentGeneration;
    this.#sentGeneration = generation;
    return {
      workspace: s.workspace(),
      templates: s.templates(),
      personas: s.personas(),
      currentPersonaId: s.currentPersonaId(),
      language: s.language(),
      checkpoints: s.checkpoints(),
      pageOrigin: s.pageOrigin,
      storageWarning: s.storageWarning(),
      generation,
      devices: devicesNeeded ? Object.fromEntries(deviceIdsOf(s).map((id) => [id, devicesData(s.devices(id))])) : null,
    };
  }

  #clockSnapshot(): ClockSnapshot {
    return { state: this.#simulation.clock.state(), nextEvent: this.#simulation.clock.nextEvent() };
  }

  /** `from` is the tab whose save it was (it has them already); 0 when the simulation changed them (a cookie set). */
  #broadcastDevices(personaId: string, shown: unknown, from: number): void {
    this.#broadcast({ type: 'devices', personaId, devices: devicesData(this.#simulation.devices(personaId)), shown, from });
  }

  #broadcast(message: SimulationMessage): void {
    for (const port of this.#ports.values()) this.#send(port, message);
  }

  #send(port: PortLike, message: SimulationMessage, transfer: Transferable[] = []): void {
    port.postMessage(message, transfer);
  }
}
