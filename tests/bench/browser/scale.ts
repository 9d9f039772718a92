// Owns the scale bench's page (`npm run bench`, driven by scale.spec.ts): workspaces of 17,000 and 100,000 employees
// on Chromium's real IndexedDB, the figures measured through the in-tab network as the admin Karin, each next
// to a raw one-transaction IndexedDB put of the same rows.
import type { BulkJob, ImportPreview, Readiness, UserListPage } from '../../../src/contracts/hrm';
import { ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import type { Exchange } from '../../../src/contracts/network';
import { Workspace } from '../../../mocks/runtime/workspace';
import type { PeopleChunk, StateChunk, StoredUser } from '../../../mocks/servers/hrm/db';
import { mergeChunks, type StoredDirectory } from '../../../mocks/servers/hrm/directory';
import type { DeliveryRow, MessageRowV2 } from '../../../mocks/servers/mail/db';
import { databaseName } from '../../../mocks/shared/server';
import { generateTenant } from '../../../mocks/templates/generated-tenant';
import type { WorkspaceTemplate } from '../../../mocks/templates/template';
import type { Breakdown, DashboardResult, HeapReading, ImportResult, MailResult, QueryTiming, RawPut, UsersResult } from './contract';
import { directoryParts, mailParts } from './parts';
import { rawPut, readAll, type RawStore } from './raw-idb';

const HRM = 'https://hrm.test';
const SEED = 'bench';
const KARIN = { loginId: '10002', password: 'karin-hrm-1' };

/** The HRM keeps users in chunks without indexes; the baseline stores the same users a row each, by id. */
const USER_STORE: RawStore = { keyPath: 'id' };
/**
 * A mail store of a row per message: the mail server's own v2 store (mocks/servers/mail/db.ts),
 * 'id, &seq, [mailbox+seq], [mailbox+read]'. The server now files messages by delivery; the baseline is the plain way.
 */
const MESSAGE_STORE: RawStore = {
  keyPath: 'id',
  indexes: [
    { name: 'seq', keyPath: 'seq', unique: true },
    { name: '[mailbox+seq]', keyPath: ['mailbox', 'seq'] },
    { name: '[mailbox+read]', keyPath: ['mailbox', 'read'] },
  ],
};

/** The Users view's queries at 100,000: a status filter, a search and a department, each with its sort. */
const QUERIES = [
  'status=not_linked&sort=name',
  'q=ander&sort=loginId&dir=desc',
  'department=IT&status=not_started',
  'status=not_linked&sort=connectEmail',
] as const;
const WARM_ROUNDS = 5;
/** Single changes, each followed by one measured request. */
const CHANGES = 5;

// Heap ------------------------------------------------------------------------------------------------------------

interface MemoryInfo {
  usedJSHeapSize: number;
}

/**
 * usedJSHeapSize now. Read at phase ends only: with precise memory info each read walks the heap's spaces (about a
 * millisecond here), so a sampler running beside the timed figures would slow them down. Peaks between readings come
 * from the driver's trace of every GC (the heap only grows between two of them).
 */
function heapNow(label: string): HeapReading {
  return { used: (performance as unknown as { memory?: MemoryInfo }).memory?.usedJSHeapSize ?? 0, label };
}

// Workspaces ------------------------------------------------------------------------------------------------------

interface Session {
  workspace: Workspace;
  jar: CookieJar;
}

function options(id: string) {
  // As the tab runs it: real timers wake a playing clock and gather the traffic log's writes.
  const realTimers = {
    setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as number),
  };
  return { id, realClock: new ManualClock(0), elapsed: () => performance.now(), realTimers };
}

async function call(
  session: Session,
  url: string,
  init: { method?: string; body?: unknown; text?: string; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const requestInit: RequestInit = {
    method: init.method ?? (init.body === undefined && init.text === undefined ? 'GET' : 'POST'),
    headers,
  };
  if (init.body !== undefined) {
    requestInit.body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  } else if (init.text !== undefined) {
    requestInit.body = init.text;
    headers['content-type'] = init.contentType ?? 'text/plain';
  }
  return session.workspace.network.fetch(new Request(url, requestInit), { initiator: 'browser:karin', jar: session.jar });
}

async function expectJson<T>(response: Response, what: string, status = 200): Promise<T> {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}, not ${status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function signIn(workspace: Workspace): Promise<Session> {
  const session = { workspace, jar: new CookieJar() };
  await expectJson(await call(session, `${HRM}/api/session`, { body: KARIN }), 'Karin’s login');
  return session;
}

/** The HRM's directory as stored: profiles and states, chunk by chunk. */
async function storedDirectory(workspaceId: string): Promise<StoredDirectory> {
  const name = databaseName(workspaceId, 'hrm');
  return { people: await readAll<PeopleChunk>(name, 'people'), states: await readAll<StateChunk>(name, 'states') };
}

/** Every user the HRM stored, whole again: the rows a raw put of "the same users" puts. */
async function storedUsers(workspaceId: string): Promise<StoredUser[]> {
  const stored = await storedDirectory(workspaceId);
  return mergeChunks(stored.people, stored.states).flat();
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function fresh17k(id: string): Promise<{ workspace: Workspace; template: WorkspaceTemplate }> {
  const template = generateTenant(17_000, SEED);
  return { workspace: await Workspace.create(template, SEED, options(id)), template };
}

let recordTransaction: ((key: string, ms: number) => void) | undefined;

// Dexie binds IDBDatabase#transaction when it opens a database, so the probe is in place before any is opened, and
// records only while a figure is instrumented.
const transaction = IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
  const tx = transaction.apply(this, args);
  const record = recordTransaction;
  if (record) {
    const started = performance.now();
    const key = `IndexedDB ${this.name.split('/').pop()} ${tx.mode} [${Array.from(tx.objectStoreNames).join(', ')}]`;
    tx.addEventListener('complete', () => record(key, performance.now() - started));
  }
  return tx;
};

/**
 * Where a figure's time went: every request through the workspace's network by method, host and path (server-to-server
 * calls included; the time of nested calls counts in both), every IndexedDB transaction by database, mode and stores
 * (from creation to `complete`; transactions of different databases overlap), and the characters the traffic log kept.
 */
function instrument(workspace: Workspace, countTraffic: boolean): { breakdown: Breakdown; traffic: () => number; restore: () => void } {
  const breakdown: Breakdown = {};
  const add = (key: string, ms: number) => {
    const entry = (breakdown[key] ??= { count: 0, ms: 0 });
    entry.count++;
    entry.ms += ms;
  };
  const network = workspace.network;
  const fetch = network.fetch;
  network.fetch = async (request, fetchOptions) => {
    const started = performance.now();
    try {
      return await fetch.call(network, request, fetchOptions);
    } finally {
      const url = new URL(request.url);
      add(
        `request ${request.method} ${url.host}${url.pathname.replace(/\/(job|imp|usr)_[0-9a-f]+/g, '/:id')}`,
        performance.now() - started,
      );
    }
  };
  recordTransaction = add;
  let logged = 0;
  // Counting the logged characters subscribes to the network, which is what makes it log: not when the log is off.
  const unsubscribe = countTraffic
    ? network.subscribe((exchange: Exchange) => {
        logged += (exchange.requestBody?.length ?? 0) + (exchange.responseBody?.length ?? 0);
      })
    : undefined;
  return {
    breakdown,
    traffic: () => logged,
    restore: () => {
      network.fetch = fetch;
      recordTransaction = undefined;
      unsubscribe?.();
    },
  };
}

/**
 * An experiment, not a figure: stops the workspace's traffic log (the x-ray's request list) from recording, to measure
 * what logging every exchange costs a bulk job.
 */
function silenceTrafficLog(workspace: Workspace): void {
  (workspace.network as unknown as { listeners: Set<unknown> }).listeners.clear();
}

// Figures: each has a setup (not timed), a run (the figure; the driver may profile it) and a baseline (the raw put of
// the rows the run wrote, then cleaning up), so the driver can time, profile and repeat exactly the operation. -------

const SMALL = 'bench-17k';
let small: { workspace: Workspace; template: WorkspaceTemplate; session?: Session } | undefined;
let template17k: WorkspaceTemplate | undefined;

/** Figure 1, setup: the 17k template, built in memory (timed apart: the figure is seeding it). */
async function setupCreate17k(): Promise<number> {
  await Workspace.destroyDatabases(SMALL);
  const generated = await timed(async () => generateTenant(17_000, SEED));
  template17k = generated.value;
  return generated.ms;
}

/** Figure 1: Workspace.create of the 17k tenant, every server seeded and started. */
async function runCreate17k(): Promise<number> {
  if (!template17k) throw new Error('Set up the 17k template first');
  const created = await timed(() => Workspace.create(template17k!, SEED, options(SMALL)));
  small = { workspace: created.value, template: template17k };
  template17k = undefined;
  return created.ms;
}

/** Figure 1, baseline: the 17,000 users as the HRM stored them, a row each. */
async function baselineCreate17k(): Promise<RawPut> {
  await small?.workspace.close();
  small = undefined;
  const users = await storedUsers(SMALL);
  if (users.length !== 17_000) throw new Error(`The 17k tenant stored ${users.length} users`);
  const raw = await rawPut(users, USER_STORE);
  await Workspace.destroyDatabases(SMALL);
  return raw;
}

async function setup17k(): Promise<void> {
  await Workspace.destroyDatabases(SMALL);
  const { workspace, template } = await fresh17k(SMALL);
  const session = await signIn(workspace);
  await workspace.settled();
  small = { workspace, template, session };
}

function smallSession(): Session {
  if (!small?.session) throw new Error('Set up the 17k workspace first');
  return small.session;
}

let csv = '';

/** Figure 2, setup: a fresh 17k workspace, Karin signed in, and the CSV giving every user a new Connect email. */
async function setupImport17k(): Promise<void> {
  await setup17k();
  csv = ['User ID,Connect email', ...small!.template.people.map((p) => `${p.loginId},connect.${p.loginId}@company.com`)].join('\r\n');
}

/** Figure 2: POST /api/imports with the CSV, then POST /api/imports/:id/apply. */
async function runImport17k(): Promise<Omit<ImportResult, 'raw'>> {
  const session = smallSession();
  const preview = await timed(async () =>
    expectJson<ImportPreview>(
      await call(session, `${HRM}/api/imports?fileName=connect-emails.csv`, { text: csv, contentType: 'text/csv' }),
      'the import preview',
      201,
    ),
  );
  if (preview.value.counts.total !== 17_000) throw new Error(`The preview read ${preview.value.counts.total} rows, not 17,000`);
  const apply = await timed(async () =>
    expectJson<ImportPreview>(
      await call(session, `${HRM}/api/imports/${preview.value.id}/apply`, { method: 'POST' }),
      'applying the import',
    ),
  );
  if (apply.value.status !== 'applied') throw new Error(`The import is ${apply.value.status}, not applied`);
  return {
    rows: preview.value.counts.total,
    updated: apply.value.counts.update,
    previewMs: preview.ms,
    applyMs: apply.ms,
    totalMs: preview.ms + apply.ms,
  };
}

/** Figure 2, baseline: the 17,000 users as changed, a row each; checks every update really is stored. */
async function baselineImport17k(updated: number): Promise<RawPut> {
  await small?.workspace.close();
  small = undefined;
  const users = await storedUsers(SMALL);
  const changed = users.filter((u) => u.connectEmail === `connect.${u.loginId}@company.com`).length;
  if (changed !== updated || updated < 15_000)
    throw new Error(`The import reported ${updated} updates; ${changed} users hold their new Connect email`);
  const raw = await rawPut(users, USER_STORE);
  await Workspace.destroyDatabases(SMALL);
  return raw;
}

/** Messages the mail server held before the job (the Connect administrator's activation mail), left out of its figure. */
let messagesBeforeJob = new Set<string>();

/** Figure 3, setup: a fresh 17k workspace with Karin signed in. */
async function setupMail17k(): Promise<void> {
  await setup17k();
  messagesBeforeJob = new Set((await mailMessages()).map((m) => m.id));
}

/**
 * Figure 3: verification emails to all 17,000 users as one bulk job, until it is done and everything is stored.
 * `withoutTrafficLog` is the experiment that leaves the traffic log out.
 */
async function runMail17k(withoutTrafficLog = false): Promise<Omit<MailResult, 'raw'>> {
  const session = smallSession();
  if (withoutTrafficLog) silenceTrafficLog(session.workspace);
  const probe = instrument(session.workspace, !withoutTrafficLog);
  const started = performance.now();
  const job = await expectJson<BulkJob>(
    await call(session, `${HRM}/api/users/bulk-emails`, { body: { kind: 'verification_link', selection: { filter: { status: 'all' } } } }),
    'the bulk verification emails',
    202,
  );
  await session.workspace.settled();
  const ms = performance.now() - started;
  probe.restore();
  const finished = await expectJson<BulkJob>(await call(session, `${HRM}/api/jobs/${job.id}`), 'the job');
  if (
    finished.status !== 'done' ||
    finished.total !== 17_000 ||
    finished.processed !== 17_000 ||
    finished.sent + finished.skipped !== 17_000
  )
    throw new Error(
      `The job is ${finished.status} with ${finished.processed} of ${finished.total} handled (${finished.sent} sent, ${finished.skipped} skipped)`,
    );
  return {
    total: finished.total,
    processed: finished.processed,
    sent: finished.sent,
    skipped: finished.skipped,
    ms,
    breakdown: probe.breakdown,
    trafficCharacters: probe.traffic(),
  };
}

/** Every message the mail server holds, as a row of a store of a row per message (unread: the job's are). */
async function mailMessages(): Promise<MessageRowV2[]> {
  const deliveries = await readAll<DeliveryRow>(databaseName(SMALL, 'mail'), 'deliveries');
  return deliveries.flatMap((d) => d.messages.map((m): MessageRowV2 => ({ ...m, read: 0 })));
}

/** Figure 3, baseline: one message row per mail sent, into a store with a row-per-message mail server's indexes. */
async function baselineMail17k(sent: number): Promise<RawPut> {
  await small?.workspace.close();
  small = undefined;
  const messages = (await mailMessages()).filter((m) => !messagesBeforeJob.has(m.id));
  if (messages.length !== sent) throw new Error(`The mail server holds ${messages.length} messages from the job; it sent ${sent}`);
  const raw = await rawPut(messages, MESSAGE_STORE);
  await Workspace.destroyDatabases(SMALL);
  return raw;
}

// The 100k workspace: created once, closed, then opened again for the Users view and the dashboard ------------------

const BIG = 'bench-100k';
let big: Session | undefined;
/** Karin's cookies survive closing and opening the workspace, as a persona's browser does. */
let bigJar: CookieJar | undefined;
let template100k: WorkspaceTemplate | undefined;

async function setupCreate100k(): Promise<number> {
  await Workspace.destroyDatabases(BIG);
  const generated = await timed(async () => generateTenant(100_000, SEED));
  template100k = generated.value;
  return generated.ms;
}

/** Creates the 100k workspace, signs Karin in and closes it again, so the next open starts cold. */
async function runCreate100k(): Promise<number> {
  if (!template100k) throw new Error('Set up the 100k template first');
  const created = await timed(() => Workspace.create(template100k!, SEED, options(BIG)));
  template100k = undefined;
  const session = await signIn(created.value);
  bigJar = session.jar;
  await created.value.close();
  return created.ms;
}

/** Workspace.open: the HRM's settled() reads the whole directory from IndexedDB before the workspace is ready. */
async function open100k(): Promise<number> {
  const opened = await timed(() => Workspace.open(options(BIG)));
  if (!opened.value || !bigJar) throw new Error('The 100k workspace is gone');
  big = { workspace: opened.value, jar: bigJar };
  return opened.ms;
}

async function close100k(): Promise<void> {
  await big?.workspace.close();
  big = undefined;
}

async function query(session: Session, q: string): Promise<QueryTiming> {
  const { value, ms } = await timed(async () =>
    expectJson<UserListPage>(await call(session, `${HRM}/api/users?${q}&limit=50`), `GET /api/users?${q}`),
  );
  if (value.rows.length !== 50) throw new Error(`GET /api/users?${q} returned ${value.rows.length} rows, not 50`);
  return { query: q, ms, rows: value.rows.length, total: value.total };
}

/**
 * A verification email to the first user (by name) who has not started and can be sent one: the change the sort orders
 * are patched for. The user then shows as "link sent", so the next call picks the next one.
 */
async function sendOneVerificationEmail(session: Session): Promise<number> {
  const page = await expectJson<UserListPage>(
    await call(session, `${HRM}/api/users?status=not_started&sort=name&limit=50`),
    'the candidates',
  );
  for (const row of page.rows) {
    if (row.timeclockOnly) continue;
    const sent = await timed(() => call(session, `${HRM}/api/users/${row.id}/verification-email`, { body: {} }));
    if (sent.value.status === 200) return sent.ms;
    if (sent.value.status !== 422)
      throw new Error(`Sending ${row.name} a verification email answered ${sent.value.status}: ${await sent.value.text()}`);
  }
  throw new Error('Nobody on the page could be sent a verification email');
}

/** Figure 4: the Users view's filter + first page at 100k, cold, warm, and after one user changed. */
async function users100k(): Promise<UsersResult> {
  if (!big) throw new Error('Open the 100k workspace first');
  const session = big;
  const cold = await query(session, QUERIES[0]);
  const firstRuns: QueryTiming[] = [];
  for (const q of QUERIES.slice(1)) firstRuns.push(await query(session, q));
  const warm: QueryTiming[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) for (const q of QUERIES) warm.push(await query(session, q));

  const changes: number[] = [];
  const after: QueryTiming[] = [];
  for (let i = 0; i < CHANGES; i++) {
    changes.push(await sendOneVerificationEmail(session));
    await session.workspace.settled();
    after.push(await query(session, QUERIES[i % QUERIES.length]!));
  }
  return {
    cold,
    firstRuns,
    warm,
    warmMedianMs: median(warm.map((t) => t.ms)),
    afterChange: after,
    afterChangeMedianMs: median(after.map((t) => t.ms)),
    changeMedianMs: median(changes),
  };
}

async function readiness(session: Session): Promise<{ value: Readiness; ms: number }> {
  return timed(async () => expectJson<Readiness>(await call(session, `${HRM}/api/readiness`), 'GET /api/readiness'));
}

/** Figure 5: the readiness dashboard at 100k: first pass, cached, and after one user changed. */
async function dashboard100k(): Promise<DashboardResult> {
  if (!big) throw new Error('Open the 100k workspace first');
  const session = big;
  const cold = await readiness(session);
  if (cold.value.total !== 100_000) throw new Error(`The dashboard counts ${cold.value.total} users, not 100,000`);
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS * 2; i++) warm.push((await readiness(session)).ms);
  let linkSent = cold.value.byState.link_sent;
  const after: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    await sendOneVerificationEmail(session);
    await session.workspace.settled();
    const changed = await readiness(session);
    if (changed.value.byState.link_sent !== ++linkSent)
      throw new Error(`The dashboard shows ${changed.value.byState.link_sent} links sent, not ${linkSent}`);
    after.push(changed.ms);
  }
  return {
    coldMs: cold.ms,
    warmMedianMs: median(warm),
    afterChangeMs: after,
    afterChangeMedianMs: median(after),
    eligible: cold.value.eligible,
    total: cold.value.total,
  };
}

/** Where a Users view request's time goes: its queries against the in-memory directory alone, built from the stored chunks. */
async function usersParts(): Promise<Breakdown> {
  await close100k();
  return directoryParts(await storedDirectory(BIG), QUERIES, WARM_ROUNDS);
}

/** Figures 4 and 5, baseline: the 100,000 users as the HRM stored them, a row each; then the workspace is deleted. */
async function baseline100k(): Promise<RawPut> {
  await close100k();
  const users = await storedUsers(BIG);
  if (users.length !== 100_000) throw new Error(`The 100k tenant stored ${users.length} users`);
  const raw = await rawPut(users, USER_STORE);
  await Workspace.destroyDatabases(BIG);
  bigJar = undefined;
  return raw;
}

export const scaleBench = {
  setupCreate17k,
  runCreate17k,
  baselineCreate17k,
  setupImport17k,
  runImport17k,
  baselineImport17k,
  setupMail17k,
  runMail17k,
  baselineMail17k,
  mailParts,
  setupCreate100k,
  runCreate100k,
  open100k,
  close100k,
  users100k,
  dashboard100k,
  usersParts,
  baseline100k,
  heapNow,
};

export type ScaleBench = typeof scaleBench;

declare global {
  interface Window {
    scaleBench?: ScaleBench;
  }
}

window.scaleBench = scaleBench;
document.getElementById('status')!.textContent = 'Scale bench ready.';
