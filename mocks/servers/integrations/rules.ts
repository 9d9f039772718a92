// Owns the integrations server's pure rules: what a configured URL and an allow-list address may be, the source
// address of a request (RFC 7239 Forwarded), counting a feed's events (RFC 5545) and a file's rows, when the scheduled
// runs fall on the world clock, and the messages the console and the HRM read.
import { API_CLIENT_RUN_HOUR_UTC, CALENDAR_REFRESH_HOURS, type IntegrationsErrorCode } from '../../../src/contracts/integrations';
import { DAY, HOUR, MINUTE } from '../../../src/domain/clock';
import { fail, ok, type Result } from '../../../src/domain/errors';

export const SESSION_COOKIE = 'integrations_session';
export const SESSION_TTL_MS = 8 * 60 * MINUTE;
/** Longer than any address or key a customer types; a longer one is refused at its field. */
export const MAX_URL_LENGTH = 2048;
export const MAX_API_KEY_LENGTH = 200;
/** A long SMS is split into at most 10 parts of 160 characters by the provider. */
export const MAX_SMS_TEXT = 1600;
export const MAX_REFERENCE = 200;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Redirects an integration follows before it gives up, as HTTP clients bound them (RFC 9110 §15.4). */
export const MAX_REDIRECTS = 5;
/** Run log entries a console page shows. */
export const SHOWN_RUNS = 50;

type Checked<T> = Result<T, IntegrationsErrorCode>;

/** An absolute http(s) URL with a host, as an integration can call it. */
export function checkUrl(value: string, field: string): Checked<string> {
  const trimmed = value.trim();
  const example = 'such as https://api.hrm.test/v1';
  if (trimmed === '') return fail('url_invalid', `Enter the address to call, ${example}.`, field);
  if (trimmed.length > MAX_URL_LENGTH) return fail('url_invalid', `The address is too long (at most ${MAX_URL_LENGTH} characters).`, field);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail('url_invalid', `Enter an absolute address starting with https:// or http://, ${example}.`, field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail('url_invalid', `The address must start with https:// or http://, not ${url.protocol}//.`, field);
  if (url.hostname === '') return fail('url_invalid', `The address has no host name; enter one ${example}.`, field);
  if (url.username !== '' || url.password !== '')
    return fail('url_invalid', 'Leave the user name and password out of the address; the API key is its own field.', field);
  return ok(trimmed);
}

export function checkApiKey(value: string): Checked<string> {
  const trimmed = value.trim();
  if (trimmed === '') return fail('api_key_invalid', 'Enter the API key the HRM gave you for this client.', 'apiKey');
  if (trimmed.length > MAX_API_KEY_LENGTH)
    return fail('api_key_invalid', `The API key is too long (at most ${MAX_API_KEY_LENGTH} characters).`, 'apiKey');
  if (!/^[\x21-\x7e]+$/.test(trimmed))
    return fail('api_key_invalid', 'The API key is letters, digits and punctuation without spaces; paste it again.', 'apiKey');
  return ok(trimmed);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * An IPv4 address in dotted-decimal form (no leading zeros, RFC 6943 §3.1.1) or an IPv6 address (RFC 4291 §2.2), in
 * its canonical text form (RFC 5952: lower case, zeros compressed), so the same address is never listed twice.
 */
export function normalizeAddress(value: string): string | null {
  const trimmed = value.trim();
  if (IPV4.test(trimmed)) return trimmed;
  if (!trimmed.includes(':') || !/^[0-9a-fA-F:.]+$/.test(trimmed)) return null;
  try {
    // The URL parser serialises an IPv6 host canonically (URL Standard §3.5 IPv6 serializer).
    const host = new URL(`http://[${trimmed}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

export function checkAddress(value: string, allowList: readonly string[]): Checked<string> {
  const trimmed = value.trim();
  if (trimmed === '') return fail('address_invalid', 'Enter an IPv4 address such as 198.51.100.189, or an IPv6 address.', 'address');
  if (trimmed.includes('/'))
    return fail('address_invalid', `Enter one address, not a range: “${trimmed.slice(0, 60)}” has a prefix length.`, 'address');
  const address = normalizeAddress(trimmed);
  if (!address)
    return fail(
      'address_invalid',
      `“${trimmed.slice(0, 60)}” is not an IP address. Enter an IPv4 address such as 198.51.100.189, or an IPv6 address such as 2001:db8::1.`,
      'address',
    );
  if (allowList.includes(address)) return fail('address_listed', `${address} is already on the allow-list.`, 'address');
  return ok(address);
}

/**
 * The source address a request names in its first Forwarded element (RFC 7239 §4: the client that made it, ahead of
 * any proxies); null when there is no `for=` or it is not an address ("unknown", an obfuscated "_name", §6).
 */
export function forwardedFor(header: string | null): string | null {
  if (!header) return null;
  const first = header.split(',')[0]!;
  for (const pair of first.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // §6: an IPv6 address is in brackets; either kind may carry a port.
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
    if (bracketed) return normalizeAddress(bracketed[1]!);
    const withPort = /^([^:]+):\d+$/.exec(value);
    return normalizeAddress(withPort ? withPort[1]! : value);
  }
  return null;
}

/** The VEVENT components of an iCalendar stream (RFC 5545 §3.6.1), read after unfolding its lines (§3.1). */
export function countEvents(ics: string): number {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  return unfolded.split(/\r?\n/).filter((line) => line.trim().toUpperCase() === 'BEGIN:VEVENT').length;
}

/** Whether the body is an iCalendar object at all (RFC 5545 §3.4: it begins with BEGIN:VCALENDAR). */
export function isCalendar(ics: string): boolean {
  return /^BEGIN:VCALENDAR\r?$/im.test(ics.trimStart().split('\n')[0] ?? '');
}

/** The next daily run after `now`: API_CLIENT_RUN_HOUR_UTC o'clock, world time. */
export function nextDailyRun(now: number): number {
  const dayStart = Math.floor(now / DAY) * DAY;
  const today = dayStart + API_CLIENT_RUN_HOUR_UTC * HOUR;
  return today > now ? today : today + DAY;
}

/** The next calendar refresh after `now`: every CALENDAR_REFRESH_HOURS hours from midnight UTC. */
export function nextRefresh(now: number): number {
  const period = CALENDAR_REFRESH_HOURS * HOUR;
  return (Math.floor(now / period) + 1) * period;
}

/** A file name the inbox keeps: one path segment of letters, digits, dots, dashes and underscores. */
export function checkFileName(name: string): Checked<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/.test(name) || name.includes('..'))
    return fail(
      'file_name_invalid',
      `“${name.slice(0, 60)}” is not a file name the inbox takes: letters, digits, dots, dashes and underscores, at most 120.`,
      'fileName',
    );
  return ok(name);
}

/** E.164 (ITU-T E.164 §6): a plus and up to 15 digits, the first not 0. */
export const PHONE_NUMBER = /^\+[1-9]\d{6,14}$/;

export const MESSAGES = {
  unauthenticated: 'Sign in to the integrations console first.',
  invalidCredentials: 'The email or password is wrong. Check both and try again.',
  notConfigured: 'No integrations are set up for this customer, so there is nothing to change or run here.',
  notFound: (path: string) => `There is no page at ${path}. Go back to the integrations.`,
  apiNotFound: (method: string, path: string) => `${method} ${path} is not an endpoint of the integrations server.`,
  staleEdit: (name: string, version: number) =>
    `${name} was changed by someone else since you opened this page (it is now at version ${version}). Reload the page to see the change, then make yours again.`,
  messageNotFound: 'There is no such message. Reload the page to see the messages the provider has.',
  alreadyReplied: (reply: string) => `This message was already answered (${reply}). An employee answers a shift request once.`,
  addressNotListed: (address: string) => `${address} is not on the allow-list; reload the page to see the list as it is.`,
  sourceUnknown:
    'The request did not say its source address (no Forwarded: for=…), so the file server cannot check it against its allow-list. Send the source address, or ask the file server’s administrator.',
  sourceNotAllowed: (address: string) =>
    `The source address ${address} is not on the file server's allow-list. Add it under Payroll file server > Allow-list.`,
  emptyFile: 'The file is empty. Send the export with its header line and rows.',
  fileTooLarge: `The file is larger than the inbox takes (${MAX_FILE_BYTES / 1024 / 1024} MB).`,
  toInvalid: 'to: a phone number in international form, such as +46701234567.',
  textInvalid: `text: the message text, 1 to ${MAX_SMS_TEXT} characters.`,
  referenceInvalid: `reference: the sender's reference for the message, 1 to ${MAX_REFERENCE} characters.`,
} as const;
