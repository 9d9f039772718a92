// Owns laying a statechart out with ELK's layered algorithm (hierarchical: compound states hold their children): each
// state a box sized to its name and the events it takes without leaving, each transition with a target an edge
// labelled with its event and guard, each initial state pointed at from a dot. Coordinates come back absolute.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Statechart, StatechartState, StatechartTransition } from './statechart-graph';

/** What lays a graph out: ELK itself (its web worker in the tab, its bundled build in tests). */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** The diagram's text is monospaced, so its width is known without measuring: 12 px type, 0.6 em a character. */
export const FONT_SIZE = 12;
const CHAR_WIDTH = FONT_SIZE * 0.62;
export const TITLE_HEIGHT = 26;
export const ROW_HEIGHT = 17;
const PAD_X = 12;
const MIN_WIDTH = 88;
const INITIAL_DOT = 10;
/** The word that marks the current state beside its name; every box keeps room for it, as any state can be current. */
export const NOW_MARK = 'now';

export interface Point {
  x: number;
  y: number;
}

export interface DiagramBox {
  state: StatechartState;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Transitions that stay in this state (only actions, or a refusal), listed inside the box under its name. */
  stays: StatechartTransition[];
}

export interface DiagramEdge {
  id: string;
  transition: StatechartTransition;
  target: string;
  points: Point[];
  label: { text: string; x: number; y: number; width: number; height: number } | null;
}

export interface InitialMarker {
  /** The state entered first. */
  state: string;
  dot: Point;
  points: Point[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** Parents before their children, so containers are drawn under what they hold. */
  boxes: DiagramBox[];
  edges: DiagramEdge[];
  initials: InitialMarker[];
}

/** `VERIFY`, `after 1000 ms`, `always`. */
export function eventLabel(t: Pick<StatechartTransition, 'kind' | 'event' | 'delay'>): string {
  return t.kind === 'always' ? 'always' : t.kind === 'after' ? `after ${typeof t.delay === 'number' ? `${t.delay} ms` : t.delay}` : t.event;
}

/** `VERIFY [isCorrectCode]`, `after 1000 ms`, `always [ready]`. */
export function transitionLabel(t: StatechartTransition): string {
  const event = eventLabel(t);
  return t.guard ? `${event} [${t.guard}]` : event;
}

/** An edge's label in lines: the event, then its guard below it, so guarded edges stay narrow. */
export function labelLines(t: StatechartTransition): string[] {
  const [event, guard] = transitionLabel(t).split(' [');
  return guard === undefined ? [event!] : [event!, `[${guard}`];
}

/** A transition that stays, as its box lists it. */
export function stayLabel(t: StatechartTransition): string {
  return `${transitionLabel(t)} · ${t.refused ? 'refused' : 'stays'}`;
}

const textWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);
/** A gap after the name, then the mark in capitals with its letter spacing (diagrams.css, .sc-now). */
const NOW_ROOM = 10 + textWidth(NOW_MARK) + NOW_MARK.length;

const ROOT = '__diagram';
/** Spacing holds per container (ELK does not pass it down), so every compound state carries it. */
const SPACING = {
  'elk.layered.spacing.nodeNodeBetweenLayers': '24',
  'elk.layered.spacing.edgeNodeBetweenLayers': '10',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
  'elk.spacing.nodeNode': '16',
  'elk.spacing.edgeLabel': '3',
};
const initialId = (parent: string) => `${parent}#initial`;

export async function layoutStatechart(engine: LayoutEngine, chart: Statechart): Promise<DiagramLayout> {
  const stays = new Map<string, StatechartTransition[]>();
  for (const t of chart.transitions) if (t.targets.length === 0) stays.set(t.source, [...(stays.get(t.source) ?? []), t]);
  const byId = new Map(chart.states.map((s) => [s.id, s]));

  const nodeOf = (state: StatechartState): ElkNode => {
    const rows = stays.get(state.id) ?? [];
    const header = TITLE_HEIGHT + rows.length * ROW_HEIGHT + (rows.length > 0 ? 6 : 0);
    const width = Math.max(MIN_WIDTH, textWidth(state.key) + 2 * PAD_X + NOW_ROOM, ...rows.map((r) => textWidth(stayLabel(r)) + 2 * PAD_X));
    if (state.children.length === 0) return { id: state.id, width, height: header + 8 };
    const children = state.children.map((id) => nodeOf(byId.get(id)!));
    if (state.kind !== 'parallel' && state.children.some((id) => byId.get(id)!.initial))
      children.unshift({ id: initialId(state.id), width: INITIAL_DOT, height: INITIAL_DOT });
    return {
      id: state.id,
      children,
      layoutOptions: {
        ...SPACING,
        'elk.padding': `[top=${header + 8},left=${PAD_X},bottom=${PAD_X},right=${PAD_X}]`,
        'elk.nodeSize.minimum': `(${width}, ${header + 24})`,
      },
    };
  };

  const edges: ElkExtendedEdge[] = [];
  const edgeOf = new Map<string, { transition: StatechartTransition; target: string }>();
  for (const t of chart.transitions)
    for (const target of t.targets) {
      const id = `${t.id}>${target}`;
      const lines = labelLines(t);
      const text = lines.join(' ');
      edges.push({
        id,
        sources: [t.source],
        targets: [target],
        labels: [{ id: `${id}#label`, text, width: Math.max(...lines.map(textWidth)) + 8, height: lines.length * ROW_HEIGHT }],
      });
      edgeOf.set(id, { transition: t, target });
    }
  for (const state of chart.states)
    if (state.initial && state.parent && byId.get(state.parent)!.kind !== 'parallel')
      edges.push({ id: `${initialId(state.parent)}>${state.id}`, sources: [initialId(state.parent)], targets: [state.id] });

  const graph: ElkNode = {
    id: ROOT,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.placement': 'CENTER',
      ...SPACING,
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
      // Every shape and edge point relative to the diagram, not to its container.
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [nodeOf(byId.get(chart.root)!)],
    edges,
  };
  const laid = await engine.layout(graph);

  const boxes: DiagramBox[] = [];
  const initials: InitialMarker[] = [];
  const dots = new Map<string, Point>();
  const walk = (node: ElkNode) => {
    const state = byId.get(node.id);
    if (state)
      boxes.push({
        state,
        x: node.x ?? 0,
        y: node.y ?? 0,
        width: node.width ?? 0,
        height: node.height ?? 0,
        stays: stays.get(state.id) ?? [],
      });
    else dots.set(node.id, { x: (node.x ?? 0) + INITIAL_DOT / 2, y: (node.y ?? 0) + INITIAL_DOT / 2 });
    for (const child of node.children ?? []) walk(child);
  };
  for (const child of laid.children ?? []) walk(child);

  const drawn: DiagramEdge[] = [];
  for (const edge of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    if (!section) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x, y }));
    const known = edgeOf.get(edge.id);
    if (!known) {
      const [source] = edge.sources;
      initials.push({ state: edge.targets[0]!, dot: dots.get(source!)!, points });
      continue;
    }
    const label = edge.labels?.[0];
    drawn.push({
      id: edge.id,
      ...known,
      points,
      label: label
        ? { text: label.text ?? '', x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 }
        : null,
    });
  }
  return { width: laid.width ?? 0, height: laid.height ?? 0, boxes, edges: drawn, initials };
}
