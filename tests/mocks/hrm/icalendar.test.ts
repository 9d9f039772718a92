// The HRM's iCalendar writer (RFC 5545), read back by an independent parser (ical.js): escaping of TEXT, folding of
// long lines at 75 octets without splitting a UTF-8 character, CRLF line ends, UTC times.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, utcDateTime, writeCalendar } from '../../../mocks/servers/hrm/icalendar';

// RFC 5545 §3.8.8.2: an X- property is TEXT unless it says otherwise; ical.js reads unknown ones raw unless told.
(ICAL.design.defaultSet.property as Record<string, { defaultType: string }>)['x-wr-calname'] = { defaultType: 'text' };

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('foldLine', () => {
  it('leaves a line of 75 octets as it is and folds the 76th onto a line starting with a space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('never splits a UTF-8 character, and no physical line exceeds 75 octets', () => {
    const line = `DESCRIPTION:${'åäö–€😀'.repeat(30)}`;
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) expect(octets(physical)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((l, i) => (i === 0 ? l : l.slice(1)))
        .join(''),
    ).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and line breaks (§3.3.11)', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
});

describe('writeCalendar', () => {
  const start = Date.UTC(2026, 2, 16, 5, 0);
  const text = writeCalendar({
    prodId: '-//Test//Feed//EN',
    name: 'Anna, schedule; week 12',
    timeZone: 'Europe/Stockholm',
    events: [
      {
        uid: 'usr_1-2026-03-16@hrm.test',
        stamp: Date.UTC(2026, 2, 2, 8),
        start,
        end: start + 8 * 3_600_000,
        summary: 'Early shift: Payroll Specialist',
        location: 'Demo Company, Finance; floor 2',
        description: `Line one\nLine two with a backslash \\ and a long tail ${'–lång '.repeat(20)}`,
      },
    ],
  });

  it('ends every line with CRLF and keeps every line within 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('parses back to the same calendar and event, with escapes and folds undone', () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Test//Feed//EN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Anna, schedule; week 12');
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('usr_1-2026-03-16@hrm.test');
    expect(event.startDate.toJSDate().getTime()).toBe(start);
    expect(event.endDate.toJSDate().getTime()).toBe(start + 8 * 3_600_000);
    expect(event.location).toBe('Demo Company, Finance; floor 2');
    expect(event.description).toBe(`Line one\nLine two with a backslash \\ and a long tail ${'–lång '.repeat(20)}`);
    expect(vevent!.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-02T08:00:00Z');
  });

  it('writes UTC date-times as §3.3.5 form #2', () => {
    expect(utcDateTime(Date.UTC(1998, 0, 19, 7, 0, 0))).toBe('19980119T070000Z');
  });
});
