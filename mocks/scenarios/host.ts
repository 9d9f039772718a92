// Owns what a scenario runs against: the simulation's control surface as the executor needs it — the in-tab network,
// the world clock, the personas and their devices, the moment the world is still. The headless runner builds one over
// a fresh Workspace (mocks/scenarios/headless.ts); the tab will build one over its live Simulation. Nothing here opens a
// server's database: personas act over the network, as the pages do.
import type { Network } from '../../src/contracts/network';
import type { ClockControl, Persona, PersonaDevices, TimeclockDevicesInfo } from '../../src/contracts/simulation';

export interface ScenarioHost {
  readonly network: Network;
  readonly clock: Pick<ClockControl, 'now' | 'advance' | 'jumpTo' | 'nextEvent' | 'jumpToNextEvent'>;
  personas(): Persona[];
  devices(personaId: string): PersonaDevices;
  /** The workspace's Timeclock devices as its template configures them (R19); null or absent: none. */
  timeclock?(): TimeclockDevicesInfo | null;
  /** The real page's origin the passkey authenticator writes into its answers (what WebAuthn sees). */
  readonly pageOrigin: string;
  /** Resolves when clock moves, timers and the servers' background work are done and persisted. */
  settled(): Promise<void>;
}
