// Owns the pure rules of domain verification at Connect (R23): the proofs Connect asks for (a TXT record
// at the apex, a CNAME at _connect-verify, or a file at the website's root), how what resolvers or the website answered
// becomes one coded result with the words the admin reads, and a domain's stored machine.
import { initialTransition } from 'xstate';
import type {
  DomainCheck,
  DomainInstructions,
  DomainView,
  FoundValue,
  VerificationMethod,
} from '../../../../src/contracts/connect-domains';
import { RR_TYPE_CODES, type ResolveAnswer } from '../../../../src/contracts/dns';
import { domainStatus, domainVerificationMachine, type DomainVerificationSnapshot } from '../../../../machines/domain-verification';
import type { DomainRow } from '../db';

/** R23: "wait 5 minutes (the TTL is set to 300 seconds)". */
const VERIFICATION_TTL = 300;
const TXT_PREFIX = 'connect-domain-verification=';
const CNAME_LABEL = '_connect-verify';
const CNAME_TARGET_DOMAIN = 'verify.connect.test';

export function txtValue(token: string): string {
  return `${TXT_PREFIX}${token}`;
}

function cnameTarget(token: string): string {
  return `${token}.${CNAME_TARGET_DOMAIN}`;
}

/** R23, verification via HTTPS: a static HTML file at the root of the domain's website. */
export function fileName(token: string): string {
  return `connect-${token}.html`;
}

export function fileUrl(domain: string, token: string): string {
  return `https://${domain}/${fileName(token)}`;
}

function instructionsFor(domain: string, token: string): DomainInstructions {
  return {
    txt: { type: 'TXT', host: '@', name: domain, value: txtValue(token), ttl: VERIFICATION_TTL },
    cname: { type: 'CNAME', host: CNAME_LABEL, name: `${CNAME_LABEL}.${domain}`, target: cnameTarget(token), ttl: VERIFICATION_TTL },
    https: { fileName: fileName(token), content: txtValue(token), url: fileUrl(domain, token) },
  };
}

/** A question Connect asks the resolver, and its answer. */
export interface DnsLookup {
  name: string;
  type: 'TXT' | 'CNAME';
  answer: ResolveAnswer;
}

export interface LookupPlan {
  name: string;
  type: 'TXT' | 'CNAME';
}

/**
 * Where Connect looks for each DNS method: first where the record belongs, then where people often put it by mistake
 * (www, the other method's host or type, the CNAME label without its underscore). The domain typed into the host field
 * ("company.com.company.com") is not looked for: the provider's console refuses that host.
 */
export function lookupsFor(method: 'txt' | 'cname', domain: string): LookupPlan[] {
  if (method === 'txt') {
    return [
      { name: domain, type: 'TXT' },
      { name: `www.${domain}`, type: 'TXT' },
      { name: `${CNAME_LABEL}.${domain}`, type: 'TXT' },
    ];
  }
  return [
    { name: `${CNAME_LABEL}.${domain}`, type: 'CNAME' },
    { name: `${CNAME_LABEL.slice(1)}.${domain}`, type: 'CNAME' },
    { name: `www.${domain}`, type: 'CNAME' },
    { name: `${CNAME_LABEL}.${domain}`, type: 'TXT' },
    { name: domain, type: 'TXT' },
  ];
}

/** RFC 1035 §5.1 master-file text back to the value: quotes removed, \" and \\ unescaped. */
function unquote(data: string): string {
  const inner = data.startsWith('"') && data.endsWith('"') && data.length >= 2 ? data.slice(1, -1) : data;
  return inner.replace(/\\(.)/g, '$1');
}

/** The values of the records of `type` the answer holds at `name` itself (not at a CNAME's target). */
function valuesAt(lookup: DnsLookup): string[] {
  const code = RR_TYPE_CODES[lookup.type];
  return (lookup.answer.Answer ?? [])
    .filter((a) => a.type === code && a.name.toLowerCase() === `${lookup.name}.`)
    .map((a) => (lookup.type === 'TXT' ? unquote(a.data).trim() : a.data.toLowerCase().replace(/\.$/, '')));
}

/** A value that is an attempt at the proof: it names Connect or verification, or carries the token. */
function resembles(value: string, token: string): boolean {
  const v = value.toLowerCase();
  return v.includes(token) || v.includes('connect') || v.includes('verif');
}

const METHOD_NAMES: Readonly<Record<VerificationMethod, string>> = { txt: 'TXT record', cname: 'CNAME record', https: 'verification file' };

export function methodName(method: VerificationMethod): string {
  return METHOD_NAMES[method];
}

const CORRECTED_HINT = 'Just corrected it? Resolvers can show the old value for up to 5 minutes (the TTL): wait and click Verify again.';

function result(method: VerificationMethod, at: number, code: DomainCheck['code'], message: string, found: FoundValue[] = []): DomainCheck {
  return { code, method, at, found, message };
}

function where(found: readonly FoundValue[]): string {
  return [...new Set(found.map((f) => (f.type === 'file' ? f.where : `${f.where} (${f.type})`)))].join(', ');
}

/** What a TXT check found: the proof at the apex, something like it there, the proof elsewhere, or nothing yet. */
export function evaluateTxt(domain: string, token: string, lookups: readonly DnsLookup[], at: number): DomainCheck {
  const expected = txtValue(token);
  const apex = lookups.find((l) => l.name === domain && l.type === 'TXT');
  const atApex = apex ? valuesAt(apex) : [];
  if (atApex.includes(expected)) return result('txt', at, 'verified', `${domain} is verified. You may now remove the TXT record.`);
  const near = atApex.filter((v) => resembles(v, token)).map((value): FoundValue => ({ where: domain, type: 'TXT', value }));
  if (near.length > 0) {
    return result(
      'txt',
      at,
      'wrong_value',
      `We found a TXT record on ${domain}, but its value is not the one shown below. Found: ${near.map((f) => `“${f.value}”`).join(', ')}. Correct it at your DNS provider. ${CORRECTED_HINT}`,
      near,
    );
  }
  const elsewhere = lookups
    .filter((l) => l !== apex)
    .flatMap((l) =>
      valuesAt(l)
        .filter((v) => resembles(v, token))
        .map((value): FoundValue => ({ where: l.name, type: l.type, value })),
    );
  if (elsewhere.length > 0) {
    return result(
      'txt',
      at,
      'wrong_host',
      `We found the value on ${where(elsewhere)}, not on ${domain} itself. Create the TXT record with the host @ (the domain itself).`,
      elsewhere,
    );
  }
  return result(
    'txt',
    at,
    'not_visible_yet',
    `We couldn't find the TXT record on ${domain} yet. DNS changes take up to 5 minutes to become visible (the TTL is 300 seconds): wait a few minutes and click Verify again.`,
  );
}

/** What a CNAME check found: the record at _connect-verify, one pointing elsewhere, the target on another host or type. */
export function evaluateCname(domain: string, token: string, lookups: readonly DnsLookup[], at: number): DomainCheck {
  const name = `${CNAME_LABEL}.${domain}`;
  const target = cnameTarget(token);
  const expected = lookups.find((l) => l.name === name && l.type === 'CNAME');
  const there = expected ? valuesAt(expected) : [];
  if (there.includes(target)) return result('cname', at, 'verified', `${domain} is verified. You may now remove the CNAME record.`);
  if (there.length > 0) {
    const found = there.map((value): FoundValue => ({ where: name, type: 'CNAME', value }));
    return result(
      'cname',
      at,
      'wrong_value',
      `We found a CNAME record on ${name}, but it points to ${found.map((f) => `“${f.value}”`).join(', ')} instead of the target shown below. ${CORRECTED_HINT}`,
      found,
    );
  }
  const elsewhere = lookups
    .filter((l) => l !== expected)
    .flatMap((l) =>
      valuesAt(l)
        .filter((v) => v.includes(token) || v.includes(CNAME_TARGET_DOMAIN))
        .map((value): FoundValue => ({ where: l.name, type: l.type, value })),
    );
  if (elsewhere.length > 0) {
    return result(
      'cname',
      at,
      'wrong_host',
      `We found the target on ${where(elsewhere)}. It must be a CNAME record with the host ${CNAME_LABEL} (${name}).`,
      elsewhere,
    );
  }
  return result(
    'cname',
    at,
    'not_visible_yet',
    `We couldn't find the CNAME record on ${name} yet. DNS changes take up to 5 minutes to become visible (the TTL is 300 seconds): wait a few minutes and click Verify again.`,
  );
}

/** What the website answered for the verification file: the file with the right content, another content, or none. */
export function evaluateHttps(domain: string, token: string, fetched: { status: number; text: string }, at: number): DomainCheck {
  const url = fileUrl(domain, token);
  if (fetched.status === 200) {
    const content = fetched.text.trim();
    if (content === txtValue(token))
      return result('https', at, 'verified', `${domain} is verified. You may now remove the verification file from your website.`);
    const found: FoundValue[] = [{ where: url, type: 'file', value: content.length > 200 ? `${content.slice(0, 200)}…` : content }];
    return result(
      'https',
      at,
      'wrong_value',
      `The file at ${url} does not hold the content we gave you. Found: “${found[0]!.value}”. Upload the file you downloaded, unchanged.`,
      found,
    );
  }
  const why = fetched.status === 502 ? `no website answers at ${domain}` : `the website answered ${fetched.status}`;
  return result(
    'https',
    at,
    'file_not_found',
    `We couldn't find the verification file at ${url} (${why}). Upload it to the root of your domain's website and click Verify again.`,
  );
}

export function lookupFailed(method: VerificationMethod, domain: string, reason: string, at: number): DomainCheck {
  return result(method, at, 'lookup_failed', `We couldn't check ${domain} just now (${reason}). Try again in a moment.`);
}

/** A new domain's machine, as stored. */
export function newDomainMachine(domain: string): DomainRow['machine'] {
  return storeDomainMachine(initialTransition(domainVerificationMachine, { domain })[0]);
}

export function restoreDomainMachine(row: DomainRow): DomainVerificationSnapshot {
  return domainVerificationMachine.resolveState({ value: row.machine.value as never, context: row.machine.context });
}

function storeDomainMachine(snapshot: DomainVerificationSnapshot): DomainRow['machine'] {
  return {
    value: JSON.parse(JSON.stringify(snapshot.value)) as unknown,
    context: JSON.parse(JSON.stringify(snapshot.context)) as DomainRow['machine']['context'],
  };
}

export function withMachine(row: DomainRow, snapshot: DomainVerificationSnapshot): DomainRow {
  return { ...row, status: domainStatus(snapshot), machine: storeDomainMachine(snapshot) };
}

export function toDomainView(row: DomainRow): DomainView {
  const { lastCheck, verifiedAt, verifiedWith } = row.machine.context;
  return {
    domain: row.domain,
    status: row.status,
    addedAt: row.addedAt,
    addedBy: row.addedBy,
    verifiedAt,
    verifiedWith,
    instructions: instructionsFor(row.domain, row.token),
    lastCheck,
  };
}

export const DOMAIN_MESSAGES = {
  taken: (domain: string) => `${domain} has already been added`,
  notFound: (domain: string) => `${domain} is not one of your organisation's domains`,
} as const;
