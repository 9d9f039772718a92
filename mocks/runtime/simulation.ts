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
import { describeStorageFailure } from '../shared/storage-failure';
import { isLocale, LOCALES, type Locale } from '../../src/domain/locale';

/** Workspace files, with dexie-export-import: loaded the first time one is exported or imported. */
const workspaceFile = () => import('./workspace-file');
/** The scenario recorder (and the scenario format's schemas): loaded the first time a recording starts. */
const scenarioRecorder = () => import('../scenarios/recorder');
/** The state hash: loaded the first time it is asked for. */
const stateHashModule = () => import('../scenarios/state-hash');
/** Scenario replay (the executor and the catalogue): loaded the first time trainer mode opens. */
const scenarioReplay = () => import('../scenarios/replay');

/**
 * A workspace as the registry stores it. `storageId` names its databases when they are not under its id: a reset, a
 * checkpoint restore or a re-creation writes the new data in full beside the old (alternating between `<id>` and
 * `<id>~1`), and lets go of the old only once the new is live, so a failure half-way loses nothing.
 */
export interface WorkspaceRecord extends WorkspaceInfo {
  storageId?: string;
}

export function storageIdOf(record: WorkspaceRecord): string {
  return record.storageId ?? record.id;
}

/** Where a workspace's new data goes while its current data (at `current`, if any) stays as it is. */
function nextStorageId(id: string, current: string | undefined): string {
  return current === id ? `${id}~1` : id;
}

function infoOf({ id, name, templateId, seed, createdAt }: WorkspaceRecord): WorkspaceInfo {
  return { id, name, templateId, seed, createdAt };
}

/** The list of workspaces and which one is open: the one database that is no workspace's. */
export class RegistryDb extends Dexie {
  workspaces!: EntityTable<WorkspaceRecord, 'id'>;
  settings!: EntityTable<{ key: string; value: string }, 'key'>;
  constructor() {
    super('rollout-rehearsal/workspaces');
    this.version(1).stores({ workspaces: 'id, createdAt', settings: 'key' });
  }
}

export const DEFAULT_WORKSPACE_ID = 'default';

/** A persona's devices before first use: a browser with no history or cookies, a phone with no accounts. */
function newDevices(): PersonaDevices {
  return {
    jar: new CookieJar(),
    browser: { history: [], index: -1 },
    phone: { accounts: [], clockOffsetSeconds: 0 },
    passkeys: emptyPasskeyDevices(),
  };
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
  const phones = new Map(
    (await workspace.world.phones.toArray()).map((p) => [p.personaId, { accounts: p.accounts, clockOffsetSeconds: p.clockOffsetSeconds }]),
  );
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
  #live!: Workspace;
  #info!: WorkspaceInfo;
  #personaList: Persona[] = [];
  #deviceMap = new Map<string, PersonaDevices>();
  readonly #listeners = new Set<() => void>();
  readonly #exchangeListeners = new Set<(exchange: Exchange) => void>();
  readonly #clockListeners = new Set<() => void>();
  readonly #trafficListeners = new Set<() => void>();
  #unsubscribeLive: Array<() => void> = [];
  /** Changes whenever the live workspace is replaced: every tab then gives the personas new devices. */
  generation = 0;
  /** Checkpoints by workspace id: kept in the simulation only, as a trainer's marks for one session. */
  readonly #checkpointsOf = new Map<string, Checkpoint[]>();
  #checkpointsTaken = 0;
  readonly #registry: RegistryDb;
  readonly #options: SimulationOptions;

  private constructor(registry: RegistryDb, options: SimulationOptions) {
    this.#registry = registry;
    this.#options = options;
    const self = this;
    this.network = {
      fetch: (request: Request, fetchOptions: NetworkFetchOptions) => self.#live.network.fetch(request, fetchOptions),
      subscribe(listener) {
        self.#exchangeListeners.add(listener);
        return () => self.#exchangeListeners.delete(listener);
      },
    };
    this.clock = {
      now: () => self.#live.clock.now(),
      state: () => self.#live.clock.state(),
      pause: () => self.#live.clock.pause(),
      play: (speed) => self.#live.clock.play(speed),
      advance: (ms) => self.#live.clock.advance(ms),
      jumpTo: (time) => self.#live.clock.jumpTo(time),
      nextEvent: () => self.#live.clock.nextEvent(),
      jumpToNextEvent: () => self.#live.clock.jumpToNextEvent(),
      subscribe(listener) {
        self.#clockListeners.add(listener);
        return () => self.#clockListeners.delete(listener);
      },
    };
    this.traffic = {
      summaries: () => self.#live.trafficSummaries(),
      exchanges: (ids) => self.#live.trafficExchanges(ids),
      async clear() {
        await self.#live.clearTraffic();
        self.#trafficListeners.forEach((l) => l());
      },
      subscribe(listener) {
        self.#trafficListeners.add(listener);
        return () => self.#trafficListeners.delete(listener);
      },
    };
  }

  /**
   * Opens the workspace used last (or, when it is gone, the oldest there is), creating the default demo workspace on the
   * very first start. `newDemo` starts with a fresh demo workspace under a new id instead (the recovery screen's way out).
   */
  static async start(options: SimulationOptions, { newDemo = false }: { newDemo?: boolean } = {}): Promise<Simulation> {
    const registry = new RegistryDb();
    const simulation = new Simulation(registry, options);
    if (newDemo) {
      await simulation.createWorkspace({ name: 'Demo company', templateId: demoTenant.id, seed: DEFAULT_SEED });
      return simulation;
    }
    const lastId = (await registry.settings.get('current'))?.value;
    const last = (lastId ? await registry.workspaces.get(lastId) : undefined) ?? (await registry.workspaces.orderBy('createdAt').first());
    const opened = last ? await Workspace.open({ id: storageIdOf(last), ...simulation.#workspaceOptions() }) : undefined;
    if (last && opened) await simulation.#attach(last, opened);
    else
      await simulation.createWorkspace({
        name: 'Demo company',
        templateId: demoTenant.id,
        seed: DEFAULT_SEED,
        id: last?.id ?? DEFAULT_WORKSPACE_ID,
      });
    return simulation;
  }

  #workspaceOptions() {
    return {
      realClock: this.#options.realClock,
      ...(this.#options.elapsed ? { elapsed: this.#options.elapsed } : {}),
      ...(this.#options.realTimers ? { realTimers: this.#options.realTimers } : {}),
      ...(this.#options.pageOrigin ? { pageOrigin: this.#options.pageOrigin } : {}),
    };
  }

  /** The live workspace runtime: for the composition root and tests, not for pages. */
  get runtime(): Workspace {
    return this.#live;
  }

  workspace(): WorkspaceInfo {
    return { ...this.#info };
  }

  templates(): TemplateInfo[] {
    return TEMPLATES.map((t) => ({ id: t.id, name: t.name, ...(t.timeclock ? { timeclock: t.timeclock } : {}) }));
  }

  async listWorkspaces(): Promise<WorkspaceInfo[]> {
    return (await this.#registry.workspaces.orderBy('createdAt').toArray()).map(infoOf);
  }

  /** `id` replaces the workspace of that id (and its checkpoints); `startAt` starts the world clock there, not at the template's time. */
  async createWorkspace(input: { name: string; templateId: string; seed: string; id?: string; startAt?: number }): Promise<WorkspaceInfo> {
    const name = input.name.trim();
    const seed = input.seed.trim();
    if (!name) throw new Error('Give the workspace a name');
    if (!seed) throw new Error('Give the workspace a seed: the same seed replays the same codes and ids');
    if (input.startAt !== undefined && !isWorldTime(input.startAt))
      throw new Error(`The world clock must start at ${WORLD_TIME_RANGE_MESSAGE}`);
    const source = templateSource(input.templateId);
    if (!source) throw new Error(`Unknown template “${input.templateId}”`);
    const built = source.build(seed);
    const template = input.startAt === undefined ? built : { ...built, startsAt: input.startAt };
    const id = input.id ?? (await this.#newWorkspaceId());
    const info: WorkspaceInfo = { id, name, templateId: source.id, seed, createdAt: this.#options.realClock.now() };
    await this.#replaceLive(
      info,
      (storageId) => Workspace.create(template, seed, { id: storageId, ...this.#workspaceOptions() }),
      `The workspace “${name}” could not be created, and nothing was changed`,
    );
    this.#checkpointsOf.delete(id);
    this.#emit();
    return info;
  }

  /**
   * Builds a workspace's new data beside everything there is (under a storage id of its own), and only once it is
   * complete and started makes it the live one, then closes the workspace that was live and lets go of the data it
   * replaces. When building fails, what was written is deleted and the live workspace stays open, as it was.
   */
  async #replaceLive(info: WorkspaceInfo, build: (storageId: string) => Promise<Workspace>, whatFailed: string): Promise<void> {
    const existing = await this.#registry.workspaces.get(info.id);
    const replaced = existing ? storageIdOf(existing) : undefined;
    const storageId = nextStorageId(info.id, replaced);
    const record: WorkspaceRecord = storageId === info.id ? { ...info } : { ...info, storageId };
    let workspace: Workspace | undefined;
    let stage: StageOfWorkspace;
    try {
      workspace = await build(storageId);
      stage = await stageOf(workspace);
      await this.#remember(record);
      await this.#switchTo(record, workspace, stage);
    } catch (error) {
      // switchTo put the previous workspace back; the registry points at its data again.
      await workspace?.close().catch(() => undefined);
      await Workspace.destroyDatabases(storageId).catch(() => undefined);
      if (existing) await this.#registry.workspaces.put(existing).catch(() => undefined);
      else await this.#registry.workspaces.delete(info.id).catch(() => undefined);
      throw await this.#worded(error, whatFailed);
    }
    if (replaced !== undefined && replaced !== storageId)
      await Workspace.destroyDatabases(replaced).catch((error: unknown) => console.error(error));
  }

  /** Writes a workspace into the registry as the one to open next time. */
  async #remember(record: WorkspaceRecord): Promise<void> {
    await this.#registry.transaction('rw', this.#registry.workspaces, this.#registry.settings, async () => {
      await this.#registry.workspaces.put(record);
      await this.#registry.settings.put({ key: 'current', value: record.id });
    });
  }

  /**
   * Makes `workspace` the live one, then closes the one that was (its last writes may fail: the new one is live). When
   * the switch itself fails, the previous workspace, still open, is made live again and the registry's "current" says so.
   */
  async #switchTo(record: WorkspaceRecord, workspace: Workspace, stage?: StageOfWorkspace): Promise<void> {
    const previous = this.#live as Workspace | undefined;
    const previousStage = previous ? { info: this.#info, stage: { personas: this.#personaList, devices: this.#deviceMap } } : undefined;
    try {
      await this.#attach(infoOf(record), workspace, stage);
    } catch (error) {
      if (previous && previousStage) {
        await this.#attach(previousStage.info, previous, previousStage.stage);
        await this.#registry.settings.put({ key: 'current', value: previousStage.info.id }).catch(() => undefined);
      }
      throw error;
    }
    if (previous && previous !== workspace) await previous.close().catch((error: unknown) => console.error(error));
  }

  /** A storage failure in the user's words (its technical text in the worker's console); any other error as it is. */
  async #worded(error: unknown, whatFailed: string): Promise<unknown> {
    const failure = await describeStorageFailure(error, whatFailed);
    if (!failure) return error;
    console.error(`${failure.message} (${failure.detail})`);
    return failure;
  }

  /** A workspace id no workspace has: the real time and a number. */
  async #newWorkspaceId(): Promise<string> {
    const stamp = this.#options.realClock.now().toString(36);
    for (let n = (await this.#registry.workspaces.count()) + 1; ; n++) {
      const id = `ws-${stamp}-${n}`;
      if (!(await this.#registry.workspaces.get(id))) return id;
    }
  }

  async switchWorkspace(id: string): Promise<void> {
    if (id === this.#info.id) return;
    const record = await this.#registry.workspaces.get(id);
    if (!record) throw new Error(`No workspace “${id}”`);
    // Opened before the live one closes: a workspace that cannot open leaves the live one as it was.
    let workspace: Workspace | undefined;
    try {
      workspace = await Workspace.open({ id: storageIdOf(record), ...this.#workspaceOptions() });
    } catch (error) {
      throw await this.#worded(error, `The workspace “${record.name}” could not be opened`);
    }
    if (!workspace) throw new Error(`The data of workspace “${record.name}” is missing; reset or delete it`);
    try {
      await this.#remember(record);
    } catch (error) {
      await workspace.close().catch(() => undefined);
      throw await this.#worded(error, `The workspace “${record.name}” could not be opened`);
    }
    await this.#switchTo(record, workspace);
  }

  /** Builds the template anew beside the current data, which is deleted only once the reset workspace is live. */
  async resetWorkspace(): Promise<void> {
    const info = this.workspace();
    const template = (templateSource(info.templateId) ?? templateSource(demoTenant.id)!).build(info.seed);
    await this.#replaceLive(
      info,
      (storageId) => Workspace.create(template, info.seed, { id: storageId, ...this.#workspaceOptions() }),
      `“${info.name}” could not be reset, and nothing was changed`,
    );
  }

  async deleteWorkspace(id: string): Promise<void> {
    const all = await this.listWorkspaces();
    if (all.length <= 1) throw new Error('This is the only workspace: reset it instead, or create another first');
    if (id === this.#info.id) {
      const next = all.find((w) => w.id !== id)!;
      await this.switchWorkspace(next.id);
    }
    const record = await this.#registry.workspaces.get(id);
    await this.#registry.workspaces.delete(id);
    this.#checkpointsOf.delete(id);
    await Workspace.destroyDatabases(record ? storageIdOf(record) : id);
  }

  async exportWorkspace(): Promise<WorkspaceFile> {
    await this.#saveAllDevices();
    const snapshot = await this.#live.snapshot();
    const { composeWorkspaceFile, workspaceFileName } = await workspaceFile();
    const { name, templateId, seed } = this.#info;
    const header = { name, templateId, seed, worldTime: snapshot.worldTime, exportedAt: this.#options.realClock.now() };
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
    const id = await this.#newWorkspaceId();
    let workspace: Workspace | undefined;
    let stage: StageOfWorkspace;
    try {
      workspace = await Workspace.fromSnapshot(databases, { id, ...this.#workspaceOptions() });
      stage = await stageOf(workspace);
    } catch (error) {
      await workspace?.close().catch(() => undefined);
      await Workspace.destroyDatabases(id);
      throw (
        (await describeStorageFailure(error, 'The workspace file could not be imported, and nothing was changed')) ??
        new Error(`The workspace file could not be imported, and nothing was changed: ${reasonOf(error)}`, { cause: error })
      );
    }
    const info: WorkspaceInfo = {
      id,
      name: header.name,
      templateId: header.templateId,
      seed: header.seed,
      createdAt: this.#options.realClock.now(),
    };
    try {
      await this.#remember(info);
      await this.#switchTo(info, workspace, stage);
    } catch (error) {
      // The switch put the previous workspace back (switchTo); what was imported goes.
      await workspace.close().catch(() => undefined);
      await Workspace.destroyDatabases(id).catch(() => undefined);
      await this.#registry.workspaces.delete(id).catch(() => undefined);
      throw (
        (await describeStorageFailure(error, 'The workspace file could not be imported, and nothing was changed')) ??
        new Error(`The workspace file could not be imported, and nothing was changed: ${reasonOf(error)}`, { cause: error })
      );
    }
    return info;
  }

  checkpoints(): CheckpointInfo[] {
    return (this.#checkpointsOf.get(this.#info.id) ?? []).map(({ id, name, worldTime }) => ({ id, name, worldTime }));
  }

  async takeCheckpoint(name = ''): Promise<CheckpointInfo> {
    await this.#saveAllDevices();
    const snapshot = await this.#live.snapshot();
    const list = this.#checkpointsOf.get(this.#info.id) ?? [];
    const checkpoint: Checkpoint = {
      id: `checkpoint-${++this.#checkpointsTaken}`,
      name: name.trim() || `Checkpoint ${list.length + 1}`,
      worldTime: snapshot.worldTime,
      snapshot,
    };
    this.#checkpointsOf.set(this.#info.id, [...list, checkpoint]);
    this.#emit();
    return { id: checkpoint.id, name: checkpoint.name, worldTime: checkpoint.worldTime };
  }

  /**
   * Writes a checkpoint into databases of its own beside the live workspace's and switches to it once it is open: a
   * restore that fails half-way (a database written, the next not; the stage unable to show it) leaves the live
   * workspace as it was, never half one moment and half another.
   */
  async restoreCheckpoint(id: string): Promise<void> {
    const checkpoint = this.#checkpointsOf.get(this.#info.id)?.find((c) => c.id === id);
    if (!checkpoint) throw new Error(`No checkpoint “${id}” in this workspace`);
    const { parseDatabaseTexts } = await workspaceFile();
    const databases = parseDatabaseTexts(checkpoint.snapshot.databases);
    await this.#replaceLive(
      this.workspace(),
      (storageId) => Workspace.fromSnapshot(databases, { id: storageId, ...this.#workspaceOptions() }, { recreate: true }),
      `The checkpoint “${checkpoint.name}” could not be restored, and nothing was changed`,
    );
  }

  async deleteCheckpoint(id: string): Promise<void> {
    const list = this.#checkpointsOf.get(this.#info.id) ?? [];
    if (!list.some((c) => c.id === id)) throw new Error(`No checkpoint “${id}” in this workspace`);
    this.#checkpointsOf.set(
      this.#info.id,
      list.filter((c) => c.id !== id),
    );
    this.#emit();
  }

  /** Every persona's devices as the tab holds them, so a snapshot has them as they are now. */
  async #saveAllDevices(): Promise<void> {
    for (const personaId of this.#deviceMap.keys()) {
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
    return this.#personaList.map((p) => ({ ...p, mailboxes: [...p.mailboxes] }));
  }

  currentPersonaId(): string | null {
    return this.#live.currentPersonaId;
  }

  async setCurrentPersona(id: string): Promise<void> {
    if (!this.#personaList.some((p) => p.id === id)) throw new Error(`No persona “${id}” in this workspace`);
    await this.#live.setCurrentPersona(id);
    this.#emit();
  }

  language(): Locale {
    return this.#live.language;
  }

  async setLanguage(language: Locale): Promise<void> {
    if (!isLocale(language)) throw new Error(`No language “${String(language)}”: choose ${LOCALES.join(' or ')}`);
    await this.#live.setLanguage(language);
    this.#emit();
  }

  async setPersonaLanguage(personaId: string, language: Locale | null): Promise<void> {
    if (!this.#personaList.some((p) => p.id === personaId)) throw new Error(`No persona “${personaId}” in this workspace`);
    if (language !== null && !isLocale(language)) throw new Error(`No language “${String(language)}”: choose ${LOCALES.join(' or ')}`);
    await this.#live.setPersonaLanguage(personaId, language);
    this.#personaList = this.#personaList.map((p) => {
      if (p.id !== personaId) return p;
      const { language: _previous, ...rest } = p;
      return language ? { ...rest, language } : rest;
    });
    this.#emit();
  }

  devices(personaId: string): PersonaDevices {
    let devices = this.#deviceMap.get(personaId);
    if (!devices) {
      devices = newDevices();
      this.#deviceMap.set(personaId, devices);
    }
    return devices;
  }

  async savePhone(personaId: string): Promise<void> {
    const { phone } = this.devices(personaId);
    await this.#live.world.phones.put({
      personaId,
      accounts: phone.accounts.map((a) => ({ ...a })),
      clockOffsetSeconds: phone.clockOffsetSeconds,
    });
  }

  async saveDevices(personaId: string): Promise<void> {
    const devices = this.devices(personaId);
    await this.#live.world.browsers.put({
      personaId,
      history: [...devices.browser.history],
      index: devices.browser.index,
      cookies: devices.jar.toJSON(),
      passkeys: { authenticator: devices.passkeys.authenticator, sandbox: devices.passkeys.sandbox.map((c) => ({ ...c })) },
    });
  }

  /** Why the live workspace's traffic log is not being saved (its storage is full), or null while it is. */
  storageWarning(): string | null {
    return this.#live.trafficWarning;
  }

  get pageOrigin(): string | null {
    return this.#options.pageOrigin ?? null;
  }

  settled(): Promise<void> {
    return this.#live.settled();
  }

  async stateHash(): Promise<string> {
    await this.#saveAllDevices();
    await this.settled();
    return (await stateHashModule()).stateHash(this.#live.id);
  }

  async scenarios(): Promise<ScenarioReplayControl> {
    return (await scenarioReplay()).scenarioReplay(this);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One simulation in one process has no other tab to hear from; tabs reach a shared one through SimulationHost. */
  subscribeDevices(): () => void {
    return () => undefined;
  }

  /** Makes a workspace the live one; `stage` is what stageOf read of it, when the caller read it before the switch. */
  async #attach(info: WorkspaceInfo, workspace: Workspace, stage?: StageOfWorkspace): Promise<void> {
    const { personas, devices } = stage ?? (await stageOf(workspace));
    for (const unsubscribe of this.#unsubscribeLive) unsubscribe();
    this.generation += 1;
    this.#live = workspace;
    this.#info = infoOf(info);
    this.#personaList = personas;
    this.#deviceMap = devices;
    this.#unsubscribeLive = [
      workspace.network.subscribe((exchange) => this.#exchangeListeners.forEach((l) => l(exchange))),
      workspace.clock.subscribe(() => this.#clockListeners.forEach((l) => l())),
      workspace.subscribeTrafficWarning(() => this.#emit()),
    ];
    this.#options.onHandlersChanged?.(workspace.handlers());
    this.#emit();
    this.#clockListeners.forEach((l) => l());
    // Another workspace is another log.
    this.#trafficListeners.forEach((l) => l());
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
