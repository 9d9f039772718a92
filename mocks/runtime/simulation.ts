// Owns the simulation's control surface (src/contracts/simulation.ts): the list of workspaces, the live one,
// and each persona's devices. The stage talks to it; it never hands out a server's database.
import Dexie, { type EntityTable } from 'dexie';
import type { Clock } from '../../src/domain/clock';
import { CookieJar } from '../../src/domain/cookie-jar';
import type { Exchange, Network, NetworkFetchOptions, TrafficLog } from '../../src/contracts/network';
import {
  emptyPasskeyDevices,
  type CheckpointInfo,
  type ClockControl,
  type Persona,
  type PersonaDevices,
  type SimulationControl,
  type TemplateInfo,
  type WorkspaceFile,
  type WorkspaceInfo,
} from '../../src/contracts/simulation';
import type { ScenarioRecording } from '../../src/contracts/scenario-recording';
import { Workspace, type WorkspaceSnapshot } from './workspace';
import { isWorldTime, WORLD_TIME_RANGE_MESSAGE } from '../../src/domain/world-dates';
import type { RealTimers } from './world-clock';
import { demoTenant } from '../templates/demo-tenant';
import { TEMPLATES, templateSource } from '../templates';
import type { RequestHandler } from 'msw';
import type { ScenarioReplayControl } from '../../src/contracts/scenario-replay';

/** Workspace files, with dexie-export-import: loaded the first time one is exported or imported. */
const workspaceFile = () => import('./workspace-file');
/** The scenario recorder (and the scenario format's schemas): loaded the first time a recording starts. */
const scenarioRecorder = () => import('../scenarios/recorder');
/** The state hash: loaded the first time it is asked for. */
const stateHashModule = () => import('../scenarios/state-hash');
/** Scenario replay (the executor and the catalogue): loaded the first time trainer mode opens. */
const scenarioReplay = () => import('../scenarios/replay');

class RegistryDb extends Dexie {
  workspaces!: EntityTable<WorkspaceInfo, 'id'>;
  settings!: EntityTable<{ key: string; value: string }, 'key'>;
  constructor() {
    super('rollout-rehearsal/workspaces');
    this.version(1).stores({ workspaces: 'id, createdAt', settings: 'key' });
  }
}

export const DEFAULT_WORKSPACE_ID = 'default';

/** A persona's devices before first use: a browser with no history or cookies, a phone with no accounts. */
function newDevices(): PersonaDevices {
  return { jar: new CookieJar(), browser: { history: [], index: -1 }, phone: { accounts: [], clockOffsetSeconds: 0 }, passkeys: emptyPasskeyDevices() };
}
const DEFAULT_SEED = 'demo';

interface Checkpoint extends CheckpointInfo {
  snapshot: WorkspaceSnapshot;
}

export interface SimulationOptions {
  realClock: Clock;
  elapsed?: () => number;
  realTimers?: RealTimers;
  /** Told the live handler list after every workspace change (the MSW service worker's handlers follow it). */
  onHandlersChanged?: (handlers: RequestHandler[]) => void;
  /** The real page's origin, which WebAuthn sees: Connect's passkeys are bound to it. */
  pageOrigin?: string;
}

/** What the stage shows of a workspace: its personas, in order, and each persona's devices as they were saved. */
interface StageOfWorkspace {
  personas: Persona[];
  devices: Map<string, PersonaDevices>;
}

async function stageOf(workspace: Workspace): Promise<StageOfWorkspace> {
  const personas = await workspace.world.personas.orderBy('order').toArray();
  const phones = new Map((await workspace.world.phones.toArray()).map((p) => [p.personaId, { accounts: p.accounts, clockOffsetSeconds: p.clockOffsetSeconds }]));
  const devices = new Map<string, PersonaDevices>();
  for (const b of await workspace.world.browsers.toArray()) {
    devices.set(b.personaId, {
      jar: new CookieJar(b.cookies),
      browser: { history: b.history, index: b.index },
      phone: phones.get(b.personaId) ?? newDevices().phone,
      passkeys: b.passkeys ?? emptyPasskeyDevices(),
    });
  }
  // A phone may have accounts while its persona's browser was never saved.
  for (const [personaId, phone] of phones) if (!devices.has(personaId)) devices.set(personaId, { ...newDevices(), phone });
  return { personas, devices };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Simulation implements SimulationControl {
  readonly network: Network;
  readonly clock: ClockControl;
  readonly traffic: TrafficLog;
  private live!: Workspace;
  private info!: WorkspaceInfo;
  private personaList: Persona[] = [];
  private deviceMap = new Map<string, PersonaDevices>();
  private readonly listeners = new Set<() => void>();
  private readonly exchangeListeners = new Set<(exchange: Exchange) => void>();
  private readonly clockListeners = new Set<() => void>();
  private readonly trafficListeners = new Set<() => void>();
  private unsubscribeLive: Array<() => void> = [];
  /** Changes whenever the live workspace is replaced: every tab then gives the personas new devices. */
  generation = 0;
  /** Checkpoints by workspace id: kept in the simulation only, as a trainer's marks for one session. */
  private readonly checkpointsOf = new Map<string, Checkpoint[]>();
  private checkpointsTaken = 0;

  private constructor(private readonly registry: RegistryDb, private readonly options: SimulationOptions) {
    const self = this;
    this.network = {
      fetch: (request: Request, fetchOptions: NetworkFetchOptions) => self.live.network.fetch(request, fetchOptions),
      subscribe(listener) {
        self.exchangeListeners.add(listener);
        return () => self.exchangeListeners.delete(listener);
      },
    };
    this.clock = {
      now: () => self.live.clock.now(),
      state: () => self.live.clock.state(),
      pause: () => self.live.clock.pause(),
      play: (speed) => self.live.clock.play(speed),
      advance: (ms) => self.live.clock.advance(ms),
      jumpTo: (time) => self.live.clock.jumpTo(time),
      nextEvent: () => self.live.clock.nextEvent(),
      jumpToNextEvent: () => self.live.clock.jumpToNextEvent(),
      subscribe(listener) {
        self.clockListeners.add(listener);
        return () => self.clockListeners.delete(listener);
      },
    };
    this.traffic = {
      summaries: () => self.live.trafficSummaries(),
      exchanges: (ids) => self.live.trafficExchanges(ids),
      async clear() {
        await self.live.clearTraffic();
        self.trafficListeners.forEach((l) => l());
      },
      subscribe(listener) {
        self.trafficListeners.add(listener);
        return () => self.trafficListeners.delete(listener);
      },
    };
  }

  /** Opens the workspace used last, creating the default demo workspace on the very first start. */
  static async start(options: SimulationOptions): Promise<Simulation> {
    const registry = new RegistryDb();
    const simulation = new Simulation(registry, options);
    const lastId = (await registry.settings.get('current'))?.value;
    const last = lastId ? await registry.workspaces.get(lastId) : undefined;
    const opened = last ? await Workspace.open({ id: last.id, ...simulation.workspaceOptions() }) : undefined;
    if (last && opened) await simulation.attach(last, opened);
    else await simulation.createWorkspace({ name: 'Demo company', templateId: demoTenant.id, seed: DEFAULT_SEED, id: DEFAULT_WORKSPACE_ID });
    return simulation;
  }

  private workspaceOptions() {
    return {
      realClock: this.options.realClock,
      ...(this.options.elapsed ? { elapsed: this.options.elapsed } : {}),
      ...(this.options.realTimers ? { realTimers: this.options.realTimers } : {}),
      ...(this.options.pageOrigin ? { pageOrigin: this.options.pageOrigin } : {}),
    };
  }

  /** The live workspace runtime: for the composition root and tests, not for pages. */
  get runtime(): Workspace {
    return this.live;
  }

  workspace(): WorkspaceInfo {
    return { ...this.info };
  }

  templates(): TemplateInfo[] {
    return TEMPLATES.map((t) => ({ id: t.id, name: t.name }));
  }

  listWorkspaces(): Promise<WorkspaceInfo[]> {
    return this.registry.workspaces.orderBy('createdAt').toArray();
  }

  /** `id` replaces the workspace of that id (and its checkpoints); `startAt` starts the world clock there, not at the template's time. */
  async createWorkspace(input: { name: string; templateId: string; seed: string; id?: string; startAt?: number }): Promise<WorkspaceInfo> {
    const name = input.name.trim();
    const seed = input.seed.trim();
    if (!name) throw new Error('Give the workspace a name');
    if (!seed) throw new Error('Give the workspace a seed: the same seed replays the same codes and ids');
    if (input.startAt !== undefined && !isWorldTime(input.startAt)) throw new Error(`The world clock must start at ${WORLD_TIME_RANGE_MESSAGE}`);
    const source = templateSource(input.templateId);
    if (!source) throw new Error(`Unknown template “${input.templateId}”`);
    const built = source.build(seed);
    const template = input.startAt === undefined ? built : { ...built, startsAt: input.startAt };
    const id = input.id ?? (await this.newWorkspaceId());
    if (this.live) await this.live.close();
    this.checkpointsOf.delete(id);
    const workspace = await Workspace.create(template, seed, { id, ...this.workspaceOptions() });
    const info: WorkspaceInfo = { id, name, templateId: source.id, seed, createdAt: this.options.realClock.now() };
    await this.registry.workspaces.put(info);
    await this.attach(info, workspace);
    return info;
  }

  /** A workspace id no workspace has: the real time and a number. */
  private async newWorkspaceId(): Promise<string> {
    const stamp = this.options.realClock.now().toString(36);
    for (let n = (await this.registry.workspaces.count()) + 1; ; n++) {
      const id = `ws-${stamp}-${n}`;
      if (!(await this.registry.workspaces.get(id))) return id;
    }
  }

  async switchWorkspace(id: string): Promise<void> {
    if (id === this.info.id) return;
    const info = await this.registry.workspaces.get(id);
    if (!info) throw new Error(`No workspace “${id}”`);
    await this.live.close();
    const workspace = await Workspace.open({ id, ...this.workspaceOptions() });
    if (!workspace) throw new Error(`The data of workspace “${info.name}” is missing; reset or delete it`);
    await this.attach(info, workspace);
  }

  async resetWorkspace(): Promise<void> {
    const info = this.info;
    const template = (templateSource(info.templateId) ?? templateSource(demoTenant.id)!).build(info.seed);
    await this.live.close();
    const workspace = await Workspace.create(template, info.seed, { id: info.id, ...this.workspaceOptions() });
    await this.attach(info, workspace);
  }

  async deleteWorkspace(id: string): Promise<void> {
    const all = await this.listWorkspaces();
    if (all.length <= 1) throw new Error('This is the only workspace: reset it instead, or create another first');
    if (id === this.info.id) {
      const next = all.find((w) => w.id !== id)!;
      await this.switchWorkspace(next.id);
    }
    await Workspace.destroyDatabases(id);
    await this.registry.workspaces.delete(id);
    this.checkpointsOf.delete(id);
  }

  async exportWorkspace(): Promise<WorkspaceFile> {
    await this.saveAllDevices();
    const snapshot = await this.live.snapshot();
    const { composeWorkspaceFile, workspaceFileName } = await workspaceFile();
    const { name, templateId, seed } = this.info;
    const header = { name, templateId, seed, worldTime: snapshot.worldTime, exportedAt: this.options.realClock.now() };
    return { fileName: workspaceFileName(name, snapshot.worldTime), text: composeWorkspaceFile(header, snapshot.databases) };
  }

  /**
   * Checks the whole file first; then writes it into a workspace id of its own, opens it (its servers start) and reads
   * what the stage needs of it, all while the current workspace stays live. Only then does it replace the current one,
   * and the workspace list learns of it. Anything that fails on the way is deleted, and the current workspace stays
   * (or, if the switch itself fails, is opened again) as it was.
   */
  async importWorkspace(text: string): Promise<WorkspaceInfo> {
    const { header, databases } = (await workspaceFile()).parseWorkspaceFile(text);
    const id = await this.newWorkspaceId();
    let workspace: Workspace | undefined;
    let stage: StageOfWorkspace;
    try {
      workspace = await Workspace.fromSnapshot(databases, { id, ...this.workspaceOptions() });
      stage = await stageOf(workspace);
    } catch (error) {
      await workspace?.close().catch(() => undefined);
      await Workspace.destroyDatabases(id);
      throw new Error(`The workspace file could not be imported, and nothing was changed: ${reasonOf(error)}`, { cause: error });
    }
    const info: WorkspaceInfo = { id, name: header.name, templateId: header.templateId, seed: header.seed, createdAt: this.options.realClock.now() };
    const previous = this.info;
    try {
      await this.registry.workspaces.put(info);
      await this.live.close();
      await this.attach(info, workspace, stage);
    } catch (error) {
      await workspace.close().catch(() => undefined);
      await Workspace.destroyDatabases(id);
      await this.registry.workspaces.delete(id);
      await this.reopen(previous);
      throw new Error(`The workspace file could not be imported, and nothing was changed: ${reasonOf(error)}`, { cause: error });
    }
    return info;
  }

  /** Opens a workspace that was live again, after a switch away from it failed: the stage keeps showing it. */
  private async reopen(info: WorkspaceInfo): Promise<void> {
    const workspace = await Workspace.open({ id: info.id, ...this.workspaceOptions() });
    if (workspace) await this.attach(info, workspace);
  }

  checkpoints(): CheckpointInfo[] {
    return (this.checkpointsOf.get(this.info.id) ?? []).map(({ id, name, worldTime }) => ({ id, name, worldTime }));
  }

  async takeCheckpoint(name = ''): Promise<CheckpointInfo> {
    await this.saveAllDevices();
    const snapshot = await this.live.snapshot();
    const list = this.checkpointsOf.get(this.info.id) ?? [];
    const checkpoint: Checkpoint = {
      id: `checkpoint-${++this.checkpointsTaken}`,
      name: name.trim() || `Checkpoint ${list.length + 1}`,
      worldTime: snapshot.worldTime,
      snapshot,
    };
    this.checkpointsOf.set(this.info.id, [...list, checkpoint]);
    this.emit();
    return { id: checkpoint.id, name: checkpoint.name, worldTime: checkpoint.worldTime };
  }

  /**
   * Writes a checkpoint over the live workspace's databases and opens it. The workspace as it stands is taken first:
   * if the restore fails half-way (a database written, the next not; the stage unable to show it), that is written
   * back, so the workspace is never left half one moment and half another.
   */
  async restoreCheckpoint(id: string): Promise<void> {
    const checkpoint = this.checkpointsOf.get(this.info.id)?.find((c) => c.id === id);
    if (!checkpoint) throw new Error(`No checkpoint “${id}” in this workspace`);
    await this.saveAllDevices();
    const current = await this.live.snapshot();
    let workspace: Workspace | undefined;
    try {
      workspace = await this.live.restore(checkpoint.snapshot);
      await this.attach(this.info, workspace, await stageOf(workspace));
    } catch (error) {
      await workspace?.close().catch(() => undefined);
      const { parseDatabaseTexts } = await workspaceFile();
      const back = await Workspace.fromSnapshot(parseDatabaseTexts(current.databases), { id: this.info.id, ...this.workspaceOptions() }, { recreate: true });
      await this.attach(this.info, back);
      throw error;
    }
  }

  async deleteCheckpoint(id: string): Promise<void> {
    const list = this.checkpointsOf.get(this.info.id) ?? [];
    if (!list.some((c) => c.id === id)) throw new Error(`No checkpoint “${id}” in this workspace`);
    this.checkpointsOf.set(
      this.info.id,
      list.filter((c) => c.id !== id),
    );
    this.emit();
  }

  /** Every persona's devices as the tab holds them, so a snapshot has them as they are now. */
  private async saveAllDevices(): Promise<void> {
    for (const personaId of this.deviceMap.keys()) {
      await this.saveDevices(personaId);
      await this.savePhone(personaId);
    }
  }

  async startRecording(): Promise<ScenarioRecording> {
    const { ScenarioRecorder } = await scenarioRecorder();
    const info = this.workspace();
    const recorder = new ScenarioRecorder({
      network: this.network,
      clock: this.clock,
      personas: this.personas(),
      workspace: { template: info.templateId, seed: info.seed },
    });
    // Steps recorded in one workspace mean nothing in another: a switch, reset or restore ends the recording.
    const generation = this.generation;
    const unsubscribe = this.subscribe(() => {
      if (this.generation === generation) return;
      recorder.stop();
      unsubscribe();
    });
    return recorder;
  }

  personas(): Persona[] {
    return this.personaList.map((p) => ({ ...p, mailboxes: [...p.mailboxes] }));
  }

  currentPersonaId(): string | null {
    return this.live.currentPersonaId;
  }

  async setCurrentPersona(id: string): Promise<void> {
    if (!this.personaList.some((p) => p.id === id)) throw new Error(`No persona “${id}” in this workspace`);
    await this.live.setCurrentPersona(id);
    this.emit();
  }

  devices(personaId: string): PersonaDevices {
    let devices = this.deviceMap.get(personaId);
    if (!devices) {
      devices = newDevices();
      this.deviceMap.set(personaId, devices);
    }
    return devices;
  }

  async savePhone(personaId: string): Promise<void> {
    const { phone } = this.devices(personaId);
    await this.live.world.phones.put({ personaId, accounts: phone.accounts.map((a) => ({ ...a })), clockOffsetSeconds: phone.clockOffsetSeconds });
  }

  async saveDevices(personaId: string): Promise<void> {
    const devices = this.devices(personaId);
    await this.live.world.browsers.put({
      personaId,
      history: [...devices.browser.history],
      index: devices.browser.index,
      cookies: devices.jar.toJSON(),
      passkeys: { authenticator: devices.passkeys.authenticator, sandbox: devices.passkeys.sandbox.map((c) => ({ ...c })) },
    });
  }

  get pageOrigin(): string | null {
    return this.options.pageOrigin ?? null;
  }

  settled(): Promise<void> {
    return this.live.settled();
  }

  async stateHash(): Promise<string> {
    await this.saveAllDevices();
    await this.settled();
    return (await stateHashModule()).stateHash(this.info.id);
  }

  async scenarios(): Promise<ScenarioReplayControl> {
    return (await scenarioReplay()).scenarioReplay(this);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One simulation in one process has no other tab to hear from; tabs reach a shared one through SimulationHost. */
  subscribeDevices(): () => void {
    return () => undefined;
  }

  /** Makes a workspace the live one; `stage` is what stageOf read of it, when the caller read it before the switch. */
  private async attach(info: WorkspaceInfo, workspace: Workspace, stage?: StageOfWorkspace): Promise<void> {
    const { personas, devices } = stage ?? (await stageOf(workspace));
    for (const unsubscribe of this.unsubscribeLive) unsubscribe();
    this.generation += 1;
    this.live = workspace;
    this.info = info;
    this.personaList = personas;
    this.deviceMap = devices;
    this.unsubscribeLive = [
      workspace.network.subscribe((exchange) => this.exchangeListeners.forEach((l) => l(exchange))),
      workspace.clock.subscribe(() => this.clockListeners.forEach((l) => l())),
    ];
    await this.registry.settings.put({ key: 'current', value: info.id });
    this.options.onHandlersChanged?.(workspace.handlers());
    this.emit();
    this.clockListeners.forEach((l) => l());
    // Another workspace is another log.
    this.trafficListeners.forEach((l) => l());
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
