// Owns the pure rules of schedules and shift requests: the tenant's local time (Europe/Stockholm), each employee's
// planned shifts drawn from their id (the same every time, so a feed's events keep their UIDs), checking an offered
// shift field by field, reading an SMS reply, and the words of mails, texts and refusals (R18).
import type { OfferShiftRequest, ScheduledShift, ShiftErrorCode } from '../../../src/contracts/hrm-shifts';
import type { StoredUser } from './db';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Europe/Stockholm's offset from UTC at a moment: +2 h in summer time, +1 h otherwise. EU summer time runs from the
 * last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (Directive 2000/84/EC, Articles 2 and 3).
 */
export function stockholmOffset(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = Date.UTC(year, month + 1, 0, 1);
    return last - new Date(last).getUTCDay() * DAY;
  };
  return ms >= lastSunday(2) && ms < lastSunday(9) ? 2 * HOUR : HOUR;
}

/** The world time of a local date and time in Europe/Stockholm. */
export function stockholmToUtc(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const local = Date.UTC(y, m - 1, d, hh, mm);
  const guess = local - HOUR;
  return local - stockholmOffset(guess);
}

/** The local date (YYYY-MM-DD) in Europe/Stockholm at a world time. */
export function stockholmDate(ms: number): string {
  return new Date(ms + stockholmOffset(ms)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the week of `date` (ISO 8601 weeks start on Monday). */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Monday 16 March 2026": spelled out here, so it reads the same whatever the runtime's locale data. */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** FNV-1a, 32 bits: a stable number from text, so a person's schedule is the same on every read. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

interface ShiftPattern {
  kind: string;
  startTime: string;
  endTime: string;
}

const EARLY: ShiftPattern = { kind: 'Early shift', startTime: '06:00', endTime: '14:00' };
const DAY_SHIFT: ShiftPattern = { kind: 'Day shift', startTime: '08:00', endTime: '16:30' };
const LATE: ShiftPattern = { kind: 'Late shift', startTime: '14:00', endTime: '22:00' };

/** Departments that run early and late shifts; the others work days. */
const SHIFT_DEPARTMENTS = new Set(['Logistics', 'Facilities', 'Operations']);

/** How many weeks a schedule shows, from the Monday of this week. */
export const SCHEDULE_WEEKS = 8;

export function shiftLocation(tenantName: string, department: string): string {
  return `${tenantName}, ${department}`;
}

/**
 * The planned shifts of `user` from `from` (a Monday) for SCHEDULE_WEEKS weeks: weekdays, about one in seven off,
 * drawn from the user's id and the date. Employments on leave have none.
 */
export function plannedShifts(user: StoredUser, tenantName: string, from: string): ScheduledShift[] {
  const employment = user.employments.find((e) => e.status === 'active');
  if (!employment) return [];
  const shifts: ScheduledShift[] = [];
  for (let i = 0; i < SCHEDULE_WEEKS * 7; i++) {
    const date = addDays(from, i);
    if (i % 7 >= 5) continue;
    const h = hash(`${user.id}|${date}`);
    if (h % 7 === 0) continue;
    const patterns = SHIFT_DEPARTMENTS.has(employment.department) ? [EARLY, DAY_SHIFT, LATE] : [DAY_SHIFT];
    const pattern = patterns[(h >>> 8) % patterns.length]!;
    shifts.push(shiftOf(`${user.id}-${date}`, date, pattern, employment.title, employment.department, tenantName));
  }
  return shifts;
}

export function shiftOf(
  id: string,
  date: string,
  pattern: ShiftPattern,
  title: string,
  department: string,
  tenantName: string,
): ScheduledShift {
  const start = stockholmToUtc(date, pattern.startTime);
  let end = stockholmToUtc(date, pattern.endTime);
  if (end <= start) end = stockholmToUtc(addDays(date, 1), pattern.endTime);
  return {
    id,
    date,
    startTime: pattern.startTime,
    endTime: pattern.endTime,
    start,
    end,
    kind: pattern.kind,
    title,
    department,
    location: shiftLocation(tenantName, department),
  };
}

export const OPEN_SHIFT_KIND = 'Open shift';

export interface OfferProblem {
  code: ShiftErrorCode;
  field: keyof OfferShiftRequest;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/** How far ahead a shift may be offered. */
export const OFFER_DAYS_AHEAD = 365;

/**
 * The first thing wrong with an offered shift, field by field in the form's order, or null. `departments` are those
 * with employees, `reachable` those with someone a request can reach.
 */
export function offerProblem(
  input: OfferShiftRequest,
  now: number,
  departments: readonly string[],
  reachable: readonly string[],
): OfferProblem | null {
  const date = input.date.trim();
  if (!isRealDate(date))
    return { code: 'date_invalid', field: 'date', message: `Enter the shift's date as a date (YYYY-MM-DD), not “${input.date}”.` };
  const today = stockholmDate(now);
  if (date < today) return { code: 'date_in_past', field: 'date', message: `The date has passed: offer a shift from today (${today}) on.` };
  if (date > addDays(today, OFFER_DAYS_AHEAD))
    return {
      code: 'date_invalid',
      field: 'date',
      message: `Offer shifts at most a year ahead (until ${addDays(today, OFFER_DAYS_AHEAD)}).`,
    };
  for (const field of ['startTime', 'endTime'] as const) {
    const label = field === 'startTime' ? 'start' : 'end';
    if (!TIME.test(input[field].trim()))
      return { code: 'time_invalid', field, message: `Enter the ${label} time as hours and minutes (HH:MM, 00:00–23:59).` };
  }
  if (input.endTime.trim() <= input.startTime.trim())
    return { code: 'end_before_start', field: 'endTime', message: 'The shift must end after it starts, on the same day.' };
  if (date === today && stockholmToUtc(date, input.startTime.trim()) <= now)
    return {
      code: 'date_in_past',
      field: 'startTime',
      message: 'This shift has already started: choose a later start time or another day.',
    };
  const department = input.department.trim();
  if (department === '')
    return { code: 'department_required', field: 'department', message: 'Choose the department to offer the shift to.' };
  const known = departments.find((d) => d.toLowerCase() === department.toLowerCase());
  if (!known)
    return {
      code: 'department_unknown',
      field: 'department',
      message: `There is no department “${department}”: choose one of ${departments.join(', ')}.`,
    };
  if (!reachable.includes(known))
    return {
      code: 'department_unreachable',
      field: 'department',
      message: `No one in ${known} has an email or a mobile number to send the request to.`,
    };
  return null;
}

/** An SMS reply: YES or NO, any case, spaces around ignored; null when it is neither. */
export function smsAnswer(text: string): 'accepted' | 'declined' | null {
  const word = text.trim().toUpperCase();
  return word === 'YES' ? 'accepted' : word === 'NO' ? 'declined' : null;
}

/** Mobile numbers compared as digits with a leading +, so "+46 70-123 45 01" is "+46701234501". */
export function normalizeMobile(value: string): string {
  const digits = value.replace(/[^\d+]/g, '');
  return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
}

export const SHIFT_MAIL_FROM = { from: 'no-reply@hrm.test', fromName: 'HRM' } as const;

export function shiftMailSubject(req: { date: string; startTime: string; endTime: string; department: string }): string {
  return `Open shift: ${longDate(req.date)}, ${req.startTime}–${req.endTime} (${req.department})`;
}

export function shiftMailText(
  name: string,
  req: { date: string; startTime: string; endTime: string; department: string },
  link: string,
  sender: string,
  tenant: string,
): string {
  return [
    `Hi ${name},`,
    '',
    `An open shift is offered to ${req.department}:`,
    '',
    `${longDate(req.date)}, ${req.startTime}–${req.endTime}`,
    '',
    `Accept or decline it here: ${link}`,
    '',
    'The first to accept gets the shift.',
    '',
    `${sender}, ${tenant}`,
  ].join('\n');
}

export function shiftSmsText(req: { date: string; startTime: string; endTime: string; department: string }, tenant: string): string {
  return `${tenant}: open shift ${longDate(req.date)} ${req.startTime}-${req.endTime} (${req.department}). Reply YES to take it or NO to decline.`;
}
