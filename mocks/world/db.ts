// Owns a workspace's world database: its clock, seed and random streams, traffic log, personas and the
// state of each persona's devices (virtual browser, phone, passkey authenticator). Not a simulated server: the
// simulation's own bookkeeping.
import Dexie, { type EntityTable } from 'dexie';
import type { WorldClockState } from '../../src/domain/clock';
import type { RandomState } from '../../src/domain/random';
import type { StoredCookie } from '../../src/domain/cookie-jar';
import type { Exchange } from '../../src/contracts/network';
import type { PasskeyDevices, Persona, PhoneState, VirtualBrowserState } from '../../src/contracts/simulation';
import { databaseName } from '../shared/server';

export interface WorldMeta {
  key: 'world';
  workspaceId: string;
  templateId: string;
  seed: string;
  clock: WorldClockState;
  randomStates: Record<string, RandomState>;
  /**
   * True from opening until a clean close. Found true when opening, the last session stopped mid-flight (a tab closed
   * or crashed), and the saved random states may be behind what the servers already stored.
   */
  running?: boolean;
  /** How many times the workspace was reopened after such a stop: each time the servers draw from fresh streams. */
  restarts?: number;
  currentPersonaId: string | null;
}

export interface StoredBrowser extends VirtualBrowserState {
  personaId: string;
  cookies: StoredCookie[];
  /** The persona's passkey authenticator (not indexed: rows written before it have none, which reads as empty). */
  passkeys?: PasskeyDevices;
}

export type StoredExchange = Exchange;

/** v3. A persona's phone: the authenticator app's accounts and the clock offset. */
export interface StoredPhone extends PhoneState {
  personaId: string;
}

export class WorldDb extends Dexie {
  meta!: EntityTable<WorldMeta, 'key'>;
  traffic!: EntityTable<StoredExchange, 'id'>;
  personas!: EntityTable<Persona, 'id'>;
  browsers!: EntityTable<StoredBrowser, 'personaId'>;
  phones!: EntityTable<StoredPhone, 'personaId'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'world'));
    this.version(1).stores({
      meta: 'key',
      traffic: 'id, at, initiator',
      personas: 'id, order',
      browsers: 'personaId',
    });
    // v3: each persona's phone (rule 21: the authenticator app); an upgraded workspace's phones start empty. Version 2
    // is the traffic log's; Dexie allows the gap, and a v1 or v2 world upgrades straight to v3.
    this.version(3).stores({ phones: 'personaId' });
  }
}
