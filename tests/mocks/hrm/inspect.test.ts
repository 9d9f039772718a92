import { afterEach, describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { inspectHrm } from '../../../src/clients/inspection';
import {
  REMEMBERED_EVENTS,
  SIM_MACHINES_PATH,
  type AppliedEvent,
  type HrmInspection,
  type MachineInstance,
} from '../../../src/contracts/inspection';
import { DAY, HOUR, ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { Workspace } from '../../../mocks/runtime/workspace';
import { demoTenant, demoTenantInSetup } from '../../../mocks/templates/demo-tenant';
import type { RolloutSettingsRow, StoredUser } from '../../../mocks/servers/hrm/db';
import { restoreLinking, withLinking } from '../../../mocks/servers/hrm/store';
import { createTestWorld, type TestWorld } from '../../support/harness';
import { expectProblem, hrmDb, HRM, person, rewriteStoredUser, sendCode, signIn, storedUser, verify } from './support';

let world: TestWorld;
let reopened: Workspace | undefined;
afterEach(async () => {
  await reopened?.close();
  reopened = undefined;
  await world.close();
});

const INSPECTION = `${HRM}${SIM_MACHINES_PATH}`;

async function inspect(loginId?: string, workspace: Workspace = world.workspace): Promise<HrmInspection> {
  const result = await inspectHrm({ network: workspace.network, initiator: 'xray' }, loginId);
  if (!result.ok) throw new Error(`${result.problem.code}: ${result.problem.message}`);
  return result.value;
}

/** What the answer must be for this stored user: the stored journey, less the code's digest. */
function expectedLinking(user: StoredUser): Pick<MachineInstance, 'value' | 'context' | 'lastEvents'> {
  const { codeHash: _withheld, supersededCodes: _alsoWithheld, ...context } = user.link!.context;
  return { value: user.link!.value as MachineInstance['value'], context, lastEvents: user.link!.lastEvents ?? [] };
}

async function storedRollout(): Promise<RolloutSettingsRow> {
  const db = hrmDb(world);
  try {
    return (await db.settings.get('rollout')) as RolloutSettingsRow;
  } finally {
    db.close();
  }
}

const eventsOf = (events: readonly AppliedEvent[]) => events.map((e) => `${e.type} ${JSON.stringify(e.from)} → ${JSON.stringify(e.to)}`);

describe('GET hrm.test/_sim/machines?loginId=…', () => {
  it('answers Anna’s link journey exactly as the database holds it after every step, with the events that moved it', async () => {
    world = await createTestWorld();
    const anna = person(world, 'anna');
    const before = await inspect(anna.loginId);
    expect(before.user).toEqual({ id: (await storedUser(world, 'anna')).id, loginId: anna.loginId, name: anna.name });
    expect(before.linking).toMatchObject({ machine: 'linking', label: 'Anna Svensson (10001)', value: 'unlinked', lastEvents: [] });

    const browser = await signIn(world, 'anna');
    const { code } = await sendCode(browser, 'anna.svensson@company.com');
    const sent = await inspect(anna.loginId);
    expect(sent.linking).toMatchObject(expectedLinking(await storedUser(world, 'anna')));
    expect(sent.linking!.value).toEqual({ codeSent: 'awaitingCode' });

    await world.advance(HOUR / 4);
    expect((await verify(browser, code === '000000' ? '111111' : '000000')).status).toBe(422);
    const wrong = await inspect(anna.loginId);
    expect(wrong.linking).toMatchObject(expectedLinking(await storedUser(world, 'anna')));
    expect(wrong.linking!.context).toMatchObject({ failedAttempts: 1, lastError: 'code_incorrect' });

    expect((await verify(browser, code)).status).toBe(200);
    const linked = await inspect(anna.loginId);
    expect(linked.linking).toMatchObject(expectedLinking(await storedUser(world, 'anna')));
    expect(linked.linking!.value).toBe('linked');
    expect(eventsOf(linked.linking!.lastEvents)).toEqual([
      'SEND_CODE "unlinked" → {"codeSent":"awaitingCode"}',
      'VERIFY {"codeSent":"awaitingCode"} → {"codeSent":"awaitingCode"}',
      'VERIFY {"codeSent":"awaitingCode"} → "linking"',
      'LINKED "linking" → "linked"',
    ]);
    // Which transition each took, by its state and guard, and when in world time.
    expect(linked.linking!.lastEvents.map((e) => e.transitions)).toEqual([
      [{ source: 'linking.unlinked', guard: null }],
      [{ source: 'linking.codeSent.awaitingCode', guard: null }],
      [{ source: 'linking.codeSent.awaitingCode', guard: 'isCorrectCode' }],
      [{ source: 'linking.linking', guard: null }],
    ]);
    const [sentAt, wrongAt] = linked.linking!.lastEvents.map((e) => e.at);
    expect(wrongAt! - sentAt!).toBe(HOUR / 4);
    expect(linked.at).toBe(world.now());
  });

  it('never answers a code’s digest, the newest or an earlier one: it names the keys it leaves out', async () => {
    world = await createTestWorld();
    const browser = await signIn(world, 'anna');
    await sendCode(browser, 'anna.svensson@company.com');
    await sendCode(browser, 'anna.svensson@company.com');
    const stored = await storedUser(world, 'anna');
    expect(stored.link!.context.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const response = await world.browser('xray').inspect(`${INSPECTION}?loginId=${person(world, 'anna').loginId}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain(stored.link!.context.codeHash!);
    const answer = JSON.parse(text) as HrmInspection;
    expect(stored.link!.context.supersededCodes).toHaveLength(1);
    expect(text).not.toContain(stored.link!.context.supersededCodes![0]!.codeHash);
    expect(answer.linking!.withheld).toEqual(['codeHash', 'supersededCodes']);
    expect(answer.linking!.context).not.toHaveProperty('codeHash');
    expect(answer.linking!.context).not.toHaveProperty('supersededCodes');
  });

  it('keeps the last ten events, oldest first', async () => {
    world = await createTestWorld();
    const browser = await signIn(world, 'anna');
    const { code } = await sendCode(browser, 'anna.svensson@company.com');
    const wrong = code === '000000' ? '111111' : '000000';
    // Five wrong codes exhaust it (R4); the machine still takes VERIFY there, to say so.
    for (let i = 0; i < 11; i++) await verify(browser, wrong);
    const { linking } = await inspect(person(world, 'anna').loginId);
    expect(linking!.lastEvents).toHaveLength(REMEMBERED_EVENTS);
    expect(linking!.lastEvents.map((e) => e.type)).toEqual(Array(REMEMBERED_EVENTS).fill('VERIFY'));
    expect(linking!.lastEvents.at(-1)).toMatchObject({ from: { codeSent: 'exhausted' }, to: { codeSent: 'exhausted' } });
    expect(linking!.lastEvents).toEqual((await storedUser(world, 'anna')).link!.lastEvents);
  });

  it('is read-only: a link interrupted before Connect answered stays as stored, where the HRM’s own pages would finish it', async () => {
    world = await createTestWorld();
    await rewriteStoredUser(world, 'anna', (user) => {
      const [accepted] = transition(linkingMachine, restoreLinking(user.link), {
        type: 'LINK_BY_DOMAIN',
        email: 'anna.svensson@company.com',
        now: world.now(),
      });
      return withLinking(user, accepted);
    });
    const loginId = person(world, 'anna').loginId;
    expect((await inspect(loginId)).linking!.value).toBe('linking');
    expect((await inspect(loginId)).linking!.value).toBe('linking');
    expect((await storedUser(world, 'anna')).link!.status).toBe('linking');
  });

  it('refuses anything but a read, an unknown user ID and an empty one', async () => {
    world = await createTestWorld();
    const xray = world.browser('xray');
    const posted = await xray.inspect(INSPECTION, { method: 'POST', body: {} });
    await expectProblem(posted, 405, 'method_not_allowed');
    expect(posted.headers.get('allow')).toBe('GET');
    await expectProblem(await xray.inspect(INSPECTION, { method: 'DELETE' }), 405, 'method_not_allowed');
    await expectProblem(await xray.inspect(`${INSPECTION}?loginId=99999`), 404, 'unknown_user', 'loginId');
    await expectProblem(await xray.inspect(`${INSPECTION}?loginId=`), 400, 'invalid_request', 'loginId');
  });

  it('needs no session and sets no cookie: it is the simulator looking, not a user of the HRM', async () => {
    world = await createTestWorld();
    const xray = world.browser('xray');
    const response = await xray.inspect(`${INSPECTION}?loginId=${person(world, 'anna').loginId}`);
    expect(response.status).toBe(200);
    expect(xray.jar.toJSON()).toEqual([]);
  });
});

describe('GET hrm.test/_sim/machines (the tenant’s rollout)', () => {
  it('answers the stored rollout, and the events the template’s phase was reached by', async () => {
    world = await createTestWorld();
    const { rollout, linking, user } = await inspect();
    expect(user).toBeNull();
    expect(linking).toBeNull();
    const stored = await storedRollout();
    expect(rollout).toEqual({
      machine: 'rollout',
      label: 'Demo Company',
      value: stored.snapshot.value,
      context: stored.snapshot.context,
      withheld: [],
      lastEvents: stored.lastEvents,
    });
    expect(rollout.value).toBe('preparation');
    expect(rollout.lastEvents.map((e) => [e.type, e.at, e.transitions])).toEqual([
      ['START_PREPARATION', demoTenant.startsAt, [{ source: 'rollout.setup', guard: null }]],
      ['SCHEDULE', demoTenant.startsAt, [{ source: 'rollout.preparation', guard: 'validSchedule' }]],
    ]);
  });

  it('remembers the admin’s schedule and start, and the clock’s tick into activation', async () => {
    world = await createTestWorld({ template: demoTenantInSetup });
    expect((await inspect()).rollout).toMatchObject({ value: 'setup', lastEvents: [] });
    const karin = await signIn(world, 'karin');
    const opens = world.now() + DAY;
    const activates = world.now() + 30 * DAY;
    expect(
      (await karin.api(`${HRM}/api/rollout/schedule`, { method: 'PUT', body: { preparationStartsAt: opens, activationAt: activates } }))
        .status,
    ).toBe(200);
    await world.advance(30 * DAY);
    await world.workspace.settled();

    const { rollout } = await inspect();
    expect(rollout).toMatchObject({ value: { activation: 'postMigration' }, lastEvents: (await storedRollout()).lastEvents });
    expect(rollout.lastEvents.map((e) => [e.type, e.at, e.from, e.to])).toEqual([
      ['SCHEDULE', demoTenantInSetup.startsAt, 'setup', 'setup'],
      ['TICK', opens, 'setup', 'preparation'],
      ['TICK', activates, 'preparation', { activation: 'postMigration' }],
    ]);
  });
});

describe('journeys and rollouts stored before the HRM remembered events', () => {
  it('are answered with no events, and the next event starts their ring', async () => {
    world = await createTestWorld();
    const anna = await signIn(world, 'anna');
    await sendCode(anna, 'anna.svensson@company.com');
    // As the HRM stored them before: the journey and the rollout without `lastEvents`.
    await rewriteStoredUser(world, 'anna', (user) => {
      const { lastEvents: _none, ...link } = user.link!;
      return { ...user, link };
    });
    const db = hrmDb(world);
    try {
      const { lastEvents: _none, ...rollout } = (await db.settings.get('rollout')) as RolloutSettingsRow;
      await db.settings.put(rollout);
    } finally {
      db.close();
    }
    // The server read its directory before the rewrite: a reload of the tab reads it again.
    await world.workspace.close();
    reopened = (await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) }))!;
    const loginId = person(world, 'anna').loginId;

    const old = await inspect(loginId, reopened);
    expect(old.linking).toMatchObject({ value: { codeSent: 'awaitingCode' }, lastEvents: [] });
    expect(old.rollout).toMatchObject({ value: 'preparation', lastEvents: [] });

    const annaAgain = await signInOn(reopened, 'anna');
    expect((await annaAgain(`${HRM}/api/me/connect`, 'DELETE')).status).toBe(200);
    const karin = await signInOn(reopened, 'karin');
    const { activationAt } = demoTenant.tenant;
    expect(
      (await karin(`${HRM}/api/rollout/schedule`, 'PUT', { preparationStartsAt: demoTenant.startsAt, activationAt: activationAt! + DAY }))
        .status,
    ).toBe(200);

    const now = await inspect(loginId, reopened);
    expect(now.linking!.lastEvents.map((e) => [e.type, e.from, e.to])).toEqual([['CANCEL', { codeSent: 'awaitingCode' }, 'unlinked']]);
    expect(now.rollout.lastEvents.map((e) => [e.type, e.from, e.to])).toEqual([['SCHEDULE', 'preparation', 'preparation']]);
  });
});

/** A signed-in API caller on a reopened workspace's network, as the template person `key`. */
async function signInOn(workspace: Workspace, key: string) {
  const jar = new CookieJar();
  const call = (url: string, method: string, payload?: unknown) =>
    workspace.network.fetch(
      new Request(url, {
        method,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      }),
      { initiator: `browser:${key}`, jar },
    );
  const { loginId, password } = person(world, key);
  expect((await call(`${HRM}/api/session`, 'POST', { loginId, password })).status).toBe(200);
  return call;
}
