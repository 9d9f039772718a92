import { describe, expect, vi } from 'vitest';
import type { AuditPage, RolloutStatus, TemporaryMeasuresRequest } from '../../../src/contracts/hrm';
import { DAY, HOUR, ManualClock } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { WorkspaceTemplate } from '../../../mocks/templates/template';
import { it, test } from '../../support/world-test';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, expectProblem, HRM, hrmDb, link, signIn, signInThroughConnect, WEB } from './support';

/** The admin's call where the HRM answers: the customer's own address, or — once it says it moved — the new web address. */
async function hrmCall(browser: TestBrowser, path: string, init?: Parameters<TestBrowser['api']>[1]): Promise<Response> {
  const old = await browser.api(`${HRM}${path}`, init);
  if (old.status !== 410) return old;
  return browser.api(`${WEB}${path}`, init);
}

const CUTOVER = demoTenant.tenant.activationAt!;

const rollout = async (browser: TestBrowser) => body<RolloutStatus>(await hrmCall(browser, '/api/rollout'));
const setMeasures = (browser: TestBrowser, request: TemporaryMeasuresRequest) =>
  hrmCall(browser, '/api/rollout/temporary-measures', { method: 'PUT', body: request });
const close = (browser: TestBrowser) => hrmCall(browser, '/api/rollout/complete', { method: 'POST' });
const hosted = (apiForwardingEndsAt: number | null, calendarRedirectEndsAt: number | null): TemporaryMeasuresRequest => ({
  hosting: 'hosted',
  apiForwardingEndsAt,
  calendarRedirectEndsAt,
});

async function auditDetails(browser: TestBrowser, type: string): Promise<string[]> {
  const page = await body<AuditPage>(await hrmCall(browser, `/api/audit?type=${type}`));
  return page.entries.map((e) => e.detail);
}

/** The clock moved past the cutover; the admin signs in through Connect, as everyone does from then on. */
async function afterCutover(world: TestWorld, by = 0): Promise<TestBrowser> {
  await link(await signIn(world, 'karin'), 'karin.berg@company.com');
  await world.advance(CUTOVER + by - world.now());
  return signInThroughConnect(world, 'karin', 'karin.berg@company.com');
}

describe('PUT /api/rollout/temporary-measures', () => {
  it('sets hosting and end dates before the cutover; the status says which measures are in force', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    expect(await rollout(karin)).toMatchObject({
      stage: 'preparation',
      hosting: 'hosted',
      apiForwardingEndsAt: null,
      calendarRedirectEndsAt: null,
      measures: { apiForwarding: false, calendarRedirect: false },
      completesAt: null,
      completedAt: null,
    });
    const response = await setMeasures(karin, hosted(CUTOVER + 14 * DAY, CUTOVER + 30 * DAY));
    expect(response.status).toBe(200);
    expect(await body<RolloutStatus>(response)).toMatchObject({
      stage: 'preparation',
      apiForwardingEndsAt: CUTOVER + 14 * DAY,
      calendarRedirectEndsAt: CUTOVER + 30 * DAY,
      // Nothing forwards before the move.
      measures: { apiForwarding: false, calendarRedirect: false },
    });
    const [line] = await auditDetails(karin, 'temporary_measures_changed');
    expect(line).toMatch(/^Karin Berg set the temporary measures: hosted by us, API forwarding ends .+, calendar redirect ends .+$/);

    const after = await afterCutover(world);
    expect(await rollout(after)).toMatchObject({
      phase: 'activation',
      stage: 'postMigration',
      measures: { apiForwarding: true, calendarRedirect: true },
      completesAt: CUTOVER + 30 * DAY,
    });
  });

  it('names every wrong field with a message that says what to do', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const now = world.now();
    await expectProblem(await setMeasures(karin, hosted(now - 1, null)), 422, 'measures_invalid', 'apiForwardingEndsAt');
    await expectProblem(await setMeasures(karin, hosted(null, CUTOVER)), 422, 'measures_invalid', 'calendarRedirectEndsAt');
    const self = await setMeasures(karin, { hosting: 'selfHosted', apiForwardingEndsAt: CUTOVER + DAY, calendarRedirectEndsAt: null });
    const problem = await expectProblem(self, 422, 'measures_invalid', 'apiForwardingEndsAt');
    expect(problem.message).toBe(
      'Self-hosted customers get no forwarding from the old addresses: clear this end date, or choose "Hosted by us".',
    );
    // Not a world time, not a hosting: the request itself is refused.
    await expectProblem(
      await setMeasures(karin, { ...hosted(null, null), apiForwardingEndsAt: 'soon' as never }),
      400,
      'invalid_request',
      'apiForwardingEndsAt',
    );
    await expectProblem(await setMeasures(karin, { ...hosted(null, null), hosting: 'cloud' as never }), 400, 'invalid_request', 'hosting');
    // An employee may not.
    await expectProblem(await setMeasures(await signIn(world, 'anna'), hosted(null, null)), 403, 'forbidden');

    const after = await afterCutover(world);
    await expectProblem(
      await setMeasures(after, { hosting: 'selfHosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null }),
      422,
      'measures_invalid',
      'hosting',
    );
    await setMeasures(after, hosted(world.now() + HOUR, world.now() + 2 * HOUR));
    await world.advance(HOUR);
    const ended = await expectProblem(
      await setMeasures(after, hosted(world.now() + 5 * DAY, world.now() + 2 * HOUR)),
      422,
      'measures_invalid',
      'apiForwardingEndsAt',
    );
    expect(ended.message).toBe('This temporary measure has already ended; its end date can no longer change.');
  });

  it('refuses the stale change of a second tab instead of overwriting the first', async ({ world }) => {
    const first = await signIn(world, 'karin');
    const loaded = await rollout(first);
    const seen = {
      hosting: loaded.hosting,
      apiForwardingEndsAt: loaded.apiForwardingEndsAt,
      calendarRedirectEndsAt: loaded.calendarRedirectEndsAt,
    };
    const saved = await setMeasures(first, { ...hosted(CUTOVER + 14 * DAY, CUTOVER + 30 * DAY), seen });
    expect(saved.status).toBe(200);
    // The same page, loaded before that save, changes the calendar end only.
    const stale = await setMeasures(first, { ...hosted(null, CUTOVER + 60 * DAY), seen });
    const problem = await expectProblem(stale, 409, 'measures_stale');
    expect(problem.message).toMatch(/changed elsewhere .* Reload the page/);
    expect(await rollout(first)).toMatchObject({ apiForwardingEndsAt: CUTOVER + 14 * DAY, calendarRedirectEndsAt: CUTOVER + 30 * DAY });
  });

  it('keeps the cutover before the end dates: the schedule cannot move activation past one', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await setMeasures(karin, hosted(CUTOVER + 14 * DAY, CUTOVER + 30 * DAY));
    const moved = await karin.api(`${HRM}/api/rollout/schedule`, {
      method: 'PUT',
      body: { preparationStartsAt: demoTenant.startsAt, activationAt: CUTOVER + 20 * DAY },
    });
    await expectProblem(moved, 422, 'schedule_invalid', 'activationAt');
  });
});

describe('the end dates on the world clock', () => {
  it('writes when forwarding ended and completes the migration at the last end date, through a reload', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await setMeasures(karin, hosted(CUTOVER + 10 * DAY, CUTOVER + 20 * DAY));
    await world.advance(CUTOVER + DAY - world.now());
    expect(world.workspace.clock.nextEvent()).toEqual({ at: CUTOVER + 10 * DAY, label: 'API forwarding ends' });
    // The simulation is reloaded between setting the dates and their coming.
    await world.workspace.close();
    const opened = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
    expect(opened).toBeDefined();
    const reopened = opened!;
    try {
      expect(reopened.clock.nextEvent()).toEqual({ at: CUTOVER + 10 * DAY, label: 'API forwarding ends' });
      await reopened.clock.advance(15 * DAY);
      await reopened.settled();
      expect(reopened.clock.nextEvent()).toEqual({
        at: CUTOVER + 20 * DAY,
        label: 'The calendar redirect ends; the migration is complete',
      });
      const status = async () =>
        (await (await reopened.network.fetch(new Request(`${WEB}/api/rollout`), { initiator: 'test' })).json()) as RolloutStatus;
      expect(await status()).toMatchObject({ stage: 'postMigration', measures: { apiForwarding: false, calendarRedirect: true } });
      await reopened.clock.advance(30 * DAY);
      await reopened.settled();
      expect(await status()).toMatchObject({
        phase: 'activation',
        stage: 'complete',
        completedAt: CUTOVER + 20 * DAY,
        completesAt: null,
        measures: { apiForwarding: false, calendarRedirect: false },
      });
    } finally {
      await reopened.close();
    }
  });

  it('audits each measure ending and the completion, once each', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await setMeasures(karin, hosted(CUTOVER + 10 * DAY, CUTOVER + 20 * DAY));
    const admin = await afterCutover(world, 40 * DAY);
    expect(await auditDetails(admin, 'temporary_measure_ended')).toEqual([
      expect.stringMatching(/^The calendar redirect ended as scheduled \(.+\): the old calendar links no longer work$/),
      expect.stringMatching(/^API forwarding ended as scheduled \(.+\): the old API address now refuses calls and names the new one$/),
    ]);
    expect(await auditDetails(admin, 'migration_complete')).toEqual([
      expect.stringMatching(/^Migration complete \(.+\): the last temporary measure of the move has ended$/),
    ]);
  });
});

describe('POST /api/rollout/complete', () => {
  it('closes post-migration, once; not before the cutover', async ({ world }) => {
    const before = await signIn(world, 'karin');
    const early = await expectProblem(await close(before), 409, 'phase_conflict');
    expect(early.message).toBe('The migration can only be closed after activation, once the new addresses are in use.');
    const karin = await afterCutover(world, 3 * DAY);
    const response = await close(karin);
    expect(response.status).toBe(200);
    // Closing ends the forwarding and the redirect that had no end date yet.
    expect(await body<RolloutStatus>(response)).toMatchObject({
      stage: 'complete',
      completedAt: world.now(),
      measures: { apiForwarding: false, calendarRedirect: false },
    });
    expect((await expectProblem(await close(karin), 409, 'phase_conflict')).message).toBe('The migration is already complete.');
    await expectProblem(await setMeasures(karin, hosted(null, null)), 422, 'measures_invalid', 'apiForwardingEndsAt');
    expect(await auditDetails(karin, 'migration_complete')).toEqual([
      expect.stringMatching(/^Karin Berg closed the migration \(.+\): migration complete$/),
    ]);
    expect(world.workspace.clock.nextEvent()).toBeNull();
  });
});

describe('a template after its cutover', () => {
  const selfHostedAfterCutover: WorkspaceTemplate = {
    ...demoTenant,
    id: 'demo-self-hosted-moved',
    tenant: { ...demoTenant.tenant, phase: 'activation', activationAt: undefined, hosting: 'selfHosted' },
  };
  test.override({ template: selfHostedAfterCutover });

  it('lands in post-migration with the template hosting: self-hosted, nothing forwards', async ({ world }) => {
    expect(await rollout(world.browser())).toMatchObject({
      phase: 'activation',
      stage: 'postMigration',
      hosting: 'selfHosted',
      measures: { apiForwarding: false, calendarRedirect: false },
      completesAt: null,
    });
  });
});

describe('storage full', () => {
  it('a PUT that cannot be stored answers 507 and changes nothing', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    // Each Dexie database has a Table class of its own, all of them inheriting Dexie's one Table prototype.
    const db = hrmDb(world);
    const tables = Object.getPrototypeOf(Object.getPrototypeOf(db.settings)) as Record<string, (...args: unknown[]) => unknown>;
    db.close();
    for (const method of ['add', 'put', 'bulkAdd', 'bulkPut']) {
      const original = tables[method]!;
      vi.spyOn(tables, method).mockImplementation(function (this: { db: { name: string } }, ...args: unknown[]) {
        if (this.db.name.endsWith('/hrm')) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
        return original.apply(this, args);
      });
    }
    try {
      const response = await setMeasures(karin, hosted(CUTOVER + 14 * DAY, null));
      expect(response.status).toBe(507);
      expect(((await response.json()) as { message: string }).message).toMatch(/storage for this site is full/);
    } finally {
      vi.restoreAllMocks();
    }
    expect(await rollout(karin)).toMatchObject({ apiForwardingEndsAt: null });
  });
});
