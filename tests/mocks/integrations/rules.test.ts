// The integrations server's pure rules: the source address of a Forwarded header (RFC 7239), IP addresses in canonical
// form, counting a feed's events against an independent iCalendar parser (RFC 5545), and the schedule on the world clock.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  checkUrl,
  countEvents,
  forwardedFor,
  isCalendar,
  nextDailyRun,
  nextRefresh,
  normalizeAddress,
} from '../../../mocks/servers/integrations/rules';
import { schedule } from './stand-in-hrm';

describe('forwardedFor (RFC 7239 §4, §6)', () => {
  it.for([
    ['for=192.0.2.24', '192.0.2.24'],
    ['For="192.0.2.24:8080"', '192.0.2.24'],
    ['for="[2001:DB8::17]:4711";proto=https', '2001:db8::17'],
    ['for=198.51.100.189;by=203.0.113.1, for=203.0.113.9', '198.51.100.189'],
    ['proto=https; for=192.0.2.24', '192.0.2.24'],
    ['for=unknown', null],
    ['for=_gazonk', null],
    ['for=2001:db8::17', '2001:db8::17'],
    ['by=203.0.113.1', null],
    ['', null],
  ] as Array<[string, string | null]>)('%s → %s', ([header, expected]) => {
    expect(forwardedFor(header)).toBe(expected);
  });
});

describe('normalizeAddress', () => {
  it('keeps dotted-decimal IPv4 and writes IPv6 in its RFC 5952 form; refuses anything else', () => {
    expect(normalizeAddress(' 198.51.100.189 ')).toBe('198.51.100.189');
    expect(normalizeAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeAddress('::ffff:192.0.2.24')).toBe('::ffff:c000:218');
    for (const bad of ['256.1.1.1', '01.2.3.4', '1.2.3', 'hrm.test', '2001:db8:::1', '[2001:db8::1]', '1.2.3.4:80'])
      expect(normalizeAddress(bad)).toBeNull();
  });
});

describe('countEvents (RFC 5545 §3.6.1)', () => {
  it.for([0, 1, 4])('counts the %i VEVENTs of a feed as ical.js reads them, through folded lines', (n) => {
    const feed = schedule(n);
    const parsed = new ICAL.Component(ICAL.parse(feed));
    expect(countEvents(feed)).toBe(parsed.getAllSubcomponents('vevent').length);
    expect(isCalendar(feed)).toBe(true);
  });

  it('does not count a BEGIN:VEVENT that is the folded continuation of another line, nor VTODOs', () => {
    const feed = ['BEGIN:VCALENDAR', 'DESCRIPTION:see', ' BEGIN:VEVENT', 'BEGIN:VTODO', 'END:VTODO', 'END:VCALENDAR'].join('\r\n');
    expect(countEvents(feed)).toBe(0);
    expect(isCalendar('<html>Sign in</html>')).toBe(false);
  });
});

describe('the schedule', () => {
  it('runs the export at the next 06:00 UTC and refreshes calendars at the next 6-hour mark, never at the moment itself', () => {
    expect(nextDailyRun(Date.UTC(2026, 2, 2, 5, 59))).toBe(Date.UTC(2026, 2, 2, 6));
    expect(nextDailyRun(Date.UTC(2026, 2, 2, 6))).toBe(Date.UTC(2026, 2, 3, 6));
    expect(nextRefresh(Date.UTC(2026, 2, 2, 8))).toBe(Date.UTC(2026, 2, 2, 12));
    expect(nextRefresh(Date.UTC(2026, 2, 2, 18))).toBe(Date.UTC(2026, 2, 3, 0));
  });
});

describe('checkUrl', () => {
  it('takes absolute http and https addresses with a host', () => {
    expect(checkUrl(' https://api.hrm.test/v1 ', 'baseUrl')).toEqual({ ok: true, value: 'https://api.hrm.test/v1' });
    expect(checkUrl('http://192.0.2.24:8080/api', 'baseUrl').ok).toBe(true);
    for (const bad of ['', 'api.hrm.test', 'mailto:it@company.com', 'file:///etc/passwd', 'https://', `https://a.test/${'x'.repeat(2048)}`])
      expect(checkUrl(bad, 'baseUrl')).toMatchObject({ ok: false, problem: { code: 'url_invalid', field: 'baseUrl' } });
  });
});
