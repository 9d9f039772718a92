// Owns the integration tests' shared steps: an API client's calls with its key, moving the tenant past the cutover with
// an administrator signed in through Connect, the temporary measures set on the stored rollout, a full disk for the
// HRM's database, and a stand-in for the customer's file server behind its allow-list.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { vi, expect } from 'vitest';
import { transition } from 'xstate';
import { rolloutMachine, type TemporaryMeasuresInput } from '../../../machines/rollout';
import type { RolloutSettingsRow } from '../../../mocks/servers/hrm/db';
import { persistRollout, restoreRollout } from '../../../mocks/servers/hrm/store';
import { HRM_OUTBOUND_IP, INTEGRATIONS_ORIGIN } from '../../../src/contracts/origins';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { hrmDb, link, signIn, signInThroughConnect } from './support';

/** The demo tenant's payroll export, configured with its key before the move. */
export const PAYROLL_KEY = 'hrm-api-key-demo-payroll-export';
export const PAYROLL_CLIENT = 'Payroll export';

/** The API client as a system of its own: no browser's Origin, its key in every call. */
export function apiClient(world: TestWorld, key = PAYROLL_KEY, name = 'payroll-export') {
  const browser = world.browser(name);
  return (url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    browser.api(url, { ...init, from: null, headers: { authorization: `Bearer ${key}`, ...init.headers } });
}

/** Karin links her account during preparation, the clock passes the cutover, and she signs in through Connect. */
export async function moveOn(world: TestWorld): Promise<TestBrowser> {
  await link(await signIn(world, 'karin'), 'karin.berg@company.com');
  const activationAt = world.template.tenant.activationAt!;
  await world.advance(activationAt - world.now());
  return signInThroughConnect(world, 'karin', 'karin.berg@company.com');
}

/** Sets the temporary measures on the stored rollout through the rollout machine, as the admin's setting does. */
export async function setMeasures(world: TestWorld, input: TemporaryMeasuresInput): Promise<void> {
  const db = hrmDb(world);
  try {
    const row = (await db.settings.get('rollout')) as RolloutSettingsRow;
    const [after] = transition(rolloutMachine, restoreRollout(row.snapshot), {
      type: 'SET_TEMPORARY_MEASURES',
      ...input,
      now: world.now(),
    });
    expect(after.context).toMatchObject(input);
    await db.settings.put({ ...row, snapshot: persistRollout(after) });
  } finally {
    db.close();
  }
}

/** Makes every write to this world's HRM database fail as a full disk does in Chromium (QuotaExceededError). */
export function fillHrmStorage(world: TestWorld): void {
  const db = hrmDb(world);
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.apiClients)) as Record<string, (...args: unknown[]) => unknown>;
  db.close();
  const name = `rollout-rehearsal/${world.workspace.id}/hrm`;
  for (const method of ['add', 'put', 'bulkAdd', 'bulkPut', 'update']) {
    const original = prototype[method]!;
    vi.spyOn(prototype, method).mockImplementation(function (this: { db: { name: string } }, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}

export interface ReceivedFile {
  path: string;
  forwarded: string | null;
  contentType: string | null;
  body: string;
}

/** The customer's file server: accepts files only from the addresses on its allow-list (RFC 7239 Forwarded: for=). */
export class StandInFileServer {
  readonly allowList = new Set<string>([HRM_OUTBOUND_IP.old]);
  readonly received: ReceivedFile[] = [];
  readonly refused: ReceivedFile[] = [];

  handlers(): RequestHandler[] {
    return [
      http.post(`${INTEGRATIONS_ORIGIN}/file-server/inbox/:fileName`, async ({ request }) => {
        const forwarded = request.headers.get('forwarded');
        const file = {
          path: new URL(request.url).pathname,
          forwarded,
          contentType: request.headers.get('content-type'),
          body: await request.text(),
        };
        const source = /for="?([^;,"]+)"?/.exec(forwarded ?? '')?.[1] ?? 'unknown';
        if (!this.allowList.has(source)) {
          this.refused.push(file);
          return HttpResponse.json(
            {
              status: 403,
              code: 'source_not_allowed',
              message: `The source address ${source} is not on the file server's allow-list (${[...this.allowList].join(', ')}): add it under Allowed addresses.`,
            },
            { status: 403, headers: { 'content-type': 'application/problem+json' } },
          );
        }
        this.received.push(file);
        return HttpResponse.json({ stored: file.path }, { status: 201 });
      }),
    ];
  }

  install(world: TestWorld): () => void {
    world.workspace.network.setHandlers([...this.handlers(), ...world.workspace.handlers()]);
    return () => world.workspace.network.setHandlers(world.workspace.handlers());
  }
}
