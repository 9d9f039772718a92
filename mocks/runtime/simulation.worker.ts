/// <reference lib="webworker" />
// Owns the simulation's worker: the one place every tab's simulation runs. As a SharedWorker each tab connects to it
// directly; as a dedicated Worker of the tab elected leader (where SharedWorker is missing), the leader hands it one
// port per tab. Tabs that connect before the simulation has opened its workspace wait for it.
// (docs/decisions/one-simulation-for-every-tab.md)
import './worker-globals';
import { RegistryDb, Simulation } from './simulation';
import { RecoveryHost, recoveryProblem } from './recovery';
import { SimulationHost } from './simulation-host';
import { errorToWire, type PortLike, type SimulationMessage } from './simulation-port';
import { systemClock, elapsed, realTimers } from '../../src/platform/system-clock';

/** What the leader tab sends its dedicated worker: a port for one more tab. */
export interface WorkerPortMessage {
  type: 'port';
}

const scope = globalThis as unknown as WorkerGlobalScope;

/** What serves the tabs: the simulation, or (when it could not start) the recovery screen's few calls. */
type Serving = { kind: 'running'; host: SimulationHost } | { kind: 'recovery'; recovery: RecoveryHost };

function start(mode: 'first' | 'retry' | 'new-demo'): Promise<SimulationHost> {
  return Simulation.start(
    {
      realClock: systemClock,
      elapsed,
      realTimers,
      // Workers share the page's origin: WebAuthn sees the same one, to which Connect binds passkeys.
      pageOrigin: scope.location.origin,
    },
    { newDemo: mode === 'new-demo' },
  ).then((simulation) => new SimulationHost(simulation));
}

/** The name of the workspace the simulation was opening, for the recovery screen's words; null when unknown. */
async function currentWorkspaceName(): Promise<string | null> {
  const registry = new RegistryDb();
  try {
    const id = (await registry.settings.get('current'))?.value;
    return (id ? (await registry.workspaces.get(id))?.name : undefined) ?? null;
  } catch {
    return null;
  } finally {
    registry.close();
  }
}

// Whatever fails at start, the worker stays up in recovery rather than leave every tab with a dead page.
async function recover(error: unknown): Promise<Serving> {
  console.error(error);
  const problem = await recoveryProblem(error, await currentWorkspaceName());
  const recovery = new RecoveryHost({
    problem,
    realClock: systemClock,
    async restart(mode) {
      const host = await start(mode);
      // Tabs that connect from now on (each recovery screen reloads its page) reach the simulation.
      serving = Promise.resolve({ kind: 'running', host });
    },
  });
  return { kind: 'recovery', recovery };
}

let serving: Promise<Serving> = start('first').then((host): Serving => ({ kind: 'running', host }), recover);

function serve(port: PortLike): void {
  serving.then(
    (served) => (served.kind === 'running' ? served.host.connect(port) : served.recovery.connect(port)),
    (error: unknown) => {
      console.error(error);
      const failed: SimulationMessage = { type: 'failed', error: errorToWire(error) };
      port.postMessage(failed);
      port.start?.();
    },
  );
}

if ('onconnect' in globalThis) {
  scope.addEventListener('connect', (event) => serve((event as MessageEvent).ports[0]!));
} else {
  scope.addEventListener('message', (event: Event) => {
    const { data, ports } = event as MessageEvent<WorkerPortMessage | undefined>;
    if (data?.type === 'port' && ports[0]) serve(ports[0]);
  });
}
