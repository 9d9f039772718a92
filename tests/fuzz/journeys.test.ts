// Random sequences of what people and admins do during a rollout, on one workspace each, checked after every step
// against the product's rules: codes are single-use, the newest wins and expires at 30:00 (R3); wrong codes
// never link and a few of them need a new code (R4); one email is one Connect account and one Connect account
// has at most one HRM user (R4, R7); a blocked account gets no token (R25); after activation the old login is
// gone (R14); and no server ever answers 5xx. A second tab of the same person races the first on the same code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../src/contracts/hrm';
import type { AdminUsersPage } from '../../src/contracts/connect';
import { inbox, readMessage } from '../support/api';
import type { Exchange } from '../../src/contracts/network';
import type { ProblemBody } from '../../src/contracts/wire';
import { HRM_NEW_ORIGINS } from '../../src/contracts/origins';
import { DAY, HOUR, MINUTE } from '../../src/domain/clock';
import { CODE_TTL_MS, MAX_CODE_ATTEMPTS } from '../../machines/linking';
import type { ConnectDb } from '../../mocks/servers/connect/db';
import type { HrmDb } from '../../mocks/servers/hrm/db';
import { mergeChunks } from '../../mocks/servers/hrm/directory';
import { KARIN, signedInAdmin } from '../mocks/connect/admin-support';
import { CONNECT, connectDb, login } from '../mocks/connect/support';
import { authorizationUrl, ERIK, HRM as HRM_CLIENT, tokenRequest, visit } from '../mocks/connect/oidc-support';
import { HRM, hrmDb, person, signIn } from '../mocks/hrm/support';
import { createTestWorld, type TestBrowser, type TestWorld } from '../support/harness';
import { FUZZ, FUZZ_TIMEOUT_MS, fuzzParameters, replayHint } from './settings';

/** Sequences in the normal suite: each builds its own workspace, so this is most of the test's time. */
const SUITE_RUNS = 4;
const MAX_ACTIONS = 10;

const PEOPLE = ['anna', 'johan', 'sara', 'oskar'] as const;
type PersonKey = (typeof PEOPLE)[number];

/** A few addresses, so that people collide on one: a colleague's, an existing Connect account's, an alias, a private one. */
const EMAILS = [
  'anna.svensson@company.com',
  'johan.ek@company.com',
  'erik.johansson@company.com',
  'shared@company.com',
  'anna.svensson@gmail.com',
  'oskar.lund+hrm@company.com',
] as const;

type Action =
  | { kind: 'sendCode'; who: PersonKey; email: string }
  | { kind: 'verify'; who: PersonKey; code: 'newest' | 'previous' | 'wrong' }
  | { kind: 'verifyInTwoTabs'; who: PersonKey }
  | { kind: 'advance'; ms: number }
  | { kind: 'unlinkSelf'; who: PersonKey }
  | { kind: 'unlinkByAdmin'; who: PersonKey }
  | { kind: 'block'; email: string }
  | { kind: 'unblock'; email: string }
  | { kind: 'activate' }
  | { kind: 'import'; rows: { who: PersonKey; email: string }[] }
  | { kind: 'oldLogin'; who: PersonKey }
  | { kind: 'erikSignsIn' }
  /** The journey of R3–R4 in one go, so runs reach links often: send, maybe wait, enter the code in one or two tabs. */
  | { kind: 'link'; who: PersonKey; email: string; waitMs: number; twoTabs: boolean };

const who = fc.constantFrom(...PEOPLE);
const email = fc.constantFrom(...EMAILS);

/** Erik's is the account the test can sign in with: blocking it is what shows whether a blocked account gets a token. */
const blockable = fc.oneof({ weight: 3, arbitrary: fc.constant<string>(ERIK.email) }, { weight: 2, arbitrary: email });

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('link' as const),
      who,
      email,
      waitMs: fc.constantFrom(0, 0, MINUTE, CODE_TTL_MS - 1, CODE_TTL_MS, CODE_TTL_MS + 1, DAY),
      twoTabs: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('sendCode' as const), who, email }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('verify' as const),
      who,
      code: fc.constantFrom('newest' as const, 'previous' as const, 'wrong' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('verifyInTwoTabs' as const), who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // Around the code's 30 minutes on purpose: a millisecond before, exactly at, and after.
      ms: fc.constantFrom(MINUTE, 10 * MINUTE, CODE_TTL_MS - 1, CODE_TTL_MS, CODE_TTL_MS + 1, HOUR, DAY, 3 * DAY),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlinkSelf' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlinkByAdmin' as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('block' as const), email: blockable }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unblock' as const), email: blockable }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'activate' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      rows: fc.array(fc.record({ who, email }), { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('oldLogin' as const), who }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'erikSignsIn' as const }) },
);

const ANNA_WORK = 'anna.svensson@company.com';

/**
 * Journeys every run tries first, before the random ones: each reaches a side of a rule that random sequences reach
 * only now and then (two tabs on one code, a blocked account asking for a token, activation, an import).
 */
const KNOWN_JOURNEYS: Action[][] = [
  [
    { kind: 'link', who: 'anna', email: ANNA_WORK, waitMs: 0, twoTabs: true },
    { kind: 'unlinkByAdmin', who: 'anna' },
    { kind: 'link', who: 'johan', email: ANNA_WORK, waitMs: CODE_TTL_MS - 1, twoTabs: false },
    { kind: 'verify', who: 'johan', code: 'newest' },
  ],
  [
    { kind: 'block', email: ERIK.email },
    { kind: 'erikSignsIn' },
    { kind: 'unblock', email: ERIK.email },
    { kind: 'erikSignsIn' },
    { kind: 'link', who: 'sara', email: ERIK.email, waitMs: 0, twoTabs: false },
    { kind: 'block', email: ERIK.email },
    { kind: 'erikSignsIn' },
  ],
  [
    { kind: 'import', rows: [{ who: 'johan', email: 'shared@company.com' }] },
    { kind: 'link', who: 'johan', email: 'shared@company.com', waitMs: CODE_TTL_MS, twoTabs: false },
    { kind: 'link', who: 'oskar', email: 'oskar.lund+hrm@company.com', waitMs: MINUTE, twoTabs: false },
    { kind: 'activate' },
    { kind: 'oldLogin', who: 'oskar' },
    { kind: 'verify', who: 'johan', code: 'newest' },
  ],
];

/** What the runs reached, so a generator that stops producing links, blocks or activations fails the suite. */
const reached = { linked: 0, refusedLate: 0, raced: 0, blockedErikRefused: 0, activated: 0, imported: 0, oldLoginRefused: 0 };

/** What the test knows of one person's codes: enough to say when a code must be refused. */
interface CodeModel {
  newest: string | null;
  previous: string | null;
  sentAt: number;
  /** Wrong tries the server counted against the newest code. */
  wrong: number;
  accepted: boolean;
}

interface Run {
  world: TestWorld;
  karin: TestBrowser;
  /** Each person's two tabs: one browser signed in once, whose cookie jar both tabs share. */
  tabs: Record<PersonKey, TestBrowser>;
  erik: TestBrowser;
  codes: Record<PersonKey, CodeModel>;
  blocked: Set<string>;
  activated: boolean;
  seenMail: Set<string>;
  failures: Exchange[];
  log: string[];
  /** The servers' own databases, for what no API shows whole (every account, every link); open for the run. */
  hrm: HrmDb;
  connect: ConnectDb;
}

async function start(): Promise<Run> {
  const world = await createTestWorld({ seed: 'fuzz-journeys' });
  const failures: Exchange[] = [];
  world.workspace.network.subscribe((exchange) => {
    if (exchange.status >= 500) failures.push(exchange);
  });
  const karin = await signedInAdmin(world);
  expect(
    (
      await karin.api(`${HRM}/api/session`, {
        body: { loginId: person(world, 'karin').loginId, password: person(world, 'karin').password },
      })
    ).status,
  ).toBe(200);
  const tabs = {} as Record<PersonKey, TestBrowser>;
  const codes = {} as Record<PersonKey, CodeModel>;
  for (const key of PEOPLE) {
    tabs[key] = await signIn(world, key);
    codes[key] = { newest: null, previous: null, sentAt: 0, wrong: 0, accepted: false };
  }
  return {
    world,
    karin,
    tabs,
    erik: world.browser('erik'),
    codes,
    blocked: new Set(),
    activated: false,
    seenMail: new Set(),
    failures,
    log: [],
    hrm: hrmDb(world),
    connect: connectDb(world),
  };
}

/**
 * A call as Karin, who signs in again when a session of hers has ended (sessions last hours; the clock jumps days):
 * at Connect with her password, at the HRM with the old login while it exists.
 */
async function asKarin(run: Run, url: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const response = await run.karin.api(url, init);
  if (response.status !== 401) return response;
  const again = url.startsWith(CONNECT)
    ? await login(run.karin, KARIN.email, KARIN.password)
    : await run.karin.api(`${HRM}/api/session`, {
        body: { loginId: person(run.world, 'karin').loginId, password: person(run.world, 'karin').password },
      });
  return again.status === 200 ? run.karin.api(url, init) : response;
}

/** A call from a person's tab, signing in again with the old login when the session has ended and the login exists. */
async function asPerson(run: Run, key: PersonKey, url: string, body: unknown, method = 'POST'): Promise<Response> {
  const response = await run.tabs[key].api(url, { method, body });
  if (response.status !== 401) return response;
  const p = person(run.world, key);
  const again = await run.tabs[key].api(`${HRM}/api/session`, { body: { loginId: p.loginId, password: p.password } });
  return again.status === 200 ? run.tabs[key].api(url, { method, body }) : response;
}

async function problemCode(response: Response): Promise<string | undefined> {
  try {
    return ((await response.clone().json()) as ProblemBody).code;
  } catch {
    return undefined;
  }
}

/** The code in the one verification mail to `address` that the run has not read yet, if there is one. */
async function freshCode(run: Run, address: string): Promise<string | null> {
  const listing = await inbox(run.karin, address);
  let code: string | null = null;
  for (const summary of listing.messages) {
    if (run.seenMail.has(summary.id)) continue;
    run.seenMail.add(summary.id);
    const message = await readMessage(run.karin, summary.id);
    const match = /Your verification code:\n\n(\d{6})\n/.exec(message.text);
    if (match) code = match[1]!;
  }
  return code;
}

function wrongCodeFor(code: string | null): string {
  const base = code ?? '000000';
  return base.slice(0, 5) + String((Number(base[5]) + 1) % 10);
}

/** Whether the server may accept `code` now, by what the test saw: the newest, unused, fresh, not too many wrong tries. */
function mayAccept(run: Run, key: PersonKey, code: string): boolean {
  const model = run.codes[key];
  return code === model.newest && !model.accepted && run.world.now() < model.sentAt + CODE_TTL_MS && model.wrong < MAX_CODE_ATTEMPTS;
}

async function verifyOnce(run: Run, key: PersonKey, code: string): Promise<Response> {
  return asPerson(run, key, `${HRM}/api/me/connect/verify`, { code });
}

async function accountId(run: Run, address: string): Promise<string | undefined> {
  const response = await asKarin(run, `${CONNECT}/api/admin/users?q=${encodeURIComponent(address)}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as AdminUsersPage).users.find((u) => u.email === address)?.id;
}

async function perform(run: Run, step: Action): Promise<void> {
  const { world } = run;
  switch (step.kind) {
    case 'link':
      await perform(run, { kind: 'sendCode', who: step.who, email: step.email });
      if (step.waitMs > 0) await perform(run, { kind: 'advance', ms: step.waitMs });
      await perform(run, step.twoTabs ? { kind: 'verifyInTwoTabs', who: step.who } : { kind: 'verify', who: step.who, code: 'newest' });
      return;
    case 'sendCode': {
      const response = await asPerson(run, step.who, `${HRM}/api/me/connect/verification-code`, { email: step.email });
      if (response.status === 200) {
        const code = await freshCode(run, step.email);
        expect(code, `a code mailed to ${step.email}`).not.toBeNull();
        const model = run.codes[step.who];
        run.codes[step.who] = { newest: code, previous: model.newest, sentAt: world.now(), wrong: 0, accepted: false };
      }
      return;
    }
    case 'verify': {
      const model = run.codes[step.who];
      const code = step.code === 'newest' ? model.newest : step.code === 'previous' ? model.previous : wrongCodeFor(model.newest);
      if (code === null) return;
      const response = await verifyOnce(run, step.who, code);
      await judgeVerify(run, step.who, code, [response]);
      return;
    }
    case 'verifyInTwoTabs': {
      const code = run.codes[step.who].newest;
      if (code === null) return;
      // Both tabs submit the same code at the same moment: one link at most (single use).
      const responses = await Promise.all([verifyOnce(run, step.who, code), verifyOnce(run, step.who, code)]);
      await judgeVerify(run, step.who, code, responses);
      return;
    }
    case 'advance':
      await world.advance(step.ms);
      await world.workspace.settled();
      return;
    case 'unlinkSelf':
      await asPerson(run, step.who, `${HRM}/api/me/connect`, undefined, 'DELETE');
      return;
    case 'unlinkByAdmin': {
      const id = await hrmUserId(run, step.who);
      await asKarin(run, `${HRM}/api/users/${id}/connect`, { method: 'DELETE' });
      return;
    }
    case 'block':
    case 'unblock': {
      const id = await accountId(run, step.email);
      if (!id) return;
      const response = await asKarin(run, `${CONNECT}/api/admin/users/${id}/${step.kind}`, { method: 'POST' });
      expect(response.status, await response.clone().text()).toBe(200);
      if (step.kind === 'block') run.blocked.add(step.email);
      else run.blocked.delete(step.email);
      return;
    }
    case 'activate': {
      const rollout = (await (await run.karin.api(`${HRM}/api/rollout`)).json()) as RolloutStatus;
      if (rollout.phase !== 'preparation') return;
      const response = await asKarin(run, `${HRM}/api/rollout/schedule`, {
        method: 'PUT',
        body: { preparationStartsAt: rollout.preparationStartsAt, activationAt: world.now() + MINUTE },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      await world.advance(MINUTE);
      await world.workspace.settled();
      reached.activated++;
      return;
    }
    case 'import': {
      const lines = ['User ID;Connect email', ...step.rows.map((row) => `${person(world, row.who).loginId};${row.email}`)];
      const preview = await world.workspace.network.fetch(
        new Request(`${HRM}/api/imports?fileName=fuzz.csv`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: lines.join('\r\n'),
        }),
        { initiator: 'browser:karin', jar: run.karin.jar },
      );
      if (preview.status !== 201) return;
      const { id } = (await preview.json()) as { id: string };
      if ((await asKarin(run, `${HRM}/api/imports/${id}/apply`, { method: 'POST' })).status === 200) reached.imported++;
      return;
    }
    case 'oldLogin': {
      const p = person(world, step.who);
      const linked = (await storedLinks(run)).some((u) => u.loginId === p.loginId);
      const response = await world
        .browser(`${step.who}-again`)
        .api(`${HRM}/api/session`, { body: { loginId: p.loginId, password: p.password } });
      if (run.activated && linked) {
        expect(response.status, `${step.who} is linked and the rollout is activated: the old login is gone`).not.toBe(200);
        reached.oldLoginRefused++;
      }
      return;
    }
    case 'erikSignsIn': {
      const trip = await visit(world, run.erik, authorizationUrl(HRM_CLIENT, { state: `s${world.now()}` }), HRM_CLIENT.redirect_uri);
      let callback = trip.callback;
      if (!callback && trip.page?.view === 'connect/login') {
        const { returnTo } = trip.page.data as { returnTo: string };
        const signedIn = await login(run.erik, ERIK.email, ERIK.password, returnTo);
        if (signedIn.status === 200) {
          const { redirectTo } = (await signedIn.json()) as { redirectTo: string };
          callback = (await visit(world, run.erik, new URL(redirectTo, 'https://connect.test').toString(), HRM_CLIENT.redirect_uri))
            .callback;
        }
      }
      const code = callback?.searchParams.get('code');
      if (!code) {
        if (run.blocked.has(ERIK.email)) reached.blockedErikRefused++;
        expect(run.blocked.has(ERIK.email) || (await accountId(run, ERIK.email)) === undefined, 'an unblocked Erik gets a code').toBe(true);
        return;
      }
      const token = await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM_CLIENT.redirect_uri });
      if (run.blocked.has(ERIK.email)) expect(token.status, 'a blocked account gets no token').not.toBe(200);
      return;
    }
  }
}

async function judgeVerify(run: Run, key: PersonKey, code: string, responses: Response[]): Promise<void> {
  const accepted = responses.filter((r) => r.status === 200).length;
  const allowed = mayAccept(run, key, code);
  const model = run.codes[key];
  if (accepted > 1) {
    // A double click on Verify (two tabs at once): the code links once, and the later request answers with that link.
    const linked = await Promise.all(responses.map(async (r) => (await r.clone().json()) as { status: string; email: string }));
    expect(
      linked.map((l) => `${l.status} ${l.email}`),
      'both tabs answer with the one link',
    ).toEqual(linked.map(() => `linked ${linked[0]!.email}`));
  }
  if (accepted > 0) {
    expect(
      allowed,
      `code ${code} accepted: the newest (${model.newest}), unused (${!model.accepted}), ${run.world.now() - model.sentAt} ms after sending, after ${model.wrong} wrong tries`,
    ).toBe(true);
    model.accepted = true;
    reached.linked++;
    if (responses.length > 1) reached.raced++;
  }
  if (accepted === 0 && code === model.newest && run.world.now() >= model.sentAt + CODE_TTL_MS) reached.refusedLate++;
  for (const response of responses) {
    const problem = await problemCode(response);
    if (code === model.newest && (problem === 'code_incorrect' || problem === 'code_attempts_exceeded'))
      throw new Error(`The newest code ${code} was called wrong (${problem})`);
    if (code !== model.newest && (problem === 'code_incorrect' || problem === 'code_attempts_exceeded')) model.wrong++;
  }
}

async function hrmUserId(run: Run, key: PersonKey): Promise<string> {
  const loginId = person(run.world, key).loginId;
  return mergeChunks(await run.hrm.people.toArray(), await run.hrm.states.toArray())
    .flat()
    .find((u) => u.loginId === loginId)!.id;
}

/** Every linked HRM user, with the Connect account and email it is linked to. */
async function storedLinks(run: Run): Promise<{ loginId: string; accountId: string | null; email: string | null }[]> {
  return mergeChunks(await run.hrm.people.toArray(), await run.hrm.states.toArray())
    .flat()
    .filter((u) => u.link?.status === 'linked')
    .map((u) => ({ loginId: u.loginId, accountId: u.link!.context.connectAccountId, email: u.link!.context.email }));
}

/** The rules that hold after every step, whatever happened. */
async function checkInvariants(run: Run): Promise<void> {
  expect(
    run.failures.map((e) => `${e.status} ${e.method} ${e.url}: ${e.responseBody?.slice(0, 300)}`),
    'no server answers 5xx',
  ).toEqual([]);

  const accounts = await run.connect.accounts.toArray();
  const byEmail = new Map<string, number>();
  for (const account of accounts) byEmail.set(account.email.toLowerCase(), (byEmail.get(account.email.toLowerCase()) ?? 0) + 1);
  expect(
    [...byEmail].filter(([, n]) => n > 1),
    'one email, one Connect account',
  ).toEqual([]);

  const links = await storedLinks(run);
  const usersByAccount = new Map<string, string[]>();
  for (const link of links) {
    expect(link.accountId, `${link.loginId} is linked to a Connect account`).not.toBeNull();
    usersByAccount.set(link.accountId!, [...(usersByAccount.get(link.accountId!) ?? []), link.loginId]);
    const account = accounts.find((a) => a.id === link.accountId);
    expect(account, `the Connect account ${link.loginId} is linked to exists`).toBeDefined();
  }
  expect(
    [...usersByAccount].filter(([, users]) => users.length > 1),
    'one Connect account, one HRM user at most',
  ).toEqual([]);

  // After the move the customer's own address says where the HRM is now; the rollout is read there.
  const atOld = await run.karin.api(`${HRM}/api/rollout`);
  const answer = atOld.status === 410 ? await run.karin.api(`${HRM_NEW_ORIGINS.web}/api/rollout`) : atOld;
  const rollout = (await answer.json()) as RolloutStatus;
  run.activated = rollout.phase === 'activation';
}

describe('random rollout journeys', () => {
  it(
    'keep codes single-use and short-lived, one account per email and per user, blocked accounts out, no 5xx',
    { timeout: FUZZ_TIMEOUT_MS },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: MAX_ACTIONS }), async (actions) => {
          const run = await start();
          try {
            for (const [index, step] of actions.entries()) {
              run.log.push(JSON.stringify(step));
              try {
                await perform(run, step);
                await checkInvariants(run);
              } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                throw new Error(
                  `Step ${index + 1} of ${actions.length} broke a rule: ${message}\nSteps:\n  ${run.log.join('\n  ')}\n${replayHint()}`,
                );
              }
            }
          } finally {
            run.hrm.close();
            run.connect.close();
            await run.world.close();
          }
        }),
        { ...fuzzParameters<[Action[]]>(SUITE_RUNS), examples: KNOWN_JOURNEYS.map((journey) => [journey] as [Action[]]) },
      );
      // The fixed seed's runs must reach each rule's interesting side, or the checks above checked little.
      if (!FUZZ.long)
        expect(
          Object.entries(reached)
            .filter(([, count]) => count === 0)
            .map(([what]) => what),
          'what no run reached',
        ).toEqual([]);
    },
  );
});
