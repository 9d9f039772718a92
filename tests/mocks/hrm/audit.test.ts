import { describe, expect } from 'vitest';
import type { AuditPage, BulkJob } from '../../../src/contracts/hrm';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, link, signIn, userId } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

const audit = async (query = '') => body<AuditPage>(await karin.api(`${HRM}/api/audit${query}`));

describe('GET /api/audit (who sent what to whom and when, imports, unlinks, settings changes)', () => {
  it('lists entries newest first, filters by type and text, and pages', async ({ world }) => {
    await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } });
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    const all = await audit();
    expect(all.entries[0]!.at).toBeGreaterThanOrEqual(all.entries[all.entries.length - 1]!.at);
    expect(all.entries.map((e) => e.type)).toEqual(expect.arrayContaining(['login', 'security_changed', 'code_sent', 'linked']));
    const settings = await audit('?type=security_changed');
    expect(settings.entries.map((e) => [e.actor?.name, e.detail])).toEqual([
      ['Karin Berg', 'Karin Berg changed the domains allowed for linking from all domains to company.com'],
    ]);
    expect(
      (await audit('?q=ANNA.SVENSSON@company.com')).entries.every((e) => e.detail.toLowerCase().includes('anna.svensson@company.com')),
    ).toBe(true);
    const page = await audit('?limit=2&offset=1');
    expect(page).toMatchObject({ limit: 2, offset: 1, total: all.total });
    expect(page.entries).toEqual(all.entries.slice(1, 3));
    await expectProblem(await karin.api(`${HRM}/api/audit?type=everything`), 400, 'invalid_request', 'type');
  });

  it('shows each recipient of a bulk mailing when asked about them or about that kind of mail', async ({ world }) => {
    const sara = await userId(world, 'sara');
    const started = await body<BulkJob>(
      await karin.api(`${HRM}/api/users/bulk-emails`, { body: { kind: 'reminder', selection: { filter: { status: 'not_linked' } } } }),
    );
    await world.workspace.settled();
    const job = await audit('?type=bulk_email');
    expect(job.entries).toHaveLength(1);
    expect(job.entries[0]).toMatchObject({ jobId: started.id, actor: { name: 'Karin Berg' }, subject: null });
    const reminders = await audit('?type=reminder_sent&limit=100');
    expect(reminders.total).toBe(started.total);
    const forSara = await audit(`?userId=${sara}`);
    expect(forSara.entries).toContainEqual(
      expect.objectContaining({
        type: 'reminder_sent',
        subject: { id: sara, name: 'Sara Nilsson' },
        detail: 'Reminder sent to Sara Nilsson (sara.nilsson@company.com)',
        jobId: started.id,
      }),
    );
  });

  it('a verification email to one user is one entry naming them', async ({ world }) => {
    const sara = await userId(world, 'sara');
    await karin.api(`${HRM}/api/users/${sara}/verification-email`, { body: { email: 'sara.nilsson@gmail.com' } });
    const forSara = await audit(`?userId=${sara}`);
    expect(forSara.entries.filter((e) => e.jobId)).toEqual([
      expect.objectContaining({
        type: 'bulk_email',
        detail: 'Karin Berg sent a verification email to Sara Nilsson (sara.nilsson@gmail.com)',
      }),
    ]);
  });
});
