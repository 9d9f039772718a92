// Owns a workspace's world database: its clock, seed and random streams, traffic log, personas and the
// state of each persona's devices (virtual browser, phone, passkey authenticator). Not a simulated server: the
// simulation's own bookkeeping.
import Dexie, { type EntityTable } from 'dexie';
import type { WorldClockState } from '../../src/domain/clock';
import type { RandomState } from '../../src/domain/random';
import type { StoredCookie } from '../../src/domain/cookie-jar';
import type { Exchange, ExchangeSummary } from '../../src/contracts/network';
import type { PasskeyDevices, Persona, PhoneState, VirtualBrowserState } from '../../src/contracts/simulation';
import { databaseName } from '../shared/server';
import type { Locale } from '../../src/domain/locale';

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
  /** The language of the employees' pages and mails (not indexed: a workspace stored without it is English). */
  language?: Locale;
}

export interface StoredBrowser extends VirtualBrowserState {
  personaId: string;
  cookies: StoredCookie[];
  /** The persona's passkey authenticator (not indexed: rows written before it have none, which reads as empty). */
  passkeys?: PasskeyDevices;
}

/** An exchange's headers and bodies, apart from its summary so listing the log never reads them. */
export type ExchangeDetails = Omit<Exchange, keyof ExchangeSummary> & { id: number };

const SUMMARY_FIELDS = ['id', 'at', 'initiator', 'method', 'url', 'status', 'location', 'durationMs', 'navigationId', 'mimeType'] as const;

/** Splits an exchange into the row the traffic list reads and the row its details are read from. */
export function splitExchange(exchange: Exchange): { summary: ExchangeSummary; details: ExchangeDetails } {
  const summary: Record<string, unknown> = {};
  const details: Record<string, unknown> = { id: exchange.id };
  for (const [key, value] of Object.entries(exchange)) {
    if ((SUMMARY_FIELDS as readonly string[]).includes(key)) summary[key] = value;
    else details[key] = value;
  }
  return { summary: summary as unknown as ExchangeSummary, details: details as ExchangeDetails };
}

const UPGRADE_CHUNK = 500;

/** v3. A persona's phone: the authenticator app's accounts and the clock offset. */
export interface StoredPhone extends PhoneState {
  personaId: string;
}

export class WorldDb extends Dexie {
  meta!: EntityTable<WorldMeta, 'key'>;
  traffic!: EntityTable<ExchangeSummary, 'id'>;
  trafficDetails!: EntityTable<ExchangeDetails, 'id'>;
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
    // v2: headers and bodies move to their own table, so the x-ray lists tens of thousands of exchanges without
    // reading their bodies (a v1 row carried up to 32 KB of them).
    this.version(2)
      .stores({ trafficDetails: 'id' })
      .upgrade(async (tx) => {
        const traffic = tx.table<Exchange, number>('traffic');
        // A chunk at a time: a long v1 log would not fit in memory at once.
        for (let after = 0; ;) {
          const rows = await traffic.where('id').above(after).limit(UPGRADE_CHUNK).toArray();
          if (rows.length === 0) break;
          const split = rows.map(splitExchange);
          await tx.table('trafficDetails').bulkPut(split.map((s) => s.details));
          await traffic.bulkPut(split.map((s) => s.summary as Exchange));
          after = rows[rows.length - 1]!.id;
        }
      });
    // v3: each persona's phone (R21: the authenticator app); an upgraded workspace's phones start empty.
    this.version(3).stores({ phones: 'personaId' });
  }
}
