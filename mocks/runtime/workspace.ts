// Owns one live workspace: its world database and clock, the seeded random stream of each server, the
// in-tab network and the simulated servers behind it. Creating one from a template seeds every database.
import Dexie from 'dexie';
import type { RequestHandler } from 'msw';
import type { Clock } from '../../src/domain/clock';
import { SeededRandom, type RandomState } from '../../src/domain/random';
import type { Exchange, ExchangeSummary } from '../../src/contracts/network';
import { InTabNetwork } from './network';
import { WorldClock, type RealTimers } from './world-clock';
import { splitExchange, WorldDb, type StoredPhone, type WorldMeta } from '../world/db';
import { IDP_DISPLAY_NAMES } from '../../src/contracts/idp';
import { CONNECT_TOTP } from '../../src/domain/totp';
import { databaseName, type ServerContext, type SimulatedServer, type TimerOptions } from '../shared/server';
import type { WorkspaceTemplate } from '../templates/template';
import { templateSource } from '../templates';
import { mailboxesOf } from '../templates/demo-tenant';
import { createHrmServer } from '../servers/hrm';
import { createConnectServer } from '../servers/connect';
import { createMailServer } from '../servers/mail';
import { createExpenseServer } from '../servers/expense';
import { createDnsServer } from '../servers/dns';
import { createIntegrationsServer } from '../servers/integrations';
import { createEntraServer } from '../servers/entra';
import { createGoogleServer } from '../servers/google';
import { createOktaServer } from '../servers/okta';
import { createPingServer } from '../servers/ping';
import { DATABASE_NAMES, type DatabaseName, type DatabaseTexts } from './workspace-databases';
import type { DatabaseExport } from './workspace-file';
import { storageFailureOf, technicalText } from '../shared/storage-failure';
import { isWorldTime, WORLD_TIME_RANGE_MESSAGE } from '../../src/domain/world-dates';
import { DEFAULT_LOCALE, type Locale } from '../../src/domain/locale';

/** Snapshots and their writing, with dexie-export-import: loaded the first time they are used. */
const workspaceFile = () => import('./workspace-file');

/** In handler order: dns is last, because it also answers the websites of its domains, matched by host alone. */
const SERVER_FACTORIES: Record<string, (ctx: ServerContext) => SimulatedServer> = {
  hrm: createHrmServer,
  connect: createConnectServer,
  mail: createMailServer,
  expense: createExpenseServer,
  entra: createEntraServer,
  google: createGoogleServer,
  okta: createOktaServer,
  ping: createPingServer,
  integrations: createIntegrationsServer,
  dns: createDnsServer,
};

/**
 * The phones of personas whose identity provider user has an authenticator (TOTP): the app holds that provider's
 * account from the start, as it would for someone who enrolled long ago.
 */
function idpAuthenticatorPhones(template: WorkspaceTemplate): StoredPhone[] {
  return template.people
    .filter((p) => p.persona && p.idpAccount?.totpSecret)
    .map((p) => ({
      personaId: p.key,
      clockOffsetSeconds: 0,
      accounts: [
        {
          issuer: IDP_DISPLAY_NAMES[p.idpAccount!.provider],
          label: p.idpAccount!.username,
          secret: p.idpAccount!.totpSecret!,
          ...CONNECT_TOTP,
          addedAt: template.startsAt,
        },
      ],
    }));
}

/** How long the tab gathers traffic log lines before writing them. */
const TRAFFIC_FLUSH_DELAY_MS = 1000;

export interface WorkspaceOptions {
  id: string;
  /** The real clock the world clock runs against (src/platform's system clock in the tab, a manual one in tests). */
  realClock: Clock;
  /** Real elapsed milliseconds for traffic durations (performance.now in the tab). */
  elapsed?: () => number;
  /** Wakes a playing clock for its next timer; absent in tests, whose clock only moves when told. */
  realTimers?: RealTimers;
  /** The real clock as third-party libraries read it (Date.now); defaults to `realClock`, which it is in the tab. */
  libraryClock?: Clock;
  /** The real page's origin, which WebAuthn sees (ServerContext.pageOrigin); absent where no page runs. */
  pageOrigin?: string;
}

/**
 * Every database of a workspace at one moment (a trainer's checkpoint, or what a workspace file carries): the world
 * clock paused at `worldTime`, the personas' devices, the traffic log and every server's data.
 */
export interface WorkspaceSnapshot {
  worldTime: number;
  databases: DatabaseTexts;
}

/** A workspace whose stored data cannot be started from; the message says what is wrong, in the user's words. */
export class DamagedWorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedWorkspaceError';
  }
}

/**
 * The template a stored workspace was created from, rebuilt from its id and seed as a reset does, on first call only:
 * servers ask for it solely for data stored before they kept something the seed now gives.
 */
function templateOf(meta: WorldMeta): () => WorkspaceTemplate | undefined {
  let built: { template: WorkspaceTemplate | undefined } | undefined;
  return () => (built ??= { template: templateSource(meta.templateId)?.build(meta.seed) }).template;
}

export class Workspace {
  readonly network: InTabNetwork;
  readonly clock: WorldClock;
  readonly servers: SimulatedServer[];
  readonly #randoms = new Map<string, SeededRandom>();
  #trafficQueue: Exchange[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #flushScheduled = false;
  #closed = false;
  #trafficWarningText: string | null = null;
  readonly #trafficWarningListeners = new Set<() => void>();
  readonly #realTimers: RealTimers | undefined;
  #meta: WorldMeta;
  /** Mailbox (lower case) → the language its persona chose, for the mails the servers write to them. */
  #personaLanguages = new Map<string, Locale>();
  readonly #options: WorkspaceOptions;

  private constructor(
    readonly id: string,
    readonly world: WorldDb,
    meta: WorldMeta,
    options: WorkspaceOptions,
  ) {
    this.#meta = meta;
    this.#options = options;
    this.clock = new WorldClock(
      meta.clock,
      options.realClock,
      async (clock) => {
        this.#meta = { ...this.#meta, clock };
        await this.world.meta.update('world', { clock });
      },
      options.realTimers,
    );
    this.#realTimers = options.realTimers;
    this.network = new InTabNetwork({ clock: this.clock, ...(options.elapsed ? { elapsed: options.elapsed } : {}) });
    this.servers = Object.entries(SERVER_FACTORIES).map(([name, create]) => {
      const saved = meta.randomStates[name];
      const restarts = meta.restarts ?? 0;
      const random = saved
        ? SeededRandom.fromState(saved)
        : SeededRandom.derive(meta.seed, restarts === 0 ? name : `${name}/restart-${restarts}`);
      this.#randoms.set(name, random);
      // Each server's timer keys live in its own namespace on the one world clock.
      const timers = {
        set: (key: string, at: number, label: string, fire: () => Promise<void>, options?: TimerOptions) =>
          this.clock.set(`${name}:${key}`, at, label, fire, options),
        clear: (key: string) => this.clock.clear(`${name}:${key}`),
      };
      const libraryClock = options.libraryClock ?? options.realClock;
      const librarySkewSeconds = () => Math.floor(this.clock.now() / 1000) - Math.floor(libraryClock.now() / 1000);
      const pageOrigin = options.pageOrigin ?? null;
      const languageOf = (address: string) => this.languageOf(address);
      return create({
        workspaceId: id,
        clock: this.clock,
        random,
        network: this.network,
        timers,
        librarySkewSeconds,
        pageOrigin,
        languageOf,
      });
    });
    this.network.setHandlers(this.handlers());
    this.network.subscribe((exchange) => {
      this.#trafficQueue.push(exchange);
      this.#scheduleFlush();
    });
  }

  /** Creates (or re-creates) a workspace from a template: every database is deleted and seeded anew. */
  static async create(template: WorkspaceTemplate, seed: string, options: WorkspaceOptions): Promise<Workspace> {
    await Workspace.destroyDatabases(options.id);
    const world = new WorldDb(options.id);
    const meta: WorldMeta = {
      key: 'world',
      workspaceId: options.id,
      templateId: template.id,
      seed,
      clock: { anchorWorld: template.startsAt, anchorReal: options.realClock.now(), speed: 1, paused: true },
      randomStates: {},
      running: true,
      restarts: 0,
      currentPersonaId: template.people.find((p) => p.persona)?.key ?? null,
    };
    let workspace: Workspace | undefined;
    try {
      await world.transaction('rw', world.meta, world.personas, world.phones, async () => {
        await world.meta.put(meta);
        await world.personas.bulkPut(
          template.people
            .filter((p) => p.persona)
            .map((p, order) => ({
              id: p.key,
              name: p.name,
              role: p.persona!.role,
              note: p.persona!.note,
              hrmLoginId: p.loginId,
              hrmPassword: p.password ?? template.tenant.rehearsalPassword ?? '',
              ...(p.idpAccount
                ? {
                    idpSignIn: {
                      provider: IDP_DISPLAY_NAMES[p.idpAccount.provider],
                      username: p.idpAccount.username,
                      password: p.idpAccount.password,
                    },
                  }
                : {}),
              mailboxes: mailboxesOf(p),
              order,
            })),
        );
        await world.phones.bulkPut(idpAuthenticatorPhones(template));
      });
      workspace = new Workspace(options.id, world, meta, options);
      for (const server of workspace.servers) await server.seed(template);
      await workspace.#start(() => template);
      return workspace;
    } catch (error) {
      // Half-seeded (the storage full, say): let go of every database, so the caller can delete what was written.
      if (workspace) workspace.abandon();
      else world.close();
      throw error;
    }
  }

  /** Opens a workspace created earlier, or undefined when it does not exist. */
  static async open(options: WorkspaceOptions): Promise<Workspace | undefined> {
    const world = new WorldDb(options.id);
    let meta = await world.meta.get('world');
    if (!meta) {
      world.close();
      return undefined;
    }
    if (meta.running) {
      // The last session stopped without closing: its last draws may be stored by a server but not in the saved
      // states, and replaying them would give out ids that are taken. Each server continues on a fresh stream.
      meta = { ...meta, randomStates: {}, restarts: (meta.restarts ?? 0) + 1 };
    }
    meta = { ...meta, running: true };
    let workspace: Workspace;
    try {
      // A clock that names no date (past the last one JavaScript has) would fail in every server and page that shows it.
      if (!isWorldTime(meta.clock.anchorWorld) || !Number.isFinite(meta.clock.anchorReal) || !(meta.clock.speed > 0)) {
        throw new DamagedWorkspaceError(`Its world clock holds no valid date: it must be ${WORLD_TIME_RANGE_MESSAGE}.`);
      }
      await world.meta.put(meta);
      workspace = new Workspace(options.id, world, meta, options);
    } catch (error) {
      // A world that cannot be written, or whose clock cannot run (a date past the last one JavaScript has).
      world.close();
      throw error;
    }
    try {
      workspace.network.continueAfter((await world.traffic.orderBy('id').last())?.id ?? 0);
      await workspace.#start(templateOf(meta));
    } catch (error) {
      // Data a server cannot start from (an imported file's row that does not fit): let go of every database, so the
      // caller can delete them.
      workspace.abandon();
      throw error;
    }
    return workspace;
  }

  /**
   * Writes a snapshot (a checkpoint, or an imported file's databases) into the databases of workspace `options.id`,
   * emptying them first, and opens it: servers start as after a reload, rebuilding what they keep in memory (the HRM's
   * directory, the mail index, their timers) from the snapshot's data. No live workspace may have that id open.
   */
  static async fromSnapshot(
    databases: Record<DatabaseName, DatabaseExport>,
    options: WorkspaceOptions,
    write: { recreate?: boolean } = {},
  ): Promise<Workspace> {
    await (await workspaceFile()).writeDatabases(options.id, databases, options.realClock.now(), write);
    const workspace = await Workspace.open(options);
    if (!workspace) throw new Error('The snapshot has no world clock to open');
    return workspace;
  }

  /** Deletes every database of a workspace: its world and one per server. */
  static async destroyDatabases(id: string): Promise<void> {
    for (const name of DATABASE_NAMES) await Dexie.delete(databaseName(id, name));
  }

  get seed(): string {
    return this.#meta.seed;
  }

  get templateId(): string {
    return this.#meta.templateId;
  }

  get currentPersonaId(): string | null {
    return this.#meta.currentPersonaId;
  }

  async setCurrentPersona(id: string): Promise<void> {
    this.#meta = { ...this.#meta, currentPersonaId: id };
    await this.world.meta.update('world', { currentPersonaId: id });
  }

  /** The employees' language: English for a workspace stored before it could choose. */
  get language(): Locale {
    return this.#meta.language ?? DEFAULT_LOCALE;
  }

  async setLanguage(language: Locale): Promise<void> {
    await this.world.meta.update('world', { language });
    this.#meta = { ...this.#meta, language };
  }

  /** A persona's own language, or null for the workspace's; written before it is used for their mails. */
  async setPersonaLanguage(personaId: string, language: Locale | null): Promise<void> {
    await this.world.transaction('rw', this.world.personas, async () => {
      const persona = await this.world.personas.get(personaId);
      if (!persona) throw new Error(`No persona “${personaId}” in this workspace`);
      const { language: _previous, ...rest } = persona;
      await this.world.personas.put(language ? { ...rest, language } : rest);
    });
    await this.#readPersonaLanguages();
  }

  /** ServerContext.languageOf: the language of the persona who owns the mailbox, else the workspace's. */
  languageOf(address: string): Locale {
    return this.#personaLanguages.get(address.trim().toLowerCase()) ?? this.language;
  }

  async #readPersonaLanguages(): Promise<void> {
    const languages = new Map<string, Locale>();
    for (const persona of await this.world.personas.toArray()) {
      if (persona.language) for (const mailbox of persona.mailboxes) languages.set(mailbox.toLowerCase(), persona.language);
    }
    this.#personaLanguages = languages;
  }

  /**
   * Takes every database at one moment: the clock is paused while it is taken (and plays on after), and the world is
   * settled first (background work such as a bulk mailing finished), as when a workspace closes.
   */
  async snapshot(): Promise<WorkspaceSnapshot> {
    const clock = this.clock.state();
    if (!clock.paused) await this.clock.pause();
    try {
      await this.settled();
      const worldTime = this.clock.now();
      return { worldTime, databases: await (await workspaceFile()).exportDatabases(this.id, worldTime) };
    } finally {
      if (!clock.paused) await this.clock.play(clock.speed);
    }
  }

  /**
   * Back to a snapshot of this workspace: closes it, writes the snapshot over its databases and opens it again.
   * Returns the workspace that replaces this one; this one is closed.
   */
  async restore(snapshot: WorkspaceSnapshot): Promise<Workspace> {
    await this.close();
    return Workspace.fromSnapshot((await workspaceFile()).parseDatabaseTexts(snapshot.databases), this.#options, { recreate: true });
  }

  handlers(): RequestHandler[] {
    return this.servers.flatMap((s) => s.handlers);
  }

  /**
   * Servers set their timers and resume interrupted work. What is already due on the clock happens now; resumed
   * background work (a bulk mailing) carries on while the workspace is in use, as it would on a real server.
   */
  async #start(template: () => WorkspaceTemplate | undefined): Promise<void> {
    await this.#readPersonaLanguages();
    for (const server of this.servers) await server.start?.(template);
    await this.clock.settled();
    await this.flush();
  }

  /**
   * Resolves when the world is still: clock moves and timers done, servers' background work (bulk mail) finished,
   * and all of it persisted. Tests and headless scenarios wait on it between steps.
   */
  async settled(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await this.clock.settled();
      for (const server of this.servers) await server.settled?.();
    }
    await this.flush();
  }

  /** Persists the random streams and the traffic log written so far. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#closed) return;
      const traffic = this.#trafficQueue;
      this.#trafficQueue = [];
      const randomStates: Record<string, RandomState> = {};
      for (const [name, random] of this.#randoms) randomStates[name] = random.state();
      this.#meta = { ...this.#meta, randomStates };
      try {
        await this.world.transaction('rw', [this.world.meta, this.world.traffic, this.world.trafficDetails], async () => {
          await this.world.meta.update('world', { randomStates });
          if (traffic.length > 0) {
            const split = traffic.map(splitExchange);
            await this.world.traffic.bulkPut(split.map((s) => s.summary));
            await this.world.trafficDetails.bulkPut(split.map((s) => s.details));
          }
        });
        // Only lines written again say the log is being saved again.
        if (traffic.length > 0) this.#setTrafficWarning(null);
      } catch (error) {
        // The log is the x-ray's record, not the servers' data: requests go on, and the stage says once that it is lost.
        this.#setTrafficWarning(
          storageFailureOf(error) === 'storage_full'
            ? 'The traffic log is not being saved: storage is full. Delete a workspace or checkpoint you no longer need, or export it first.'
            : 'The traffic log is not being saved: the browser refused to store it.',
          error,
        );
      }
    });
    return this.#flushing;
  }

  /** Why the traffic log is not being saved, or null while it is. */
  get trafficWarning(): string | null {
    return this.#trafficWarningText;
  }

  /** Called when the traffic log stops being saved, and when it is saved again. */
  subscribeTrafficWarning(listener: () => void): () => void {
    this.#trafficWarningListeners.add(listener);
    return () => this.#trafficWarningListeners.delete(listener);
  }

  #setTrafficWarning(text: string | null, error?: unknown): void {
    if (text === this.#trafficWarningText) return;
    if (text) console.error(`${text} (${technicalText(error)})`);
    this.#trafficWarningText = text;
    for (const listener of this.#trafficWarningListeners) listener();
  }

  /** The traffic log's summaries in id order, what was still gathered for the next write included. */
  async trafficSummaries(): Promise<ExchangeSummary[]> {
    await this.flush();
    return this.world.traffic.toArray();
  }

  /** Exchanges in full, in id order; ids no longer in the log are left out. */
  async trafficExchanges(ids: readonly number[]): Promise<Exchange[]> {
    await this.flush();
    const [summaries, details] = await this.world.transaction('r', this.world.traffic, this.world.trafficDetails, () =>
      Promise.all([this.world.traffic.bulkGet([...ids]), this.world.trafficDetails.bulkGet([...ids])]),
    );
    const found: Exchange[] = [];
    summaries.forEach((summary, i) => {
      const detail = details[i];
      if (summary && detail) found.push({ ...summary, ...detail });
    });
    return found.sort((a, b) => a.id - b.id);
  }

  /** Empties the traffic log, the gathered lines too; ids keep increasing. */
  async clearTraffic(): Promise<void> {
    this.#trafficQueue = [];
    await this.#flushing;
    await this.world.transaction('rw', this.world.traffic, this.world.trafficDetails, async () => {
      await this.world.traffic.clear();
      await this.world.trafficDetails.clear();
    });
  }

  /**
   * Persists the traffic log and random states soon after an exchange. In the tab, writes are gathered for a moment
   * (a bulk mailing would otherwise give every batch a transaction of its own); a reload in that moment loses nothing
   * that matters: the log's last lines, and random states that a reopen after such a stop does not reuse anyway.
   * Without real timers (tests, headless runs) each exchange is persisted at once.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    const run = () => {
      this.#flushScheduled = false;
      void this.flush();
    };
    if (this.#realTimers) this.#realTimers.setTimeout(run, TRAFFIC_FLUSH_DELAY_MS);
    else queueMicrotask(run);
  }

  /** Lets go of everything without waiting or saving: for a workspace whose start failed. */
  abandon(): void {
    this.clock.stop();
    this.#closed = true;
    for (const server of this.servers) server.close();
    this.world.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.clock.stop();
    await this.settled();
    await this.world.meta.update('world', { running: false });
    this.#closed = true;
    for (const server of this.servers) server.close();
    this.world.close();
  }
}
