// Owns the simulation's control surface as the stage sees it (H2): the world clock, workspaces,
// personas and their devices. It is not a door into any server's data: pages reach servers only over the network.
import type { WorldClockState } from '../domain/clock';
import type { CookieJar } from '../domain/cookie-jar';
import type { Locale } from '../domain/locale';
import type { OtpAccount } from '../domain/totp';
import type { Network, TrafficLog } from './network';
import type { ScenarioRecording } from './scenario-recording';
import type { ScenarioReplayControl } from './scenario-replay';

export interface Persona {
  id: string;
  name: string;
  /** In plain words: "Employee", "HRM administrator". */
  role: string;
  note: string;
  /** Old HRM login, shown to trainers so a demo never stalls on a password. */
  hrmLoginId: string;
  hrmPassword: string;
  /**
   * How the persona signs in at the organisation's identity provider, where they have a user there: shown on their card
   * instead of the HRM's user ID, which they never type.
   */
  idpSignIn?: { provider: string; username: string; password: string };
  mailboxes: string[];
  order: number;
  /**
   * The language the persona's browser asks for and their mails come in, when it is not the workspace's (a persona who
   * reads English in a Swedish workspace); absent: the workspace's.
   */
  language?: Locale;
}

export interface VirtualBrowserState {
  history: string[];
  index: number;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  templateId: string;
  seed: string;
  createdAt: number;
}

/** A trainer's checkpoint: every database of the workspace as it was at `worldTime`, kept in the tab. */
export interface CheckpointInfo {
  id: string;
  name: string;
  /** World time when it was taken: a restore puts the world clock back here, paused. */
  worldTime: number;
}

/** A workspace exported as one file, for the page to save (src/platform/download). */
export interface WorkspaceFile {
  fileName: string;
  /** JSON: the format and its version, the workspace's name, template and seed, and every database. */
  text: string;
}

export interface TemplateInfo {
  id: string;
  name: string;
  /** The customer's Timeclock devices on the stage, as the template configures them (R19); absent: none. */
  timeclock?: TimeclockDevicesInfo;
}

/** The Timeclock devices a template puts on the stage, each with the address it is configured with. */
export interface TimeclockDevicesInfo {
  /** The customer number, which the new Timeclock addresses carry (R19). */
  customerNumber: string;
  /** The Timeclock user's name and password, shown on the devices' card so a demo never stalls on them. */
  user: { username: string; password: string };
  devices: { name: string; address: string }[];
  /** The badges people punch in with, to pick one at a device's reader. */
  badges: { name: string; badge: string }[];
}

/** The id a Timeclock device's state (its address, its cookies) is kept under with the personas' devices. */
export function timeclockDeviceId(name: string): string {
  return `timeclock:${name}`;
}

/** Something a server scheduled on the world clock ("Preparation opens"). */
export interface WorldEvent {
  at: number;
  label: string;
}

export interface ClockControl {
  now(): number;
  state(): WorldClockState;
  pause(): Promise<void>;
  play(speed?: number): Promise<void>;
  /** Moves forward, firing every scheduled event on the way at its own moment. */
  advance(ms: number): Promise<void>;
  jumpTo(time: number): Promise<void>;
  /** The next scheduled event, if any. */
  nextEvent(): WorldEvent | null;
  /** Moves the clock to the next scheduled event and lets it happen. */
  jumpToNextEvent(): Promise<void>;
  /** Called whenever the clock's state changes (not on every tick). */
  subscribe(listener: () => void): () => void;
}

/** An account in the phone's authenticator app, as it was scanned or typed. */
export interface PhoneAccount extends OtpAccount {
  /** World time it was added. */
  addedAt: number;
}

/** A persona's phone: its authenticator app and how far its clock is off the world clock (to show why codes fail). */
export interface PhoneState {
  accounts: PhoneAccount[];
  clockOffsetSeconds: number;
}

export interface PersonaDevices {
  jar: CookieJar;
  browser: VirtualBrowserState;
  phone: PhoneState;
  /** Which authenticator the persona's pages use for passkeys, and the passkeys the sandbox authenticator holds. */
  passkeys: PasskeyDevices;
}

/**
 * Where a persona's passkeys live: the computer's own authenticator (Touch ID, Windows Hello, a security key, or a test
 * browser's virtual one), the sandbox authenticator (src/platform/webauthn), or automatically the computer's when it has
 * a user-verifying platform authenticator and the sandbox otherwise, so a demo never waits on missing hardware.
 */
export type AuthenticatorChoice = 'automatic' | 'device' | 'sandbox';

/** A persona's devices changed in another tab; `shown` is what that tab's browser shows, as it passed it to saveDevices. */
export interface DevicesChange {
  personaId: string;
  shown: unknown;
}

export interface PasskeyDevices {
  authenticator: AuthenticatorChoice;
  sandbox: SandboxCredential[];
}

/** A discoverable credential the sandbox authenticator holds (WebAuthn L3 §6.2.2 "client-side discoverable"). */
export interface SandboxCredential {
  /** The credential ID, base64url. */
  id: string;
  rpId: string;
  /** The user handle the relying party gave (options.user.id), base64url. */
  userHandle: string;
  userName: string;
  userDisplayName: string;
  /** The ES256 private key as a JWK: the sandbox protects no real secret, and a reload must keep it. */
  privateKey: JsonWebKey;
  /** The signature counter (WebAuthn L3 §6.1.1), one more with every assertion. */
  signCount: number;
}

export function emptyPasskeyDevices(): PasskeyDevices {
  return { authenticator: 'automatic', sandbox: [] };
}

export interface SimulationControl {
  readonly network: Network;
  readonly clock: ClockControl;
  /** The live workspace's traffic log (the x-ray's request list): the simulation's own record, not a server's. */
  readonly traffic: TrafficLog;
  workspace(): WorkspaceInfo;
  templates(): TemplateInfo[];
  listWorkspaces(): Promise<WorkspaceInfo[]>;
  /** `id` replaces the workspace of that id (and its checkpoints); `startAt` starts the world clock there, not at the template's time. */
  createWorkspace(input: { name: string; templateId: string; seed: string; id?: string; startAt?: number }): Promise<WorkspaceInfo>;
  switchWorkspace(id: string): Promise<void>;
  /** Back to the template's first state, with the same seed: a clean start for the next demo. */
  resetWorkspace(): Promise<void>;
  deleteWorkspace(id: string): Promise<void>;
  /** The live workspace as one versioned file: every database (the world's and every server's) at this moment. */
  exportWorkspace(): Promise<WorkspaceFile>;
  /**
   * Imports a workspace file as a new workspace and switches to it once it is complete. A file that cannot be imported
   * is refused with an error naming what is wrong (not a workspace file, an unknown version, a database or table
   * missing, a row that does not fit), and the workspaces there were stay as they were.
   */
  importWorkspace(text: string): Promise<WorkspaceInfo>;
  /** The live workspace's checkpoints, oldest first. */
  checkpoints(): CheckpointInfo[];
  /** Snapshots every database of the live workspace, kept in this tab; an empty name becomes "Checkpoint N". */
  takeCheckpoint(name?: string): Promise<CheckpointInfo>;
  /**
   * Puts the live workspace back to a checkpoint: the world clock (paused there), the personas' devices and every
   * server's data; the servers restart as on a reload, rebuilding what they keep in memory.
   */
  restoreCheckpoint(id: string): Promise<void>;
  deleteCheckpoint(id: string): Promise<void>;
  personas(): Persona[];
  currentPersonaId(): string | null;
  setCurrentPersona(id: string): Promise<void>;
  /** The language of the live workspace's employee pages and mails: English until one is chosen. */
  language(): Locale;
  setLanguage(language: Locale): Promise<void>;
  /** A persona's own language (null: the workspace's again); their browser asks for it and their mails come in it. */
  setPersonaLanguage(personaId: string, language: Locale | null): Promise<void>;
  devices(personaId: string): PersonaDevices;
  /**
   * Persists a persona's browser history and passkeys (the simulation keeps the cookie jar itself), so a reload resumes
   * exactly there. `shown` is what the persona's browser shows now, opaque to the simulation: other tabs show the same.
   */
  saveDevices(personaId: string, shown?: unknown): Promise<void>;
  /** Persists a persona's phone (its authenticator accounts and clock offset), as saveDevices does the browser. */
  savePhone(personaId: string): Promise<void>;
  /** Called after a workspace switch, create, reset, import or checkpoint restore. */
  subscribe(listener: () => void): () => void;
  /**
   * Called when another tab changed a persona's devices (its browser moved, its phone or passkeys changed, a response
   * set cookies): the devices from devices() already hold the change. Never called where only one tab runs.
   */
  subscribeDevices(listener: (change: DevicesChange) => void): () => void;
  /**
   * Starts recording what the personas do into a scenario (mocks/scenarios/recorder.ts), from the live workspace's
   * template and seed and the world time now; a workspace switch, reset or checkpoint restore stops it.
   */
  startRecording(): Promise<ScenarioRecording>;
  /**
   * Why the live workspace's traffic log is not being saved (the browser's storage is full or refused it), or null while
   * it is. Requests go on either way; subscribers hear when it changes.
   */
  storageWarning(): string | null;
  /** The real page's origin WebAuthn sees, to which Connect binds passkeys; null where no page runs. */
  readonly pageOrigin: string | null;
  /** Resolves when clock moves, timers and the servers' background work are done and stored: the world is still. */
  settled(): Promise<void>;
  /**
   * The live workspace's state hash, once the world is still and the personas' devices are saved: the same actions from
   * the same seed give the same hash, headless or in any number of tabs (mocks/scenarios/state-hash.ts says what it
   * leaves out).
   */
  stateHash(): Promise<string>;
  /** Scenario replay for trainer mode: the catalogue and runs over the live workspace, loaded on first use. */
  scenarios(): Promise<ScenarioReplayControl>;
}
