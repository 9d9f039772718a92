// Owns how a tab reaches the one simulation of its origin. Where the browser has SharedWorker, every tab connects to the
// same worker. Elsewhere (Chrome on Android) the tabs elect a leader with the Web Locks API: the leader runs the
// simulation in a dedicated Worker and relays the other tabs' messages over a BroadcastChannel; when the leader closes,
// its lock passes to another tab, which starts the simulation anew from IndexedDB and tells the others, who connect
// again (remote-simulation.ts asks again what only read, and refuses what may have changed something).
// (docs/decisions/one-simulation-for-every-tab.md)
import type { PortLike } from './simulation-port';

const WORKER_NAME = 'rollout-rehearsal-simulation';
const LEADER_LOCK = 'rollout-rehearsal/simulation-leader';
const RELAY_CHANNEL = 'rollout-rehearsal/simulation';

export interface SimulationConnection {
  /** The port the tab's RemoteSimulation talks over. */
  port: PortLike;
  /** How the simulation runs for this tab. */
  mode: 'shared-worker' | 'leader' | 'follower';
  /** Rejects when the worker fails to load or run (its errors never reach the page's console by themselves). */
  failed: Promise<never>;
}

function sharedWorker(): SharedWorker {
  return new SharedWorker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: WORKER_NAME });
}

function dedicatedWorker(): Worker {
  return new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: WORKER_NAME });
}

function workerFailure(target: { addEventListener(type: 'error', listener: (event: Event) => void): void }): Promise<never> {
  return new Promise((_, reject) => {
    target.addEventListener('error', (event) => {
      const message = event instanceof ErrorEvent && event.message ? event.message : 'the simulation’s worker could not be loaded';
      reject(new Error(`The simulation stopped: ${message}`));
    });
  });
}

export function connectSimulation(): SimulationConnection {
  if (typeof SharedWorker !== 'undefined') {
    const worker = sharedWorker();
    return { port: worker.port, mode: 'shared-worker', failed: workerFailure(worker) };
  }
  return electedConnection();
}

type RelayMessage =
  | { kind: 'hello'; from: string }
  | { kind: 'to-leader'; from: string; data: unknown }
  | { kind: 'to-tab'; to: string; data: unknown }
  | { kind: 'leader'; id: string };

function electedConnection(): SimulationConnection {
  const tabId = crypto.randomUUID();
  const channel = new BroadcastChannel(RELAY_CHANNEL);
  const { port1: appPort, port2: tabEnd } = new MessageChannel();
  let leading = false;
  let rejectFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  // Followers' ports, by tab id, as the leader relays them into its worker.
  const followers = new Map<string, MessagePort>();
  let worker: Worker | null = null;

  const connection: SimulationConnection = { port: appPort, mode: 'follower', failed };

  // As a follower, the tab's messages go to whichever tab leads; the leader's answers come back by id.
  tabEnd.addEventListener('message', (event) => {
    if (!leading) channel.postMessage({ kind: 'to-leader', from: tabId, data: event.data } satisfies RelayMessage);
  });
  tabEnd.start();

  function followerPort(from: string, fresh: boolean): MessagePort {
    let port = followers.get(from);
    if (port && !fresh) return port;
    if (port) {
      port.postMessage({ type: 'close' });
      port.close();
    }
    const pair = new MessageChannel();
    port = pair.port1;
    port.addEventListener('message', (event) => channel.postMessage({ kind: 'to-tab', to: from, data: event.data } satisfies RelayMessage));
    port.start();
    followers.set(from, port);
    worker!.postMessage({ type: 'port' }, [pair.port2]);
    return port;
  }

  channel.addEventListener('message', (event: MessageEvent<RelayMessage>) => {
    const message = event.data;
    if (leading) {
      if (message.kind === 'hello') followerPort(message.from, true);
      else if (message.kind === 'to-leader') followerPort(message.from, false).postMessage(message.data);
      return;
    }
    if (message.kind === 'to-tab' && message.to === tabId) tabEnd.postMessage(message.data);
    // A new leader's simulation knows nothing of this tab yet: say hello, and it sends everything anew.
    else if (message.kind === 'leader') channel.postMessage({ kind: 'hello', from: tabId } satisfies RelayMessage);
  });

  // Held until the tab closes: the lock is this tab's leadership.
  void navigator.locks.request(LEADER_LOCK, () => {
    leading = true;
    connection.mode = 'leader';
    worker = dedicatedWorker();
    workerFailure(worker).catch(rejectFailed);
    // This tab's own port goes straight to its worker.
    const own = new MessageChannel();
    own.port1.addEventListener('message', (event) => tabEnd.postMessage(event.data));
    own.port1.start();
    tabEnd.addEventListener('message', (event) => own.port1.postMessage(event.data));
    worker.postMessage({ type: 'port' }, [own.port2]);
    channel.postMessage({ kind: 'leader', id: tabId } satisfies RelayMessage);
    return new Promise<never>(() => undefined);
  });
  // Whoever leads already answers this hello; until one does, the leader's announcement asks for it again.
  channel.postMessage({ kind: 'hello', from: tabId } satisfies RelayMessage);
  return connection;
}
