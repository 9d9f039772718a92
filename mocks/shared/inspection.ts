// Owns what every server's inspection answer shares (src/contracts/inspection.ts): one machine instance as its database
// holds it, with the keys that must stay on the server left out, answered uncached; and the refusal of anything but a
// read. The simulator's developer view, apart from each server's product API: no session is read and nothing written.
import type { AppliedEvent, InspectedMachineId, MachineInstance, StateValueJson } from '../../src/contracts/inspection';
import { problem } from './http';

export function machineInstance(
  machine: InspectedMachineId,
  label: string,
  stored: { value: unknown; context: object; lastEvents?: readonly AppliedEvent[] | undefined },
  withheld: readonly string[] = [],
): MachineInstance {
  const context = Object.fromEntries(Object.entries(stored.context).filter(([key]) => !withheld.includes(key)));
  return {
    machine,
    label,
    value: stored.value as StateValueJson,
    context,
    withheld: withheld.filter((key) => key in stored.context),
    lastEvents: [...(stored.lastEvents ?? [])],
  };
}

/** The answer as JSON, never cached: it is a look at the database now. */
export function inspectionAnswer<T>(body: T): Response {
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

/** Inspection is read-only (RFC 9110 §15.5.6: a 405 names the methods that are allowed). */
export function inspectionReadOnly(): Response {
  const refusal = problem(405, 'method_not_allowed', 'The inspection answers GET only: it never changes a server.');
  refusal.headers.set('allow', 'GET');
  return refusal;
}
