// Owns the simulation's recovery state: when it cannot start (a database that will not open, the storage full, a
// workspace whose data its servers cannot start from), the worker stays up and answers the recovery screen's few calls
// — list the workspaces with their sizes, export or delete one without starting its servers, start with a fresh demo.
import Dexie from 'dexie';
import type { RecoveryCallName, RecoveryProblem, RecoveryWorkspace } from '../../src/contracts/recovery';
import type { WorkspaceFile } from '../../src/contracts/simulation';
import { isWorldTime } from '../../src/domain/world-dates';
import { databaseName } from '../shared/server';
import { describeStorageFailure, technicalText } from '../shared/storage-failure';
import { RegistryDb, storageIdOf } from './simulation';
import { DATABASE_NAMES } from './workspace-databases';
import { DamagedWorkspaceError, Workspace } from './workspace';
import { errorToWire, type PortLike, type SimulationMessage, type TabMessage } from './simulation-port';
import type { Clock } from '../../src/domain/clock';

/** What a recovery call that failed did not do, to begin its message with. */
const WHAT_FAILED: Record<RecoveryCallName, string> = {
  listWorkspaces: 'The workspaces could not be listed',
  exportWorkspace: 'The workspace could not be exported',
  deleteWorkspace: 'The workspace could not be deleted',
  openDemo: 'The demo could not be opened',
  retry: 'Rollout Rehearsal could not start',
};

/** Rows of each table read to estimate its size. */
const SAMPLED_ROWS = 20;

/** Why the simulation could not start, in the user's words: storage failures as such, anything else as damaged data. */
export async function recoveryProblem(error: unknown, workspaceName: string | null): Promise<RecoveryProblem> {
  const opening = workspaceName
    ? `The workspace “${workspaceName}” could not be opened`
    : 'Rollout Rehearsal could not open its workspaces';
  const storage = await describeStorageFailure(error, opening);
  return {
    message:
      storage?.message ??
      `${opening}. ${error instanceof DamagedWorkspaceError ? error.message : 'Its data cannot be started from.'} Export it to keep a copy, delete it, or open the demo to go on with a fresh workspace.`,
    detail: technicalText(error),
  };
}

/** Roughly how many bytes a workspace's databases hold (SIZE_MEASURE says how), or null when none could be read. */
async function approximateSize(storageId: string): Promise<number | null> {
  let total = 0;
  let read = false;
  for (const name of DATABASE_NAMES) {
    const full = databaseName(storageId, name);
    if (!(await Dexie.exists(full))) continue;
    // Opened without a schema: Dexie reads the tables the database has, whatever version wrote them.
    const db = new Dexie(full);
    try {
      await db.open();
      for (const table of db.tables) {
        const count = await table.count();
        if (count === 0) continue;
        const sample = await table.limit(SAMPLED_ROWS).toArray();
        const sampleBytes = sample.reduce<number>((sum, row) => sum + JSON.stringify(row).length, 0);
        total += Math.round((sampleBytes / sample.length) * count);
      }
      read = true;
    } catch {
      // A database that does not open counts for nothing; the others still say something.
    } finally {
      db.close();
    }
  }
  return read ? total : null;
}

export interface RecoveryOptions {
  problem: RecoveryProblem;
  realClock: Clock;
  /** Starts the simulation (again, or with a new demo workspace); rejects when it still cannot start. */
  restart(mode: 'retry' | 'new-demo'): Promise<void>;
}

export class RecoveryHost {
  readonly #registry = new RegistryDb();
  readonly #options: RecoveryOptions;

  constructor(options: RecoveryOptions) {
    this.#options = options;
  }

  connect(port: PortLike): void {
    port.addEventListener('message', (event: MessageEvent) => void this.#receive(port, event.data as TabMessage));
    port.start?.();
    this.#send(port, { type: 'recovery', problem: this.#options.problem });
  }

  async #receive(port: PortLike, message: TabMessage): Promise<void> {
    if (message.type !== 'recovery-call') return;
    try {
      const value = await this.call(message.method, message.args);
      this.#send(port, { type: 'reply', id: message.id, ok: true, value });
    } catch (error) {
      const storage = await describeStorageFailure(error, WHAT_FAILED[message.method]);
      this.#send(port, { type: 'reply', id: message.id, ok: false, error: errorToWire(storage ?? error) });
    }
  }

  /** One recovery call by name, as a tab's recovery screen sends it. */
  call(method: RecoveryCallName, args: unknown[]): Promise<unknown> {
    switch (method) {
      case 'listWorkspaces':
        return this.listWorkspaces();
      case 'exportWorkspace':
        return this.exportWorkspace(String(args[0]));
      case 'deleteWorkspace':
        return this.deleteWorkspace(String(args[0]));
      case 'openDemo':
        return this.#options.restart('new-demo');
      case 'retry':
        return this.#options.restart('retry');
    }
  }

  async listWorkspaces(): Promise<RecoveryWorkspace[]> {
    const current = (await this.#registry.settings.get('current'))?.value;
    const records = await this.#registry.workspaces.orderBy('createdAt').toArray();
    const listed: RecoveryWorkspace[] = [];
    for (const record of records) {
      listed.push({
        id: record.id,
        name: record.name,
        createdAt: record.createdAt,
        current: record.id === current,
        approximateBytes: await approximateSize(storageIdOf(record)),
      });
    }
    return listed;
  }

  /** Read straight from the databases: the world clock stands where it was saved (or at the real time, if that is no date). */
  async exportWorkspace(id: string): Promise<WorkspaceFile> {
    const record = await this.#registry.workspaces.get(id);
    if (!record) throw new Error(`There is no workspace “${id}” any more.`);
    const storageId = storageIdOf(record);
    const { exportDatabases, composeWorkspaceFile, workspaceFileName } = await import('./workspace-file');
    const world = new Dexie(databaseName(storageId, 'world'));
    let saved: unknown;
    try {
      await world.open();
      saved = ((await world.table('meta').get('world')) as { clock?: { anchorWorld?: unknown } } | undefined)?.clock?.anchorWorld;
    } catch {
      saved = undefined;
    } finally {
      world.close();
    }
    const worldTime = isWorldTime(saved) ? saved : this.#options.realClock.now();
    const databases = await exportDatabases(storageId, worldTime);
    const header = {
      name: record.name,
      templateId: record.templateId,
      seed: record.seed,
      worldTime,
      exportedAt: this.#options.realClock.now(),
    };
    return { fileName: workspaceFileName(record.name, worldTime), text: composeWorkspaceFile(header, databases) };
  }

  async deleteWorkspace(id: string): Promise<void> {
    const record = await this.#registry.workspaces.get(id);
    if (!record) return;
    await this.#registry.transaction('rw', this.#registry.workspaces, this.#registry.settings, async () => {
      await this.#registry.workspaces.delete(id);
      if ((await this.#registry.settings.get('current'))?.value === id) await this.#registry.settings.delete('current');
    });
    await Workspace.destroyDatabases(storageIdOf(record));
  }

  #send(port: PortLike, message: SimulationMessage): void {
    port.postMessage(message);
  }
}
