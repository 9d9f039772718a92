// Owns the scale bench's part measurements: the CPU work a bulk mail job does per recipient, timed alone in the same
// page (the same real helpers, machine and rules, without IndexedDB or the network around them), so a slow job can be
// split into what each part costs.
import { transition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { hmacBase64Url, hmacKey } from '../../../mocks/shared/crypto';
import { LINK_MAIL, verificationLinkMailText, verificationLinkUrl } from '../../../mocks/servers/hrm/rules';
import { restoreLinking, withLinking } from '../../../mocks/servers/hrm/store';
import { Directory, type StoredDirectory } from '../../../mocks/servers/hrm/directory';
import type { HrmDb, StoredUser } from '../../../mocks/servers/hrm/db';
import { parseUserQuery } from '../../../mocks/servers/hrm/users';
import type { Breakdown } from './contract';

const SECRET = 'a1'.repeat(32);

function user(i: number): StoredUser {
  return {
    id: `usr_${i.toString(16).padStart(8, '0')}`,
    chunk: Math.floor(i / 500),
    loginId: String(20_001 + i),
    name: `Anna Andersson ${i}`,
    email: `anna.andersson${i}@company.com`,
    roles: ['employee'],
    timeclockOnly: 0,
    password: null,
    employeeNumber: String(20_001 + i),
    employments: [
      {
        id: `emp_${i}`,
        title: 'Planner',
        department: 'Operations',
        email: null,
        mailingsActivated: 1,
        status: 'active',
        monthlySalary: 40_000,
      },
    ],
    connectEmail: null,
    link: null,
    lastLoginAt: null,
  };
}

/** The fastest of three runs: on a shared machine the least disturbed run is the closest to the work's own cost. */
async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The per-recipient work of `sent` verification mails in batches of `batch`, part by part (each the fastest of 3). */
export async function mailParts(sent: number, batch: number): Promise<Breakdown> {
  const users = Array.from({ length: sent }, (_, i) => user(i));
  const key = await hmacKey(SECRET);
  const parts: Breakdown = {};
  const record = (name: string, count: number, ms: number) => (parts[name] = { count, ms });

  record(
    'HMAC per link, awaited one by one (as compose does)',
    sent,
    await time(async () => {
      for (const u of users) await hmacBase64Url(key, `job_00000000.${u.id}`);
    }),
  );
  record(
    'HMAC per link, a batch awaited together (Promise.all)',
    sent,
    await time(async () => {
      for (let from = 0; from < sent; from += batch)
        await Promise.all(users.slice(from, from + batch).map((u) => hmacBase64Url(key, `job_00000000.${u.id}`)));
    }),
  );
  record(
    'XState per user: restoreLinking + can + transition(SEND_LINK) + withLinking',
    sent,
    await time(() => {
      for (const u of users) {
        const current = restoreLinking(u.link);
        const event = { type: 'SEND_LINK', email: u.email!, requestId: 'job_00000000', now: 0 } as const;
        if (!current.can(event)) continue;
        const [linked] = transition(linkingMachine, current, event);
        withLinking(u, linked);
      }
    }),
  );

  record(
    'XState per user without can(): transition(SEND_LINK), kept when its value changed, + withLinking',
    sent,
    await time(() => {
      for (const u of users) {
        const current = restoreLinking(u.link);
        const [linked] = transition(linkingMachine, current, { type: 'SEND_LINK', email: u.email!, requestId: 'job_00000000', now: 0 });
        if (linked.value === current.value && linked.context === current.context) continue;
        withLinking(u, linked);
      }
    }),
  );

  let batches: string[] = [];
  record(
    'mail texts + JSON.stringify of the batch bodies',
    Math.ceil(sent / batch),
    await time(() => {
      batches = [];
      for (let from = 0; from < sent; from += batch) {
        const messages = users.slice(from, from + batch).map((u) => ({
          to: u.email!,
          ...LINK_MAIL,
          text: verificationLinkMailText({
            name: u.name,
            email: u.email!,
            url: verificationLinkUrl(`job_00000000.${u.id}.${'x'.repeat(43)}`, 'preparation'),
            phase: 'preparation',
            adminName: 'Karin Berg',
          }),
        }));
        batches.push(JSON.stringify({ batchId: `job_00000000/${from}`, messages }));
      }
    }),
  );
  record(
    'batch bodies through Request: built, copied with new headers, cloned and read for the log, parsed by the server',
    batches.length,
    await time(async () => {
      for (const body of batches) {
        const request = new Request('https://mail.test/api/messages/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const outgoing = new Request(request, { headers: new Headers(request.headers) });
        await outgoing.clone().text();
        await outgoing.json();
      }
    }),
  );
  return parts;
}

/**
 * The Users view's queries against the HRM's in-memory directory alone (no request, session check, JSON or traffic
 * log): the directory is built from the stored chunks, each query's sort order built once, then each run `rounds` times.
 */
export function directoryParts(stored: StoredDirectory, queries: readonly string[], rounds: number): Breakdown {
  const parts: Breakdown = {};
  // Queries never write, so the directory needs no database here.
  const directory = Directory.fromStored(undefined as unknown as HrmDb, stored);
  // The first query runs again at the end: a slower second reading says the state of the page changed, not the query.
  for (const [i, q] of [...queries, queries[0]!].entries()) {
    const again = i === queries.length;
    const { sort, dir, offset, limit, ...filter } = parseUserQuery(new URLSearchParams(`${q}&limit=50`));
    const first = performance.now();
    directory.query(filter, sort, dir, offset, limit);
    if (!again) parts[`Directory.query ${q}, first (sort order built)`] = { count: 1, ms: performance.now() - first };
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const page = directory.query(filter, sort, dir, offset, limit);
      times.push(performance.now() - started);
      if (page.users.length !== 50) throw new Error(`Directory.query ${q} found ${page.users.length} users, not 50`);
    }
    times.sort((a, b) => a - b);
    const label = `Directory.query ${q}${again ? ' again, after the others' : ''}`;
    parts[`${label}, median of ${rounds}`] = { count: rounds, ms: times[rounds >> 1]! };
    parts[`${label}, fastest of ${rounds}`] = { count: rounds, ms: times[0]! };
  }
  const pass = performance.now();
  let counted = 0;
  for (const user of directory.all()) if (user.roles.length > 0) counted++;
  parts[`one plain pass over the ${counted.toLocaleString('en-GB')} users (the floor of any full scan)`] = {
    count: 1,
    ms: performance.now() - pass,
  };
  return parts;
}
