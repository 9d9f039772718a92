// Owns shift requests (R18): administrators and HR offer an open shift to a department, each employee is mailed a
// response link and texted through the SMS provider when they have a mobile number; the first to accept gets the
// shift. The response link and the SMS provider's callback answer at the old address before the move and at the new
// ones after it; a request sent before the move can no longer be answered.
import { z } from 'zod';
import {
  HRM_SHIFT_VIEWS,
  shiftRequestUrl,
  smsCallbackUrl,
  SMS_PROVIDER_MESSAGES_URL,
  type OfferShiftRequest,
  type ShiftRequestList,
  type ShiftRequestPageData,
  type ShiftRequestPageState,
  type ShiftRequestSummary,
  type SmsCallbackAnswer,
  type SmsMessageRequest,
} from '../../../src/contracts/hrm-shifts';
import { HRM_NEW_ORIGINS, HRM_OUTBOUND_IP, ORIGINS } from '../../../src/contracts/origins';
import { crossSiteRefusal } from '../../shared/cross-site';
import { json, page, readJson, redirect } from '../../shared/http';
import { storageFailureOf } from '../../shared/storage-failure';
import type { ShiftRecipientRow, ShiftRequestRow, StoredUser } from './db';
import { now, type HrmEnv } from './env';
import { recordIntegrationCall } from './integration-calls';
import { sendMail } from './peers';
import { isAdmin } from './rules';
import { hasMoved, shiftProblem } from './schedules';
import {
  longDate,
  normalizeMobile,
  offerProblem,
  SHIFT_MAIL_FROM,
  shiftMailSubject,
  shiftMailText,
  shiftSmsText,
  smsAnswer,
} from './shift-rules';
import { requireUser, sessionUser } from './signed-in';
import { loadTenant } from './store';
import { HRM_PATHS } from '../../../src/contracts/hrm';
import { loadRollout } from './store';
import { rolloutPhase } from '../../../machines/rollout';

type Params = Record<string, string | readonly string[] | undefined>;

/** Administrators and HR staff offer shifts. */
export function canOfferShifts(user: StoredUser): boolean {
  return isAdmin(user.roles) || user.roles.includes('hr');
}

async function requireShiftSender(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await requireUser(env, request);
  if (!canOfferShifts(user)) throw shiftProblem(403, 'forbidden', 'Only administrators and HR staff can send shift requests.');
  return user;
}

/** Where a request reaches a person: their email (an employment's with mailings on, when they have none) and mobile. */
function channelsOf(user: StoredUser): { email: string | null; mobile: string | null } {
  const email = user.email ?? user.employments.find((e) => e.mailingsActivated === 1 && e.email)?.email ?? null;
  return { email, mobile: user.mobile ? normalizeMobile(user.mobile) : null };
}

function worksIn(user: StoredUser, department: string): boolean {
  return user.employments.some((e) => e.status === 'active' && e.department === department);
}

async function departmentsOf(env: HrmEnv, sender: StoredUser | null): Promise<{ all: string[]; reachable: string[] }> {
  const directory = await env.directory();
  const all = directory.departments();
  const reachable = all.filter((d) =>
    directory.matching({ department: d }).some((u) => u.id !== sender?.id && worksIn(u, d) && Object.values(channelsOf(u)).some(Boolean)),
  );
  return { all, reachable };
}

function summaryOf(row: ShiftRequestRow, createdBy: string): ShiftRequestSummary {
  const assigned = row.assignedTo ? row.recipients.find((r) => r.userId === row.assignedTo) : undefined;
  return {
    id: row.id,
    number: row.number,
    date: row.date,
    startTime: row.startTime,
    endTime: row.endTime,
    department: row.department,
    createdAt: row.createdAt,
    createdBy,
    link: shiftRequestUrl(row.id, row.sentTo),
    sentBeforeMove: row.sentTo === 'old',
    assignedTo: assigned ? { userId: assigned.userId, name: assigned.name } : null,
    recipients: row.recipients.map((r) => ({ ...r })),
  };
}

async function summaries(env: HrmEnv, rows: ShiftRequestRow[]): Promise<ShiftRequestSummary[]> {
  const directory = await env.directory();
  return rows.map((row) => summaryOf(row, directory.get(row.createdBy)?.name ?? 'a former user'));
}

export async function listShiftRequests(env: HrmEnv, request: Request): Promise<Response> {
  const sender = await requireShiftSender(env, request);
  const rows = await env.db.shiftRequests.orderBy('number').reverse().limit(50).toArray();
  const body: ShiftRequestList = { requests: await summaries(env, rows), departments: (await departmentsOf(env, sender)).reachable };
  return json(body);
}

const OfferBody = z.object({
  date: z.string('the date, as YYYY-MM-DD'),
  startTime: z.string('the start time, as HH:MM'),
  endTime: z.string('the end time, as HH:MM'),
  department: z.string('the department to offer the shift to'),
});

/** Texts one message through the tenant's SMS provider, with the HRM's source address as the provider sees it. */
async function sendSms(env: HrmEnv, message: SmsMessageRequest, moved: boolean): Promise<boolean> {
  try {
    const response = await env.ctx.network.fetch(
      new Request(SMS_PROVIDER_MESSAGES_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', forwarded: `for=${moved ? HRM_OUTBOUND_IP.new : HRM_OUTBOUND_IP.old}` },
        body: JSON.stringify(message),
      }),
      { initiator: 'server:hrm.test' },
    );
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Offers a shift: stored first (nothing is sent when it cannot be stored), then mailed and texted to each recipient,
 * then each delivery's outcome stored. A delivery that fails leaves the others going.
 */
export async function offerShift(env: HrmEnv, request: Request): Promise<Response> {
  const sender = await requireShiftSender(env, request);
  const input: OfferShiftRequest = await readJson(request, OfferBody);
  const { all, reachable } = await departmentsOf(env, sender);
  const wrong = offerProblem(input, now(env), all, reachable);
  if (wrong) return shiftProblem(422, wrong.code, wrong.message, wrong.field);
  const department = all.find((d) => d.toLowerCase() === input.department.trim().toLowerCase())!;
  const directory = await env.directory();
  const people = directory.matching({ department }).filter((u) => u.id !== sender.id && worksIn(u, department));
  const recipients: ShiftRecipientRow[] = people.flatMap((u) => {
    const { email, mobile } = channelsOf(u);
    if (!email && !mobile) return [];
    return [{ userId: u.id, name: u.name, email, mobile, mail: 'none', sms: 'none', answer: null, answeredAt: null, answeredVia: null }];
  });
  const moved = await hasMoved(env);
  const tenant = await loadTenant(env.db);
  const provider = await env.db.smsProviders.get('sms');
  const row = await env.db.transaction('rw', env.db.shiftRequests, async () => {
    const last = await env.db.shiftRequests.orderBy('number').last();
    const stored: ShiftRequestRow = {
      id: `shr_${env.ctx.random.hex(6)}`,
      number: (last?.number ?? 0) + 1,
      date: input.date.trim(),
      startTime: input.startTime.trim(),
      endTime: input.endTime.trim(),
      department,
      createdBy: sender.id,
      createdAt: now(env),
      sentTo: moved ? 'new' : 'old',
      recipients,
    };
    await env.db.shiftRequests.add(stored);
    return stored;
  });

  const link = shiftRequestUrl(row.id, row.sentTo);
  for (const recipient of row.recipients) {
    if (recipient.email) {
      const mailed = await sendMail(env.ctx, {
        to: recipient.email,
        ...SHIFT_MAIL_FROM,
        subject: shiftMailSubject(row),
        text: shiftMailText(recipient.name.split(' ')[0]!, row, link, sender.name, tenant.name),
      });
      recipient.mail = mailed.ok ? 'sent' : 'failed';
    }
    if (recipient.mobile && provider) {
      const texted = await sendSms(
        env,
        { to: recipient.mobile, text: `${shiftSmsText(row, tenant.name)} ${link}`, reference: row.id },
        moved,
      );
      recipient.sms = texted ? 'sent' : 'failed';
    }
  }
  try {
    await env.db.shiftRequests.update(row.id, { recipients: row.recipients });
  } catch (error) {
    // The mails and texts went out: their outcome is answered even when storing it failed.
    if (storageFailureOf(error) === null) throw error;
  }
  return json((await summaries(env, [row]))[0], { status: 201 });
}

type Outcome = { kind: 'accepted' | 'declined' | 'taken' | 'already'; row: ShiftRequestRow };

/** One recipient's answer, in one transaction: the first to accept gets the shift; later ones are told it is taken. */
async function answer(
  env: HrmEnv,
  id: string,
  userId: string,
  given: 'accepted' | 'declined',
  via: 'web' | 'sms',
): Promise<Outcome | null> {
  return env.db.transaction('rw', env.db.shiftRequests, async () => {
    const row = await env.db.shiftRequests.get(id);
    if (!row) return null;
    const recipient = row.recipients.find((r) => r.userId === userId);
    if (!recipient) return null;
    if (recipient.answer !== null) return { kind: 'already', row };
    if (given === 'accepted' && row.assignedTo) return { kind: 'taken', row };
    const at = now(env);
    const recipients = row.recipients.map((r) => (r.userId === userId ? { ...r, answer: given, answeredAt: at, answeredVia: via } : r));
    const next: ShiftRequestRow = { ...row, recipients, ...(given === 'accepted' ? { assignedTo: userId } : {}) };
    await env.db.shiftRequests.put(next);
    return { kind: given, row: next };
  });
}

function when(row: Pick<ShiftRequestRow, 'date' | 'startTime' | 'endTime'>): string {
  return `${longDate(row.date)}, ${row.startTime}–${row.endTime}`;
}

async function pageData(
  env: HrmEnv,
  state: ShiftRequestPageState,
  row: ShiftRequestRow | undefined,
  message: string,
  answerGiven: ShiftRequestPageData['answer'] = null,
): Promise<ShiftRequestPageData> {
  const tenant = await loadTenant(env.db);
  const creator = row ? ((await env.directory()).get(row.createdBy)?.name ?? 'a former user') : '';
  return {
    state,
    tenantName: tenant.name,
    request: row
      ? {
          id: row.id,
          date: row.date,
          startTime: row.startTime,
          endTime: row.endTime,
          department: row.department,
          createdBy: creator,
          createdAt: row.createdAt,
        }
      : null,
    answer: answerGiven,
    message,
    hrmUrl: (await hasMoved(env)) ? HRM_NEW_ORIGINS.web : ORIGINS.hrm,
  };
}

function responsePage(data: ShiftRequestPageData, status = 200): Response {
  return page(HRM_SHIFT_VIEWS.shiftRequestResponse, 'Shift request', data, { status });
}

/** What the page says to the signed-in recipient about this request as it stands. */
function stateFor(
  row: ShiftRequestRow,
  user: StoredUser,
): { state: ShiftRequestPageState; message: string; answer: ShiftRequestPageData['answer'] } {
  const recipient = row.recipients.find((r) => r.userId === user.id);
  if (!recipient)
    return {
      state: 'notRecipient',
      message: 'This shift request was not sent to you: ask the sender if you want the shift.',
      answer: null,
    };
  if (recipient.answer === 'accepted') return { state: 'answered', message: `The shift is yours: ${when(row)}.`, answer: 'accepted' };
  if (recipient.answer === 'declined') return { state: 'answered', message: 'You declined this shift.', answer: 'declined' };
  if (row.assignedTo) return { state: 'taken', message: 'Someone else accepted this shift first: it is taken.', answer: null };
  return { state: 'open', message: `An open shift in ${row.department}: ${when(row)}. The first to accept gets it.`, answer: null };
}

/** The visitor must be signed in at the address the link is on: otherwise the login, then back here. */
async function signedInOrLogin(env: HrmEnv, request: Request): Promise<StoredUser | Response> {
  const user = await sessionUser(env, request);
  if (user) return user;
  const url = new URL(request.url);
  const viaConnect = rolloutPhase(await loadRollout(env.db)) === 'activation';
  return redirect(`${url.origin}${viaConnect ? HRM_PATHS.connectLogin : HRM_PATHS.login}?return_to=${encodeURIComponent(url.pathname)}`);
}

/** The refusal of a link sent before the move, opened after it (R18). */
async function sentBeforeMovePage(env: HrmEnv, row: ShiftRequestRow | undefined, request: Request): Promise<Response> {
  const tenant = await loadTenant(env.db);
  await recordIntegrationCall(env, {
    kind: 'shiftRequestLink',
    client: 'Shift request links in mails and SMS',
    address: 'old',
    path: new URL(request.url).pathname,
    outcome: 'refused',
  });
  const sender = row ? ((await env.directory()).get(row.createdBy)?.name ?? 'the sender') : 'the sender';
  const message =
    `This shift request was sent before ${tenant.name} moved to the new address, and can no longer be answered. ` +
    `Open the HRM at ${HRM_NEW_ORIGINS.web} to see open shifts, or ask ${sender} whether the shift is still free.`;
  return responsePage(await pageData(env, 'sentBeforeMove', row, message), 410);
}

/** The old response link: the page before the move; after it, why it can no longer be answered. */
export async function oldShiftRequestLink(env: HrmEnv, request: Request, params: Params): Promise<Response> {
  const id = String(params['id'] ?? '');
  const row = await env.db.shiftRequests.get(id);
  if (await hasMoved(env)) return sentBeforeMovePage(env, row, request);
  return showRequest(env, request, row, 'old');
}

/** The new response link: the page from the move; before it, not in use yet. */
export async function newShiftRequestLink(env: HrmEnv, request: Request, params: Params): Promise<Response> {
  const id = String(params['id'] ?? '');
  if (!(await hasMoved(env))) return notInUseYet(env, id);
  return showRequest(env, request, await env.db.shiftRequests.get(id), 'new');
}

async function notInUseYet(env: HrmEnv, id: string): Promise<Response> {
  const tenant = await loadTenant(env.db);
  return responsePage(
    await pageData(
      env,
      'notInUseYet',
      undefined,
      `This address is not in use yet for ${tenant.name}: answer at ${shiftRequestUrl(id, 'old')} until the move.`,
    ),
    404,
  );
}

async function showRequest(env: HrmEnv, request: Request, row: ShiftRequestRow | undefined, address: 'old' | 'new'): Promise<Response> {
  const user = await signedInOrLogin(env, request);
  if (user instanceof Response) return user;
  if (!row) return responsePage(await pageData(env, 'notFound', undefined, 'There is no shift request at this address.'), 404);
  await recordIntegrationCall(env, {
    kind: 'shiftRequestLink',
    client: 'Shift request links in mails and SMS',
    address,
    path: new URL(request.url).pathname,
    outcome: 'ok',
  });
  const { state, message, answer: given } = stateFor(row, user);
  return responsePage(await pageData(env, state, row, message, given));
}

const AnswerBody = z.object({ answer: z.enum(['accept', 'decline'], 'accept or decline') });

/** Accept or decline, posted from the response page (a form navigation), at the address the link is on. */
async function answerAt(env: HrmEnv, request: Request, params: Params, address: 'old' | 'new'): Promise<Response> {
  const origin = address === 'old' ? ORIGINS.hrm : HRM_NEW_ORIGINS.web;
  const refused = crossSiteRefusal(request, { origin, name: 'the HRM' });
  if (refused) return refused;
  const id = String(params['id'] ?? '');
  const moved = await hasMoved(env);
  if (address === 'old' && moved) return sentBeforeMovePage(env, await env.db.shiftRequests.get(id), request);
  if (address === 'new' && !moved) return notInUseYet(env, id);
  const user = await signedInOrLogin(env, request);
  if (user instanceof Response) return user;
  const { answer: given } = await readJson(request, AnswerBody);
  const outcome = await answer(env, id, user.id, given === 'accept' ? 'accepted' : 'declined', 'web');
  const row = outcome?.row ?? (await env.db.shiftRequests.get(id));
  if (!row) return responsePage(await pageData(env, 'notFound', undefined, 'There is no shift request at this address.'), 404);
  const shown = stateFor(row, user);
  if (outcome?.kind === 'taken')
    return responsePage(await pageData(env, 'taken', row, 'Someone else accepted this shift first: it is taken.'), 409);
  if (outcome?.kind === 'already')
    return responsePage(await pageData(env, 'answered', row, `You already answered this request. ${shown.message}`, shown.answer), 409);
  return responsePage(await pageData(env, shown.state, row, shown.message, shown.answer));
}

export const oldShiftRequestAnswer = (env: HrmEnv, request: Request, params: Params) => answerAt(env, request, params, 'old');
export const newShiftRequestAnswer = (env: HrmEnv, request: Request, params: Params) => answerAt(env, request, params, 'new');

const SmsBody = z.object({
  reference: z.string('the reference the HRM sent with the message').min(1, 'the reference the HRM sent with the message'),
  from: z.string("the sender's mobile number").min(1, "the sender's mobile number"),
  text: z.string('the text of the reply'),
  receivedAt: z.union(
    [z.number(), z.string().refine((s) => !Number.isNaN(Date.parse(s)))],
    'when the reply was received (ISO 8601 or epoch ms)',
  ),
});

/**
 * The SMS provider's callback with an employee's reply. The secret in the path says it is the provider the tenant
 * configured; before the move it answers at the old address, from the move at the new one (R18).
 */
async function smsCallback(env: HrmEnv, request: Request, params: Params, address: 'old' | 'new'): Promise<Response> {
  const provider = await env.db.smsProviders.get('sms');
  const secret = String(params['secret'] ?? '');
  const path = new URL(request.url).pathname;
  const client = provider?.name ?? 'SMS provider';
  const record = (outcome: 'ok' | 'refused') => recordIntegrationCall(env, { kind: 'smsCallback', client, address, path, outcome });
  if (!provider || provider.callbackSecret !== secret) {
    return shiftProblem(
      403,
      'callback_secret_invalid',
      'This callback URL is not the one configured for the HRM: copy the callback URL from the HRM again.',
    );
  }
  const moved = await hasMoved(env);
  if (address === 'old' && moved) {
    await record('refused');
    const tenant = await loadTenant(env.db);
    return shiftProblem(
      410,
      'callback_address_gone',
      `${tenant.name} moved to the new address: this callback URL no longer works. Set the callback URL at ${provider.name} to ${smsCallbackUrl(secret, 'new')}.`,
    );
  }
  if (address === 'new' && !moved) {
    const tenant = await loadTenant(env.db);
    return shiftProblem(
      404,
      'address_not_in_use_yet',
      `This address is not in use yet for ${tenant.name}: until the move, call ${smsCallbackUrl(secret, 'old')}.`,
    );
  }
  const body = await readJson(request, SmsBody);
  const given = smsAnswer(body.text);
  if (given === null) {
    await record('refused');
    return shiftProblem(
      422,
      'reply_not_understood',
      `The reply “${body.text.trim().slice(0, 40)}” is neither YES nor NO: only YES or NO answers a shift request.`,
      'text',
    );
  }
  const row = await env.db.shiftRequests.get(body.reference);
  if (!row) {
    await record('refused');
    return shiftProblem(404, 'not_found', `There is no shift request with the reference “${body.reference.slice(0, 40)}”.`, 'reference');
  }
  const mobile = normalizeMobile(body.from);
  const recipient = row.recipients.find((r) => r.mobile === mobile);
  if (!recipient) {
    await record('refused');
    return shiftProblem(422, 'not_a_recipient', `The shift request was not texted to ${body.from}.`, 'from');
  }
  const outcome = await answer(env, row.id, recipient.userId, given, 'sms');
  await record('ok');
  if (!outcome || outcome.kind === 'already')
    return shiftProblem(409, 'already_answered', `${recipient.name} already answered this shift request.`, 'text');
  const answered: SmsCallbackAnswer =
    outcome.kind === 'taken'
      ? { outcome: 'taken', message: `Someone else accepted the shift first: it is taken.` }
      : outcome.kind === 'accepted'
        ? { outcome: 'accepted', message: `The shift is ${recipient.name}'s: ${when(outcome.row)}.` }
        : { outcome: 'declined', message: `${recipient.name} declined the shift.` };
  return json(answered);
}

export const oldSmsCallback = (env: HrmEnv, request: Request, params: Params) => smsCallback(env, request, params, 'old');
export const newSmsCallback = (env: HrmEnv, request: Request, params: Params) => smsCallback(env, request, params, 'new');
