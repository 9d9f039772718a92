/// <reference lib="webworker" />
// Owns the simulation's worker: the one place every tab's simulation runs. As a SharedWorker each tab connects to it
// directly; as a dedicated Worker of the tab elected leader (where SharedWorker is missing), the leader hands it one
// port per tab. Tabs that connect before the simulation has opened its workspace wait for it.
// (docs/decisions/one-simulation-for-every-tab.md)
import './worker-globals';
import { Simulation } from './simulation';
import { SimulationHost } from './simulation-host';
import { errorToWire, type PortLike, type SimulationMessage } from './simulation-port';
import { systemClock, elapsed, realTimers } from '../../src/platform/system-clock';

/** What the leader tab sends its dedicated worker: a port for one more tab. */
export interface WorkerPortMessage {
  type: 'port';
}

const scope = globalThis as unknown as WorkerGlobalScope;

const starting: Promise<SimulationHost> = Simulation.start({
  realClock: systemClock,
  elapsed,
  realTimers,
  // Workers share the page's origin: WebAuthn sees the same one, to which Connect binds passkeys.
  pageOrigin: scope.location.origin,
}).then((simulation) => new SimulationHost(simulation));

function serve(port: PortLike): void {
  starting.then(
    (host) => host.connect(port),
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
