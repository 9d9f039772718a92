// Owns the wire between a tab and the one simulation every tab of the origin shares: the messages both ends send over a
// MessagePort, and requests and responses as structured-clonable data. The simulation's end is simulation-host.ts, the
// tab's end remote-simulation.ts; why it is built so: docs/decisions/one-simulation-for-every-tab.md.
import type { StoredCookie } from '../../src/domain/cookie-jar';
import type { WorldClockState } from '../../src/domain/clock';
import type { Locale } from '../../src/domain/locale';
import type { Exchange } from '../../src/contracts/network';
import type {
  CheckpointInfo,
  PasskeyDevices,
  Persona,
  PhoneState,
  TemplateInfo,
  VirtualBrowserState,
  WorkspaceInfo,
  WorldEvent,
} from '../../src/contracts/simulation';
import type { RecoveryCallName, RecoveryProblem } from '../../src/contracts/recovery';

/** A persona's devices as data: the cookie jar's cookies instead of the jar. */
export interface DevicesData {
  cookies: StoredCookie[];
  browser: VirtualBrowserState;
  phone: PhoneState;
  passkeys: PasskeyDevices;
}

/** What a tab mirrors of the simulation's control surface, so its synchronous reads answer at once. */
export interface ControlState {
  workspace: WorkspaceInfo;
  templates: TemplateInfo[];
  personas: Persona[];
  currentPersonaId: string | null;
  /** The live workspace's language (SimulationControl.language). */
  language: Locale;
  checkpoints: CheckpointInfo[];
  pageOrigin: string | null;
  /** Why the traffic log is not being saved, or null while it is. */
  storageWarning: string | null;
  /** Changes whenever the live workspace is replaced (create, switch, reset, import, restore): devices start afresh. */
  generation: number;
  /** Every persona's devices the simulation holds; sent in full only when `generation` changed. */
  devices: Record<string, DevicesData> | null;
}

export interface ClockSnapshot {
  state: WorldClockState;
  nextEvent: WorldEvent | null;
}

/** A request as data; the body's bytes are transferred, not copied. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: ArrayBuffer | null;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: ArrayBuffer | null;
}

export interface WireError {
  name: string;
  message: string;
}

/** The control surface's asynchronous operations a tab asks the simulation for, by name, with their arguments. */
export interface CallSignatures {
  listWorkspaces: [];
  createWorkspace: [input: { name: string; templateId: string; seed: string; id?: string; startAt?: number }];
  switchWorkspace: [id: string];
  resetWorkspace: [];
  deleteWorkspace: [id: string];
  exportWorkspace: [];
  importWorkspace: [text: string];
  takeCheckpoint: [name: string];
  restoreCheckpoint: [id: string];
  deleteCheckpoint: [id: string];
  setCurrentPersona: [id: string];
  setLanguage: [language: Locale];
  setPersonaLanguage: [personaId: string, language: Locale | null];
  /** The tab's view of the persona's browser (history, passkeys), and what its page shows, for the other tabs. */
  saveDevices: [personaId: string, browser: VirtualBrowserState, passkeys: PasskeyDevices, shown: unknown];
  savePhone: [personaId: string, phone: PhoneState];
  settled: [];
  stateHash: [];
  clockPause: [];
  clockPlay: [speed: number | undefined];
  clockAdvance: [ms: number];
  clockJumpTo: [time: number];
  clockJumpToNextEvent: [];
  trafficSummaries: [];
  trafficExchanges: [ids: number[]];
  trafficClear: [];
}
export type CallName = keyof CallSignatures;

/** From a tab to the simulation. */
export type TabMessage =
  | { type: 'call'; id: number; method: CallName; args: unknown[] }
  | {
      type: 'fetch';
      id: number;
      request: WireRequest;
      initiator: string;
      /** The persona whose cookie jar the request carries; the simulation holds the jars, so every tab shares them. */
      jarOf: string | null;
      /** The cookies of a jar the simulation does not hold (one a test or a console made): the tab keeps its changes. */
      detachedCookies: StoredCookie[] | null;
      /** The same number for every hop of one navigation of this tab. */
      navigation: number | null;
      /** The origin of the page that issued it, null for none, absent for a request that is not a browser's (NetworkFetchOptions.origin). */
      origin?: string | null;
    }
  | { type: 'close' }
  /** A call of the recovery screen, to a simulation that could not start. */
  | { type: 'recovery-call'; id: number; method: RecoveryCallName; args: unknown[] };

/** From the simulation to a tab. */
export type SimulationMessage =
  | { type: 'ready'; tab: number; control: ControlState; clock: ClockSnapshot }
  | { type: 'failed'; error: WireError }
  /** The simulation could not start and waits in recovery: the tab shows the recovery screen. */
  | { type: 'recovery'; problem: RecoveryProblem }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError }
  | { type: 'response'; id: number; response: WireResponse }
  | { type: 'control'; control: ControlState }
  | { type: 'clock'; clock: ClockSnapshot }
  | { type: 'exchange'; exchange: Exchange }
  | { type: 'traffic-cleared' }
  | { type: 'devices'; personaId: string; devices: DevicesData; shown: unknown; from: number };

/** The one port both ends talk over: a MessagePort, a SharedWorker's port, or a relay to a leader tab's worker. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
  close?(): void;
}

export async function requestToWire(request: Request): Promise<WireRequest> {
  const body = request.body ? await request.arrayBuffer() : null;
  return { url: request.url, method: request.method, headers: [...request.headers], body };
}

export function requestFromWire(wire: WireRequest): Request {
  return new Request(wire.url, { method: wire.method, headers: wire.headers, ...(wire.body ? { body: wire.body } : {}) });
}

export async function responseToWire(response: Response): Promise<WireResponse> {
  const body = response.body ? await response.arrayBuffer() : null;
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], body };
}

/** Statuses whose responses carry no body (Fetch §2.2.3 "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function responseFromWire(wire: WireResponse): Response {
  const body = NULL_BODY_STATUSES.has(wire.status) ? null : wire.body;
  return new Response(body, { status: wire.status, statusText: wire.statusText, headers: wire.headers });
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function errorFromWire(wire: WireError): Error {
  const error =
    wire.name === 'RangeError'
      ? new RangeError(wire.message)
      : wire.name === 'TypeError'
        ? new TypeError(wire.message)
        : new Error(wire.message);
  if (error.name !== wire.name) error.name = wire.name;
  return error;
}

/** The transferable bodies of a message, so a 500 KB mail batch moves instead of being copied. */
export function bodiesOf(...bodies: Array<ArrayBuffer | null>): Transferable[] {
  return bodies.filter((b): b is ArrayBuffer => b !== null && b.byteLength > 0);
}
