// Owns the runtime bench's page (runtime.html, driven by runtime.spec.ts): one in-process Simulation with the same
// servers answering the same request two ways — called directly, and through a SimulationHost and a RemoteSimulation
// joined by a MessageChannel in this page — so the difference is the port's own cost (structured clone and the hop).
import { RemoteSimulation } from '../../../mocks/runtime/remote-simulation';
import { Simulation } from '../../../mocks/runtime/simulation';
import { SimulationHost } from '../../../mocks/runtime/simulation-host';
import type { Network } from '../../../src/contracts/network';
import { elapsed, realTimers, systemClock } from '../../../src/platform/system-clock';

const URL_MEASURED = 'https://hrm.test/api/rollout';

export interface PortCost {
  requests: number;
  block: number;
  /** Mean and median ms per request, called in process. */
  inProcess: { meanMs: number; medianMs: number };
  /** The same, through the port. */
  throughPort: { meanMs: number; medianMs: number };
  /** What the answer was (the same both ways), to show the servers did the work. */
  status: number;
  bytes: number;
}

let simulation: Simulation | undefined;

/** Starts the simulation as the worker does (its registry, the demo workspace on a first start), in this page. */
async function start(): Promise<{ workspace: string }> {
  simulation ??= await Simulation.start({ realClock: systemClock, elapsed, realTimers, pageOrigin: location.origin });
  await simulation.settled();
  return { workspace: simulation.workspace().id };
}

/**
 * A tab's end of the simulation for one block of requests. The host exists only while the block runs: connected, it
 * sends every exchange (also of in-process calls) to the tab, which is part of the port's cost, not the baseline's.
 */
async function connected(sim: Simulation): Promise<{ remote: RemoteSimulation; close(): void }> {
  const host = new SimulationHost(sim);
  const { port1, port2 } = new MessageChannel();
  host.connect(port2);
  const remote = await RemoteSimulation.connect(port1, systemClock);
  return {
    remote,
    close() {
      remote.disconnect();
      host.close();
      port1.close();
      port2.close();
    },
  };
}

/** `count` sequential requests, each read to its last byte; ms of each. */
async function requests(network: Network, count: number, last: { status: number; bytes: number }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await network.fetch(new Request(URL_MEASURED), { initiator: 'bench' });
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    last.status = response.status;
    last.bytes = body.byteLength;
  }
  return times;
}

function mean(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `total` requests each way, in interleaved blocks of `block` (after a warm-up of one block each way). */
async function portCost(total: number, block: number): Promise<PortCost> {
  const sim = simulation;
  if (!sim) throw new Error('Start the simulation first');
  const direct: number[] = [];
  const ported: number[] = [];
  const inProcessAnswer = { status: 0, bytes: 0 };
  const portAnswer = { status: 0, bytes: 0 };
  for (let round = -1; round < Math.ceil(total / block); round++) {
    const count = round < 0 ? block : Math.min(block, total - round * block);
    const warm = round < 0;
    const inProcess = async () => {
      const times = await requests(sim.network, count, inProcessAnswer);
      // The traffic log writes behind each block; let it finish before the next is timed.
      await sim.settled();
      return times;
    };
    const throughPort = async () => {
      const tab = await connected(sim);
      try {
        return await requests(tab.remote.network, count, portAnswer);
      } finally {
        tab.close();
        await sim.settled();
      }
    };
    // Each way goes first in every other round, so neither always meets the other's leftovers.
    let d: number[];
    let p: number[];
    if (round % 2 === 0) {
      d = await inProcess();
      p = await throughPort();
    } else {
      p = await throughPort();
      d = await inProcess();
    }
    if (warm) continue;
    direct.push(...d);
    ported.push(...p);
  }
  if (inProcessAnswer.status !== portAnswer.status || inProcessAnswer.bytes !== portAnswer.bytes) {
    throw new Error(
      `The two ways answered differently: ${JSON.stringify(inProcessAnswer)} in process, ${JSON.stringify(portAnswer)} through the port`,
    );
  }
  return {
    requests: direct.length,
    block,
    inProcess: { meanMs: mean(direct), medianMs: median(direct) },
    throughPort: { meanMs: mean(ported), medianMs: median(ported) },
    status: portAnswer.status,
    bytes: portAnswer.bytes,
  };
}

export const runtimeBench = { start, portCost };
export type RuntimeBench = typeof runtimeBench;

declare global {
  interface Window {
    runtimeBench?: RuntimeBench;
  }
}

window.runtimeBench = runtimeBench;
document.getElementById('status')!.textContent = 'Runtime bench ready.';
