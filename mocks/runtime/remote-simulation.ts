// Owns the tab's end of the simulation's port: the control surface the stage uses, answered by the one simulation all
// tabs share. What the stage reads at once (the workspace, personas, devices, the clock) is mirrored from what the
// simulation pushes; everything else is a message and its answer. It loads no server code.
// (docs/decisions/one-simulation-for-every-tab.md)
import { worldTimeAt, type Clock } from '../../src/domain/clock';
import { CookieJar } from '../../src/domain/cookie-jar';
import type { Exchange, ExchangeSummary, Network, NetworkFetchOptions, TrafficLog } from '../../src/contracts/network';
import type { ScenarioRecording } from '../../src/contracts/scenario-recording';
import type { ScenarioReplayControl } from '../../src/contracts/scenario-replay';
import {
  emptyPasskeyDevices,
  type CheckpointInfo,
  type ClockControl,
  type DevicesChange,
  type Persona,
  type PersonaDevices,
  type SimulationControl,
  type TemplateInfo,
  type WorkspaceFile,
  type WorkspaceInfo,
} from '../../src/contracts/simulation';
import {
  bodiesOf,
  errorFromWire,
  requestToWire,
  responseFromWire,
  type CallName,
  type CallSignatures,
  type ClockSnapshot,
  type ControlState,
  type DevicesData,
  type PortLike,
  type SimulationMessage,
  type TabMessage,
  type WireError,
} from './simulation-port';
import { RemoteRecovery, SimulationInRecovery } from './remote-recovery';
import type { Locale } from '../../src/domain/locale';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** What was sent, when sending it again is safe (a GET, a call that only reads); null otherwise. */
  again: TabMessage | null;
}

/** Calls that only read: asked again of a restarted simulation, as a browser retries a GET on a dropped connection. */
const READ_ONLY_CALLS: ReadonlySet<CallName> = new Set(['listWorkspaces', 'settled', 'stateHash', 'trafficSummaries', 'trafficExchanges']);

/** The simulation restarted (the leader tab went away) while a request that changes something was on its way. */
export class SimulationRestartedError extends Error {
  constructor() {
    super('The simulation restarted while this was on its way, and its answer was lost. Check the page, then try again.');
    this.name = 'SimulationRestartedError';
  }
}

export class RemoteSimulation implements SimulationControl {
  readonly network: Network;
  readonly clock: ClockControl;
  readonly traffic: TrafficLog;
  #state!: ControlState;
  #clockState!: ClockSnapshot;
  #tab = 0;
  #generation = -1;
  #deviceMap = new Map<string, PersonaDevices>();
  /** Which persona each jar this tab was handed belongs to: requests name the jar, the simulation holds it. */
  #jarOwners = new WeakMap<CookieJar, string>();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  readonly #navigationTokens = new WeakMap<object, number>();
  #nextNavigation = 1;
  readonly #listeners = new Set<() => void>();
  readonly #clockListeners = new Set<() => void>();
  readonly #exchangeListeners = new Set<(exchange: Exchange) => void>();
  readonly #trafficListeners = new Set<() => void>();
  readonly #deviceListeners = new Set<(change: DevicesChange) => void>();
  #ready: Promise<void>;
  #markReady!: () => void;
  #failReady!: (error: Error) => void;
  readonly #port: PortLike;
  readonly #realClock: Clock;

  private constructor(port: PortLike, realClock: Clock) {
    this.#port = port;
    this.#realClock = realClock;
    this.#ready = new Promise((resolve, reject) => {
      this.#markReady = resolve;
      this.#failReady = reject;
    });
    port.addEventListener('message', (event: MessageEvent) => this.#receive(event.data as SimulationMessage));
    port.start?.();
    const self = this;
    this.network = {
      fetch: (request, options) => self.#fetch(request, options),
      subscribe(listener) {
        self.#exchangeListeners.add(listener);
        return () => self.#exchangeListeners.delete(listener);
      },
    };
    this.clock = {
      now: () => Math.floor(worldTimeAt(self.#clockState.state, self.#realClock.now())),
      state: () => ({ ...self.#clockState.state }),
      nextEvent: () => (self.#clockState.nextEvent ? { ...self.#clockState.nextEvent } : null),
      pause: () => self.#call('clockPause'),
      play: (speed) => self.#call('clockPlay', speed),
      advance: (ms) => self.#call('clockAdvance', ms),
      jumpTo: (time) => self.#call('clockJumpTo', time),
      jumpToNextEvent: () => self.#call('clockJumpToNextEvent'),
      subscribe(listener) {
        self.#clockListeners.add(listener);
        return () => self.#clockListeners.delete(listener);
      },
    };
    this.traffic = {
      summaries: () => self.#call('trafficSummaries') as Promise<ExchangeSummary[]>,
      exchanges: (ids) => self.#call('trafficExchanges', [...ids]) as Promise<Exchange[]>,
      clear: () => self.#call('trafficClear'),
      subscribe(listener) {
        self.#trafficListeners.add(listener);
        return () => self.#trafficListeners.delete(listener);
      },
    };
  }

  /** Connects over `port` and resolves once the simulation has sent everything the stage mirrors. */
  static async connect(port: PortLike, realClock: Clock): Promise<RemoteSimulation> {
    const remote = new RemoteSimulation(port, realClock);
    await remote.#ready;
    return remote;
  }

  /** Tells the simulation this tab is gone (the page is unloading). */
  disconnect(): void {
    this.#port.postMessage({ type: 'close' });
  }

  workspace(): WorkspaceInfo {
    return { ...this.#state.workspace };
  }

  storageWarning(): string | null {
    return this.#state.storageWarning;
  }

  templates(): TemplateInfo[] {
    return this.#state.templates.map((t) => ({ ...t }));
  }

  listWorkspaces(): Promise<WorkspaceInfo[]> {
    return this.#call('listWorkspaces') as Promise<WorkspaceInfo[]>;
  }

  createWorkspace(input: CallSignatures['createWorkspace'][0]): Promise<WorkspaceInfo> {
    return this.#call('createWorkspace', input) as Promise<WorkspaceInfo>;
  }

  switchWorkspace(id: string): Promise<void> {
    return this.#call('switchWorkspace', id);
  }

  resetWorkspace(): Promise<void> {
    return this.#call('resetWorkspace');
  }

  deleteWorkspace(id: string): Promise<void> {
    return this.#call('deleteWorkspace', id);
  }

  exportWorkspace(): Promise<WorkspaceFile> {
    return this.#call('exportWorkspace') as Promise<WorkspaceFile>;
  }

  importWorkspace(text: string): Promise<WorkspaceInfo> {
    return this.#call('importWorkspace', text) as Promise<WorkspaceInfo>;
  }

  checkpoints(): CheckpointInfo[] {
    return this.#state.checkpoints.map((c) => ({ ...c }));
  }

  takeCheckpoint(name = ''): Promise<CheckpointInfo> {
    return this.#call('takeCheckpoint', name) as Promise<CheckpointInfo>;
  }

  restoreCheckpoint(id: string): Promise<void> {
    return this.#call('restoreCheckpoint', id);
  }

  deleteCheckpoint(id: string): Promise<void> {
    return this.#call('deleteCheckpoint', id);
  }

  personas(): Persona[] {
    return this.#state.personas.map((p) => ({ ...p, mailboxes: [...p.mailboxes] }));
  }

  currentPersonaId(): string | null {
    return this.#state.currentPersonaId;
  }

  setCurrentPersona(id: string): Promise<void> {
    return this.#call('setCurrentPersona', id);
  }

  language(): Locale {
    return this.#state.language;
  }

  setLanguage(language: Locale): Promise<void> {
    return this.#call('setLanguage', language);
  }

  setPersonaLanguage(personaId: string, language: Locale | null): Promise<void> {
    return this.#call('setPersonaLanguage', personaId, language);
  }

  devices(personaId: string): PersonaDevices {
    let devices = this.#deviceMap.get(personaId);
    if (!devices) {
      devices = this.#makeDevices(personaId, null);
      this.#deviceMap.set(personaId, devices);
    }
    return devices;
  }

  saveDevices(personaId: string, shown: unknown = null): Promise<void> {
    const { browser, passkeys } = this.devices(personaId);
    return this.#call(
      'saveDevices',
      personaId,
      { history: [...browser.history], index: browser.index },
      { authenticator: passkeys.authenticator, sandbox: passkeys.sandbox.map((c) => ({ ...c })) },
      shown,
    );
  }

  savePhone(personaId: string): Promise<void> {
    const { phone } = this.devices(personaId);
    return this.#call('savePhone', personaId, {
      accounts: phone.accounts.map((a) => ({ ...a })),
      clockOffsetSeconds: phone.clockOffsetSeconds,
    });
  }

  subscribeDevices(listener: (change: DevicesChange) => void): () => void {
    this.#deviceListeners.add(listener);
    return () => this.#deviceListeners.delete(listener);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async startRecording(): Promise<ScenarioRecording> {
    const { ScenarioRecorder } = await import('../scenarios/recorder');
    const info = this.workspace();
    const recorder = new ScenarioRecorder({
      network: this.network,
      clock: this.clock,
      personas: this.personas(),
      workspace: { template: info.templateId, seed: info.seed },
    });
    // Steps recorded in one workspace mean nothing in another: a switch, reset or restore (in any tab) ends the recording.
    const generation = this.#generation;
    const unsubscribe = this.subscribe(() => {
      if (this.#generation === generation) return;
      recorder.stop();
      unsubscribe();
    });
    return recorder;
  }

  get pageOrigin(): string | null {
    return this.#state.pageOrigin;
  }

  settled(): Promise<void> {
    return this.#call('settled');
  }

  stateHash(): Promise<string> {
    return this.#call('stateHash') as Promise<string>;
  }

  async scenarios(): Promise<ScenarioReplayControl> {
    return (await import('../scenarios/replay')).scenarioReplay(this);
  }

  #call<M extends CallName>(method: M, ...args: CallSignatures[M]): Promise<never> {
    const id = this.#nextId++;
    const message: TabMessage = { type: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, again: READ_ONLY_CALLS.has(method) ? message : null });
      this.#port.postMessage(message);
    });
  }

  async #fetch(request: Request, options: NetworkFetchOptions): Promise<Response> {
    const owner = options.jar ? this.#jarOwners.get(options.jar) : undefined;
    const wire = await requestToWire(request);
    let navigation: number | null = null;
    if (options.navigation) {
      navigation = this.#navigationTokens.get(options.navigation) ?? this.#nextNavigation++;
      this.#navigationTokens.set(options.navigation, navigation);
    }
    const id = this.#nextId++;
    const message: TabMessage = {
      type: 'fetch',
      id,
      request: wire,
      initiator: options.initiator,
      jarOf: owner ?? null,
      detachedCookies: options.jar && owner === undefined ? options.jar.toJSON() : null,
      navigation,
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
    };
    const safe = wire.body === null && (wire.method === 'GET' || wire.method === 'HEAD');
    const answer = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject, again: safe ? message : null }));
    this.#port.postMessage(message, bodiesOf(wire.body));
    const response = responseFromWire((await answer) as Parameters<typeof responseFromWire>[0]);
    // A jar the simulation does not hold keeps what the answer set, as the in-process network does.
    if (options.jar && owner === undefined) {
      const now = this.clock.now();
      const header = response.headers.get('x-sim-set-cookie');
      if (header) options.jar.apply(request.url, JSON.parse(header) as Parameters<CookieJar['apply']>[1], now);
    }
    return response;
  }

  #receive(message: SimulationMessage): void {
    switch (message.type) {
      case 'ready': {
        // A second 'ready' means the simulation started anew (a new leader): what was on its way is lost, say so.
        const restarted = this.#tab !== 0;
        this.#tab = message.tab;
        this.#clockState = message.clock;
        this.#applyControl(message.control);
        if (restarted) {
          // What only reads is asked again; what may have changed something is refused, since nobody can say whether it did.
          for (const [id, pending] of this.#pending) {
            if (pending.again) this.#port.postMessage(pending.again);
            else {
              this.#pending.delete(id);
              pending.reject(new SimulationRestartedError());
            }
          }
          this.#clockListeners.forEach((l) => l());
          this.#trafficListeners.forEach((l) => l());
        }
        this.#markReady();
        return;
      }
      case 'failed':
        this.#failReady(errorFromWire(message.error));
        return;
      case 'recovery':
        this.#failReady(new SimulationInRecovery(new RemoteRecovery(this.#port, message.problem)));
        return;
      case 'reply': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(errorFromWire(message.error as WireError));
        return;
      }
      case 'response': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        pending.resolve(message.response);
        return;
      }
      case 'control':
        this.#applyControl(message.control);
        return;
      case 'clock':
        this.#clockState = message.clock;
        this.#clockListeners.forEach((l) => l());
        return;
      case 'exchange':
        this.#exchangeListeners.forEach((l) => l(message.exchange));
        return;
      case 'traffic-cleared':
        this.#trafficListeners.forEach((l) => l());
        return;
      case 'devices': {
        // This tab's own save: it holds that already, and maybe changes made since (a phone edit not yet saved).
        if (message.from === this.#tab) return;
        const devices = this.#deviceMap.get(message.personaId);
        if (devices) this.#fill(devices, message.devices);
        else this.#deviceMap.set(message.personaId, this.#makeDevices(message.personaId, message.devices));
        // A response set cookies: the jar is all that changed, and the stage shows no jar.
        if (message.from === 0) return;
        const change: DevicesChange = { personaId: message.personaId, shown: message.shown };
        this.#deviceListeners.forEach((l) => l(change));
        return;
      }
    }
  }

  #applyControl(control: ControlState): void {
    const replaced = control.generation !== this.#generation;
    this.#state = control;
    if (replaced && control.devices) {
      // Another workspace (or the same one reset or restored): the personas get new devices, as on a reload.
      this.#generation = control.generation;
      this.#deviceMap = new Map(Object.entries(control.devices).map(([id, data]) => [id, this.#makeDevices(id, data)]));
    }
    this.#listeners.forEach((l) => l());
    if (replaced) {
      this.#clockListeners.forEach((l) => l());
      this.#trafficListeners.forEach((l) => l());
    }
  }

  #makeDevices(personaId: string, data: DevicesData | null): PersonaDevices {
    const jar = new CookieJar(data?.cookies ?? []);
    this.#jarOwners.set(jar, personaId);
    const devices: PersonaDevices = {
      jar,
      browser: { history: [], index: -1 },
      phone: { accounts: [], clockOffsetSeconds: 0 },
      passkeys: emptyPasskeyDevices(),
    };
    if (data) this.#fill(devices, data);
    return devices;
  }

  /** Updates a persona's devices in place: the stage's browser keeps holding the same object. */
  #fill(devices: PersonaDevices, data: DevicesData): void {
    devices.jar.replaceAll(data.cookies);
    devices.browser.history = [...data.browser.history];
    devices.browser.index = data.browser.index;
    devices.phone.accounts = data.phone.accounts.map((a) => ({ ...a }));
    devices.phone.clockOffsetSeconds = data.phone.clockOffsetSeconds;
    devices.passkeys.authenticator = data.passkeys.authenticator;
    devices.passkeys.sandbox = data.passkeys.sandbox.map((c) => ({ ...c }));
  }
}
