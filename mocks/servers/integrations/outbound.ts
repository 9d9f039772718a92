// Owns what the integrations call on their own: the Payroll export's run (GET employees, POST a travel expense), the
// calendar app's refresh of its feeds, and the SMS provider's post of a reply to the callback URL. Every call goes
// through the simulation's network as the integration is configured, follows redirects as an HTTP client does, and
// lands in the run log with the answer's status and message, verbatim.
import type { RunLogEntry, RunResult, SmsCallbackBody } from '../../../src/contracts/integrations';
import { ORIGINS } from '../../../src/contracts/origins';
import type { CalendarSubscription } from '../../../src/contracts/integrations';
import type { RunRow, SmsMessageRow } from './db';
import { logCalls, newRunId, now, requireIntegration, type IntegrationsEnv } from './env';
import { countEvents, isCalendar, MAX_REDIRECTS } from './rules';

const INITIATOR = `server:${new URL(ORIGINS.integrations).host}`;
/** Headers of an answer that tell a client it is being forwarded or will be retired (RFC 9745, RFC 8594, RFC 8288). */
const FORWARDING_HEADERS = ['deprecation', 'sunset', 'link', 'warning'];
/** How much of an answer's body a log line quotes. */
const QUOTED_BODY = 300;

interface Outgoing {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** An answer as the log needs it: status, body text and headers; or why there was none. */
type Answer = { status: number; headers: Headers; text: string; hops: string[] } | { status: null; message: string; hops: string[] };

/** RFC 9110 §15.4: 307 and 308 repeat the request as it was; 301, 302 and 303 become a GET (a GET stays a GET). */
function nextHop(call: Outgoing, status: number, location: string): Outgoing {
  const url = new URL(location, call.url).toString();
  if (status === 307 || status === 308 || call.method === 'GET') return { ...call, url };
  const { body: _body, ...rest } = call;
  return { ...rest, url, method: 'GET', headers: Object.fromEntries(Object.entries(call.headers).filter(([k]) => k !== 'content-type')) };
}

async function send(env: IntegrationsEnv, first: Outgoing): Promise<Answer> {
  const hops: string[] = [];
  let call = first;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await env.ctx.network.fetch(new Request(call.url, { method: call.method, headers: call.headers, body: call.body }), {
        initiator: INITIATOR,
      });
    } catch (error) {
      return { status: null, message: `No answer from ${new URL(call.url).host}: ${(error as Error).message}`, hops };
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      if (hop >= MAX_REDIRECTS)
        return { status: null, message: `Gave up after ${MAX_REDIRECTS} redirects; the last went to ${location}.`, hops };
      call = nextHop(call, response.status, location);
      hops.push(`redirected to ${call.url} (${response.status})`);
      continue;
    }
    const text = await response.text();
    if (response.status === 502 && problemOf(response.headers, text)?.code === 'host_unreachable')
      return { status: null, message: problemOf(response.headers, text)!.message, hops };
    return { status: response.status, headers: response.headers, text, hops };
  }
}

function problemOf(headers: Headers, text: string): { code?: string; message: string } | null {
  if (!(headers.get('content-type') ?? '').includes('json')) return null;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; detail?: unknown; title?: unknown };
    const message = [body.message, body.detail, body.title].find((v): v is string => typeof v === 'string');
    return message ? { ...(typeof body.code === 'string' ? { code: body.code } : {}), message } : null;
  } catch {
    return null;
  }
}

function cut(text: string): string {
  return text.length > QUOTED_BODY ? `${text.slice(0, QUOTED_BODY)}…` : text;
}

/** The server's own words for a failed answer: its problem message, else its body's text, else the status. */
function failureMessage(answer: Extract<Answer, { status: number }>): string {
  const problem = problemOf(answer.headers, answer.text);
  if (problem) return problem.message;
  const text = answer.text.trim();
  return text ? cut(text) : `The server answered ${answer.status} without a message.`;
}

function forwardingDetails(headers: Headers): string[] {
  return FORWARDING_HEADERS.flatMap((name) => {
    const value = headers.get(name);
    return value === null ? [] : [`${name[0]!.toUpperCase()}${name.slice(1)}: ${value}`];
  });
}

function entry(
  base: Pick<RunRow, 'integration' | 'runId' | 'trigger'>,
  call: Outgoing,
  answer: Answer,
  ok: boolean,
  message: string,
  details: string[],
  at: number,
): RunRow {
  return { ...base, at, method: call.method, url: call.url, status: answer.status, ok, message, details: [...answer.hops, ...details] };
}

function readJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The employees of an answer: a JSON list, or the first list in a JSON object. */
function employeesOf(body: unknown): Array<{ employeeNumber?: unknown }> | null {
  if (Array.isArray(body)) return body as Array<{ employeeNumber?: unknown }>;
  if (body && typeof body === 'object') {
    const list = Object.values(body).find(Array.isArray);
    if (list) return list as Array<{ employeeNumber?: unknown }>;
  }
  return null;
}

/** The world date as RFC 3339 full-date. */
function dateOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * One run of the Payroll export: reads the employees, then sends one travel expense for the first of them, both to the
 * configured base URL with the API key. The expense sent is logged beside what the HRM stored, so a forwarded POST
 * shows it kept its body.
 */
export async function runApiClient(env: IntegrationsEnv, trigger: 'schedule' | 'manual'): Promise<RunResult> {
  const row = await requireIntegration(env, 'payroll-export');
  const { baseUrl, apiKey } = row.config;
  const base = { integration: 'payroll-export' as const, runId: newRunId(env), trigger };
  const root = baseUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
  const rows: RunRow[] = [];

  const list: Outgoing = { method: 'GET', url: `${root}/employees`, headers };
  const listed = await send(env, list);
  let employeeNumber: string | null = null;
  if (listed.status === null) rows.push(entry(base, list, listed, false, listed.message, [], now(env)));
  else if (listed.status >= 200 && listed.status < 300) {
    const employees = employeesOf(readJsonText(listed.text));
    const first = employees?.find((e) => typeof e.employeeNumber === 'string' || typeof e.employeeNumber === 'number');
    employeeNumber = first ? String(first.employeeNumber) : null;
    const message = employees
      ? `${listed.status}: ${employees.length} employees read.`
      : `${listed.status}: the answer held no employee list.`;
    rows.push(entry(base, list, listed, employees !== null, message, forwardingDetails(listed.headers), now(env)));
  } else
    rows.push(entry(base, list, listed, false, `${listed.status}: ${failureMessage(listed)}`, forwardingDetails(listed.headers), now(env)));

  if (employeeNumber !== null) {
    const expense = {
      employeeNumber,
      date: dateOf(now(env)),
      amount: 245.5,
      currency: 'SEK',
      description: 'Train Stockholm–Göteborg, customer visit',
    };
    const post: Outgoing = {
      method: 'POST',
      url: `${root}/travel-expenses`,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(expense),
    };
    const stored = await send(env, post);
    const sent = `Sent: ${post.body}`;
    if (stored.status === null) rows.push(entry(base, post, stored, false, stored.message, [sent], now(env)));
    else if (stored.status >= 200 && stored.status < 300)
      rows.push(
        entry(
          base,
          post,
          stored,
          true,
          `${stored.status}: travel expense stored.`,
          [sent, `Stored: ${cut(stored.text)}`, ...forwardingDetails(stored.headers)],
          now(env),
        ),
      );
    else
      rows.push(
        entry(
          base,
          post,
          stored,
          false,
          `${stored.status}: ${failureMessage(stored)}`,
          [sent, ...forwardingDetails(stored.headers)],
          now(env),
        ),
      );
  }
  return { runId: base.runId, entries: await logCalls(env, rows) };
}

/** Refreshes every calendar subscription: the feed read, its events counted (RFC 5545 VEVENT), or its failure kept. */
export async function refreshCalendar(env: IntegrationsEnv, trigger: 'schedule' | 'manual'): Promise<RunResult> {
  const row = await requireIntegration(env, 'calendar-app');
  const base = { integration: 'calendar-app' as const, runId: newRunId(env), trigger };
  const rows: RunRow[] = [];
  const results: CalendarSubscription[] = [];
  for (const subscription of row.config.subscriptions) {
    // RFC 9110 §13.1.2: the validator of the last good answer; a 304 means the events it counted still stand.
    const validator: Record<string, string> = subscription.etag ? { 'if-none-match': subscription.etag } : {};
    // RFC 9110 §10.1.5: the app names itself, so the HRM's checklist sees one caller behind every feed it reads.
    const agent = `CalendarApp/1.0 (${row.config.name})`;
    const call: Outgoing = {
      method: 'GET',
      url: subscription.url,
      headers: { accept: 'text/calendar', 'user-agent': agent, ...validator },
    };
    const answer = await send(env, call);
    const at = now(env);
    const who = `${subscription.personName}: `;
    if (answer.status === null) {
      rows.push(entry(base, call, answer, false, who + answer.message, [], at));
      results.push({ ...subscription, lastRefreshAt: at, lastError: answer.message });
    } else if (answer.status === 304 && subscription.etag) {
      const held = `${who}304: not modified, still ${subscription.events ?? 0} events.`;
      rows.push(entry(base, call, answer, true, held, forwardingDetails(answer.headers), at));
      results.push({ ...subscription, lastRefreshAt: at, lastError: null });
    } else if (answer.status === 200 && isCalendar(answer.text)) {
      const events = countEvents(answer.text);
      rows.push(entry(base, call, answer, true, `${who}200: ${events} events.`, forwardingDetails(answer.headers), at));
      results.push({ ...subscription, events, lastRefreshAt: at, lastError: null, etag: answer.headers.get('etag') });
    } else {
      const message = answer.status === 200 ? 'The answer is not a calendar (no BEGIN:VCALENDAR).' : failureMessage(answer);
      rows.push(entry(base, call, answer, false, `${who}${answer.status}: ${message}`, forwardingDetails(answer.headers), at));
      results.push({ ...subscription, lastRefreshAt: at, lastError: message });
    }
  }
  let entries: RunLogEntry[] = [];
  await env.db.transaction('rw', [env.db.integrations, env.db.runs], async () => {
    // The refresh's results, kept for the feeds whose address did not change meanwhile (an edit while it ran).
    const current = await requireIntegration(env, 'calendar-app');
    const subscriptions = current.config.subscriptions.map((s, i) =>
      results[i] && results[i].url === s.url ? { ...results[i], personName: s.personName } : s,
    );
    await env.db.integrations.put({ ...current, config: { ...current.config, subscriptions } });
    entries = await logCalls(env, rows);
  });
  return { runId: base.runId, entries };
}

/** The employee's answer to a message, posted to the callback URL as the provider does; recorded once the HRM took it. */
export async function postReply(env: IntegrationsEnv, message: SmsMessageRow, answer: 'YES' | 'NO'): Promise<RunResult> {
  const row = await requireIntegration(env, 'sms');
  const base = { integration: 'sms' as const, runId: newRunId(env), trigger: 'reply' as const };
  const body: SmsCallbackBody = {
    reference: message.reference,
    from: message.to,
    text: answer,
    receivedAt: new Date(now(env)).toISOString(),
  };
  const call: Outgoing = {
    method: 'POST',
    url: row.config.callbackUrl,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  };
  const result = await send(env, call);
  const at = now(env);
  const sent = `Sent: ${call.body}`;
  const delivered = result.status !== null && result.status >= 200 && result.status < 300;
  const text =
    result.status === null
      ? result.message
      : delivered
        ? `${result.status}: reply ${answer} delivered.`
        : `${result.status}: ${failureMessage(result)}`;
  const details = result.status === null ? [sent] : [sent, ...forwardingDetails(result.headers)];
  let entries: RunLogEntry[] = [];
  await env.db.transaction('rw', [env.db.smsMessages, env.db.runs], async () => {
    if (delivered) await env.db.smsMessages.update(message.id, { reply: answer });
    entries = await logCalls(env, [entry(base, call, result, delivered, text, details, at)]);
  });
  return { runId: base.runId, entries };
}
