import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { AnyStateMachine } from 'xstate';
import { domainVerificationMachine } from '../../../../../machines/domain-verification';
import { linkingMachine } from '../../../../../machines/linking';
import { rolloutMachine } from '../../../../../machines/rollout';
import { layoutStatechart, NOW_MARK, stayLabel, type DiagramLayout } from '../../../../../src/app/xray/diagrams/layout';
import { statechartOf } from '../../../../../src/app/xray/diagrams/statechart-graph';

const elk = new ELK();
const engine = { layout: (graph: Parameters<typeof elk.layout>[0]) => elk.layout(graph) };

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const MACHINES: AnyStateMachine[] = [linkingMachine, rolloutMachine, domainVerificationMachine];

describe('layoutStatechart (ELK, as the tab runs it in its worker)', () => {
  const layouts = new Map<string, Promise<DiagramLayout>>();
  const laidOut = (machine: AnyStateMachine) => {
    if (!layouts.has(machine.id)) layouts.set(machine.id, layoutStatechart(engine, statechartOf(machine)));
    return layouts.get(machine.id)!;
  };

  it.each(MACHINES.map((m) => [m.id, m] as const))('%s: a box for every state, inside its parent, siblings apart', async (_id, machine) => {
    const chart = statechartOf(machine);
    const layout = await laidOut(machine);
    expect(layout.boxes.map((b) => b.state.id).sort()).toEqual(chart.states.map((s) => s.id).sort());
    const boxOf = new Map(layout.boxes.map((b) => [b.state.id, b]));
    for (const box of layout.boxes) {
      expect(inside(box, { x: 0, y: 0, width: layout.width, height: layout.height }), box.state.id).toBe(true);
      if (box.state.parent) expect(inside(box, boxOf.get(box.state.parent)!), `${box.state.id} in its parent`).toBe(true);
      for (const other of layout.boxes)
        if (other !== box && other.state.parent === box.state.parent)
          expect(overlaps(box, other), `${box.state.id} / ${other.state.id}`).toBe(false);
    }
  });

  it.each(MACHINES.map((m) => [m.id, m] as const))(
    '%s: an arrow for every transition with a target, its label clear of other labels and of state boxes',
    async (_id, machine) => {
      const chart = statechartOf(machine);
      const layout = await laidOut(machine);
      const expected = chart.transitions.flatMap((t) => t.targets.map((target) => `${t.id}>${target}`)).sort();
      expect(layout.edges.map((e) => e.id).sort()).toEqual(expected);
      const labels = layout.edges.map((e) => ({ id: e.id, ...e.label! }));
      for (const label of labels) {
        for (const other of labels) if (other !== label) expect(overlaps(label, other), `${label.id} / ${other.id}`).toBe(false);
        // A label may lie on a compound state's inner area, but never on an atomic state or on any state's title rows.
        for (const box of layout.boxes) {
          const solid = box.state.children.length === 0 ? box : { ...box, height: 26 + box.stays.length * 17 };
          expect(overlaps(label, solid), `${label.id} on ${box.state.id}`).toBe(false);
        }
      }
    },
  );

  it('every box is wide enough for its name with the "now" mark and for each transition it lists', async () => {
    for (const machine of MACHINES) {
      const layout = await laidOut(machine);
      for (const box of layout.boxes) {
        const chars = Math.max(`${box.state.key} ${NOW_MARK}`.length, ...box.stays.map((t) => stayLabel(t).length));
        expect(box.width, box.state.id).toBeGreaterThanOrEqual(chars * 12 * 0.6);
      }
    }
  });

  it('an initial marker points at each initial state of a compound state', async () => {
    const layout = await laidOut(linkingMachine);
    expect(layout.initials.map((i) => i.state).sort()).toEqual(['linking.codeSent.awaitingCode', 'linking.unlinked']);
    for (const initial of layout.initials) {
      const target = layout.boxes.find((b) => b.state.id === initial.state)!;
      const end = initial.points.at(-1)!;
      expect(Math.abs(end.x - target.x) < 1 || Math.abs(end.y - target.y) < 1 || Math.abs(end.y - (target.y + target.height)) < 1).toBe(
        true,
      );
    }
  });
});
