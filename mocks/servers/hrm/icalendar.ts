// Owns writing iCalendar (RFC 5545) for the schedule feed: a VCALENDAR of VEVENTs with UTC times, TEXT escaped,
// content lines folded at 75 octets without splitting a UTF-8 character, CRLF line ends. Pure.

export interface CalendarEvent {
  uid: string;
  /** World time (epoch ms) the feed was produced: DTSTAMP (§3.8.7.2, with METHOD it is when the object was created). */
  stamp: number;
  start: number;
  end: number;
  summary: string;
  location: string;
  description: string;
}

export interface CalendarDocument {
  /** §3.7.3: who made it, as "-//Company//Product//EN". */
  prodId: string;
  /** The calendar's name as apps show it (X-WR-CALNAME, the de-facto extension every calendar app reads). */
  name: string;
  /** The zone the events are meant in, for apps that show it (X-WR-TIMEZONE); the times themselves are UTC. */
  timeZone: string;
  events: CalendarEvent[];
}

/** §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** §3.3.5 form #2, UTC: 19980119T070000Z. */
export function utcDateTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const encoder = new TextEncoder();
const LINE_OCTETS = 75;

/**
 * §3.1: a content line longer than 75 octets is split with CRLF and one space; the space counts on the continuation
 * line. Splits fall between characters (code points), never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? LINE_OCTETS : LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The whole calendar object, each content line folded and ended with CRLF. */
export function writeCalendar(doc: CalendarDocument): string {
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${doc.prodId}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(doc.name)}`,
    `X-WR-TIMEZONE:${doc.timeZone}`,
  ];
  for (const event of doc.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utcDateTime(event.stamp)}`,
      `DTSTART:${utcDateTime(event.start)}`,
      `DTEND:${utcDateTime(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `LOCATION:${escapeText(event.location)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
