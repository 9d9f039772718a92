// Owns the HRM's Timeclock (R11, R19): the clocks devices open at the customer's own address until the move and at the
// shared Timeclock host from it, the device login (a session per address: after the move each device logs in again),
// and punches in and out by badge or employee number. Timeclock-only users need no email for any of it (R11).
import Dexie from 'dexie';
import { http, type RequestHandler } from 'msw';
import { z } from 'zod';
import { rolloutPhase } from '../../../machines/rollout';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import {
  DEFAULT_CLOCK,
  OLD_TIMECLOCK_PATH,
  TIMECLOCK_API,
  TIMECLOCK_OLD_API,
  type Punch,
  type TimeclockProblemCode,
  type TimeclockScreen,
} from '../../../src/contracts/timeclock';
import type { PunchedHours } from '../../../src/contracts/hrm';
import type { SetCookie } from '../../../src/contracts/wire';
import { rewriteTimeclockAddress } from '../../../src/domain/timeclock-address';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { verifyPassword } from '../../shared/crypto';
import { json, problem, quoted, readCookie, readJson } from '../../shared/http';
import { route } from '../../shared/route';
import type { PunchRow, StoredUser, TimeclockSessionRow, TimeclockSettingsRow } from './db';
import { now, type HrmEnv } from './env';
import { recordIntegrationCall } from './integration-calls';
import { formatTenantDateTime } from './rules';
import { loadRollout, loadTenant } from './store';

/** The device session's cookie: host-only, so the old address's session is never sent to the new host (R19). */
export const TIMECLOCK_COOKIE = 'timeclock_device';

type Address = TimeclockSessionRow['address'];
type Params = Record<string, string | readonly string[] | undefined>;

/** Which clock a request is for, as its address names it. */
interface ClockAddress {
  address: Address;
  clock: string;
  /** The customer number the address carries; null: none (the old address's first two forms). */
  customerNumber: string | null;
  /** The device's address: the request's URL without the action (…/login, …/punch). */
  base: string;
}

function timeclockProblem(status: number, code: TimeclockProblemCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

function param(params: Params, name: string): string | null {
  const value = params[name];
  return typeof value === 'string' ? value : null;
}

function clockAddress(request: Request, params: Params, address: Address, action: 'screen' | 'login' | 'punch'): ClockAddress {
  const url = new URL(request.url);
  const path = action === 'screen' ? url.pathname.replace(/\/+$/, '') : url.pathname.slice(0, url.pathname.lastIndexOf('/'));
  return {
    address,
    clock: param(params, 'clock') ?? DEFAULT_CLOCK,
    customerNumber: param(params, 'customerNumber'),
    base: `${url.origin}${path}`,
  };
}

async function settingsOf(env: HrmEnv): Promise<TimeclockSettingsRow | null> {
  return (await env.db.timeclock.get('timeclock')) ?? null;
}

async function sessionOf(env: HrmEnv, request: Request, at: ClockAddress): Promise<TimeclockSessionRow | null> {
  const id = readCookie(request, TIMECLOCK_COOKIE);
  const session = id ? await env.db.timeclockSessions.get(id) : undefined;
  return session && session.address === at.address && session.clock === at.clock ? session : null;
}

/**
 * What every Timeclock request passes first: the old address is gone after the move (devices are not forwarded: they
 * are updated by hand, R19), the new one is not in use before it, and an address's customer number must be this
 * customer's. Answers the refusal, or null to go on.
 */
async function refusal(env: HrmEnv, request: Request, at: ClockAddress, settings: TimeclockSettingsRow | null): Promise<Response | null> {
  const rollout = await loadRollout(env.db);
  const moved = rolloutPhase(rollout) === 'activation';
  if (at.address === 'old' && moved) {
    const session = await sessionOf(env, request, at);
    await recordIntegrationCall(env, {
      kind: 'timeclock',
      client: session?.device ?? `A device at ${new URL(at.base).pathname}`,
      address: 'old',
      path: request.url,
      outcome: 'refused',
    });
    const rewritten = rewriteTimeclockAddress(at.base, {
      host: HRM_NEW_ORIGINS.timeclock,
      customerNumber: settings?.customerNumber ?? null,
    });
    const next = rewritten.ok ? rewritten.value.url : `${HRM_NEW_ORIGINS.timeclock}/<clock>/<customer number>`;
    return timeclockProblem(
      410,
      'timeclock_moved',
      `This Timeclock address is no longer in use: the Timeclock has moved to ${next}. Enter the new address in the device’s settings and log in again on the device.`,
    );
  }
  if (at.address === 'new' && !moved) {
    const activationAt = rollout.context.activationAt;
    return timeclockProblem(
      409,
      'timeclock_not_in_use',
      `${new URL(HRM_NEW_ORIGINS.timeclock).host} is not in use for this customer yet: it is from the move${
        activationAt === null ? '' : ` on ${formatTenantDateTime(activationAt)}`
      }. Until then the device keeps its address under ${new URL(ORIGINS.hrm).host}${OLD_TIMECLOCK_PATH}.`,
    );
  }
  if (settings === null) return timeclockProblem(404, 'unknown_customer', 'This customer has no Timeclock set up.');
  if (at.customerNumber !== null && at.customerNumber !== settings.customerNumber)
    return timeclockProblem(
      404,
      'unknown_customer',
      `No customer has the number ${quoted(at.customerNumber, 20)} here: check the customer number at the end of the device’s address.`,
    );
  return null;
}

async function screen(env: HrmEnv, request: Request, at: ClockAddress, settings: TimeclockSettingsRow): Promise<TimeclockScreen> {
  const session = await sessionOf(env, request, at);
  return {
    clock: at.clock,
    customerNumber: settings.customerNumber,
    tenantName: (await loadTenant(env.db)).name,
    device: session?.device ?? null,
  };
}

async function openClock(env: HrmEnv, request: Request, at: ClockAddress): Promise<Response> {
  const settings = await settingsOf(env);
  const refused = await refusal(env, request, at, settings);
  if (refused) return refused;
  return json<TimeclockScreen>(await screen(env, request, at, settings!));
}

const LoginBody = z.object({ username: z.string(), password: z.string(), deviceName: z.string() });

/** The longest device name: enough for "Warehouse kiosk, loading bay 3". */
const DEVICE_NAME_LIMIT = 60;

async function logIn(env: HrmEnv, request: Request, at: ClockAddress): Promise<Response> {
  const settings = await settingsOf(env);
  const refused = await refusal(env, request, at, settings);
  if (refused) return refused;
  const body = await readJson(request, LoginBody);
  const username = body.username.trim();
  const deviceName = body.deviceName.trim();
  if (username.length === 0) return timeclockProblem(422, 'invalid_request', 'Enter the Timeclock user’s name', 'username');
  if (body.password.length === 0) return timeclockProblem(422, 'invalid_request', 'Enter the Timeclock user’s password', 'password');
  if (deviceName.length === 0) return timeclockProblem(422, 'invalid_request', 'Name this device, e.g. Factory clock', 'deviceName');
  if (deviceName.length > DEVICE_NAME_LIMIT)
    return timeclockProblem(422, 'invalid_request', `A device name has at most ${DEVICE_NAME_LIMIT} characters`, 'deviceName');
  const user = settings!.user;
  const valid =
    user !== null && user.username.toLowerCase() === username.toLowerCase() && (await verifyPassword(body.password, user.password));
  if (!valid)
    return timeclockProblem(
      401,
      'invalid_credentials',
      user === null
        ? 'This customer has no Timeclock user: devices cannot log in.'
        : 'The Timeclock user’s name or password is wrong. The HRM administrator has them.',
      'password',
    );
  const session: TimeclockSessionRow = {
    id: `tcs_${env.ctx.random.hex(16)}`,
    address: at.address,
    clock: at.clock,
    device: deviceName,
    createdAt: now(env),
  };
  await env.db.timeclockSessions.put(session);
  await recordIntegrationCall(env, { kind: 'timeclock', client: deviceName, address: at.address, path: request.url, outcome: 'ok' });
  const cookie: SetCookie = { name: TIMECLOCK_COOKIE, value: session.id, path: '/' };
  return json<TimeclockScreen>(
    { clock: at.clock, customerNumber: settings!.customerNumber, tenantName: (await loadTenant(env.db)).name, device: deviceName },
    { cookies: [cookie] },
  );
}

const PunchBody = z.object({ badge: z.string().optional(), employeeNumber: z.string().optional() });

/** Badges are read as hexadecimal tag ids: the reader's letter case and spaces do not matter. */
export function normalizeBadge(badge: string): string {
  return badge.replace(/\s+/g, '').toUpperCase();
}

function findBy(users: Iterable<StoredUser>, match: (user: StoredUser) => boolean): StoredUser | null {
  for (const user of users) if (match(user)) return user;
  return null;
}

async function punch(env: HrmEnv, request: Request, at: ClockAddress): Promise<Response> {
  const settings = await settingsOf(env);
  const refused = await refusal(env, request, at, settings);
  if (refused) return refused;
  const session = await sessionOf(env, request, at);
  if (!session)
    return timeclockProblem(
      401,
      'device_login_required',
      'This device is not logged in to this clock: log in on the device with the Timeclock user first.',
    );
  const body = await readJson(request, PunchBody);
  const badge = normalizeBadge(body.badge ?? '');
  const employeeNumber = (body.employeeNumber ?? '').trim();
  if (badge.length > 0 && employeeNumber.length > 0)
    return timeclockProblem(422, 'invalid_request', 'Punch with a badge or an employee number, not both', 'employeeNumber');
  if (badge.length === 0 && employeeNumber.length === 0)
    return timeclockProblem(422, 'invalid_request', 'Hold your badge to the reader or type your employee number', 'badge');

  const directory = await env.directory();
  const user =
    badge.length > 0
      ? findBy(directory.all(), (u) => u.badge !== undefined && normalizeBadge(u.badge) === badge)
      : findBy(directory.all(), (u) => u.employeeNumber === employeeNumber);
  if (!user)
    return badge.length > 0
      ? timeclockProblem(
          404,
          'unknown_badge',
          `Badge ${quoted(badge, 24)} is not registered to anyone: ask your manager to register it.`,
          'badge',
        )
      : timeclockProblem(
          404,
          'unknown_employee_number',
          `No employee has the number ${quoted(employeeNumber, 24)}: check the number on your payslip.`,
          'employeeNumber',
        );
  if (user.employments.length === 0)
    return timeclockProblem(409, 'no_employment', `${user.name} has no employment to punch for: ask your manager.`, 'badge');

  const row: PunchRow = {
    userId: user.id,
    at: now(env),
    direction: 'in',
    clock: at.clock,
    device: session.device,
    by: badge.length > 0 ? 'badge' : 'employeeNumber',
    address: at.address,
  };
  await env.db.transaction('rw', env.db.punches, async () => {
    const last = await env.db.punches.where('[userId+at]').between([user.id, Dexie.minKey], [user.id, Dexie.maxKey]).last();
    row.direction = last?.direction === 'in' ? 'out' : 'in';
    row.id = await env.db.punches.add(row);
  });
  await recordIntegrationCall(env, { kind: 'timeclock', client: session.device, address: at.address, path: request.url, outcome: 'ok' });
  return json<Punch>(
    {
      id: row.id!,
      name: user.name,
      employeeNumber: user.employeeNumber,
      direction: row.direction,
      at: row.at,
      clock: row.clock,
      device: row.device,
    },
    { status: 201 },
  );
}

/**
 * Payroll preparation (R12): per person, the hours from each punch in to the punch out after it, for the shifts that
 * start in the world's current month. Punches at the old address and the new one count alike, so a shift that spans
 * the move counts whole.
 */
export async function punchedHours(env: HrmEnv): Promise<PunchedHours> {
  const at = new Date(now(env));
  const from = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const to = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  const period = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  const punches = await env.db.punches.where('at').aboveOrEqual(from).toArray();
  const open = new Map<string, number>();
  const totals = new Map<string, { ms: number; punches: number }>();
  for (const p of punches.sort((a, b) => a.at - b.at || a.id! - b.id!)) {
    const total = totals.get(p.userId) ?? { ms: 0, punches: 0 };
    if (p.direction === 'in') {
      if (p.at >= to) continue;
      open.set(p.userId, p.at);
      total.punches++;
    } else {
      const since = open.get(p.userId);
      if (since === undefined) continue;
      open.delete(p.userId);
      total.ms += p.at - since;
      total.punches++;
    }
    totals.set(p.userId, total);
  }
  const directory = await env.directory();
  const people: PunchedHours['people'] = [];
  for (const [userId, total] of totals) {
    const user = directory.get(userId);
    if (!user) continue;
    people.push({
      userId,
      name: user.name,
      employeeNumber: user.employeeNumber,
      hours: Math.round((total.ms / 3_600_000) * 100) / 100,
      punches: total.punches,
    });
  }
  people.sort((a, b) => a.name.localeCompare(b.name));
  return { period, people };
}

/** The Timeclock's routes at both addresses, and the new host's answer to an address without a customer number. */
export function timeclockHandlers(env: HrmEnv): RequestHandler[] {
  const at =
    (address: Address, action: 'screen' | 'login' | 'punch') =>
    ({ request, params }: { request: Request; params: Params }) => {
      const where = clockAddress(request, params, address, action);
      return action === 'screen'
        ? openClock(env, request, where)
        : action === 'login'
          ? logIn(env, request, where)
          : punch(env, request, where);
    };
  const old = TIMECLOCK_OLD_API;
  const moved = TIMECLOCK_API;
  return [
    refuseCrossSiteChanges({ origin: HRM_NEW_ORIGINS.timeclock, name: 'the Timeclock' }),
    // Logins and punches before screens: "/Timeclock/login" is no clock named "login" for a POST.
    route(old.oldLogin, at('old', 'login')),
    route(old.oldClockLogin, at('old', 'login')),
    route(old.oldCustomerClockLogin, at('old', 'login')),
    route(old.oldPunch, at('old', 'punch')),
    route(old.oldClockPunch, at('old', 'punch')),
    route(old.oldCustomerClockPunch, at('old', 'punch')),
    route(old.oldScreen, at('old', 'screen')),
    route(old.oldClockScreen, at('old', 'screen')),
    route(old.oldCustomerClockScreen, at('old', 'screen')),
    route(moved.deviceLogin, at('new', 'login')),
    route(moved.punch, at('new', 'punch')),
    route(moved.screen, at('new', 'screen')),
    route(moved.clockWithoutCustomer, ({ request }) => {
      const base = new URL(request.url);
      return timeclockProblem(
        404,
        'customer_number_needed',
        `This address needs the customer number at its end: ${base.origin}${base.pathname.replace(/\/+$/, '')}/<customer number>.`,
      );
    }),
    http.all(`${HRM_NEW_ORIGINS.timeclock}/*`, ({ request }) =>
      timeclockProblem(
        404,
        'customer_number_needed',
        `${new URL(request.url).pathname} is not a Timeclock address: it is ${HRM_NEW_ORIGINS.timeclock}/<clock>/<customer number>.`,
      ),
    ),
  ];
}
