// Owns the diagrams' layout engine in the tab: ELK in a web worker of its own (elk-worker.min.js, emitted as a file
// of the build and precached for offline use like any other), started when the first diagram is laid out, and each
// machine's layout worked out once — it depends on the machine's definition alone, never on its state.
import ELK, { type ElkNode } from 'elkjs/lib/elk-api';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { InspectedMachineId } from '../../../contracts/inspection';
import { layoutStatechart, type DiagramLayout, type LayoutEngine } from './layout';
import { statechartFor } from './machines';

let engine: LayoutEngine | null = null;
const layouts = new Map<InspectedMachineId, Promise<DiagramLayout>>();

function startEngine(): LayoutEngine {
  let fail: (error: Error) => void = () => undefined;
  // ELK's own promise would wait forever for a worker that never started: this one says why instead.
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const elk = new ELK({
    workerUrl,
    algorithms: ['layered'],
    workerFactory: (url) => {
      const worker = new Worker(url!);
      worker.addEventListener('error', (event) => fail(new Error(event.message || 'the layout worker could not start')));
      return worker;
    },
  });
  return { layout: (graph: ElkNode) => Promise.race([elk.layout(graph), failed]) };
}

export function diagramLayout(machine: InspectedMachineId): Promise<DiagramLayout> {
  let layout = layouts.get(machine);
  if (!layout) {
    layout = layoutStatechart((engine ??= startEngine()), statechartFor(machine));
    // A failed layout (a worker that could not start) is tried afresh, with a new worker, next time.
    layout.catch(() => {
      layouts.delete(machine);
      engine = null;
    });
    layouts.set(machine, layout);
  }
  return layout;
}
