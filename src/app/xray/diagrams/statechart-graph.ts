// Owns reading a statechart out of an XState machine's own definition (machine.root and its StateNodes): every state
// with its kind and initial child, every transition with its event, guard and targets — eventless (`always`) and
// delayed (`after`) ones included — and, for a state value, which states are active and which events they take next.
// The diagrams are drawn from this, never from a hand-made picture.
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { AppliedEvent, StateValueJson } from '../../../contracts/inspection';
import { guardName, leafPaths } from '../../../domain/statechart';

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface StatechartState {
  /** XState's node id: `linking.codeSent.awaitingCode`; the machine's root is its id alone. */
  id: string;
  /** The state's key, its name in the diagram: `awaitingCode`. */
  key: string;
  /** Keys from the root: `['codeSent', 'awaitingCode']`; empty for the root. */
  path: string[];
  parent: string | null;
  kind: StateKind;
  /** Its parent's initial state (a region of a parallel state is always entered). */
  initial: boolean;
  children: string[];
  description: string | null;
}

export type TransitionKind = 'event' | 'always' | 'after';

export interface StatechartTransition {
  /** `source:event:n`, n counting the source's transitions for that event in the order the machine tries them. */
  id: string;
  source: string;
  /** Empty for a transition that stays in its state (it only runs actions, or refuses the event). */
  targets: string[];
  kind: TransitionKind;
  /** The event's type; for `after`, XState's own delayed event; empty for `always`. */
  event: string;
  /** For `after`: the delay as written (milliseconds or a delay's name). */
  delay: string | number | null;
  guard: string | null;
  /** No target and no action: the event is taken here and nothing happens — XState's way to refuse it in this state. */
  refused: boolean;
  reenter: boolean;
}

export interface Statechart {
  machineId: string;
  root: string;
  /** Document order, parents before children. */
  states: StatechartState[];
  transitions: StatechartTransition[];
}

export function statechartOf(machine: AnyStateMachine): Statechart {
  const states: StatechartState[] = [];
  const transitions: StatechartTransition[] = [];
  const visit = (node: AnyStateNode, parent: AnyStateNode | null) => {
    const children = Object.values(node.states) as AnyStateNode[];
    const initialIds = new Set(parent?.initial?.target.map((t: AnyStateNode) => t.id) ?? []);
    states.push({
      id: node.id,
      key: node.key,
      path: [...node.path],
      parent: parent?.id ?? null,
      kind: node.type,
      initial: parent?.type === 'parallel' || initialIds.has(node.id),
      children: children.map((child) => child.id),
      description: node.description ?? null,
    });
    const delays = new Map<string, string | number>(
      node.after.map((t) => [t.eventType, typeof t.delay === 'function' ? 'computed' : t.delay]),
    );
    for (const [eventType, definitions] of node.transitions) {
      definitions.forEach((t, n) => {
        const delay = delays.get(eventType) ?? null;
        transitions.push(transitionOf(node, t, `${node.id}:${eventType}:${n}`, delay === null ? 'event' : 'after', eventType, delay));
      });
    }
    (node.always ?? []).forEach((t, n) => transitions.push(transitionOf(node, t, `${node.id}:always:${n}`, 'always', '', null)));
    for (const child of children) visit(child, node);
  };
  visit(machine.root, null);
  return { machineId: machine.id, root: machine.root.id, states, transitions };
}

interface TransitionDefinitionLike {
  target?: ReadonlyArray<AnyStateNode> | undefined;
  actions: readonly unknown[];
  guard?: unknown;
  reenter: boolean;
}

function transitionOf(
  source: AnyStateNode,
  t: TransitionDefinitionLike,
  id: string,
  kind: TransitionKind,
  event: string,
  delay: string | number | null,
): StatechartTransition {
  const targets = (t.target ?? []).map((target) => target.id);
  return {
    id,
    source: source.id,
    targets,
    kind,
    event,
    delay,
    guard: guardName(t.guard),
    refused: targets.length === 0 && t.actions.length === 0,
    reenter: t.reenter,
  };
}

/** The states active in `value`: the root, and every state on the way to each active leaf. */
export function activeStates(chart: Statechart, value: StateValueJson): Set<string> {
  const active = new Set<string>([chart.root]);
  const byPath = new Map(chart.states.map((s) => [s.path.join('.'), s.id]));
  for (const leaf of leafPaths(value)) {
    const keys = leaf.split('.');
    for (let depth = 1; depth <= keys.length; depth++) {
      const id = byPath.get(keys.slice(0, depth).join('.'));
      if (id) active.add(id);
    }
  }
  return active;
}

/** The innermost active states: where the machine is (one per region of a parallel state). */
export function currentStates(chart: Statechart, active: ReadonlySet<string>): Set<string> {
  return new Set(chart.states.filter((s) => active.has(s.id) && !s.children.some((child) => active.has(child))).map((s) => s.id));
}

export interface NextEvent {
  event: string;
  kind: TransitionKind;
  /** The transitions XState tries for it, in order: the deepest active state's first, then its ancestors' (when every guard before them may fail). */
  candidates: StatechartTransition[];
}

/**
 * What the active states can take next, event by event, the way XState chooses: the deepest state that has
 * transitions for an event goes first; its ancestors' count only while every candidate so far is guarded.
 */
export function nextEvents(chart: Statechart, active: ReadonlySet<string>): NextEvent[] {
  const pathOf = new Map(chart.states.map((s) => [s.id, s.path]));
  const within = (inner: string, outer: string) => {
    const [a, b] = [pathOf.get(inner)!, pathOf.get(outer)!];
    return a.length > b.length && b.every((key, i) => a[i] === key);
  };
  const fromActive = chart.transitions
    .filter((t) => active.has(t.source))
    .sort((a, b) => pathOf.get(b.source)!.length - pathOf.get(a.source)!.length);
  const byEvent = new Map<string, NextEvent>();
  for (const t of fromActive) {
    const key = `${t.kind}:${t.event}`;
    const entry = byEvent.get(key) ?? { event: t.event, kind: t.kind, candidates: [] };
    byEvent.set(key, entry);
    // An unguarded transition of a state inside this one always answers first: this one is never tried.
    if (!entry.candidates.some((c) => c.guard === null && within(c.source, t.source))) entry.candidates.push(t);
  }
  return [...byEvent.values()];
}

/** The diagram's transitions an applied event took (the server names each by its state and guard). */
export function takenTransitions(chart: Statechart, applied: AppliedEvent): StatechartTransition[] {
  return chart.transitions.filter((t) =>
    applied.transitions.some((taken) => taken.source === t.source && taken.guard === t.guard && t.event === applied.type),
  );
}
