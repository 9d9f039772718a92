import { afterEach, describe, expect, it } from 'vitest';
import type { HrmAccountSettingsPageData, RolloutStatus } from '../../../src/contracts/hrm';
import type { PageBody } from '../../../src/contracts/wire';
import { demoTenant, demoTenantInSetup } from '../../../mocks/templates/demo-tenant';
import { createTestWorld, type TestWorld } from '../../support/harness';
import { body, expectProblem, hrmDb, HRM, inbox, linkStatus, sendCode, signIn } from './support';

let world: TestWorld;
afterEach(() => world.close());

const start = (browser: Awaited<ReturnType<typeof signIn>>) => browser.api(`${HRM}/api/rollout/start-preparation`, { method: 'POST' });

describe('GET /api/rollout', () => {
  it('is public and says the phase of a tenant seeded in preparation', async () => {
    world = await createTestWorld();
    const response = await world.browser().api(`${HRM}/api/rollout`);
    expect(response.status).toBe(200);
    expect(await body<RolloutStatus>(response)).toEqual({ tenantName: 'Demo Company', phase: 'preparation', preparationStartedAt: demoTenant.startsAt });
  });
});

describe('POST /api/rollout/start-preparation', () => {
  it('opens preparation from setup (admin), once; a second start is a phase_conflict', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    expect(await body(await world.browser().api(`${HRM}/api/rollout`))).toEqual({ tenantName: 'Demo Company', phase: 'setup', preparationStartedAt: null });
    const karin = await signIn(world, 'karin');
    await world.advance(3_600_000);
    const response = await start(karin);
    expect(response.status).toBe(200);
    expect(await body<RolloutStatus>(response)).toEqual({ tenantName: 'Demo Company', phase: 'preparation', preparationStartedAt: world.now() });
    await expectProblem(await start(karin), 409, 'phase_conflict');
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
    expect((await body<RolloutStatus>(await world.browser().api(`${HRM}/api/rollout`))).phase).toBe('setup');
  });
});

describe('linking in setup', () => {
  it('shows no banner, cannot link, and refuses sending a code with linking_closed; preparation opens it', async () => {
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
    expect((await linkStatus(anna)).canLink).toBe(true);
    expect((await sendCode(anna, 'anna.svensson@company.com')).status.status).toBe('code_sent');
  });
});
