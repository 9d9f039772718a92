// Owns the wire of the simulator's inspection answers: what a server's database holds of its machines (a user's link
// journey, the tenant's rollout, a domain's verification) — state value, context and the last events applied — for
// the developer x-ray's state diagrams. They live under `/_sim/`, a path no product page or API uses, and are read-only.

/** Where every server's inspection views begin: the x-ray's and the stage's to read, never a persona's browser's. */
export const INSPECTION_PATH_PREFIX = '/_sim/';

/** `GET https://hrm.test/_sim/machines[?loginId=…]` and `GET https://connect.test/_sim/machines?email=…[&email=…]`. */
export const SIM_MACHINES_PATH = '/_sim/machines';

/** A machine's state value as JSON: a state's key, or for a compound state its key and its child's value. */
export type StateValueJson = string | { [key: string]: StateValueJson };

/** A transition an event took: the state node it is defined on (XState's node id) and its guard, by name. */
export interface TakenTransition {
  source: string;
  guard: string | null;
}

/**
 * One event a machine instance took, as the server applied it with `transition`. Only the event's type is kept: its
 * payload holds what must not be shown again (a code's digest) or is in the context already (the email).
 */
export interface AppliedEvent {
  type: string;
  /** World time when the server applied it. */
  at: number;
  from: StateValueJson;
  to: StateValueJson;
  transitions: TakenTransition[];
}

/** How many events a server keeps per machine instance, newest last. */
export const REMEMBERED_EVENTS = 10;

/** Machines the servers advance and the diagrams draw, by their XState id. */
export type InspectedMachineId = 'linking' | 'rollout' | 'domainVerification';

/** One machine instance as its server's database holds it. */
export interface MachineInstance {
  machine: InspectedMachineId;
  /** Whose instance this is, in words: "Anna Svensson (10001)", "Demo Company", "company.com". */
  label: string;
  value: StateValueJson;
  /** The stored context, without the keys in `withheld`. */
  context: Record<string, unknown>;
  /** Context keys the answer leaves out: a 6-digit code's SHA-256 digest gives the code away in a million tries. */
  withheld: string[];
  /** Oldest first; at most REMEMBERED_EVENTS. Empty for an instance that has taken none since it was stored. */
  lastEvents: AppliedEvent[];
}

export interface HrmInspection {
  /** World time of the answer. */
  at: number;
  rollout: MachineInstance;
  /** The user asked for by `loginId`; null when none was asked for. */
  user: { id: string; loginId: string; name: string } | null;
  /** That user's link journey. */
  linking: MachineInstance | null;
}

export interface ConnectInspection {
  at: number;
  /** The domains of the organisations administered by the accounts asked for, by name. */
  domains: MachineInstance[];
}

export type InspectionProblemCode = 'invalid_request' | 'unknown_user' | 'method_not_allowed';
