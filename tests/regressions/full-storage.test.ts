import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie, { type Table } from 'dexie';
import { Simulation } from '../../mocks/runtime/simulation';
import { ManualClock, MINUTE } from '../../src/domain/clock';
import { CookieJar } from '../../src/domain/cookie-jar';
import { demoTenant, demoTenantInSetup } from '../../mocks/templates/demo-tenant';
import { describeStorageFailure, isQuotaExceeded, storageFailureOf, storageFullSentence } from '../../mocks/shared/storage-failure';

const realClock = () => new ManualClock(Date.UTC(2026, 10, 22, 12));

type Write = 'add' | 'put' | 'bulkAdd' | 'bulkPut';
const WRITES: Write[] = ['add', 'put', 'bulkAdd', 'bulkPut'];

/**
 * Makes every write to a database whose name `full` accepts fail as a full disk does in Chromium (a DOMException named
 * QuotaExceededError); other databases write as usual.
 */
function fillStorage(simulation: Simulation, full: (databaseName: string) => boolean): void {
  // Each Dexie database has a Table class of its own, all of them inheriting Dexie's one Table prototype.
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(simulation.runtime.world.traffic)) as Record<
    Write,
    (...args: unknown[]) => unknown
  >;
  for (const method of WRITES) {
    const original = prototype[method];
    vi.spyOn(prototype, method).mockImplementation(function (this: Table, ...args: unknown[]) {
      if (full(this.db.name)) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}

afterEach(() => vi.restoreAllMocks());

async function api(simulation: Simulation, jar: CookieJar, url: string, body?: unknown): Promise<Response> {
  const init: RequestInit =
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return simulation.network.fetch(new Request(url, init), { initiator: 'browser:anna', jar });
}

async function databaseNames(): Promise<string[]> {
  return Dexie.getDatabaseNames();
}

describe('full storage', () => {
  it('a workspace that does not fit is not created: the live one stays open and unchanged, and nothing it wrote is left', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const jar = new CookieJar();
    expect((await api(simulation, jar, 'https://hrm.test/api/session', { loginId: '10001', password: 'anna-hrm-1' })).status).toBe(200);
    const live = simulation.workspace();
    const listed = await simulation.listWorkspaces();
    const hash = await simulation.stateHash();
    const before = await databaseNames();

    fillStorage(simulation, (name) => !name.startsWith(`rollout-rehearsal/${simulation.runtime.id}/`));
    await expect(simulation.createWorkspace({ name: 'Big company', templateId: demoTenantInSetup.id, seed: 'big' })).rejects.toThrow(
      /^The workspace “Big company” could not be created, and nothing was changed\. The browser's storage for this site is full/,
    );
    vi.restoreAllMocks();

    expect(simulation.workspace()).toEqual(live);
    expect(await simulation.listWorkspaces()).toEqual(listed);
    expect(await databaseNames()).toEqual(before);
    // Still live: Anna is still signed in to the HRM, and the world is exactly as it was.
    const me = await api(simulation, jar, 'https://hrm.test/api/me/connect');
    expect(me.status).toBe(200);
    expect(await simulation.stateHash()).toBe(hash);
  });

  it('a reset that does not fit keeps the workspace’s data; one that fits gives the template back under the same id', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    await simulation.clock.advance(30 * MINUTE);
    const live = simulation.workspace();
    const hash = await simulation.stateHash();

    fillStorage(simulation, (name) => !name.startsWith(`rollout-rehearsal/${simulation.runtime.id}/`));
    await expect(simulation.resetWorkspace()).rejects.toThrow(
      /could not be reset, and nothing was changed\. The browser's storage for this site is full/,
    );
    vi.restoreAllMocks();
    expect(simulation.clock.now()).toBe(demoTenant.startsAt + 30 * MINUTE);
    expect(await simulation.stateHash()).toBe(hash);

    await simulation.resetWorkspace();
    expect(simulation.workspace()).toEqual(live);
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);
    // The data the reset replaced is gone, and a reload opens the reset workspace.
    await simulation.runtime.close();
    const reloaded = await Simulation.start({ realClock: realClock() });
    expect(reloaded.workspace()).toEqual(live);
    expect(reloaded.clock.now()).toBe(demoTenant.startsAt);
    expect(
      (await databaseNames())
        .filter((n) => n.startsWith(`rollout-rehearsal/${live.id}`))
        .every((n) => n.startsWith(`rollout-rehearsal/${reloaded.runtime.id}/`)),
    ).toBe(true);
  });

  it('a checkpoint that cannot be restored for want of storage leaves the live workspace as it is', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const checkpoint = await simulation.takeCheckpoint('Start');
    await simulation.clock.advance(10 * MINUTE);
    const hash = await simulation.stateHash();

    fillStorage(simulation, (name) => !name.startsWith(`rollout-rehearsal/${simulation.runtime.id}/`));
    await expect(simulation.restoreCheckpoint(checkpoint.id)).rejects.toThrow(
      /The checkpoint “Start” could not be restored, and nothing was changed\. The browser's storage/,
    );
    vi.restoreAllMocks();
    expect(await simulation.stateHash()).toBe(hash);
    expect((await simulation.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' })).status).toBe(200);

    await simulation.restoreCheckpoint(checkpoint.id);
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);
  });

  it('“Send verification code” when the mail server cannot store the message says so, with the browser’s text only for the x-ray', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const jar = new CookieJar();
    await api(simulation, jar, 'https://hrm.test/api/session', { loginId: '10001', password: 'anna-hrm-1' });
    fillStorage(simulation, (name) => name.endsWith('/mail'));
    const sent = await api(simulation, jar, 'https://hrm.test/api/me/connect/verification-code', { email: 'anna.svensson@company.com' });
    expect(sent.status).toBe(507);
    const body = (await sent.json()) as { code: string; message: string; cause?: string };
    expect(body.code).toBe('storage_full');
    expect(body.message).toMatch(/^The mail server could not store the message\. The browser's storage for this site is full/);
    expect(body.message).not.toMatch(/QuotaExceeded|Dexie|500/);
    expect(body.cause).toMatch(/QuotaExceededError/);
  });

  it('the HRM failing to store a code answers 507 in plain words', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const jar = new CookieJar();
    await api(simulation, jar, 'https://hrm.test/api/session', { loginId: '10001', password: 'anna-hrm-1' });
    fillStorage(simulation, (name) => name.endsWith('/hrm'));
    const sent = await api(simulation, jar, 'https://hrm.test/api/me/connect/verification-code', { email: 'anna.svensson@company.com' });
    expect(sent.status).toBe(507);
    expect(((await sent.json()) as { message: string }).message).toMatch(
      /^The code could not be saved\. The browser's storage for this site is full/,
    );
  });

  it('a traffic log that cannot be saved warns once and breaks no request; saved again, the warning goes', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const warnings: Array<string | null> = [];
    simulation.subscribe(() => warnings.push(simulation.storageWarning()));
    fillStorage(simulation, (name) => name.endsWith('/world'));
    for (let i = 0; i < 3; i++) {
      expect((await simulation.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' })).status).toBe(200);
      await simulation.settled();
    }
    expect(simulation.storageWarning()).toBe(
      'The traffic log is not being saved: storage is full. Delete a workspace or checkpoint you no longer need, or export it first.',
    );
    expect(warnings.filter((w) => w !== null)).toHaveLength(1);
    vi.restoreAllMocks();
    await simulation.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    await simulation.settled();
    expect(simulation.storageWarning()).toBeNull();
  });
});

describe('storage failures recognised', () => {
  it('knows a full storage however Dexie wraps it, and words it with the numbers the browser gives', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const wrapped = new Dexie.AbortError('Transaction aborted', quota);
    expect(isQuotaExceeded(wrapped)).toBe(true);
    expect(isQuotaExceeded(new Dexie.BulkError('2 of 2 operations failed', { 0: quota, 1: quota }))).toBe(true);
    expect(storageFailureOf(new Dexie.ConstraintError('Key already exists in the object store.'))).toBe('storage_failed');
    expect(storageFailureOf(new TypeError('x is undefined'))).toBeNull();
    expect(storageFullSentence({ usage: 10_276_045, quota: 10 * 1024 * 1024 })).toBe(
      "The browser's storage for this site is full: 9.8 MB used of 10 MB. Delete a workspace or checkpoint you no longer need, or export it first.",
    );
    // Numbers that say the storage is far from full are not repeated beside "full".
    expect(storageFullSentence({ usage: 8_900_000, quota: 10_737_418_240 })).toBe(
      "The browser's storage for this site is full. Delete a workspace or checkpoint you no longer need, or export it first.",
    );
    const failure = await describeStorageFailure(wrapped, 'The mail server could not store the message');
    expect(failure?.code).toBe('storage_full');
    expect(failure?.detail).toMatch(/^AbortError: Transaction aborted[\s\S]* ← QuotaExceededError: The quota has been exceeded\.$/);
  });
});
