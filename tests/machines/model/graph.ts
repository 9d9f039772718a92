// Owns what the model-based tests share: a machine's shortest paths (xstate/graph) to every state it can reach with
// the events a test generates, which atomic states and which transitions (by source, event and guard) those events
// reach and take, and a readable name for each path.
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from 'xstate';
import { getAdjacencyMap, getShortestPaths, type StatePath } from 'xstate/graph';
import { guardName } from '../../../src/domain/statechart';

/** Which events the test offers in a state: a function of the snapshot, so that "the right code" is the stored one. */
export type EventGenerator<TSnapshot, TEvent> = (snapshot: TSnapshot) => readonly TEvent[];

/** How a step reads in a test name ("wrong code", "at expiry"), given the state it was taken from. */
export type EventLabel<TSnapshot, TEvent> = (event: TEvent, before: TSnapshot) => string;

export interface ModelPath<TSnapshot, TEvent> {
  /** The state the path ends in, as `a.b` (its atomic states). */
  target: string;
  /** The snapshots along the path, the initial one first: steps.length + 1 of them. */
  snapshots: TSnapshot[];
  events: TEvent[];
  /** `codeSent.exhausted ← SEND_CODE → VERIFY wrong code ×5`. */
  name: string;
}

/** The ids (`linking.codeSent.expired`) of every atomic state in the machine's definition. */
export function atomicStateIds(machine: AnyStateMachine): string[] {
  const ids: string[] = [];
  const visit = (node: AnyStateNode) => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length === 0) ids.push(node.id);
    else children.forEach(visit);
  };
  visit(machine.root);
  return ids.sort();
}

/** The atomic states a snapshot is in, by id. */
export function atomicStatesOf(snapshot: AnyMachineSnapshot): string[] {
  return (snapshot._nodes as AnyStateNode[]).filter((n) => Object.keys(n.states).length === 0).map((n) => n.id);
}

/** `linking.codeSent.expired` → `codeSent.expired`. */
const local = (id: string) => id.split('.').slice(1).join('.');

/** `source EVENT [guard]` for every transition the machine defines, eventless and `xstate.*` ones left out. */
export function definedTransitions(machine: AnyStateMachine): string[] {
  const keys = new Set<string>();
  const visit = (node: AnyStateNode) => {
    for (const [eventType, definitions] of node.transitions) {
      for (const t of definitions) keys.add(transitionKey(t.source.id, eventType, t.guard));
    }
    (Object.values(node.states) as AnyStateNode[]).forEach(visit);
  };
  visit(machine.root);
  return [...keys].sort();
}

function transitionKey(sourceId: string, eventType: string, guard: unknown): string {
  const name = guardName(guard);
  return `${sourceId} ${eventType}${name ? ` [${name}]` : ''}`;
}

export interface ModelStep<TSnapshot, TEvent> {
  before: TSnapshot;
  event: TEvent;
  after: TSnapshot;
}

/**
 * Every step the generated events make from every state they reach: the whole adjacency map, not only the edges on the
 * shortest paths (a step whose end state is reached more quickly another way is on no shortest path).
 */
export function allSteps<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  machine: AnyStateMachine,
  events: EventGenerator<TSnapshot, TEvent>,
  input?: unknown,
): ModelStep<TSnapshot, TEvent>[] {
  const adjacency = getAdjacencyMap(machine, { events, input } as never) as Record<
    string,
    { state: TSnapshot; transitions: Record<string, { event: TEvent; state: TSnapshot }> }
  >;
  return Object.values(adjacency).flatMap(({ state, transitions }) =>
    Object.values(transitions).map(({ event, state: after }) => ({ before: state, event, after })),
  );
}

/** Every transition the steps take, as `source EVENT [guard]`: one left out is a guard the generators do not cover. */
export function takenTransitions<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  machine: AnyStateMachine,
  steps: ModelStep<TSnapshot, TEvent>[],
): string[] {
  const keys = new Set<string>();
  for (const { before, event } of steps) {
    for (const t of machine.getTransitionData(before, event)) keys.add(transitionKey(t.source.id, event.type, t.guard));
  }
  return [...keys].sort();
}

/**
 * The shortest path to every distinct state (state value and context) the generated events reach, each with the
 * snapshots it passes through and a name made of its steps.
 */
export function modelPaths<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  machine: AnyStateMachine,
  options: { events: EventGenerator<TSnapshot, TEvent>; label: EventLabel<TSnapshot, TEvent>; input?: unknown },
): ModelPath<TSnapshot, TEvent>[] {
  const paths = getShortestPaths(machine, { events: options.events, input: options.input } as never) as StatePath<TSnapshot, TEvent>[];
  return paths.map((path) => {
    // The first step is the machine's own start (`xstate.init`), in its initial state.
    const [start, ...steps] = path.steps;
    const snapshots = [start!.state, ...steps.map((s) => s.state)];
    const events = steps.map((s) => s.event);
    const labels = events.map((event, i) => options.label(event, snapshots[i]!));
    const target = atomicStatesOf(path.state).map(local).join(' + ');
    return { target, snapshots, events, name: `${target} ← ${labels.length ? collapse(labels).join(' → ') : 'start'}` };
  });
}

/** `['wrong code', 'wrong code', 'wrong code']` → `['wrong code ×3']`. */
function collapse(labels: string[]): string[] {
  const out: Array<{ label: string; count: number }> = [];
  for (const label of labels) {
    const last = out.at(-1);
    if (last?.label === label) last.count++;
    else out.push({ label, count: 1 });
  }
  return out.map(({ label, count }) => (count > 1 ? `${label} ×${count}` : label));
}
