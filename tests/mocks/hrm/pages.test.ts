import { describe, expect } from 'vitest';
import {
  HRM_VIEWS,
  type HrmAccountSettingsPageData,
  type HrmProfilePageData,
  type HrmSecurityPageData,
  type HrmShellData,
} from '../../../src/contracts/hrm';
import type { PageBody } from '../../../src/contracts/wire';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { expectProblem, HRM, link, signIn } from './support';

const SIGNED_IN_PAGES = ['/', '/my-profile', '/my-profile/account-settings'] as const;

async function pageAt<Data = HrmShellData>(browser: TestBrowser, path: string): Promise<{ status: number; page: PageBody<Data> }> {
  const result = await browser.navigate(`${HRM}${path}`);
  if (result.outcome.kind !== 'page') throw new Error(`${path}: ${JSON.stringify(result.outcome)}`);
  return { status: result.status, page: result.outcome.page as PageBody<Data> };
}

async function banners(browser: TestBrowser): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const path of SIGNED_IN_PAGES) out.push((await pageAt(browser, path)).page.data.showPreparationBanner);
  return out;
}

describe('HRM pages', () => {
  it('signed-out visits to signed-in pages go to /login?return_to=<path>', async ({ world }) => {
    for (const path of [...SIGNED_IN_PAGES, '/general/security']) {
      const result = await world.browser().navigate(`${HRM}${path}`);
      expect(result.hops[0]).toEqual({ url: `${HRM}${path}`, status: 302 });
      expect(result.url).toBe(`${HRM}/login?return_to=${encodeURIComponent(path)}`);
      expect(result.outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.login } });
    }
  });

  it('/login redirects to the start page when already signed in', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const result = await anna.navigate(`${HRM}/login`);
    expect(result.hops.map((h) => h.status)).toEqual([302, 200]);
    expect(result.url).toBe(`${HRM}/`);
    expect(result.outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.start } });
  });

  it('shows the preparation banner on every page until linked, not after, and again after unlinking (R1, R10)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    expect(await banners(anna)).toEqual([true, true, true]);
    await link(anna, 'anna.svensson@company.com');
    expect(await banners(anna)).toEqual([false, false, false]);
    expect((await anna.api(`${HRM}/api/me/connect`, { method: 'DELETE' })).status).toBe(200);
    expect(await banners(anna)).toEqual([true, true, true]);
  });

  it('the start page carries the shell: user, tenant, phase, admin rights, and for an admin the next phase change', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const { page } = await pageAt(karin, '/');
    expect(page).toMatchObject({ view: HRM_VIEWS.start, title: 'Start' });
    expect(page.data).toEqual({
      user: { id: expect.stringMatching(/^usr_[0-9a-f]{16}$/), loginId: '10002', name: 'Karin Berg', roles: ['admin', 'employee'] },
      tenantName: 'Demo Company',
      phase: 'preparation',
      showPreparationBanner: true,
      access: { users: true, payroll: true },
      nextPhase: { at: Date.UTC(2026, 2, 30, 7, 0, 0), phase: 'activation' },
    });
    // An employee's header has no countdown: the schedule is the admin's.
    const anna = await signIn(world, 'anna');
    expect((await pageAt(anna, '/')).page.data).toMatchObject({ nextPhase: null });
  });

  it('My Profile lists the employments with their emails and mailings flag', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { page } = await pageAt<HrmProfilePageData>(anna, '/my-profile');
    expect(page.view).toBe(HRM_VIEWS.myProfile);
    expect(page.data).toMatchObject({
      email: 'anna.svensson@company.com',
      employeeNumber: '10001',
      access: { users: false, payroll: false },
    });
    expect(page.data.employments.map((e) => [e.email, e.mailingsActivated, e.status])).toEqual([
      ['anna.svensson@gmail.com', true, 'active'],
      ['anna.svensson@user.com', false, 'active'],
    ]);
  });

  it('Account Settings carries the link status with the suggestions', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { page } = await pageAt<HrmAccountSettingsPageData>(anna, '/my-profile/account-settings');
    expect(page.view).toBe(HRM_VIEWS.accountSettings);
    expect(page.data.link).toMatchObject({
      status: 'unlinked',
      suggestions: ['anna.svensson@company.com', 'anna.svensson@gmail.com'],
      canLink: true,
    });
  });

  it('General > Security is for admins; others get the forbidden view with 403', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const allowed = await pageAt<HrmSecurityPageData>(karin, '/general/security');
    expect(allowed.status).toBe(200);
    expect(allowed.page).toMatchObject({ view: HRM_VIEWS.security, data: { security: { allowedDomains: [] } } });
    const anna = await signIn(world, 'anna');
    const refused = await pageAt(anna, '/general/security');
    expect(refused.status).toBe(403);
    expect(refused.page.view).toBe(HRM_VIEWS.forbidden);
    expect(refused.page.data.showPreparationBanner).toBe(true);
  });

  it('unknown paths answer the not-found view with 404', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    for (const browser of [anna, world.browser()]) {
      const result = await pageAt(browser, '/payroll/nothing-here');
      expect(result.status).toBe(404);
      expect(result.page.view).toBe(HRM_VIEWS.notFound);
    }
  });

  it('unknown APIs answer a 404 not_found problem', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await anna.api(`${HRM}/api/nothing`), 404, 'not_found');
    await expectProblem(await anna.api(`${HRM}/api/me/connect`, { method: 'PUT', body: {} }), 404, 'not_found');
  });
});
