// Shift requests (R18): an administrator or HR offers an open shift to a department; each employee is mailed a response
// link and, with a mobile number, texted through the SMS provider (a stand-in here); the first to accept gets it. After
// the move a request sent before it can no longer be answered at its old link, and the SMS provider's old callback URL is
// refused with the new one.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, vi } from 'vitest';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { WorkspaceTemplate } from '../../../mocks/templates/template';
import { Workspace } from '../../../mocks/runtime/workspace';
import { HRM_ROW_SCHEMAS } from '../../../mocks/servers/hrm/rows';
import {
  smsCallbackUrl,
  type MySchedule,
  type ShiftRequestList,
  type ShiftRequestPageData,
  type ShiftRequestSummary,
  type SmsCallbackAnswer,
  type SmsMessageRequest,
} from '../../../src/contracts/hrm-shifts';
import { HRM_VIEWS, type HrmNotInUseYetPageData } from '../../../src/contracts/hrm';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import { ManualClock } from '../../../src/domain/clock';
import { createTestWorld, testWorldOf, type TestBrowser, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, hrmDb, HRM, inbox, inFront, link, openPage, readMessage, signIn, signInThroughConnect, WEB } from './support';

const SHIFT = { date: '2026-03-10', startTime: '06:00', endTime: '14:00', department: 'Finance' };
const SECRET = demoTenant.tenant.integrations!.smsProvider.callbackSecret;

let extra: Workspace | undefined;
let other: TestWorld | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await extra?.close();
  await other?.close();
  extra = undefined;
  other = undefined;
});

/** A stand-in for the SMS provider at integrations.test: keeps what the HRM texts, with the headers it came with. */
function smsProvider(world: TestWorld): { sent: Array<SmsMessageRequest & { forwarded: string | null }> } {
  const sent: Array<SmsMessageRequest & { forwarded: string | null }> = [];
  inFront(
    world,
    http.post('https://integrations.test/sms/messages', async ({ request }) => {
      const message = (await request.json()) as SmsMessageRequest;
      sent.push({ ...message, forwarded: request.headers.get('forwarded') });
      return HttpResponse.json({ id: `sms_${sent.length}` }, { status: 202 });
    }),
  );
  return { sent };
}

/** Offers a shift from the Shift requests page at `origin`: the customer's own address, or the new web address after the move. */
function offer(browser: TestBrowser, shift: Record<string, unknown> = SHIFT, origin: string = HRM): Promise<Response> {
  return browser.api(`${origin}/api/shift-requests`, { body: shift });
}

async function offered(browser: TestBrowser, shift = SHIFT, origin: string = HRM): Promise<ShiftRequestSummary> {
  const response = await offer(browser, shift, origin);
  expect(response.status, await response.clone().text()).toBe(201);
  return body<ShiftRequestSummary>(response);
}

/** The SMS provider calling the HRM back with a reply. */
function reply(world: TestWorld, url: string, sms: Record<string, unknown>): Promise<Response> {
  return world.workspace.network.fetch(
    new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sms) }),
    { initiator: 'integration:sms-provider' },
  );
}

async function answerPage(browser: TestBrowser, url: string, answer: 'accept' | 'decline') {
  const result = await browser.navigate(url, { method: 'POST', body: { answer }, from: new URL(url).origin });
  expect(result.outcome.kind, JSON.stringify(result.hops)).toBe('page');
  return { status: result.status, data: (result.outcome as { page: { data: ShiftRequestPageData } }).page.data };
}

async function moveToNewAddresses(world: TestWorld): Promise<void> {
  await world.advance(world.template.tenant.activationAt! - world.now());
  await world.workspace.settled();
}

describe('offering a shift', () => {
  it('mails each employee of the department a response link and texts those with a mobile number', async ({ world }) => {
    const sms = smsProvider(world);
    const karin = await signIn(world, 'karin');
    const request = await offered(karin);
    expect(request.link).toBe(`${HRM}/ShiftRequest/Respond/${request.id}`);
    expect(request.sentBeforeMove).toBe(true);
    // Sara is on parental leave: not asked.
    expect(request.recipients.map((r) => r.name).sort()).toEqual(['Anna Svensson', 'Emma Jonsson', 'Klara Lindberg', 'Maja Andersson']);
    const anna = request.recipients.find((r) => r.name === 'Anna Svensson')!;
    expect(anna).toMatchObject({ email: 'anna.svensson@company.com', mobile: '+46701234501', mail: 'sent', sms: 'sent', answer: null });

    await karin.settled();
    const mails = (await inbox(karin, 'anna.svensson@company.com')).messages.filter((m) => m.subject.startsWith('Open shift'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Open shift: Tuesday 10 March 2026, 06:00–14:00 (Finance)');
    expect((await readMessage(karin, mails[0]!.id)).text).toContain(`Accept or decline it here: ${request.link}`);

    const toAnna = sms.sent.find((m) => m.to === '+46701234501')!;
    expect(toAnna).toMatchObject({ reference: request.id, forwarded: `for=${HRM_OUTBOUND_IP.old}` });
    expect(toAnna.text).toBe(
      `Demo Company: open shift Tuesday 10 March 2026 06:00-14:00 (Finance). Reply YES to take it or NO to decline. ${request.link}`,
    );
    expect(sms.sent.map((m) => m.to).sort()).toEqual(request.recipients.flatMap((r) => (r.mobile ? [r.mobile] : [])).sort());
  });

  it('reaches a Timeclock-only worker without an email by SMS only', async ({ world }) => {
    const sms = smsProvider(world);
    const request = await offered(await signIn(world, 'johan'), { ...SHIFT, department: 'logistics' });
    expect(request.department).toBe('Logistics');
    expect(request.recipients.find((r) => r.name === 'Pekka Virtanen')).toMatchObject({ email: null, mail: 'none', sms: 'sent' });
    expect(sms.sent.some((m) => m.to === '+46701234504')).toBe(true);
  });

  it('when the SMS provider cannot be reached, still mails, and says which texts failed', async ({ world }) => {
    inFront(
      world,
      http.post('https://integrations.test/sms/messages', () => HttpResponse.json({ code: 'down' }, { status: 503 })),
    );
    const request = await offered(await signIn(world, 'karin'));
    expect(request.recipients.find((r) => r.name === 'Anna Svensson')).toMatchObject({ mail: 'sent', sms: 'failed' });
  });

  it('refuses each wrong field with a message at that field', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const cases: Array<[Record<string, unknown>, number, string, string, string]> = [
      [{ ...SHIFT, date: 'next tuesday' }, 422, 'date_invalid', 'date', 'as a date (YYYY-MM-DD)'],
      [{ ...SHIFT, date: '2026-02-30' }, 422, 'date_invalid', 'date', '“2026-02-30”'],
      [{ ...SHIFT, date: '2026-03-01' }, 422, 'date_in_past', 'date', 'from today (2026-03-02) on'],
      [{ ...SHIFT, date: '2027-06-01' }, 422, 'date_invalid', 'date', 'at most a year ahead'],
      [{ ...SHIFT, date: '2026-03-02', startTime: '08:00' }, 422, 'date_in_past', 'startTime', 'already started'],
      [{ ...SHIFT, startTime: '25:00' }, 422, 'time_invalid', 'startTime', 'start time'],
      [{ ...SHIFT, endTime: '2pm' }, 422, 'time_invalid', 'endTime', 'end time'],
      [{ ...SHIFT, startTime: '14:00', endTime: '06:00' }, 422, 'end_before_start', 'endTime', 'end after it starts'],
      [{ ...SHIFT, department: '  ' }, 422, 'department_required', 'department', 'Choose the department'],
      [{ ...SHIFT, department: 'Nowhere' }, 422, 'department_unknown', 'department', 'no department “Nowhere”'],
      [{ startTime: '06:00', endTime: '14:00', department: 'Finance' }, 400, 'invalid_request', 'date', 'date'],
      [{ ...SHIFT, department: 7 }, 400, 'invalid_request', 'department', 'department'],
    ];
    for (const [shift, status, code, field, says] of cases) {
      const problem = await expectProblem(await offer(karin, shift), status, code, field);
      expect(problem.message).toContain(says);
    }
    const db = hrmDb(world);
    try {
      expect(await db.shiftRequests.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses a department where no one can be reached', async () => {
    const template: WorkspaceTemplate = {
      ...demoTenant,
      people: demoTenant.people.map((p) =>
        p.employments.some((e) => e.department === 'Facilities') ? { ...p, mobile: undefined, email: undefined } : p,
      ) as WorkspaceTemplate['people'],
    };
    other = await createTestWorld({ template });
    const problem = await expectProblem(
      await offer(await signIn(other, 'karin'), { ...SHIFT, department: 'Facilities' }),
      422,
      'department_unreachable',
      'department',
    );
    expect(problem.message).toBe('No one in Facilities has an email or a mobile number to send the request to.');
  });

  it('is for administrators and HR staff only', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await offer(anna), 403, 'forbidden');
    await expectProblem(await anna.api(`${HRM}/api/shift-requests`), 403, 'forbidden');
    await expectProblem(await offer(world.browser('nobody')), 401, 'unauthenticated');
  });

  it('with the storage full, says so and sends nothing', async ({ world }) => {
    const sms = smsProvider(world);
    const karin = await signIn(world, 'karin');
    fillHrmStorage(world);
    const full = await offer(karin);
    expect(full.status).toBe(507);
    expect(((await full.json()) as { code: string }).code).toBe('storage_full');
    vi.restoreAllMocks();
    expect(sms.sent).toEqual([]);
    expect((await inbox(karin, 'anna.svensson@company.com')).messages.filter((m) => m.subject.startsWith('Open shift'))).toEqual([]);
  });
});

describe('answering at the response link', () => {
  it('the first to accept gets the shift; later ones are told it is taken; the shift joins the schedule', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const anna = await signIn(world, 'anna');
    const maja = await signIn(world, 'maja.andersson');
    const emma = await signIn(world, 'emma.jonsson');

    const shown = await openPage<ShiftRequestPageData>(anna, request.link);
    expect(shown.page.data).toMatchObject({ state: 'open', request: { department: 'Finance', createdBy: 'Karin Berg' } });
    expect((await answerPage(anna, request.link, 'accept')).data).toMatchObject({ state: 'answered', answer: 'accepted' });
    const late = await answerPage(maja, request.link, 'accept');
    expect(late).toMatchObject({ status: 409, data: { state: 'taken', message: 'Someone else accepted this shift first: it is taken.' } });
    expect((await answerPage(emma, request.link, 'decline')).data).toMatchObject({ state: 'answered', answer: 'declined' });
    expect((await answerPage(anna, request.link, 'decline')).status).toBe(409);

    const list = await body<ShiftRequestList>(await (await signIn(world, 'karin')).api(`${HRM}/api/shift-requests`));
    expect(list.requests[0]).toMatchObject({ id: request.id, assignedTo: { name: 'Anna Svensson' } });
    expect(list.requests[0]!.recipients.find((r) => r.name === 'Emma Jonsson')).toMatchObject({ answer: 'declined', answeredVia: 'web' });
    const schedule = await body<MySchedule>(await anna.api(`${HRM}/api/me/schedule`));
    expect(schedule.shifts.find((s) => s.id === request.id)).toMatchObject({ kind: 'Open shift', date: '2026-03-10', startTime: '06:00' });

    // What is stored passes the check a workspace file's rows pass before they are imported.
    const db = hrmDb(world);
    try {
      for (const table of ['shiftRequests', 'calendarFeeds', 'smsProviders'] as const)
        for (const row of await db.table(table).toArray()) expect(HRM_ROW_SCHEMAS[table]!.safeParse(row).error).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('asks a signed-out visitor to log in first and comes back, and tells someone not asked so', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const out = await world.browser('out').navigate(request.link);
    expect(out.hops[0]!.status).toBe(302);
    expect(out.url).toBe(`${HRM}/login?return_to=${encodeURIComponent(new URL(request.link).pathname)}`);
    const erik = await signIn(world, 'erik');
    expect((await openPage<ShiftRequestPageData>(erik, request.link)).page.data.state).toBe('notRecipient');
    const refused = await answerPage(erik, request.link, 'accept');
    expect(refused.data.state).toBe('notRecipient');
  });

  it('refuses an answer another site posts', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const anna = await signIn(world, 'anna');
    const forged = await anna.api(request.link, { body: { answer: 'accept' }, from: 'https://evil.test' });
    await expectProblem(forged, 403, 'cross_site_request');
  });

  it('a reload between two answers keeps the first one', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    await answerPage(await signIn(world, 'anna'), request.link, 'accept');
    extra = (await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) }))!;
    const tab = testWorldOf(extra, world.template);
    const maja = await signIn(tab, 'maja.andersson');
    expect((await answerPage(maja, request.link, 'accept')).data.state).toBe('taken');
  });
});

describe('after the move', () => {
  it('a request sent before it cannot be answered at its old link, which says why and what to do', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await moveToNewAddresses(world);

    const result = await world.browser('anna-later').navigate(request.link);
    expect(result.status).toBe(410);
    const data = (result.outcome as { page: { data: ShiftRequestPageData } }).page.data;
    expect(data).toMatchObject({ state: 'sentBeforeMove', hrmUrl: 'https://web.hrm.test' });
    expect(data.message).toBe(
      'This shift request was sent before Demo Company moved to the new address, and can no longer be answered. ' +
        'Open the HRM at https://web.hrm.test to see open shifts, or ask Karin Berg whether the shift is still free.',
    );
    expect((await answerPage(anna, request.link, 'accept')).status).toBe(410);
    const db = hrmDb(world);
    try {
      expect((await db.integrationCalls.toArray()).find((c) => c.kind === 'shiftRequestLink' && c.address === 'old')).toMatchObject({
        lastOutcome: 'refused',
        count: 2,
      });
      expect((await db.shiftRequests.get(request.id))!.assignedTo).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('a request sent after it carries the new link, which works; the new link before the move is not in use yet', async ({ world }) => {
    const sms = smsProvider(world);
    const early = await offered(await signIn(world, 'karin'));
    const notYet = await world.browser('x').navigate(`https://web.hrm.test/shift-requests/${early.id}`);
    // The new web address as a whole is not in use yet: it says when it opens and where to go until then.
    expect(notYet.status).toBe(404);
    const notYetPage = (notYet.outcome as { page: { view: string; data: HrmNotInUseYetPageData } }).page;
    expect(notYetPage.view).toBe(HRM_VIEWS.notInUseYet);
    expect(notYetPage.data.requested).toBe(`https://web.hrm.test/shift-requests/${early.id}`);

    await link(await signIn(world, 'karin'), 'karin.berg@company.com');
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await moveToNewAddresses(world);
    const karin = await signInThroughConnect(world, 'karin', 'karin.berg@company.com');
    const request = await offered(karin, { ...SHIFT, date: '2026-04-07' }, WEB);
    expect(request).toMatchObject({ link: `https://web.hrm.test/shift-requests/${request.id}`, sentBeforeMove: false });
    expect(sms.sent.find((m) => m.reference === request.id)).toMatchObject({ forwarded: `for=${HRM_OUTBOUND_IP.new}` });

    const annaNow = await signInThroughConnect(world, 'anna', 'anna.svensson@company.com');
    // Signed out at the new address, the link asks to log in there first.
    const out = await world.browser('out').navigate(request.link);
    expect(out.hops.map((hop) => hop.url)).toContain(
      `https://web.hrm.test/auth/login?return_to=${encodeURIComponent(`/shift-requests/${request.id}`)}`,
    );
    // Signed in at the new address (its session here carried over by hand), the link is answered.
    const session = annaNow.jar.toJSON().find((c) => c.name === 'hrm_session')!;
    annaNow.jar.replaceAll([...annaNow.jar.toJSON(), { ...session, host: 'web.hrm.test' }]);
    expect((await openPage<ShiftRequestPageData>(annaNow, request.link)).page.data.state).toBe('open');
    expect((await answerPage(annaNow, request.link, 'accept')).data).toMatchObject({ state: 'answered', answer: 'accepted' });
  });
});

describe('the SMS callback', () => {
  it('a YES answers for the sender, a later YES is told the shift is taken, a NO declines', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const url = smsCallbackUrl(SECRET, 'old');
    const yes = await reply(world, url, {
      reference: request.id,
      from: '+46 70 123 45 01',
      text: '  yes ',
      receivedAt: '2026-03-02T09:00:00Z',
    });
    expect(yes.status).toBe(200);
    expect(await body<SmsCallbackAnswer>(yes)).toEqual({
      outcome: 'accepted',
      message: "The shift is Anna Svensson's: Tuesday 10 March 2026, 06:00–14:00.",
    });
    const maja = request.recipients.find((r) => r.name === 'Maja Andersson')!;
    const late = await reply(world, url, { reference: request.id, from: maja.mobile, text: 'YES', receivedAt: world.now() });
    expect(await body<SmsCallbackAnswer>(late)).toMatchObject({ outcome: 'taken' });
    const emma = request.recipients.find((r) => r.name === 'Emma Jonsson')!;
    expect(
      await body<SmsCallbackAnswer>(
        await reply(world, url, { reference: request.id, from: emma.mobile, text: 'No', receivedAt: world.now() }),
      ),
    ).toMatchObject({
      outcome: 'declined',
    });
    await expectProblem(
      await reply(world, url, { reference: request.id, from: '+46701234501', text: 'NO', receivedAt: world.now() }),
      409,
      'already_answered',
      'text',
    );

    const db = hrmDb(world);
    try {
      const stored = (await db.shiftRequests.get(request.id))!;
      expect(stored.recipients.find((r) => r.name === 'Anna Svensson')).toMatchObject({ answer: 'accepted', answeredVia: 'sms' });
      expect((await db.integrationCalls.toArray()).find((c) => c.kind === 'smsCallback')).toMatchObject({
        client: 'IP1 SMS',
        address: 'old',
        // The address works: every reply reached the HRM there, whatever it answered.
        lastOutcome: 'ok',
        count: 4,
      });
    } finally {
      db.close();
    }
  });

  it('refuses a wrong secret, a reply that is neither YES nor NO, and a body without what it needs', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const good = { reference: request.id, from: '+46701234501', text: 'YES', receivedAt: world.now() };
    await expectProblem(await reply(world, smsCallbackUrl('guessed', 'old'), good), 403, 'callback_secret_invalid');
    const url = smsCallbackUrl(SECRET, 'old');
    const maybe = await expectProblem(await reply(world, url, { ...good, text: 'maybe later' }), 422, 'reply_not_understood', 'text');
    expect(maybe.message).toBe('The reply “maybe later” is neither YES nor NO: only YES or NO answers a shift request.');
    await expectProblem(await reply(world, url, { ...good, reference: 'shr_nope' }), 404, 'not_found', 'reference');
    await expectProblem(await reply(world, url, { ...good, from: '+46709999999' }), 422, 'not_a_recipient', 'from');
    await expectProblem(await reply(world, url, { ...good, reference: '' }), 400, 'invalid_request', 'reference');
    await expectProblem(await reply(world, url, { ...good, from: undefined }), 400, 'invalid_request', 'from');
    await expectProblem(await reply(world, url, { ...good, receivedAt: 'yesterday' }), 400, 'invalid_request', 'receivedAt');
    // None of them answered.
    const db = hrmDb(world);
    try {
      expect((await db.shiftRequests.get(request.id))!.assignedTo).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('after the move the old URL is refused naming the new one, which works; before it the new one is not in use', async ({ world }) => {
    smsProvider(world);
    const request = await offered(await signIn(world, 'karin'));
    const good = { reference: request.id, from: '+46701234501', text: 'YES', receivedAt: world.now() };
    await expectProblem(await reply(world, smsCallbackUrl(SECRET, 'new'), good), 404, 'address_not_in_use_yet');
    await moveToNewAddresses(world);
    const gone = await expectProblem(await reply(world, smsCallbackUrl(SECRET, 'old'), good), 410, 'callback_address_gone');
    expect(gone.message).toBe(
      `Demo Company moved to the new address: this callback URL no longer works. Set the callback URL at IP1 SMS to https://api.hrm.test/v1/sms/callback/${SECRET}.`,
    );
    expect((await reply(world, smsCallbackUrl(SECRET, 'new'), good)).status).toBe(200);
    const db = hrmDb(world);
    try {
      const calls = (await db.integrationCalls.toArray()).filter((c) => c.kind === 'smsCallback');
      expect(calls.map((c) => [c.address, c.lastOutcome]).sort()).toEqual([
        ['new', 'ok'],
        ['old', 'refused'],
      ]);
    } finally {
      db.close();
    }
  });
});

/** Makes every write to this world's HRM database fail as a full disk does in Chromium (QuotaExceededError). */
function fillHrmStorage(world: TestWorld): void {
  const db = hrmDb(world);
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.shiftRequests)) as Record<string, (...args: unknown[]) => unknown>;
  db.close();
  const name = `rollout-rehearsal/${world.workspace.id}/hrm`;
  for (const method of ['add', 'put', 'bulkAdd', 'bulkPut']) {
    const original = prototype[method]!;
    vi.spyOn(prototype, method).mockImplementation(function (this: { db: { name: string } }, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}

describe('the pages', () => {
  it('My schedule shows the shifts and the subscription link; Shift requests is for administrators and HR', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const schedule = await openPage<{ schedule: MySchedule }>(anna, `${HRM}/my-profile/schedule`);
    expect(schedule.page.view).toBe('hrm/my-schedule');
    expect(schedule.page.data.schedule.subscription.url).toBe(`${HRM}/Calendar/cal-anna-3b9f2c.ics`);
    const refused = await anna.navigate(`${HRM}/shift-requests`);
    expect(refused.status).toBe(403);
    const johan = await openPage<{ list: ShiftRequestList; today: string }>(await signIn(world, 'johan'), `${HRM}/shift-requests`);
    expect(johan.page.view).toBe('hrm/shift-requests');
    expect(johan.page.data.today).toBe('2026-03-02');
    expect(johan.page.data.list.departments).toContain('Finance');
  });
});
