// Owns employees' schedules and their calendar subscriptions (R18): My schedule's shifts, the subscription link and its
// renewal, and the iCalendar feed at the old address (served before the move, redirected for a while after it, then
// gone) and at the new one.
import { z } from 'zod';
import { rolloutPhase, temporaryMeasures } from '../../../machines/rollout';
import {
  calendarFeedUrl,
  HRM_SHIFT_PATHS,
  SHIFT_TIME_ZONE,
  type CalendarSubscription,
  type MySchedule,
  type ScheduledShift,
  type ShiftErrorCode,
} from '../../../src/contracts/hrm-shifts';
import { HRM_NEW_ORIGINS } from '../../../src/contracts/origins';
import { sha256Hex } from '../../shared/crypto';
import { json, problem, readJson, redirect } from '../../shared/http';
import type { CalendarFeedRow, StoredUser } from './db';
import { now, type HrmEnv } from './env';
import { writeCalendar } from './icalendar';
import { recordIntegrationCall } from './integration-calls';
import { addDays, mondayOf, OPEN_SHIFT_KIND, plannedShifts, SCHEDULE_WEEKS, shiftOf, stockholmDate } from './shift-rules';
import { requireUser } from './signed-in';
import { loadRollout, loadTenant } from './store';

type Params = Record<string, string | readonly string[] | undefined>;

export function shiftProblem(status: number, code: ShiftErrorCode, message: string, field?: string) {
  return problem(status, code, message, field);
}

/** Whether the tenant has moved to the new addresses (R18): from the cutover on. */
export async function hasMoved(env: HrmEnv): Promise<boolean> {
  return rolloutPhase(await loadRollout(env.db)) === 'activation';
}

/** Where My schedule is at the new web address: what a refusal tells people to open. */
export const NEW_MY_SCHEDULE_URL = `${HRM_NEW_ORIGINS.web}${HRM_SHIFT_PATHS.mySchedule}`;

/** The user's shifts from the Monday of this week, for SCHEDULE_WEEKS weeks, with the open shifts they took. */
export async function scheduleOf(env: HrmEnv, user: StoredUser): Promise<{ from: string; to: string; shifts: ScheduledShift[] }> {
  const tenant = await loadTenant(env.db);
  const from = mondayOf(stockholmDate(now(env)));
  const to = addDays(from, SCHEDULE_WEEKS * 7 - 1);
  const taken = await env.db.shiftRequests.where('assignedTo').equals(user.id).toArray();
  const extra = taken
    .filter((r) => r.date >= from && r.date <= to)
    .map((r) => {
      const employment = user.employments.find((e) => e.department === r.department) ?? user.employments[0];
      return shiftOf(
        r.id,
        r.date,
        { kind: OPEN_SHIFT_KIND, startTime: r.startTime, endTime: r.endTime },
        employment?.title ?? 'Shift',
        r.department,
        tenant.name,
      );
    });
  const shifts = [...plannedShifts(user, tenant.name, from), ...extra].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  return { from, to, shifts };
}

function subscriptionOf(row: CalendarFeedRow, moved: boolean): CalendarSubscription {
  return { url: calendarFeedUrl(row.token, moved ? 'new' : 'old'), token: row.token, createdAt: row.createdAt };
}

function newToken(env: HrmEnv): string {
  return `cal-${env.ctx.random.hex(12)}`;
}

/** The user's link in use, made now when they have none yet (stored, so the same link is shown again). */
async function currentFeed(env: HrmEnv, user: StoredUser): Promise<CalendarFeedRow> {
  return env.db.transaction('rw', env.db.calendarFeeds, async () => {
    const rows = await env.db.calendarFeeds.where('userId').equals(user.id).toArray();
    const live = rows.find((r) => r.replacedAt === null);
    if (live) return live;
    const row: CalendarFeedRow = { token: newToken(env), userId: user.id, createdAt: now(env), replacedAt: null };
    await env.db.calendarFeeds.add(row);
    return row;
  });
}

export async function mySchedule(env: HrmEnv, user: StoredUser): Promise<MySchedule> {
  const schedule = await scheduleOf(env, user);
  const feed = await currentFeed(env, user);
  return { ...schedule, subscription: subscriptionOf(feed, await hasMoved(env)) };
}

export async function getMySchedule(env: HrmEnv, request: Request): Promise<Response> {
  return json(await mySchedule(env, await requireUser(env, request)));
}

const RenewBody = z.object({ replaces: z.string().min(1, 'the link the page shows') });

/** "Create a new link": the old link stops working at once (it answers that it was replaced). */
export async function renewCalendarLink(env: HrmEnv, request: Request): Promise<Response> {
  const user = await requireUser(env, request);
  const { replaces } = await readJson(request, RenewBody);
  const at = now(env);
  const created = await env.db.transaction('rw', env.db.calendarFeeds, async () => {
    const rows = await env.db.calendarFeeds.where('userId').equals(user.id).toArray();
    const live = rows.find((r) => r.replacedAt === null);
    // A page showing an older link (another tab made a new one since) must not replace the newer one unseen.
    if (live && live.token !== replaces)
      throw shiftProblem(
        409,
        'link_changed',
        'Your calendar link was already replaced in another tab or window: reload My schedule to see the link in use.',
        'replaces',
      );
    if (live) await env.db.calendarFeeds.put({ ...live, replacedAt: at });
    const row: CalendarFeedRow = { token: newToken(env), userId: user.id, createdAt: at, replacedAt: null };
    await env.db.calendarFeeds.add(row);
    return row;
  });
  return json(subscriptionOf(created, await hasMoved(env)));
}

const CALENDAR_HEADERS = { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-cache' };

/**
 * The feed's validator (RFC 9110 §8.8.3). Weak: every answer carries DTSTAMP, when it was produced (RFC 5545 §3.8.7.2),
 * so two answers with the same events differ in that line only and are equivalent, not byte for byte the same.
 */
async function feedEtag(body: string): Promise<string> {
  return `W/"${(await sha256Hex(body.replace(/^DTSTAMP:[^\r\n]*\r\n/gm, ''))).slice(0, 32)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly; "*" matches any current representation. */
function stillCurrent(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** The feed, or 304 Not Modified when the app already holds these events (RFC 9110 §15.4.5: no content, the validator). */
async function feedResponse(request: Request, body: string): Promise<Response> {
  const etag = await feedEtag(body);
  if (stillCurrent(request, etag)) return new Response(null, { status: 304, headers: { etag, 'cache-control': 'no-cache' } });
  return new Response(body, { status: 200, headers: { ...CALENDAR_HEADERS, etag } });
}

/** The feed of a token: the calendar, or why there is none. */
async function feedOf(env: HrmEnv, token: string): Promise<{ user: StoredUser; body: string } | Response> {
  const row = await env.db.calendarFeeds.get(token);
  const user = row ? (await env.directory()).get(row.userId) : undefined;
  if (!row || !user)
    return shiftProblem(
      404,
      'not_found',
      'There is no calendar at this address: copy the subscription link from My schedule in the HRM again.',
    );
  if (row.replacedAt !== null)
    return shiftProblem(
      404,
      'calendar_link_replaced',
      'This calendar link was replaced by a newer one: subscribe again with the link in My schedule in the HRM.',
    );
  const tenant = await loadTenant(env.db);
  const { shifts } = await scheduleOf(env, user);
  const stamp = now(env);
  const body = writeCalendar({
    prodId: '-//Rollout Rehearsal//HRM schedule//EN',
    name: `${user.name} – schedule (${tenant.name})`,
    timeZone: SHIFT_TIME_ZONE,
    events: shifts.map((shift) => ({
      uid: `${shift.id}@hrm.test`,
      stamp,
      start: shift.start,
      end: shift.end,
      summary: `${shift.kind}: ${shift.title}`,
      location: shift.location,
      description: `${shift.kind} ${shift.startTime}–${shift.endTime} (${SHIFT_TIME_ZONE}) as ${shift.title} in ${shift.department}. See or swap your shifts in the HRM under My schedule.`,
    })),
  });
  return { user, body };
}

function tokenOfFile(file: string): string | null {
  return file.endsWith('.ics') && file.length > 4 ? file.slice(0, -4) : null;
}

/**
 * The feed at the old address (`/Calendar/<token>.ics`). After the move it redirects to the new address while the
 * temporary redirect lasts, and then answers 410 with where to subscribe again (R18).
 */
export async function oldCalendarFeed(env: HrmEnv, request: Request, params: Params): Promise<Response> {
  const token = tokenOfFile(String(params['file'] ?? ''));
  if (token === null)
    return shiftProblem(
      404,
      'not_found',
      'There is no calendar at this address: copy the subscription link from My schedule in the HRM again.',
    );
  const path = new URL(request.url).pathname;
  if (!(await hasMoved(env))) {
    const feed = await feedOf(env, token);
    if (feed instanceof Response) return feed;
    await recordIntegrationCall(env, { kind: 'calendar', client: feedClient(feed.user, request), address: 'old', path, outcome: 'ok' });
    return feedResponse(request, feed.body);
  }
  const row = await env.db.calendarFeeds.get(token);
  const user = row ? (await env.directory()).get(row.userId) : undefined;
  if (!row || !user)
    return shiftProblem(
      404,
      'not_found',
      'There is no calendar at this address: copy the subscription link from My schedule in the HRM again.',
    );
  const rollout = await loadRollout(env.db);
  if (temporaryMeasures(rollout.context, now(env)).calendarRedirect) {
    await recordIntegrationCall(env, { kind: 'calendar', client: feedClient(user, request), address: 'old', path, outcome: 'redirected' });
    return redirect(calendarFeedUrl(token, 'new'));
  }
  await recordIntegrationCall(env, { kind: 'calendar', client: feedClient(user, request), address: 'old', path, outcome: 'refused' });
  return shiftProblem(
    410,
    'calendar_address_gone',
    `This calendar address no longer works: subscribe again with the link in My schedule at ${NEW_MY_SCHEDULE_URL}.`,
  );
}

/** The feed at the new address (`https://web.hrm.test/calendar/<token>/schedule.ics`), from the move. */
export async function newCalendarFeed(env: HrmEnv, request: Request, params: Params): Promise<Response> {
  const token = String(params['token'] ?? '');
  if (!(await hasMoved(env))) {
    const tenant = await loadTenant(env.db);
    return shiftProblem(
      404,
      'address_not_in_use_yet',
      `This address is not in use yet for ${tenant.name}: until the move, subscribe with ${calendarFeedUrl(token, 'old')}.`,
    );
  }
  const feed = await feedOf(env, token);
  if (feed instanceof Response) return feed;
  await recordIntegrationCall(env, {
    kind: 'calendar',
    client: feedClient(feed.user, request),
    address: 'new',
    path: new URL(request.url).pathname,
    outcome: 'ok',
  });
  return feedResponse(request, feed.body);
}

/**
 * Who calls a feed, as the integrations checklist names them (R18): the calling app when it names itself in User-Agent
 * (RFC 9110 §10.1.5: its comment, "CalendarApp/1.0 (Calendar app)", or else its product name), so an app subscribed
 * to several people's feeds is one caller to repoint; else the person's feed.
 */
export function feedClient(user: StoredUser, request?: Request): string {
  const agent = request?.headers.get('user-agent')?.trim() ?? '';
  const named = /^([!#$%&'*+.^_`|~\w-]+)(?:\/\S+)?(?:\s+\(([^()]{1,100})\))?/.exec(agent);
  if (named) return (named[2] ?? named[1]!).trim();
  return `${user.name}'s calendar feed`;
}

/** The subscription links of a workspace template's subscribed people (`tenant.integrations.calendarSubscriptions`). */
export function seededFeeds(
  subscriptions: ReadonlyArray<{ personKey: string; token: string }>,
  userIdOf: (personKey: string) => string | undefined,
  at: number,
): CalendarFeedRow[] {
  return subscriptions.flatMap((s) => {
    const userId = userIdOf(s.personKey);
    return userId ? [{ token: s.token, userId, createdAt: at, replacedAt: null }] : [];
  });
}
