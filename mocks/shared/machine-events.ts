// Owns what a server remembers of the events its machines took: a short ring per machine instance, written beside the
// stored snapshot in the same transaction, so the simulator's inspection answer (the x-ray's state diagrams) can list
// them. Which transition an event took comes from the machine itself (`getTransitionData`), not from a guess.
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { REMEMBERED_EVENTS, type AppliedEvent, type StateValueJson } from '../../src/contracts/inspection';
import { guardName } from '../../src/domain/statechart';

/** The event `event`, applied at world time `at`, that took `before` to `after`. */
export function appliedEvent(
  machine: AnyStateMachine,
  before: AnyMachineSnapshot,
  event: EventObject,
  after: AnyMachineSnapshot,
  at: number,
): AppliedEvent {
  const transitions = machine.getTransitionData(before, event).map((t) => ({ source: t.source.id, guard: guardName(t.guard) }));
  return { type: event.type, at, from: stateValueOf(before), to: stateValueOf(after), transitions };
}

/** The ring with `entry` added: the newest REMEMBERED_EVENTS, oldest first. */
export function remember(ring: readonly AppliedEvent[] | undefined, entry: AppliedEvent): AppliedEvent[] {
  return [...(ring ?? []), entry].slice(-REMEMBERED_EVENTS);
}

function stateValueOf(snapshot: AnyMachineSnapshot): StateValueJson {
  return JSON.parse(JSON.stringify(snapshot.value)) as StateValueJson;
}
