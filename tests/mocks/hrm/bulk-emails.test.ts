import { afterEach, describe, expect, it } from 'vitest';
import { getResponse, http } from 'msw';
import type { BulkJob, JobRecipientPage, UserListPage } from '../../../src/contracts/hrm';
import { SIM_MAIL_PATHS, type MailboxListing } from '../../../src/contracts/mail';
import { ManualClock } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { MailDb } from '../../../mocks/servers/mail/db';
import { PEOPLE_CHUNK_SIZE } from '../../../mocks/servers/hrm/db';
import { JOB_STEP_CHUNKS, JOB_STEP_LIMIT } from '../../../mocks/servers/hrm/jobs';
import { generateTenant } from '../../../mocks/templates/generated-tenant';
import { demoTenantInSetup } from '../../../mocks/templates/demo-tenant';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import { body, expectProblem, hrmDb, HRM, inbox, inFront, link, MAIL, signIn, userId } from './support';

let world: TestWorld;
const extra: Workspace[] = [];
/** A workspace whose mail server will never answer cannot settle: it is stopped dead, never closed. */
let stuck = false;
afterEach(async () => {
  for (const w of extra.splice(0)) await w.close();
  if (stuck) kill(world.workspace);
  else await world.close();
  stuck = false;
});

const bulk = (browser: TestBrowser, kind: 'reminder' | 'verification_link', selection: unknown) =>
  browser.api(`${HRM}/api/users/bulk-emails`, { body: { kind, selection } });

async function job(browser: TestBrowser, id: string): Promise<BulkJob> {
  return body<BulkJob>(await browser.api(`${HRM}/api/jobs/${id}`));
}

async function recipients(browser: TestBrowser, id: string, outcome?: string): Promise<JobRecipientPage> {
  return body<JobRecipientPage>(await browser.api(`${HRM}/api/jobs/${id}/recipients?limit=500${outcome ? `&outcome=${outcome}` : ''}`));
}

/** Every message of the HRM's that the mail server holds, by recipient address. */
async function deliveries(workspaceId: string): Promise<Map<string, number>> {
  const db = new MailDb(workspaceId);
  try {
    const counts = new Map<string, number>();
    // Only the HRM's: Connect mails the first administrator's activation link when the workspace starts (R28).
    for (const m of (await db.deliveries.toArray()).flatMap((d) => d.messages))
      if (m.from === 'no-reply@hrm.test') counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    return counts;
  } finally {
    db.close();
  }
}

/** A workspace stopped dead (a closed tab): no settling, its pending work simply never finishes. */
function kill(workspace: Workspace): void {
  workspace.clock.stop();
  for (const server of workspace.servers) server.close();
  workspace.world.close();
}

describe('bulk reminders (R8: "send reminder emails to users who have not yet completed their verification")', () => {
  it('go only to users not linked, skipping and counting the linked, the Timeclock-only and those without an email', async () => {
    world = await createTestWorld();
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    const karin = await signIn(world, 'karin');
    const started = await bulk(karin, 'reminder', { filter: { status: 'all' } });
    expect(started.status).toBe(202);
    const { id } = await body<BulkJob>(started);
    await world.workspace.settled();

    expect(await job(karin, id)).toMatchObject({
      kind: 'reminder',
      status: 'done',
      total: 30,
      processed: 30,
      sent: 25,
      skipped: 5,
      failed: 0,
      skippedReasons: { 'already linked': 1, 'Timeclock-only: needs no account': 3, 'no email address': 1 },
    });
    const reminders = async (email: string) =>
      (await inbox(karin, email)).messages.filter((m) => m.subject === 'Reminder: prepare your account for Connect');
    expect(await reminders('anna.svensson@company.com')).toHaveLength(0);
    expect(await reminders('johan.ek@company.com')).toHaveLength(1);
    expect((await recipients(karin, id, 'skipped')).rows.map((r) => [r.name, r.reason])).toContainEqual([
      'Anna Svensson',
      'already linked',
    ]);
    // The audit log has the job, and each recipient when asked about one user.
    const db = hrmDb(world);
    expect((await db.audit.where('type').equals('bulk_email').first())!.detail).toBe('Karin Berg started sending reminders to 30 users');
    db.close();
  });

  it('are refused outside preparation, and a selection must name someone who exists', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    const karin = await signIn(world, 'karin');
    await expectProblem(await bulk(karin, 'reminder', { filter: {} }), 409, 'linking_closed');
    await karin.api(`${HRM}/api/rollout/start-preparation`, { method: 'POST' });
    await world.workspace.settled();
    await expectProblem(await bulk(karin, 'reminder', { userIds: [] }), 422, 'invalid_request', 'selection');
    await expectProblem(await bulk(karin, 'reminder', { userIds: ['usr_nobody'] }), 404, 'not_found', 'selection');
    await expectProblem(await bulk(karin, 'reminder', { filter: { q: 'nobody is called this' } }), 422, 'invalid_request', 'selection');
    await expectProblem(await bulk(await signIn(world, 'anna'), 'reminder', { filter: {} }), 403, 'forbidden');
  });
});

describe('bulk verification links', () => {
  it('send every chosen user a link of their own, and the Users view shows them as link sent', async () => {
    world = await createTestWorld();
    const karin = await signIn(world, 'karin');
    const ids = [await userId(world, 'sara'), await userId(world, 'johan'), await userId(world, 'lena')];
    const { id } = await body<BulkJob>(await bulk(karin, 'verification_link', { userIds: ids }));
    await world.workspace.settled();
    expect(await job(karin, id)).toMatchObject({ status: 'done', sent: 2, skipped: 1, skippedReasons: { 'no email address': 1 } });
    const list = await body<UserListPage>(await karin.api(`${HRM}/api/users?status=link_sent`));
    expect(list.rows.map((r) => [r.name, r.connectEmail])).toEqual([
      ['Johan Ek', 'johan.ek@company.com'],
      ['Sara Nilsson', 'sara.nilsson@company.com'],
    ]);
  });

  it('walk a big selection a few directory chunks at a time: one mail batch and one directory write per step', async () => {
    world = await createTestWorld({ template: generateTenant(1_600, 'chunks') });
    const karin = await signIn(world, 'karin');
    const { id, total } = await body<BulkJob>(await bulk(karin, 'verification_link', { filter: { status: 'not_linked' } }));
    await world.workspace.settled();
    const done = await job(karin, id);
    expect(done).toMatchObject({ status: 'done', processed: total });
    expect(done.sent + done.skipped).toBe(total);
    const db = hrmDb(world);
    const chunkOf = new Map((await db.states.toArray()).flatMap((c) => c.states.map((u) => [u.id, c.chunk] as const)));
    const steps = await db.jobResults.where('jobId').equals(id).toArray();
    db.close();
    const chunks = Math.ceil(1_600 / PEOPLE_CHUNK_SIZE);
    expect(steps.length).toBe(Math.ceil(chunks / JOB_STEP_CHUNKS));
    for (const step of steps) {
      expect(step.items.length).toBeLessThanOrEqual(JOB_STEP_LIMIT);
      expect(new Set(step.items.map((i) => chunkOf.get(i.userId))).size).toBeLessThanOrEqual(JOB_STEP_CHUNKS);
    }
    expect((await deliveries(world.workspace.id)).size).toBe(done.sent);
  });
});

describe('cancel and resume', () => {
  it('cancel stops after the step in flight; the summary says exactly what was sent', async () => {
    world = await createTestWorld({ template: generateTenant(2_000, 'cancel') });
    const karin = await signIn(world, 'karin');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The mail server holds the first batch until the admin has pressed Cancel.
    const restore = inFront(
      world,
      http.post(`${MAIL}/api/messages/batch`, async () => void (await gate)),
    );
    const { id } = await body<BulkJob>(await bulk(karin, 'reminder', { filter: { status: 'not_linked' } }));
    const cancelling = await body<BulkJob>(await karin.api(`${HRM}/api/jobs/${id}/cancel`, { method: 'POST' }));
    expect(cancelling.status).toBe('cancelling');
    release();
    await world.workspace.settled();
    restore();

    const cancelled = await job(karin, id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.processed).toBeLessThan(cancelled.total);
    expect(cancelled.processed).toBe(cancelled.sent + cancelled.skipped + cancelled.failed);
    expect((await recipients(karin, id, 'sent')).total).toBe(cancelled.sent);
    expect([...(await deliveries(world.workspace.id)).values()].reduce((a, b) => a + b, 0)).toBe(cancelled.sent);
    await expectProblem(await karin.api(`${HRM}/api/jobs/${id}/cancel`, { method: 'POST' }), 409, 'job_finished');
  });

  it('a reload mid-job resumes where it stopped, and nobody gets a mail twice', { timeout: 60_000 }, async () => {
    world = await createTestWorld({ template: generateTenant(1_500, 'resume') });
    const karin = await signIn(world, 'karin');
    let batches = 0;
    // The tab dies while the mail server is answering the second batch — after it delivered it.
    stuck = true;
    inFront(
      world,
      http.post(`${MAIL}/api/messages/batch`, async ({ request }) => {
        if (++batches < 2) return undefined;
        await getResponse(world.workspace.handlers(), request.clone());
        return new Promise<Response>(() => undefined);
      }),
    );
    const { id, total } = await body<BulkJob>(await bulk(karin, 'verification_link', { filter: { status: 'not_linked' } }));
    // The second batch is in the mail server once more than the first step's recipients have mail.
    await expect.poll(async () => (await deliveries(world.workspace.id)).size, { timeout: 30_000 }).toBeGreaterThan(PEOPLE_CHUNK_SIZE);
    kill(world.workspace);

    const tab = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
    extra.push(tab!);
    await tab!.settled();
    const resumed = (await (
      await tab!.network.fetch(new Request(`${HRM}/api/jobs/${id}`), { initiator: 'browser:karin', jar: karin.jar })
    ).json()) as BulkJob;
    expect(resumed).toMatchObject({ status: 'done', processed: total });
    const delivered = await deliveries(world.workspace.id);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(delivered.size).toBe(resumed.sent);
    // The links mailed before the crash are the links stored after it: the resumed step stored the same job.
    const anyone = [...delivered.keys()][0]!;
    const listing = (await (
      await tab!.network.fetch(new Request(`${MAIL}${SIM_MAIL_PATHS.mailbox(anyone)}`), { initiator: 'test' })
    ).json()) as MailboxListing;
    expect(listing.messages).toHaveLength(1);
  });
});
