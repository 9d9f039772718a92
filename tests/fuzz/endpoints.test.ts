// Fuzzes every endpoint of every simulated server (hrm, connect, mail, dns, expense), enumerated from the live
// workspace's MSW handlers: hostile requests as a signed-in persona and as anonymous — wrong types, missing and extra
// fields, 100 KB+ and unicode strings (RTL, combining marks, emoji, NUL, lone surrogates), duplicated query
// parameters, malformed percent-escapes, wrong methods and content types, random path parameters. Whatever comes in,
// a server answers with a 2xx, 3xx or 4xx: never a 5xx, never an exception out of the network (H7).
import fc from 'fast-check';
import { HttpHandler } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminUsersPage } from '../../src/contracts/connect';
import type { UserListPage } from '../../src/contracts/hrm';
import { inbox } from '../support/api';
import { ORIGINS, serverOf } from '../../src/contracts/origins';
import { CookieJar } from '../../src/domain/cookie-jar';
import { DAY } from '../../src/domain/clock';
import { mailboxOf } from '../../src/domain/email';
import { signedInAdmin, KARIN } from '../mocks/connect/admin-support';
import { basic, body } from '../mocks/connect/support';
import { createTestWorld, type TestWorld } from '../support/harness';
import { FUZZ_TIMEOUT_MS, fuzzParameters, replayHint } from './settings';

/** Runs per endpoint in the normal suite: ~170 endpoints × 3 took 40–50 s on two busy shared cores; `npm run fuzz` runs 100. */
const SUITE_RUNS_PER_ENDPOINT = 3;

interface Endpoint {
  method: string;
  /** The handler's URL pattern (`https://hrm.test/api/users/:id`), or a domain's website for the DNS host's own predicate. */
  pattern: string;
}

/** Every endpoint the workspace answers, in handler order, from the handlers themselves (so a new route is fuzzed too). */
function endpointsOf(world: TestWorld): Endpoint[] {
  const seen = new Set<string>();
  const endpoints: Endpoint[] = [];
  for (const handler of world.workspace.handlers()) {
    if (!(handler instanceof HttpHandler)) continue;
    const { method, path } = handler.info;
    // http.all matches any method; the DNS server's customer websites match on the host alone (a function).
    const endpoint = {
      method: typeof method === 'string' ? method : 'ALL',
      pattern: typeof path === 'string' ? path : typeof path === 'function' ? 'https://company.com/*' : String(path),
    };
    const key = `${endpoint.method} ${endpoint.pattern}`;
    if (seen.has(key)) continue;
    seen.add(key);
    endpoints.push(endpoint);
  }
  return endpoints;
}

// ---- hostile values ----

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800', // lone high surrogate
  '\uDC00x', // lone low surrogate
  '\u202Eevil.com\u202C', // right-to-left override
  'مرحبا بالعالم', // RTL script
  'e\u0301\u0301\u0301\u0301', // combining marks
  'Z̸̡̢͖̠̹͒̈́̓a̵̛͍̱̒l̷̢̛̜g̴̱͝o̴̧̎',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\uFEFF',
  '\r\n\r\n',
  '../../etc/passwd',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '=1+2',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '8640000000000001',
  'anna.svensson@company.com',
  'ANNA.SVENSSON@COMPANY.COM',
  'anna.svensson+x@company.com',
  'a@b',
  '@',
  '123456',
  'x'.repeat(300),
];

const UNICODE_UNITS = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u0301',
  '👩‍👩‍👧',
  'ä',
  'م',
  '\n',
  '"',
  '\\',
  '%',
  '/',
  '?',
  '#',
  '&',
  '=',
  ';',
  ',',
  ' ',
);

/**
 * 100 KB and more, as one character repeated or a unicode pattern. Kept as a recipe until it is sent, so a failing case
 * prints as `"ä".repeat(150000)` rather than the string itself.
 */
class HugeString {
  constructor(
    readonly unit: string,
    readonly length: number,
  ) {}
  toString(): string {
    return this.unit.repeat(Math.ceil(this.length / this.unit.length));
  }
  toJSON(): string {
    return this.toString();
  }
  [fc.toStringMethod](): string {
    return `${JSON.stringify(this.unit)}.repeat(${Math.ceil(this.length / this.unit.length)})`;
  }
}

const hugeString = fc
  .tuple(fc.constantFrom('x', 'ä', '👩‍👩‍👧', '\u0000', 'a@', '\u0301'), fc.constantFrom(100_000, 250_000))
  .map(([unit, length]) => new HugeString(unit, length));

/**
 * 100 KB in an address (path or query): ASCII, because every handler's matcher reads the whole address, and 100 KB of
 * "ä" percent-encoded is 600 KB that only measures the matcher.
 */
const hugeInAddress = fc.constantFrom('x', 'a@').map((unit) => new HugeString(unit, 100_000));

/** A string a user, a script or a broken client could send; huge ones print as their recipe. */
type Hostile = string | HugeString;

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: UNICODE_UNITS, maxLength: 40 }) },
);

/** Now and then a huge one: one in a request is enough to find a limit, and each costs the whole network a pass. */
const hostileOrHuge: fc.Arbitrary<Hostile> = fc.oneof({ weight: 12, arbitrary: hostileString }, { weight: 1, arbitrary: hugeString });

/** Field names the servers read (zod schemas, query parameters), and a few they do not. */
const FIELD_NAMES = [
  'email',
  'password',
  'confirmPassword',
  'newPassword',
  'currentPassword',
  'loginId',
  'code',
  'token',
  'state',
  'nonce',
  'returnTo',
  'return_to',
  'redirect_uri',
  'client_id',
  'client_secret',
  'grant_type',
  'refresh_token',
  'code_verifier',
  'response_type',
  'scope',
  'id_token_hint',
  'post_logout_redirect_uri',
  'prompt',
  'request_id',
  'accountId',
  'app',
  'externalUserId',
  'name',
  'value',
  'type',
  'ttl',
  'host',
  'domain',
  'method',
  'path',
  'content',
  'activationAt',
  'preparationStartsAt',
  'everyoneFrom',
  'requiredGroupIds',
  'windowMinutes',
  'maxFailures',
  'lockMinutes',
  'allowedDomains',
  'domains',
  'selection',
  'kind',
  'subject',
  'text',
  'to',
  'from',
  'fromName',
  'messages',
  'batchId',
  'ids',
  'userIds',
  'status',
  'q',
  'offset',
  'limit',
  'sort',
  'outcome',
  'fields',
  'fileName',
  'remember',
  'ceremonyId',
  'response',
  'id',
  'rawId',
  'clientExtensionResults',
  'authenticatorAttachment',
  'transports',
  'connectEmail',
  'data',
  '__proto__',
  'constructor',
  '',
];

const fieldName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: UNICODE_UNITS, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Numbers a handler may not expect: negatives, fractions, the edges of safe integers and of JS dates. */
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 8.64e15, 8.64e15 + 1, 1e308, Number.MAX_VALUE, Number.MIN_VALUE),
);

/** JSON values of every type, with hostile strings and numbers inside. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileOrHuge,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fieldName, tie('value'), { maxKeys: 6 }),
})).value;

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/problem+json',
  '',
  '\u0000/\u0000',
  'a'.repeat(2000),
];

/** Who sends a request: nobody, or Karin signed in at the HRM, Connect (admin) and the DNS console. */
type PersonaName = 'anonymous' | 'signed-in';

interface FuzzRequest {
  persona: PersonaName;
  method: string;
  pathValues: Hostile[];
  query: [Hostile, Hostile][];
  rawQuery: string | null;
  body:
    { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: Hostile } | { kind: 'form'; pairs: [string, Hostile][] };
  contentType: string | null;
  authorization: 'none' | 'hrm-client' | 'garbage-basic' | 'garbage-bearer';
  origin: string | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** Names the parts of a pattern a request fills in: `:param` segments and a trailing `*`. */
function holesOf(pattern: string): number {
  return (pattern.match(/\/:[A-Za-z]+/g)?.length ?? 0) + (pattern.endsWith('*') ? 1 : 0);
}

function requestArbitrary(endpoint: Endpoint, pool: ValuePool): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...pool.ids) },
    { weight: 30, arbitrary: hostileString },
    { weight: 1, arbitrary: hugeInAddress },
    { weight: 10, arbitrary: fc.constantFrom('%ZZ', '%', '%E0%A4%A', '..', '.', '%2F', '%00', 'a/b/c', '') },
  );
  const plausibleValue = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pool.values) }, { weight: 3, arbitrary: hostileString });
  const ownMethod = endpoint.method === 'ALL' ? fc.constantFrom(...METHODS) : fc.constant(endpoint.method);
  return fc.record<FuzzRequest>({
    persona: fc.constantFrom('anonymous', 'signed-in'),
    method: fc.oneof({ weight: 4, arbitrary: ownMethod }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    pathValues: fc.array(pathValue, { minLength: holesOf(endpoint.pattern), maxLength: holesOf(endpoint.pattern) }),
    // Keys drawn from a short list, so the same parameter comes twice often.
    query: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...FIELD_NAMES.slice(0, 30), 'q', 'offset', 'limit', 'fields', 'status'), hostileString),
        fc.oneof({ weight: 20, arbitrary: plausibleValue }, { weight: 1, arbitrary: hugeInAddress }),
      ),
      { maxLength: 5 },
    ),
    rawQuery: fc.option(
      fc.constantFrom('%', '%ZZ', 'q=%E0%A4%A', 'a=1&a=2&a=%FF', '&&&==&', 'return_to=%2F%2Fevil.test', 'limit=1e3&limit=-1'),
      { freq: 4 },
    ),
    body: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      {
        weight: 4,
        arbitrary: fc
          .oneof(
            { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(plausibleValue, hostileJson), { maxKeys: 6 }) },
            { weight: 2, arbitrary: hostileJson },
          )
          .map((value) => ({ kind: 'json' as const, value })),
      },
      {
        weight: 1,
        arbitrary: fc
          .oneof(hostileOrHuge, fc.constantFrom('{', '{"email":', 'null', '[]', '"x"', '1', '{"a":1}{"a":2}'))
          .map((text) => ({ kind: 'text' as const, text })),
      },
      {
        weight: 1,
        arbitrary: fc.array(fc.tuple(fieldName, plausibleValue), { maxLength: 4 }).map((pairs) => ({ kind: 'form' as const, pairs })),
      },
    ),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 5 }),
    authorization: fc.constantFrom('none', 'none', 'hrm-client', 'garbage-basic', 'garbage-bearer'),
    origin: fc.option(fc.constantFrom(...Object.values(ORIGINS), 'https://evil.test', 'null'), { freq: 2 }),
  });
}

/** Real ids and values of the world, so a request reaches past "not found" into the code behind it. */
interface ValuePool {
  ids: string[];
  values: string[];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function formOf(pairs: [string, Hostile][]): string {
  return new URLSearchParams(pairs.map(([key, value]) => [key, String(value)])).toString();
}

function urlOf(endpoint: Endpoint, request: FuzzRequest): string {
  let index = 0;
  // As a browser does: a lone surrogate cannot be spelled in UTF-8, so it is sent as U+FFFD.
  const fill = (value: Hostile) => encodeURIComponent(wellFormed(String(value)));
  let path = endpoint.pattern.replace(/\/:[A-Za-z]+/g, () => `/${fill(request.pathValues[index++] ?? '')}`);
  if (path.endsWith('*')) {
    // Wildcards take the value raw: slashes and escapes in a rest-of-path are the point.
    const rest = wellFormed(String(request.pathValues[index] ?? ''));
    path = `${path.slice(0, -1)}${/%(?![0-9A-Fa-f]{2})/.test(rest) ? rest : fill(rest).replace(/%2F/g, '/')}`;
  }
  const search = new URLSearchParams(request.query.map(([key, value]) => [String(key), String(value)]));
  const query = [search.toString(), request.rawQuery ?? ''].filter((q) => q !== '').join('&');
  return query ? `${path}?${query}` : path;
}

function buildRequest(url: string, request: FuzzRequest, hrmSecret: string): Request {
  const headers = new Headers({ accept: 'application/json' });
  const bodyAllowed = request.method !== 'GET' && request.method !== 'HEAD';
  let payload: string | undefined;
  if (bodyAllowed) {
    switch (request.body.kind) {
      case 'json':
        payload = JSON.stringify(request.body.value) ?? 'null';
        headers.set('content-type', 'application/json');
        break;
      case 'text':
        payload = String(request.body.text);
        headers.set('content-type', 'text/plain');
        break;
      case 'form':
        payload = formOf(request.body.pairs);
        headers.set('content-type', 'application/x-www-form-urlencoded');
        break;
    }
  }
  // A header value cannot hold NUL or line breaks: the Request would refuse it before any server sees it.
  const headerSafe = (value: string) => value.replace(/[\u0000\r\n]/g, '').replace(/[^\u0000-\u00ff]/g, '?');
  if (request.contentType !== null) {
    if (request.contentType === '') headers.delete('content-type');
    else headers.set('content-type', headerSafe(request.contentType));
  }
  if (request.authorization === 'hrm-client') headers.set('authorization', basic('hrm', hrmSecret));
  if (request.authorization === 'garbage-basic') headers.set('authorization', 'Basic %%%not-base64:::');
  if (request.authorization === 'garbage-bearer') headers.set('authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.');
  if (request.origin !== null) headers.set('origin', request.origin);
  return new Request(url, { method: request.method, headers, ...(payload !== undefined ? { body: payload } : {}) });
}

/** What a failing case shows: enough to paste into a test. */
function reproduction(request: Request, fuzz: FuzzRequest, status: number | string, answer: string): string {
  const shown = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text);
  const sent =
    fuzz.body.kind === 'json'
      ? (JSON.stringify(fuzz.body.value) ?? 'undefined')
      : fuzz.body.kind === 'text'
        ? String(fuzz.body.text)
        : fuzz.body.kind === 'form'
          ? formOf(fuzz.body.pairs)
          : '';
  return [
    `${request.method} ${shown(request.url)} as ${fuzz.persona}`,
    `headers: ${JSON.stringify(Object.fromEntries(request.headers))}`,
    `body: ${shown(sent)}`,
    `answered: ${status} ${shown(answer)}`,
    replayHint(),
  ].join('\n');
}

let world: TestWorld;
let jars: Record<PersonaName, CookieJar>;
let pool: ValuePool;
let endpoints: Endpoint[];
/** How the signed-in persona signs in at each server, and the cookies it had right after. */
let signIns: Record<string, () => Promise<Response>>;
const signedInCookies = new Map<string, string>();

/**
 * Fuzzed requests sign the persona out now and then (a logout page, DELETE /api/session): it signs in again before the
 * next endpoint, so every endpoint is also tried signed in.
 */
async function keepSignedIn(): Promise<void> {
  for (const [origin, signIn] of Object.entries(signIns)) {
    const cookies = jars['signed-in'].header(`${origin}/`, world.now());
    if (signedInCookies.has(origin) && signedInCookies.get(origin) === cookies) continue;
    const response = await signIn();
    expect(response.status, `signing in again at ${origin}: ${await response.clone().text()}`).toBe(200);
    signedInCookies.set(origin, jars['signed-in'].header(`${origin}/`, world.now()));
  }
}

beforeAll(async () => {
  world = await createTestWorld({ seed: 'fuzz-endpoints' });
  // The signed-in persona: Karin, HRM admin by the old login, Connect's first administrator and the integrations
  // console's, plus the DNS console's administrator in the same browser, so every server's signed-in routes are reached.
  const karin = await signedInAdmin(world);
  const dnsAdmin = world.template.people.find((p) => p.dnsAccount)!.dnsAccount!;
  const karinInHrm = world.template.people.find((p) => p.key === 'karin')!;
  signIns = {
    [ORIGINS.connect]: () => karin.api(`${ORIGINS.connect}/api/session`, { body: { email: KARIN.email, password: KARIN.password } }),
    [ORIGINS.hrm]: () => karin.api(`${ORIGINS.hrm}/api/session`, { body: { loginId: karinInHrm.loginId, password: karinInHrm.password } }),
    [ORIGINS.dns]: () => karin.api(`${ORIGINS.dns}/api/session`, { body: { email: dnsAdmin.email, password: dnsAdmin.password } }),
    [ORIGINS.integrations]: () => karin.api(`${ORIGINS.integrations}/api/session`, { body: karinInHrm.integrationsAccount! }),
  };
  jars = { anonymous: new CookieJar(), 'signed-in': karin.jar };
  await keepSignedIn();

  const users = await body<UserListPage>(await karin.api(`${ORIGINS.hrm}/api/users?limit=5`));
  const accounts = await body<AdminUsersPage>(await karin.api(`${ORIGINS.connect}/api/admin/users`));
  const mailbox = await inbox(karin, KARIN.email);
  // Karin's own account stays out of the pool: blocking or demoting her would only end the signed-in persona's reach.
  const accountIds = accounts.users
    .filter((u) => u.email !== KARIN.email)
    .map((u) => u.id)
    .slice(0, 5);
  pool = {
    ids: [
      ...users.rows.map((u) => u.id),
      ...accountIds,
      ...mailbox.messages.slice(0, 3).map((m) => m.id),
      mailboxOf(KARIN.email),
      'company.com',
      'hrm',
      '1',
      'latest',
    ],
    values: [
      'anna.svensson@company.com',
      'erik.johansson@company.com',
      'company.com',
      '10001',
      '123456',
      String(world.now()),
      String(world.now() + DAY),
      'https://hrm.test/',
      '//evil.test',
      'javascript:alert(1)',
      ...accountIds,
    ],
  };
  endpoints = endpointsOf(world);
});

afterAll(() => world?.close());

describe('every endpoint of every server, fuzzed', () => {
  it('enumerates the routes of hrm, connect, mail, dns, expense and the identity providers from the live handlers', () => {
    const servers = new Set(endpoints.map((e) => serverOf(e.pattern) ?? 'website'));
    expect([...servers].sort()).toEqual([
      'connect',
      'dns',
      'entra',
      'expense',
      'google',
      'hrm',
      'integrations',
      'mail',
      'okta',
      'ping',
      'website',
    ]);
    expect(endpoints.length).toBeGreaterThan(100);
  });

  it('answers hostile requests with 2xx–4xx, never a 5xx or an exception', { timeout: FUZZ_TIMEOUT_MS }, async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const [place, endpoint] of endpoints.entries()) {
        await keepSignedIn();
        await fc.assert(
          fc.asyncProperty(requestArbitrary(endpoint, pool), async (fuzz) => {
            const url = urlOf(endpoint, fuzz);
            let request: Request;
            try {
              request = buildRequest(url, fuzz, world.template.tenant.hrmClientSecret);
            } catch {
              return; // Not a request a browser could send (an invalid URL or header): nothing for a server to answer.
            }
            errors.mockClear();
            let response: Response;
            try {
              response = await world.workspace.network.fetch(request.clone(), {
                initiator: `browser:${fuzz.persona}`,
                jar: jars[fuzz.persona],
              });
            } catch (error) {
              throw new Error(`The network threw: ${String(error)}\n${reproduction(request, fuzz, 'exception', '')}`);
            }
            const text = response.status >= 500 || errors.mock.calls.length > 0 ? await response.text() : '';
            if (response.status >= 500)
              throw new Error(`A ${response.status} answer\n${reproduction(request, fuzz, response.status, text)}`);
            if (errors.mock.calls.length > 0)
              throw new Error(
                `A server logged an error: ${String(errors.mock.calls[0])}\n${reproduction(request, fuzz, response.status, text)}`,
              );
          }),
          fuzzParameters(SUITE_RUNS_PER_ENDPOINT, place),
        );
      }
    } finally {
      errors.mockRestore();
    }
  });
});
