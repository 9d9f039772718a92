import { describe, expect } from 'vitest';
import type {
  BulkJob,
  HrmSecuritySettings,
  JobRecipientPage,
  LinkStatus,
  SecurityAnswer,
  UserDetail,
  UserListPage,
} from '../../../src/contracts/hrm';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { signedInAdmin } from '../connect/admin-support';
import { addDomain, verify } from '../connect/domains-support';
import { addRecord, signInToDns } from '../dns/support';
import { body, hrmDb, HRM, inbox, signIn, userId } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

/** The organisation proves company.com at Connect: a TXT record at the DNS provider, its TTL, then Verify (R23). */
async function verifyCompanyDomain(world: TestWorld): Promise<void> {
  const admin = await signedInAdmin(world);
  const view = await addDomain(admin);
  await addRecord(await signInToDns(world), { host: '@', type: 'TXT', value: view.instructions.txt.value });
  await world.advance(300_000);
  expect((await verify(admin)).domain.status).toBe('verified');
}

async function expectProblemStatus(response: Response, status: number): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(status);
}

const setting = (on: boolean) =>
  karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: [], linkVerifiedDomainsWithoutCode: on } });

describe('R13: linking without a code when the email’s domain is verified at Connect', () => {
  it('General > Security shows the setting and what Connect has verified', async ({ world }) => {
    expect(await body<HrmSecuritySettings>(await karin.api(`${HRM}/api/security`))).toEqual({
      allowedDomains: [],
      linkVerifiedDomainsWithoutCode: false,
      verifiedDomains: [],
    });
    await verifyCompanyDomain(world);
    karin = await signIn(world, 'karin');
    const answer = await body<SecurityAnswer>(await setting(true));
    expect(answer).toMatchObject({ linkVerifiedDomainsWithoutCode: true, verifiedDomains: ['company.com'] });
    // Saving the allowed domains alone leaves the setting as it is.
    expect(
      await body<SecurityAnswer>(await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } })),
    ).toMatchObject({
      linkVerifiedDomainsWithoutCode: true,
    });
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('security_changed').toArray()).map((a) => a.detail)).toContain(
      'Karin Berg turned on linking without a code for domains verified at Connect',
    );
    db.close();
  });

  it('a user links an address at the verified domain at once, no code mailed; other domains still get a code', async ({ world }) => {
    await verifyCompanyDomain(world);
    karin = await signIn(world, 'karin');
    await setting(true);
    const johan = await signIn(world, 'johan');
    const linked = await johan.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'johan.ek@company.com' } });
    expect(linked.status, await linked.clone().text()).toBe(200);
    expect(await body<LinkStatus>(linked)).toMatchObject({ status: 'linked', email: 'johan.ek@company.com', method: 'domain' });
    expect((await inbox(johan, 'johan.ek@company.com')).messages.filter((m) => m.subject === 'Verify your email address')).toHaveLength(0);
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('linked').last())!.detail).toContain('without a code: its domain is verified at Connect');
    db.close();

    const anna = await signIn(world, 'anna');
    const coded = await body<LinkStatus>(
      await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'anna.svensson@gmail.com' } }),
    );
    expect(coded).toMatchObject({ status: 'code_sent', method: 'code' });
  });

  it('an admin links a user without an inbox at the verified domain: no mail at all', async ({ world }) => {
    await verifyCompanyDomain(world);
    karin = await signIn(world, 'karin');
    await setting(true);
    const lena = await userId(world, 'lena');
    const response = await karin.api(`${HRM}/api/users/${lena}/verification-email`, { body: { email: 'lena.holm@company.com' } });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await body<UserDetail>(response)).toMatchObject({
      state: 'linked',
      connectEmail: 'lena.holm@company.com',
      link: { method: 'domain' },
    });
    expect((await inbox(karin, 'lena.holm@company.com')).messages).toHaveLength(0);
  });

  it('bulk verification emails link every address at the verified domain without a mail, and mail links to the others', async ({
    world,
  }) => {
    await verifyCompanyDomain(world);
    karin = await signIn(world, 'karin');
    await setting(true);
    // Anna's Connect email is her private one: a link is mailed there, as always.
    const anna = await userId(world, 'anna');
    expect(
      (await karin.api(`${HRM}/api/users/${anna}/connect-email`, { method: 'PUT', body: { email: 'anna.svensson@gmail.com' } })).status,
    ).toBe(200);
    const started = await body<BulkJob>(
      await karin.api(`${HRM}/api/users/bulk-emails`, {
        body: { kind: 'verification_link', selection: { filter: { status: 'not_linked' } } },
      }),
    );
    await world.workspace.settled();
    const job = await body<BulkJob>(await karin.api(`${HRM}/api/jobs/${started.id}`));
    expect(job.status).toBe('done');
    expect(job.linked).toBeGreaterThan(0);
    expect(job.sent).toBeGreaterThan(0);
    expect(job.processed).toBe(job.sent + job.linked + job.skipped + job.failed);

    const linked = await body<JobRecipientPage>(await karin.api(`${HRM}/api/jobs/${job.id}/recipients?outcome=linked&limit=500`));
    expect(linked.rows).toHaveLength(job.linked);
    expect(linked.rows.every((r) => r.email!.endsWith('@company.com') && r.reason === null)).toBe(true);
    const sent = await body<JobRecipientPage>(await karin.api(`${HRM}/api/jobs/${job.id}/recipients?outcome=sent&limit=500`));
    expect(sent.rows.some((r) => r.email!.endsWith('@company.com'))).toBe(false);

    // Linked at once, by domain, with no mail in their inboxes; the others wait for their link.
    for (const row of linked.rows) {
      expect(await body<UserDetail>(await karin.api(`${HRM}/api/users/${row.userId}`))).toMatchObject({
        state: 'linked',
        link: { method: 'domain' },
      });
      expect((await inbox(karin, row.email!)).messages.filter((m) => m.from === 'no-reply@hrm.test')).toHaveLength(0);
    }
    expect(sent.rows.map((r) => r.email)).toEqual(['anna.svensson@gmail.com']);
    expect(await body<UserDetail>(await karin.api(`${HRM}/api/users/${anna}`))).toMatchObject({ state: 'link_sent' });
    expect((await inbox(karin, 'anna.svensson@gmail.com')).messages.map((m) => m.from)).toContain('no-reply@hrm.test');
    const users = await body<UserListPage>(await karin.api(`${HRM}/api/users?status=linked&limit=100`));
    expect(users.total).toBe(job.linked);
    await expectProblemStatus(await karin.api(`${HRM}/api/jobs/${job.id}/recipients?outcome=mailed`), 400);
  });

  it('with the setting off, or the domain not verified, a code or link is sent as always', async ({ world, onTestFinished }) => {
    await verifyCompanyDomain(world);
    karin = await signIn(world, 'karin');
    const johan = await signIn(world, 'johan');
    expect(
      (await body<LinkStatus>(await johan.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'johan.ek@company.com' } })))
        .status,
    ).toBe('code_sent');

    await world.close();
    world = await createTestWorld();
    onTestFinished(() => world.close());
    karin = await signIn(world, 'karin');
    await setting(true);
    const lena = await userId(world, 'lena');
    expect(
      await body<UserDetail>(await karin.api(`${HRM}/api/users/${lena}/verification-email`, { body: { email: 'lena.holm@company.com' } })),
    ).toMatchObject({
      state: 'link_sent',
    });
    // So do bulk verification emails.
    const started = await body<BulkJob>(
      await karin.api(`${HRM}/api/users/bulk-emails`, {
        body: { kind: 'verification_link', selection: { filter: { status: 'not_linked' } } },
      }),
    );
    await world.workspace.settled();
    expect(await body<BulkJob>(await karin.api(`${HRM}/api/jobs/${started.id}`))).toMatchObject({ status: 'done', linked: 0 });
  });
});
