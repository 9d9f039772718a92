// Owns the tab's end of a simulation that could not start and waits in recovery (recovery.ts): the recovery screen's
// calls over the same port the stage would have used. It loads no server code.
import type { RecoveryCallName, RecoveryControl, RecoveryProblem, RecoveryWorkspace } from '../../src/contracts/recovery';
import type { WorkspaceFile } from '../../src/contracts/simulation';
import { errorFromWire, type PortLike, type SimulationMessage, type TabMessage } from './simulation-port';
import { SIZE_MEASURE } from '../../src/contracts/recovery';

/** RemoteSimulation.connect rejects with this when the simulation is in recovery: the page shows the recovery screen. */
export class SimulationInRecovery extends Error {
  constructor(readonly recovery: RemoteRecovery) {
    super(recovery.problem.message);
    this.name = 'SimulationInRecovery';
  }
}

export class RemoteRecovery implements RecoveryControl {
  readonly sizeMeasure = SIZE_MEASURE;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  readonly #port: PortLike;

  constructor(
    port: PortLike,
    readonly problem: RecoveryProblem,
  ) {
    this.#port = port;
    port.addEventListener('message', (event: MessageEvent) => this.#receive(event.data as SimulationMessage));
  }

  listWorkspaces(): Promise<RecoveryWorkspace[]> {
    return this.#call('listWorkspaces') as Promise<RecoveryWorkspace[]>;
  }

  exportWorkspace(id: string): Promise<WorkspaceFile> {
    return this.#call('exportWorkspace', id) as Promise<WorkspaceFile>;
  }

  async deleteWorkspace(id: string): Promise<void> {
    await this.#call('deleteWorkspace', id);
  }

  async openDemo(): Promise<void> {
    await this.#call('openDemo');
  }

  async retry(): Promise<void> {
    await this.#call('retry');
  }

  #call(method: RecoveryCallName, ...args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#port.postMessage({ type: 'recovery-call', id, method, args } satisfies TabMessage);
    });
  }

  #receive(message: SimulationMessage): void {
    if (message.type !== 'reply') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(errorFromWire(message.error));
  }
}
