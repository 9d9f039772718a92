// Owns how the parts of a statechart are named outside the machine, alike on the servers (the events they remember)
// and in the x-ray's diagrams: a guard by its name, a state value as the dotted paths of its active leaves.
import type { StateValueJson } from '../contracts/inspection';

/**
 * A transition's guard as XState keeps it (a name, `{ type, params }`, or an inline function) → its name; null for an
 * unguarded transition.
 */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline guard';
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

/** `{ codeSent: 'awaitingCode' }` → `['codeSent.awaitingCode']`; a parallel state gives one path per region. */
export function leafPaths(value: StateValueJson): string[] {
  if (typeof value === 'string') return [value];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child).map((path) => `${key}.${path}`));
}

/** A state value in one line, as the diagrams and their text alternative write it. */
export function formatStateValue(value: StateValueJson): string {
  return leafPaths(value).join(' + ');
}
