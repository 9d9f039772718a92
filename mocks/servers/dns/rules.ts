// Owns the DNS provider's pure rules: what a host, a record value, a TTL and a website path may be; which records may
// stand together at one name (RFC 1034 §3.6.2, RFC 2181 §10.1); when a change reaches resolvers (propagation); and
// what a resolver answers for a name and type (RFC 1035: records, TTL, NXDOMAIN versus no records).
import {
  DEFAULT_TTL,
  MAX_TTL,
  MIN_TTL,
  RCODE,
  RECORD_TYPES,
  RR_TYPE_CODES,
  type DeletedRecord,
  type DnsErrorCode,
  type DnsRecord,
  type RecordType,
  type ResolveAnswer,
} from '../../../src/contracts/dns';
import { MINUTE } from '../../../src/domain/clock';
import { fail, ok, type Result } from '../../../src/domain/errors';
import type { ChangeRow, RecordRow } from './db';

export const SESSION_COOKIE = 'dns_session';
export const SESSION_TTL_MS = 8 * 60 * MINUTE;
export const APEX = '@';
/** RFC 1035 §2.3.4: 63 octets a label, 255 a name (253 characters in text without the trailing dot). */
const MAX_LABEL = 63;
const MAX_NAME = 253;
/** Letters, digits and hyphens (RFC 1123 §2.1), and underscores, which service labels such as _dmarc use (RFC 8552). */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
/** A TXT record is one or more strings of 255 octets (RFC 1035 §3.3.14); the console splits nothing, so it caps it. */
const MAX_TXT_LENGTH = 1024;
export const MAX_FILE_BYTES = 64 * 1024;
const MAX_PATH = 200;
/** CNAME chains a resolver follows before giving up (RFC 1034 §5.3.3 asks resolvers to bound them). */
const MAX_CNAME_HOPS = 8;

type DnsResult<T> = Result<T, DnsErrorCode>;

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The full name of a host in a zone: "@" is the zone itself. */
export function fullName(host: string, zone: string): string {
  return host === APEX ? zone : `${host}.${zone}`;
}

function checkLabels(name: string, field: string, what: string): DnsResult<string> {
  if (name.length > MAX_NAME) return fail('host_invalid', `${what} is too long (at most ${MAX_NAME} characters)`, field);
  for (const label of name.split('.')) {
    if (label.length === 0) return fail('host_invalid', `${what} has an empty part between dots`, field);
    if (label.length > MAX_LABEL)
      return fail('host_invalid', `Each part of ${what.toLowerCase()} has at most ${MAX_LABEL} characters`, field);
    if (!LABEL.test(label))
      return fail(
        'host_invalid',
        `${what} may only contain letters, digits, hyphens and underscores between dots (not at the start or end of a part)`,
        field,
      );
  }
  return ok(name);
}

/** A full domain name a resolver is asked about, lower case and without the trailing dot. */
export function parseName(input: string, field = 'name'): DnsResult<string> {
  const name = normalizeName(input);
  if (name.length === 0) return fail('host_invalid', 'Enter a name to look up, e.g. company.com', field);
  return checkLabels(name, field, 'The name');
}

/**
 * A host typed in the console, relative to the zone: "@" for the domain itself, or "www", "_connect-verify". The full
 * domain typed as the host is refused, with the host to type instead: registrars append the zone, and
 * "company.com.company.com" is the classic mistake behind "record not found".
 */
export function parseHost(input: string, zone: string, field = 'host'): DnsResult<{ host: string; name: string }> {
  const typed = input.trim().toLowerCase();
  if (typed.length === 0) return fail('host_invalid', `Enter a host: @ for ${zone} itself, or a name such as www`, field);
  if (typed === APEX) return ok({ host: APEX, name: zone });
  if (typed.includes('*')) return fail('host_invalid', 'Wildcard records (*) are not offered by this console', field);
  const bare = typed.replace(/\.$/, '');
  if (bare === zone) return fail('host_is_zone', `For ${zone} itself, enter @ as the host`, field);
  if (bare.endsWith(`.${zone}`)) {
    const relative = bare.slice(0, -(zone.length + 1));
    return fail('host_is_zone', `Enter only the part before ${zone}: “${relative}” (the console adds .${zone} itself)`, field);
  }
  const checked = checkLabels(bare, field, 'The host');
  if (!checked.ok) return checked;
  const name = fullName(bare, zone);
  if (name.length > MAX_NAME) return fail('host_invalid', `The host is too long for ${zone}`, field);
  return ok({ host: bare, name });
}

export function parseType(input: string, field = 'type'): DnsResult<RecordType> {
  const type = input.trim().toUpperCase();
  return (RECORD_TYPES as readonly string[]).includes(type)
    ? ok(type as RecordType)
    : fail('type_unsupported', `Choose a record type: ${RECORD_TYPES.join(' or ')}`, field);
}

/** A TXT value without its surrounding quotes (many people paste them), or a CNAME target without its trailing dot. */
export function parseValue(type: RecordType, input: string, field = 'value'): DnsResult<string> {
  if (type === 'TXT') {
    let value = input.trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.length === 0) return fail('value_required', 'Enter the text of the record', field);
    if (value.length > MAX_TXT_LENGTH) return fail('value_invalid', `The text is too long (at most ${MAX_TXT_LENGTH} characters)`, field);
    if (/[\u0000-\u001f\u007f]/.test(value))
      return fail('value_invalid', 'The text cannot contain line breaks or other control characters', field);
    return ok(value);
  }
  const target = normalizeName(input);
  if (target.length === 0) return fail('value_required', 'Enter the host name the record points to, e.g. target.example.com', field);
  if (/^[a-z]+:\/\//.test(target) || target.includes('/') || target.includes('@'))
    return fail('value_invalid', 'A CNAME points to a host name only: no https://, path or @', field);
  if (!target.includes('.'))
    return fail('value_invalid', `“${target}” needs a dot: enter the full host name, e.g. target.example.com`, field);
  const checked = checkLabels(target, field, 'The target');
  return checked.ok ? ok(target) : fail('value_invalid', checked.problem.message, field);
}

/** undefined is the default; null is something typed that is not a number. */
export function parseTtl(input: number | null | undefined, field = 'ttl'): DnsResult<number> {
  if (input === undefined) return ok(DEFAULT_TTL);
  if (input === null || !Number.isInteger(input) || input < MIN_TTL || input > MAX_TTL)
    return fail('ttl_invalid', `The TTL is a whole number of seconds from ${MIN_TTL} to ${MAX_TTL} (${DEFAULT_TTL} is usual)`, field);
  return ok(input);
}

export interface RecordCandidate {
  host: string;
  name: string;
  type: RecordType;
  value: string;
}

/**
 * Whether `candidate` may join the records already at its name (`others`, the record being edited left out).
 * RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME is the only record at its name, and the apex always has SOA and NS records.
 */
export function checkCoexistence(candidate: RecordCandidate, zone: string, others: readonly RecordRow[]): DnsResult<null> {
  const here = others.filter((r) => r.name === candidate.name);
  if (candidate.type === 'CNAME') {
    if (candidate.host === APEX)
      return fail(
        'cname_at_apex',
        `A CNAME record cannot be at ${zone} itself (@), which has other records. Use a TXT record, or a host such as _connect-verify.`,
        'host',
      );
    if (here.length > 0)
      return fail(
        'cname_conflict',
        `${candidate.name} already has ${describe(here)}: a CNAME record must be the only record at its host`,
        'host',
      );
    if (candidate.value === candidate.name) return fail('value_invalid', 'A CNAME record cannot point to itself', 'value');
    return ok(null);
  }
  const cname = here.find((r) => r.type === 'CNAME');
  if (cname)
    return fail('cname_conflict', `${candidate.name} has a CNAME record (to ${cname.value}): no other record can be at this host`, 'host');
  if (here.some((r) => r.type === candidate.type && r.value === candidate.value))
    return fail('record_exists', `${candidate.name} already has this ${candidate.type} record`, 'value');
  return ok(null);
}

function describe(records: readonly RecordRow[]): string {
  const types = [...new Set(records.map((r) => r.type))];
  return types.length === 1 ? `a ${types[0]} record` : `${types.join(' and ')} records`;
}

/**
 * When a change reaches resolvers. Resolvers keep an answer for its TTL: a changed or deleted record is seen as it was
 * until the TTL it was served with has passed; a new record is seen once its own TTL has passed (standing in for the
 * time resolvers keep "no such record", the zone's negative-caching TTL, RFC 2308). Exact: seen at 300 s, not 299.999 s.
 */
export function visibleAfter(at: number, ttlSeconds: number): number {
  return at + ttlSeconds * 1000;
}

export interface VisibleRecord {
  recordId: string;
  name: string;
  type: RecordType;
  value: string;
  ttl: number;
}

/** What resolvers see at world time `now`: per record and name, its newest change that has propagated. */
export function visibleRecords(changes: readonly ChangeRow[], now: number): VisibleRecord[] {
  const latest = new Map<string, ChangeRow>();
  for (const change of changes) {
    if (change.visibleAt > now) continue;
    const key = `${change.recordId} ${change.name}`;
    const seen = latest.get(key);
    if (!seen || (change.seq ?? 0) > (seen.seq ?? 0)) latest.set(key, change);
  }
  const visible: VisibleRecord[] = [];
  for (const change of latest.values()) {
    if (change.value !== null)
      visible.push({ recordId: change.recordId, name: change.name, type: change.type, value: change.value, ttl: change.ttl });
  }
  return visible.sort((a, b) => (a.name === b.name ? a.value.localeCompare(b.value) : a.name.localeCompare(b.name)));
}

/** The zone of the provider that holds `name`: the longest zone name equal to it or a suffix of it. */
export function zoneOf(name: string, zones: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const zone of zones) {
    if ((name === zone || name.endsWith(`.${zone}`)) && (!best || zone.length > best.length)) best = zone;
  }
  return best;
}

/** RFC 1035 §3.2.2 and RFC 3596 type names a resolver is asked about; the provider serves only TXT and CNAME records. */
const QUERY_TYPES: Readonly<Record<string, number>> = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28 };

/** A query type's code, from its name ("TXT") or number ("16"); undefined when it is neither. */
export function parseQueryType(input: string): number | undefined {
  const upper = input.trim().toUpperCase();
  if (Object.hasOwn(QUERY_TYPES, upper)) return QUERY_TYPES[upper];
  const code = Number(upper);
  return Number.isInteger(code) && code >= 1 && code <= 65535 ? code : undefined;
}

export type NameLookup =
  | { kind: 'records'; records: VisibleRecord[] }
  /** The name does not exist (RFC 1035 §4.3.2 "authoritative name error"). */
  | { kind: 'nxdomain' }
  /** No zone at this provider holds the name. */
  | { kind: 'no_zone' };

/**
 * What the zone says about one name: its visible records, or that the name does not exist. A name exists when it is
 * the apex, holds a record, or has records below it (an empty non-terminal, RFC 8020).
 */
export function lookupName(name: string, zone: string, visible: readonly VisibleRecord[]): NameLookup {
  const records = visible.filter((r) => r.name === name);
  if (records.length > 0 || name === zone || visible.some((r) => r.name.endsWith(`.${name}`))) return { kind: 'records', records };
  return { kind: 'nxdomain' };
}

function rdata(record: VisibleRecord): string {
  // RFC 1035 §5.1: TXT data in quotes, quotes and backslashes escaped; a CNAME target as an absolute name.
  return record.type === 'TXT' ? `"${record.value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `${record.value}.`;
}

/**
 * A resolver's answer (RFC 1034 §4.3.2, the JSON DNS-over-HTTPS resolvers serve): the records of the type asked for, a
 * CNAME at the name followed to its target (up to MAX_CNAME_HOPS), NXDOMAIN when the name does not exist, and NOERROR
 * with no answer when it exists without records of that type.
 */
export function resolveAnswer(qname: string, qtype: number, lookup: (name: string) => NameLookup): ResolveAnswer {
  const answer: NonNullable<ResolveAnswer['Answer']> = [];
  const base: Omit<ResolveAnswer, 'Status'> = {
    TC: false,
    RD: true,
    RA: true,
    AD: false,
    CD: false,
    Question: [{ name: `${qname}.`, type: qtype }],
  };
  let name = qname;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const found = lookup(name);
    if (found.kind !== 'records') {
      // After a CNAME the answer so far stands; the target's own state is the final RCODE (RFC 6604 §2.1).
      const comment = found.kind === 'no_zone' ? `No zone at dns.test holds ${name}` : undefined;
      return { Status: RCODE.nameError, ...base, ...(answer.length ? { Answer: answer } : {}), ...(comment ? { Comment: comment } : {}) };
    }
    const wanted = found.records.filter((r) => RR_TYPE_CODES[r.type] === qtype);
    const cname = found.records.find((r) => r.type === 'CNAME');
    if (wanted.length > 0 || !cname) {
      for (const r of wanted) answer.push({ name: `${r.name}.`, type: RR_TYPE_CODES[r.type], TTL: r.ttl, data: rdata(r) });
      return { Status: RCODE.noError, ...base, ...(answer.length ? { Answer: answer } : {}) };
    }
    answer.push({ name: `${cname.name}.`, type: RR_TYPE_CODES.CNAME, TTL: cname.ttl, data: rdata(cname) });
    name = cname.value;
  }
  return { Status: RCODE.serverFailure, ...base, Answer: answer, Comment: `More than ${MAX_CNAME_HOPS} CNAME records in a row` };
}

export function toDnsRecord(row: RecordRow, visibleAt: number): DnsRecord {
  return {
    id: row.id,
    zone: row.zone,
    host: row.host,
    name: row.name,
    type: row.type,
    value: row.value,
    ttl: row.ttl,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    visibleAt,
  };
}

/** When resolvers see the current version of each record: its newest change at its current name. */
export function currentVersions(records: readonly RecordRow[], changes: readonly ChangeRow[]): DnsRecord[] {
  const newest = new Map<string, ChangeRow>();
  for (const change of changes) {
    const seen = newest.get(change.recordId);
    if (change.value !== null && (!seen || (change.seq ?? 0) > (seen.seq ?? 0))) newest.set(change.recordId, change);
  }
  // The apex first, then hosts in alphabetical order, as consoles list them.
  const key = (r: DnsRecord) => `${r.host === APEX ? '' : r.host} ${r.type} ${r.value}`;
  return records
    .map((row) => toDnsRecord(row, newest.get(row.id)?.visibleAt ?? row.updatedAt))
    .sort((a, b) => key(a).localeCompare(key(b)));
}

/** The host of a full name in its zone: "@" for the zone itself. */
function hostOf(name: string, zone: string): string {
  return name === zone ? APEX : name.slice(0, -(zone.length + 1));
}

/** Deleted records (or a moved record's old name) that resolvers still answer with at `now`, and until when. */
export function stillVisibleDeletions(zone: string, changes: readonly ChangeRow[], now: number): DeletedRecord[] {
  const visible = visibleRecords(changes, now);
  const pending: DeletedRecord[] = [];
  for (const change of changes) {
    if (change.value !== null || change.visibleAt <= now) continue;
    const before = visible.find((r) => r.recordId === change.recordId && r.name === change.name);
    if (before)
      pending.push({
        id: change.recordId,
        host: hostOf(change.name, zone),
        name: change.name,
        type: before.type,
        value: before.value,
        visibleUntil: change.visibleAt,
      });
  }
  return pending;
}

/** A path under a website root: "connect-1a2b.html", ".well-known/x.txt"; no "..", no empty parts. */
export function parseWebsitePath(input: string, field = 'path'): DnsResult<string> {
  const path = input.trim().replace(/^\/+/, '');
  if (path.length === 0) return fail('path_invalid', 'Enter a file name, e.g. connect-1a2b3c.html', field);
  if (path.length > MAX_PATH) return fail('path_invalid', `The file name is too long (at most ${MAX_PATH} characters)`, field);
  for (const part of path.split('/')) {
    if (part.length === 0 || part === '.' || part === '..')
      return fail('path_invalid', 'The file name has an empty part, “.” or “..” between slashes', field);
    if (!/^[A-Za-z0-9._~-]+$/.test(part))
      return fail('path_invalid', 'A file name may contain letters, digits, dots, hyphens, underscores and slashes only', field);
  }
  return ok(path);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
};

export function contentTypeOf(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'text/plain; charset=utf-8';
}

export function websiteRoot(zone: string): string {
  return `https://${zone}/`;
}

export function propagationLabel(change: Pick<ChangeRow, 'name' | 'type' | 'value'>): string {
  return change.value === null
    ? `Deleted ${change.type} record on ${change.name} leaves resolvers`
    : `${change.type} record on ${change.name} reaches resolvers`;
}

export const MESSAGES = {
  invalidCredentials: 'The email or password is incorrect.',
  unauthenticated: 'Sign in to the DNS console first.',
  zoneNotYours: (zone: string) => `There is no zone ${zone} in your account`,
  recordNotFound: (id: string) => `There is no record ${id} in this zone`,
  fileNotFound: (path: string) => `There is no file ${path} on this website`,
  contentTooLarge: `A file is at most ${MAX_FILE_BYTES / 1024} KB here`,
  notFound: (path: string) => `There is no page at ${path}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
  resolveName: 'Give the name to look up: /resolve?name=company.com&type=TXT',
  resolveType: (type: string) => `“${type}” is not a DNS record type (e.g. TXT, CNAME, A)`,
} as const;
