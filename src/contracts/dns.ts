// Owns the DNS provider's wire (dns.test): the console's pages and API bodies, the public resolver's answer (the
// JSON form of a DNS message that DNS-over-HTTPS resolvers serve), and its error codes.
import { endpointTable, shape } from './endpoint';
import { ORIGINS } from './origins';

export const DNS_PATHS = {
  root: '/',
  login: '/login',
  logout: '/logout',
  zones: '/zones',
  /** The public resolver: what a resolver out on the internet would answer now. */
  resolve: '/resolve',
} as const;

/** A zone's console pages: its records and its website files. */
export function zonePath(zone: string): string {
  return `${DNS_PATHS.zones}/${zone}`;
}

export function websitePath(zone: string): string {
  return `${zonePath(zone)}/website`;
}

export const DNS_VIEWS = {
  login: 'dns/login',
  zones: 'dns/zones',
  zone: 'dns/zone',
  website: 'dns/website',
  /** A file of a domain's website, as a browser shows a plain file. */
  siteFile: 'dns/site-file',
  siteNotFound: 'dns/site-not-found',
  notFound: 'dns/not-found',
} as const;

/** The record types the console manages (R23: a TXT or a CNAME record). */
export const RECORD_TYPES = ['TXT', 'CNAME'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** RFC 1035 §3.2.2 TYPE values. */
export const RR_TYPE_CODES: Readonly<Record<RecordType, number>> = { TXT: 16, CNAME: 5 };

export const DEFAULT_TTL = 300;
export const MIN_TTL = 60;
export const MAX_TTL = 86_400;

export interface DnsAccountView {
  email: string;
  name: string;
}

export interface ZoneSummary {
  name: string;
  records: number;
  files: number;
}

export interface DnsRecord {
  id: string;
  zone: string;
  /** Relative to the zone: "@" for the zone's apex, "www", "_connect-verify". */
  host: string;
  /** The full name, without the trailing dot: "company.com", "www.company.com". */
  name: string;
  type: RecordType;
  /** TXT: the text, without quotes. CNAME: the target host name, without the trailing dot. */
  value: string;
  ttl: number;
  createdAt: number;
  updatedAt: number;
  /** World time from which resolvers see this version of the record; in the future while it propagates. */
  visibleAt: number;
}

/** A deleted record that resolvers still see until `visibleUntil` (their cached answer expires). */
export interface DeletedRecord {
  id: string;
  host: string;
  name: string;
  type: RecordType;
  value: string;
  visibleUntil: number;
}

export interface WebsiteFile {
  /** Path under the website root, without the leading slash: "connect-1a2b.html". */
  path: string;
  url: string;
  size: number;
  contentType: string;
  uploadedAt: number;
}

export interface DnsShellData {
  account: DnsAccountView;
}

export interface DnsLoginPageData {
  returnTo: string;
  email: string | null;
}

export interface DnsZonesPageData extends DnsShellData {
  zones: ZoneSummary[];
}

export interface DnsZonePageData extends DnsShellData {
  zone: string;
  records: DnsRecord[];
  deleted: DeletedRecord[];
  now: number;
}

export interface DnsWebsitePageData extends DnsShellData {
  zone: string;
  /** The website root, e.g. "https://company.com/". */
  root: string;
  files: WebsiteFile[];
}

export interface DnsSiteFilePageData {
  url: string;
  contentType: string;
  content: string;
}

export interface DnsSiteNotFoundPageData {
  url: string;
}

export interface DnsLoginRequest {
  email: string;
  password: string;
}

export interface RecordInput {
  host: string;
  type: RecordType;
  value: string;
  /** Seconds; absent for the default (300). null stands for something typed that is not a number. */
  ttl?: number | null;
}

export interface RecordListing {
  zone: string;
  records: DnsRecord[];
  deleted: DeletedRecord[];
}

export interface WebsiteFileInput {
  path: string;
  content: string;
}

/** DNS RCODEs a resolver answers with (RFC 1035 §4.1.1): NOERROR, SERVFAIL, NXDOMAIN. */
export const RCODE = { noError: 0, serverFailure: 2, nameError: 3 } as const;

/**
 * GET /resolve?name=&type= answers a DNS message in JSON, as DNS-over-HTTPS resolvers do (`application/dns-json`).
 * Status 0 with no Answer is "no records of that type" (NODATA); Status 3 is NXDOMAIN: the name does not exist.
 */
export interface ResolveAnswer {
  Status: number;
  TC: false;
  RD: true;
  RA: true;
  AD: false;
  CD: false;
  Question: Array<{ name: string; type: number }>;
  Answer?: Array<{ name: string; type: number; TTL: number; data: string }>;
  Comment?: string;
}

export const DNS_JSON_CONTENT_TYPE = 'application/dns-json';

export type DnsErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'host_invalid'
  | 'host_is_zone'
  | 'type_unsupported'
  | 'value_required'
  | 'value_invalid'
  | 'ttl_invalid'
  | 'cname_at_apex'
  | 'cname_conflict'
  | 'record_exists'
  | 'path_invalid'
  | 'content_too_large';

/** Errors of a record's fields, as the console shows them at the field. */
const RECORD_ERRORS: DnsErrorCode[] = [
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid_request',
  'host_invalid',
  'host_is_zone',
  'type_unsupported',
  'value_required',
  'value_invalid',
  'ttl_invalid',
  'cname_at_apex',
  'cname_conflict',
  'record_exists',
];

/** The console's API (dns.test/api/*): what its pages call, and what a scenario's DNS steps do. */
export const DNS_API = endpointTable(ORIGINS.dns, {
  login: {
    method: 'POST',
    path: '/api/session',
    summary: 'Signs in to the console; ?return_to=/path. Answers {redirectTo} and the session cookie.',
    request: shape<DnsLoginRequest>(),
    response: shape<{ redirectTo?: string }>(),
    errors: ['invalid_request', 'invalid_credentials'],
  },
  logout: { method: 'DELETE', path: '/api/session', summary: 'Signs out.', response: shape<{ redirectTo?: string }>() },
  listRecords: {
    method: 'GET',
    path: '/api/zones/:zone/records',
    summary: "A zone's records, and the ones deleted from it.",
    response: shape<RecordListing>(),
    errors: ['unauthenticated', 'forbidden', 'not_found'],
  },
  addRecord: {
    method: 'POST',
    path: '/api/zones/:zone/records',
    summary: 'Adds a TXT or CNAME record; 201 with the record.',
    request: shape<RecordInput>(),
    response: shape<DnsRecord>(),
    errors: RECORD_ERRORS,
  },
  updateRecord: {
    method: 'PUT',
    path: '/api/zones/:zone/records/:id',
    summary: 'Changes a record.',
    request: shape<RecordInput>(),
    response: shape<DnsRecord>(),
    errors: RECORD_ERRORS,
  },
  deleteRecord: {
    method: 'DELETE',
    path: '/api/zones/:zone/records/:id',
    summary: 'Deletes a record; 204.',
    response: shape<undefined>(),
    errors: ['unauthenticated', 'forbidden', 'not_found'],
  },
  listFiles: {
    method: 'GET',
    path: '/api/zones/:zone/files',
    summary: "The files of the zone's website.",
    response: shape<WebsiteFile[]>(),
    errors: ['unauthenticated', 'forbidden', 'not_found'],
  },
  putFile: {
    method: 'PUT',
    path: '/api/zones/:zone/files',
    summary: "Writes a file of the zone's website (the HTML-file way of proving a domain).",
    request: shape<WebsiteFileInput>(),
    response: shape<WebsiteFile>(),
    errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_request', 'path_invalid', 'content_too_large'],
  },
  deleteFile: {
    method: 'DELETE',
    path: '/api/zones/:zone/files',
    summary: "Deletes a file of the zone's website; ?path=/file.",
    response: shape<undefined>(),
    errors: ['unauthenticated', 'forbidden', 'not_found', 'path_invalid'],
  },
});
