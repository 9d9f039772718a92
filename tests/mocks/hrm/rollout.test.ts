import { afterEach, describe, expect, it } from 'vitest';
import type { BulkJob, HrmAccountSettingsPageData, RolloutScheduleAnswer, RolloutStatus } from '../../../src/contracts/hrm';
import type { PageBody } from '../../../src/contracts/wire';
import { DAY, HOUR, MINUTE } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ManualClock } from '../../../src/domain/clock';
import { demoTenant, demoTenantInSetup } from '../../../mocks/templates/demo-tenant';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import {
  body,
  expectProblem,
  hrmDb,
  HRM,
  inbox,
  WEB,
  link,
  linkStatus,
  readMessage,
  sendCode,
  signIn,
  signInThroughConnect,
} from './support';

let world: TestWorld;
let reopened: Workspace | undefined;
afterEach(async () => {
  await reopened?.close();
  reopened = undefined;
  await world.close();
});

const start = (browser: TestBrowser) => browser.api(`${HRM}/api/rollout/start-preparation`, { method: 'POST' });
/** `at`: the web app's address, the old one until the move and the new one after it (R18). */
const schedule = (browser: TestBrowser, preparationStartsAt: number | null, activationAt: number | null, at: string = HRM) =>
  browser.api(`${at}/api/rollout/schedule`, { method: 'PUT', body: { preparationStartsAt, activationAt } });
const rollout = async (browser: TestBrowser, at: string = HRM) => body<RolloutStatus>(await browser.api(`${at}/api/rollout`));
const ANNOUNCEMENT = 'We are upgrading our login solution!';

async function announcementsTo(browser: TestBrowser, email: string) {
  return (await inbox(browser, email)).messages.filter((m) => m.subject === ANNOUNCEMENT);
}

describe('GET /api/rollout', () => {
  it('is public and says the phase and schedule of a tenant seeded in preparation', async () => {
    world = await createTestWorld();
    const response = await world.browser().api(`${HRM}/api/rollout`);
    expect(response.status).toBe(200);
    expect(await body<RolloutStatus>(response)).toEqual({
      tenantName: 'Demo Company',
      phase: 'preparation',
      preparationStartsAt: demoTenant.startsAt,
      preparationStartedAt: demoTenant.startsAt,
      activationAt: demoTenant.tenant.activationAt,
      activatedAt: null,
      next: { at: demoTenant.tenant.activationAt, phase: 'activation' },
      stage: 'preparation',
      hosting: 'hosted',
      apiForwardingEndsAt: null,
      calendarRedirectEndsAt: null,
      measures: { apiForwarding: false, calendarRedirect: false },
      completesAt: null,
      completedAt: null,
    });
  });
});

describe('POST /api/rollout/start-preparation', () => {
  it('opens preparation from setup (admin), once, and announces it to every user who needs to act (R8)', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    expect(await rollout(world.browser())).toMatchObject({ phase: 'setup', preparationStartedAt: null, next: null });
    const karin = await signIn(world, 'karin');
    await world.advance(HOUR);
    const response = await start(karin);
    expect(response.status).toBe(200);
    expect(await body<RolloutStatus>(response)).toMatchObject({
      phase: 'preparation',
      preparationStartsAt: world.now(),
      preparationStartedAt: world.now(),
    });
    await expectProblem(await start(karin), 409, 'phase_conflict');
    await world.workspace.settled();

    const [mail] = await announcementsTo(karin, 'anna.svensson@company.com');
    expect(mail).toBeDefined();
    const text = (await readMessage(karin, mail!.id)).text;
    expect(text).toContain('Hi Anna');
    expect(text).toContain('https://hrm.test/my-profile/account-settings');
    // 30 people: Timeclock-only workers need no action (R11), Lena has no address in the HRM.
    const [job] = await body<BulkJob[]>(await karin.api(`${HRM}/api/jobs`));
    expect(job).toMatchObject({ kind: 'announcement', status: 'done', total: 30, sent: 26, skipped: 4, failed: 0 });
    expect(job!.skippedReasons).toEqual({ 'Timeclock-only: needs no account': 3, 'no email address': 1 });

    const db = hrmDb(world);
    expect(await db.audit.where('type').equals('preparation_started').count()).toBe(1);
    db.close();
  });

  it('is refused in preparation already (phase_conflict)', async () => {
    world = await createTestWorld();
    const karin = await signIn(world, 'karin');
    await expectProblem(await start(karin), 409, 'phase_conflict');
  });

  it('is for admins only', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const anna = await signIn(world, 'anna');
    await expectProblem(await start(anna), 403, 'forbidden');
    await expectProblem(await start(world.browser()), 401, 'unauthenticated');
    expect((await rollout(world.browser())).phase).toBe('setup');
  });
});

describe('PUT /api/rollout/schedule', () => {
  it('schedules both dates in setup and says which date is wrong when it is', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    const t = world.now();
    await expectProblem(await schedule(karin, t - MINUTE, null), 422, 'schedule_invalid', 'preparationStartsAt');
    await expectProblem(await schedule(karin, t + DAY, t + DAY), 422, 'schedule_invalid', 'activationAt');
    await expectProblem(await schedule(karin, t + 2 * DAY, t + DAY), 422, 'schedule_invalid', 'activationAt');
    await expectProblem(await schedule(karin, null, t + DAY), 422, 'schedule_invalid', 'activationAt');
    await expectProblem(await schedule(karin, t + DAY, t - 1), 422, 'schedule_invalid', 'activationAt');
    expect(await rollout(karin)).toMatchObject({ preparationStartsAt: null, activationAt: null });

    const response = await schedule(karin, t + 7 * DAY, t + 37 * DAY);
    expect(response.status).toBe(200);
    const answer = await body<RolloutScheduleAnswer>(response);
    expect(answer).toMatchObject({
      phase: 'setup',
      preparationStartsAt: t + 7 * DAY,
      activationAt: t + 37 * DAY,
      next: { at: t + 7 * DAY, phase: 'preparation' },
    });
    // No allowed domains yet: advice, not a refusal (they are best set before preparation, R6).
    expect(answer.warnings).toEqual([expect.stringContaining('No allowed domains are set')]);
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('schedule_changed').toArray()).map((a) => a.detail)).toEqual([
      'Karin Berg set the schedule: preparation 9 Mar 2026, 09:00 CET, activation 8 Apr 2026, 10:00 CEST',
    ]);
    db.close();
  });

  it('warns about a preparation much shorter than the month it should take', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    const t = world.now();
    const answer = await body<RolloutScheduleAnswer>(await schedule(karin, t + DAY, t + 4 * DAY));
    expect(answer.warnings).toContainEqual('Users get 3 days to verify their email. Plan for about a month of preparation.');
  });

  it('keeps the preparation date once preparation has opened, and moves only the activation', async () => {
    world = await createTestWorld();
    const karin = await signIn(world, 'karin');
    const t = world.now();
    await expectProblem(await schedule(karin, t + DAY, t + 40 * DAY), 422, 'schedule_invalid', 'preparationStartsAt');
    const moved = await schedule(karin, demoTenant.startsAt, t + 40 * DAY);
    expect(moved.status).toBe(200);
    expect(await rollout(karin)).toMatchObject({
      phase: 'preparation',
      activationAt: t + 40 * DAY,
      next: { at: t + 40 * DAY, phase: 'activation' },
    });
    // Clearing the activation date is allowed: nothing is scheduled then.
    expect(await body<RolloutStatus>(await schedule(karin, demoTenant.startsAt, null))).toMatchObject({ activationAt: null, next: null });
  });

  it('is refused after activation, validates its body, and is for admins', async () => {
    world = await createTestWorld();
    const karin = await signIn(world, 'karin');
    const anna = await signIn(world, 'anna');
    await expectProblem(await schedule(anna, null, null), 403, 'forbidden');
    await expectProblem(
      await karin.api(`${HRM}/api/rollout/schedule`, { method: 'PUT', body: { preparationStartsAt: 'next monday', activationAt: null } }),
      400,
      'invalid_request',
      'preparationStartsAt',
    );
    await link(karin, 'karin.berg@company.com');
    await world.advance(demoTenant.tenant.activationAt! - world.now());
    expect((await rollout(karin, WEB)).phase).toBe('activation');
    // After the switch the admin logs in through Connect, at the new address.
    const again = await signInThroughConnect(world, 'karin', 'karin.berg@company.com');
    await expectProblem(await schedule(again, demoTenant.startsAt, world.now() + DAY, WEB), 422, 'schedule_invalid', 'activationAt');
  });
});

describe('the world clock passing a scheduled date', () => {
  it('opens preparation at the scheduled moment, not a millisecond before, and mails the announcement then', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    const opens = world.now() + 7 * DAY;
    await schedule(karin, opens, opens + 30 * DAY);
    expect(world.workspace.clock.nextEvent()).toEqual({ at: opens, label: 'Preparation opens' });

    await world.advance(opens - 1 - world.now());
    await world.workspace.settled();
    expect((await rollout(karin)).phase).toBe('setup');
    expect(await announcementsTo(karin, 'anna.svensson@company.com')).toHaveLength(0);

    // The clock jumps three days past the date: the phase still opened at the date itself.
    await world.advance(3 * DAY);
    await world.workspace.settled();
    expect(await rollout(karin)).toMatchObject({ phase: 'preparation', preparationStartedAt: opens });
    const [mail] = await announcementsTo(karin, 'anna.svensson@company.com');
    expect(mail!.sentAt).toBe(opens);
    expect((await readMessage(karin, mail!.id)).text).toContain('From Wednesday 8 April 2026 you log in to HRM with Connect');
    expect(world.workspace.clock.nextEvent()).toEqual({ at: opens + 30 * DAY, label: 'Activation' });
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('preparation_started').first())!.detail).toBe(
      'The preparation phase opened as scheduled (9 Mar 2026, 09:00 CET)',
    );
    db.close();
  });

  it('a jump over both dates opens preparation and then activates, each at its own date', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    const opens = world.now() + DAY;
    await schedule(karin, opens, opens + 30 * DAY);
    await world.advance(60 * DAY);
    await world.workspace.settled();
    expect(await rollout(karin, WEB)).toMatchObject({
      phase: 'activation',
      preparationStartedAt: opens,
      activatedAt: opens + 30 * DAY,
      next: null,
    });
    expect(world.workspace.clock.nextEvent()).toBeNull();
    expect((await announcementsTo(karin, 'anna.svensson@company.com'))[0]!.sentAt).toBe(opens);
  });

  it('"jump to next event" moves the clock to the scheduled date and lets it happen', async () => {
    world = await createTestWorld();
    const karin = await signIn(world, 'karin');
    await world.workspace.clock.jumpToNextEvent();
    expect(world.now()).toBe(demoTenant.tenant.activationAt);
    expect(await rollout(karin, WEB)).toMatchObject({ phase: 'activation', activatedAt: demoTenant.tenant.activationAt });
  });

  it('a reopened workspace keeps the timer: the phase still changes when the clock passes the date', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    const opens = world.now() + DAY;
    await schedule(karin, opens, null);
    await world.workspace.close();
    reopened = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
    expect(reopened!.clock.nextEvent()).toEqual({ at: opens, label: 'Preparation opens' });
    await reopened!.clock.advance(2 * DAY);
    await reopened!.settled();
    const status = (await (
      await reopened!.network.fetch(new Request(`${HRM}/api/rollout`), { initiator: 'test' })
    ).json()) as RolloutStatus;
    expect(status).toMatchObject({ phase: 'preparation', preparationStartedAt: opens });
  });
});

describe('linking by phase', () => {
  it('in setup: no banner, cannot link, sending a code is linking_closed; preparation opens it', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const anna = await signIn(world, 'anna');
    const page = await anna.navigate(`${HRM}/my-profile/account-settings`);
    const data = (page.outcome as { page: PageBody<HrmAccountSettingsPageData> }).page.data;
    expect(data).toMatchObject({ phase: 'setup', showPreparationBanner: false, link: { status: 'unlinked', canLink: false } });

    const refused = await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'anna.svensson@company.com' } });
    await expectProblem(refused, 409, 'linking_closed', 'email');
    expect((await inbox(anna, 'anna.svensson@company.com')).messages).toHaveLength(0);
    await expectProblem(await anna.api(`${HRM}/api/me/connect/verify`, { body: { code: '123456' } }), 409, 'linking_closed', 'code');

    const karin = await signIn(world, 'karin');
    expect((await start(karin)).status).toBe(200);
    await world.workspace.settled();
    expect((await linkStatus(anna)).canLink).toBe(true);
    expect((await sendCode(anna, 'anna.svensson@company.com')).status.status).toBe('code_sent');
  });

  it('after activation: no banner, self-service is closed with a message pointing to the administrator', async () => {
    world = await createTestWorld();
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await world.workspace.clock.jumpToNextEvent();
    const anna = await signInThroughConnect(world, 'anna', 'anna.svensson@company.com');
    const page = await anna.navigate(`${WEB}/`);
    expect((page.outcome as { page: PageBody<{ showPreparationBanner: boolean; phase: string }> }).page.data).toMatchObject({
      phase: 'activation',
      showPreparationBanner: false,
    });
    const refused = await expectProblem(
      await anna.api(`${WEB}/api/me/connect/verification-code`, { body: { email: 'anna.svensson@company.com' } }),
      409,
      'linking_closed',
      'email',
    );
    expect(refused.message).toContain('ask them to send you a verification email');
  });
});
