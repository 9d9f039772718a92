// Owns the API-test harness: a workspace seeded from a template on fake IndexedDB, a paused world clock the
// test moves by hand, and virtual browsers (cookie jar + in-tab network) for each persona.
import { inject } from 'vitest';
import { ManualClock } from '../../src/domain/clock';
import { CookieJar } from '../../src/domain/cookie-jar';
import { navigate, type NavigationResult } from '../../src/clients/navigation';
import { XRAY_INITIATOR } from '../../src/contracts/network';
import { Workspace, type WorkspaceOptions } from '../../mocks/runtime/workspace';
import { demoTenant } from '../../mocks/templates/demo-tenant';
import type { WorkspaceTemplate } from '../../mocks/templates/template';

let counter = 0;

/** The real page's origin the workspace's servers are told (vitest.config.ts `provide`), as the tab tells them its own. */
export const TEST_PAGE_ORIGIN = inject('pageOrigin');

export interface TestBrowser {
  jar: CookieJar;
  /**
   * A JSON API call as the page's client makes it, with this browser's cookies: from a page of the same origin as
   * `url` unless `from` names another page's origin (null: no page).
   */
  api(url: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; from?: string | null }): Promise<Response>;
  /** A navigation typed in the address bar, or started by a page at `from`. */
  navigate(url: string, init?: { method?: 'GET' | 'POST'; body?: unknown; from?: string | null }): Promise<NavigationResult>;
  /**
   * What the trainer's x-ray reads beside this browser: a server's inspection view (`/_sim/…`), with no cookies and as
   * no persona (the network refuses those paths to a persona's browser).
   */
  inspect(url: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** Waits until the servers' work after answering (a mail sent in the background) is done, as a person waits for a mail. */
  settled(): Promise<void>;
}

export interface TestWorld {
  workspace: Workspace;
  template: WorkspaceTemplate;
  browser(name?: string): TestBrowser;
  /** Moves world time forward. */
  advance(ms: number): Promise<void>;
  now(): number;
  close(): Promise<void>;
}

export async function createTestWorld(options: { template?: WorkspaceTemplate; seed?: string } = {}): Promise<TestWorld> {
  const template = options.template ?? demoTenant;
  // Libraries the servers use (oauth4webapi) read the machine's own clock; the workspace tells them the world's.
  const workspace = await Workspace.create(template, options.seed ?? 'test-seed', testWorkspaceOptions());
  return testWorldOf(workspace, template);
}

/** Options for a test workspace of its own: a new id, a manual real clock, the machine's clock for libraries. */
export function testWorkspaceOptions(): WorkspaceOptions {
  return { id: `test-${++counter}`, realClock: new ManualClock(0), libraryClock: { now: () => Date.now() }, pageOrigin: TEST_PAGE_ORIGIN };
}

/** A test world around a workspace opened some other way (restored from a checkpoint, imported from a file). */
export function testWorldOf(workspace: Workspace, template: WorkspaceTemplate): TestWorld {
  return {
    workspace,
    template,
    browser(name = 'test') {
      const jar = new CookieJar();
      const initiator = `browser:${name}`;
      return {
        jar,
        api(url, init = {}) {
          const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
          const requestInit: RequestInit = { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers };
          if (init.body !== undefined) {
            requestInit.body = JSON.stringify(init.body);
            headers['content-type'] = 'application/json';
          }
          const origin = init.from === undefined ? new URL(url).origin : init.from;
          return workspace.network.fetch(new Request(url, requestInit), { initiator, jar, origin });
        },
        inspect(url, init = {}) {
          const headers: Record<string, string> = { accept: 'application/json' };
          const requestInit: RequestInit = { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers };
          if (init.body !== undefined) {
            requestInit.body = JSON.stringify(init.body);
            headers['content-type'] = 'application/json';
          }
          return workspace.network.fetch(new Request(url, requestInit), { initiator: XRAY_INITIATOR });
        },
        navigate(url, { from = null, ...init } = {}) {
          return navigate(workspace.network, { url, jar, initiator, origin: from, ...init });
        },
        settled: () => workspace.settled(),
      };
    },
    advance: (ms) => workspace.clock.advance(ms),
    now: () => workspace.clock.now(),
    close: () => workspace.close(),
  };
}
