// Owns what a simulated server is given and what it gives back: its clock, its own random stream, the
// in-tab network it calls other servers through, and the handler list it answers with.
import type { RequestHandler } from 'msw';
import type { Clock } from '../../src/domain/clock';
import type { Random } from '../../src/domain/random';
import type { Network } from '../../src/contracts/network';
import type { Locale } from '../../src/domain/locale';
import type { WorldEvent } from '../../src/contracts/simulation';
import type { WorkspaceTemplate } from '../templates/template';

export type { WorldEvent };

/** A server's scheduler on the world clock: `fire` runs when the clock reaches `at`, at once if it already has. */
export interface TimerOptions {
  routine?: boolean;
  /**
   * A routine timer that recurs this often (ms): a move of the clock over several of its periods fires it once, at the
   * last of them it passes, rather than once a period (a four-week jump would otherwise repeat a job a hundred times).
   */
  period?: number;
}

export interface ServerTimers {
  /**
   * Sets (or replaces) the timer with this key. A `routine` timer (a recurring job such as a nightly export) fires when
   * the clock passes it but is never the "next event" a jump goes to: the clock's events stay the rollout's own.
   */
  set(key: string, at: number, label: string, fire: () => Promise<void>, options?: TimerOptions): void;
  clear(key: string): void;
}

export interface ServerContext {
  /** Names this server's database: one database per server per workspace (H1). */
  workspaceId: string;
  clock: Clock;
  /** This server's own seeded stream. */
  random: Random;
  network: Network;
  timers: ServerTimers;
  /**
   * World seconds minus the seconds of the real clock that libraries read for themselves (oauth4webapi checks token
   * times against Date.now): the skew to hand them, so they judge `iat` and `exp` by world time.
   */
  librarySkewSeconds(): number;
  /**
   * The real origin of the page the tab runs on (http://localhost:4173), or null where there is none. WebAuthn sees
   * this origin, never the virtual hosts, so Connect's passkeys take their RP ID and expected origin from it.
   */
  pageOrigin: string | null;
  /**
   * The language a mail to this address is written in: its owner's own language where the workspace's people chose
   * one, else the workspace's. Pages answer in the request's Accept-Language instead (negotiateLocale).
   */
  languageOf(address: string): Locale;
}

export interface SimulatedServer {
  readonly name: string;
  readonly handlers: RequestHandler[];
  /** Fills a fresh database from a workspace template. Called once, when the workspace is created or reset. */
  seed(template: WorkspaceTemplate): Promise<void>;
  /**
   * After seeding or reopening: set the server's timers, resume work a reload interrupted, and fill in what data stored
   * before a schema version lacks but the seed now gives (mail accounts). `template` builds the template the workspace
   * was created from, on first call only (a generated tenant takes a while to build): undefined when this version no
   * longer has that template.
   */
  start?(template: () => WorkspaceTemplate | undefined): Promise<void>;
  /** Resolves when background work started so far (bulk mail jobs) has finished. */
  settled?(): Promise<void>;
  /** Closes the database (workspace switch). */
  close(): void;
}

export function databaseName(workspaceId: string, server: string): string {
  return `rollout-rehearsal/${workspaceId}/${server}`;
}
