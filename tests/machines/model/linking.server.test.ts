// The linking model's paths the user walks on their own (R3, R4: code sent, wrong codes, expiry, Connect not
// answering, cancel, unlink), replayed against the HRM through the in-tab network: after every step the HRM's
// inspection (GET hrm.test/_sim/machines) must hold the state and context the model reached, having taken the same
// transitions, guards included.
import { afterEach, describe, expect, it } from 'vitest';
import { linkingMachine, type LinkingEvent, type LinkingSnapshot } from '../../../machines/linking';
import { inspectHrm } from '../../../src/clients/inspection';
import type { MachineInstance } from '../../../src/contracts/inspection';
import { guardName } from '../../../src/domain/statechart';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import { connectDown, HRM, inFront, person, sendCode, signIn, verify } from '../../mocks/hrm/support';
import { modelPaths, type ModelPath } from './graph';
import { EMAIL, linkingEvents, linkingLabel, T0 } from './linking-model';

/** What Anna herself does on Account Settings; Connect's answer (LINKED, LINK_FAILED) comes within her request. */
const SELF_SERVICE = new Set<LinkingEvent['type']>(['SEND_CODE', 'VERIFY', 'LINKED', 'LINK_FAILED', 'CANCEL', 'UNLINK']);

/** World time moves only forward: a path whose events go back in time cannot be walked on a clock. */
const inOrder = (events: LinkingEvent[]) =>
  events.every((e, i) => !('now' in e) || events.slice(0, i).every((p) => !('now' in p) || p.now <= e.now));

const replayable = modelPaths(linkingMachine, { events: linkingEvents, label: linkingLabel }).filter(
  (p) =>
    p.events.every((e) => SELF_SERVICE.has(e.type)) &&
    inOrder(p.events) &&
    // `linking` is no resting place on the server: the same request asks Connect and stores its answer.
    !p.snapshots.at(-1)!.matches('linking'),
);

let world: TestWorld;
afterEach(() => world?.close());

async function inspected(loginId: string): Promise<MachineInstance> {
  const result = await inspectHrm({ network: world.workspace.network, initiator: 'xray' }, loginId);
  if (!result.ok) throw new Error(`${result.problem.code}: ${result.problem.message}`);
  return result.value.linking!;
}

/** The model's context as the inspection answers it: without the codes' digests, and with Connect's own account id. */
function expectSame(server: MachineInstance, model: LinkingSnapshot, step: string): void {
  expect(server.value, step).toEqual(JSON.parse(JSON.stringify(model.value)));
  const { codeHash: _withheld, supersededCodes: _alsoWithheld, connectAccountId, ...rest } = model.context;
  expect(server.context, step).toEqual({ ...rest, connectAccountId: server.context.connectAccountId });
  expect(server.context.connectAccountId === null, step).toBe(connectAccountId === null);
}

async function advanceTo(at: number): Promise<void> {
  if (at > world.now()) await world.advance(at - world.now());
}

/** Walks one model path as Anna, comparing the HRM's stored journey with the model's after every request. */
async function replay(path: ModelPath<LinkingSnapshot, LinkingEvent>): Promise<void> {
  world = await createTestWorld();
  // The model's clock is the demo tenant's: preparation opened at its start (R1–R4: self-service from then on).
  expect(world.now()).toBe(T0);
  expect(demoTenant.startsAt).toBe(T0);
  const loginId = person(world, 'anna').loginId;
  const anna: TestBrowser = await signIn(world, 'anna');
  let code = '';
  // The real code mailed for each of the model's digests, so an earlier mail's code can be typed again.
  const mailed = new Map<string, string>();
  const expectedTransitions: Array<{ type: string; transitions: Array<{ source: string; guard: string | null }> }> = [];

  for (let i = 0; i < path.events.length; i++) {
    const event = path.events[i]!;
    const before = path.snapshots[i]!;
    const after = path.snapshots[i + 1]!;
    const step = `step ${i + 1}: ${linkingLabel(event, before)}`;
    expectedTransitions.push({
      type: event.type,
      transitions: linkingMachine.getTransitionData(before, event).map((t) => ({ source: t.source.id, guard: guardName(t.guard) })),
    });
    if ('now' in event) await advanceTo(event.now);
    switch (event.type) {
      case 'SEND_CODE':
        ({ code } = await sendCode(anna, EMAIL));
        mailed.set(event.codeHash, code);
        break;
      case 'VERIFY': {
        const typed =
          event.codeHash === before.context.codeHash ? code : (mailed.get(event.codeHash) ?? (code === '000000' ? '111111' : '000000'));
        // Connect's answer is part of this request: the model's next step says which it gives.
        const connectAnswers = path.events[i + 1]?.type;
        const restore = connectAnswers === 'LINK_FAILED' ? inFront(world, ...connectDown()) : () => {};
        const response = await verify(anna, typed);
        restore();
        const expectedStatus = after.matches('linking') ? (connectAnswers === 'LINK_FAILED' ? 502 : 200) : 422;
        expect(response.status, `${step}: ${await response.clone().text()}`).toBe(expectedStatus);
        if (after.matches('linking')) continue;
        break;
      }
      case 'LINKED':
      case 'LINK_FAILED':
        break;
      case 'CANCEL':
      case 'UNLINK':
        expect((await anna.api(`${HRM}/api/me/connect`, { method: 'DELETE' })).status, step).toBe(200);
        break;
      default:
        throw new Error(`${event.type} is not a step Anna takes herself`);
    }
    const server = await inspected(loginId);
    expectSame(server, after, step);
  }
  const server = await inspected(loginId);
  expect(
    server.lastEvents.map((e) => ({ type: e.type, transitions: e.transitions })),
    'the HRM took the model’s transitions, guards included',
  ).toEqual(expectedTransitions.slice(-10));
}

describe('linking model paths replayed against the HRM (GET hrm.test/_sim/machines after each step)', () => {
  it('include the main journeys: linked by code, exhausted by wrong codes, expired', () => {
    const names = replayable.map((p) => p.name);
    expect(names).toContain('linked ← code sent → right code → Connect linked');
    expect(names).toContain('codeSent.exhausted ← code sent → wrong code ×4 → last wrong code');
    expect(names).toContain('codeSent.expired ← code sent → right code at expiry');
    expect(names).toContain('codeSent.awaitingCode ← code sent → right code → Connect failed');
  });

  it.each(replayable.map((p) => [p.name, p] as const))('%s', async (_name, path) => {
    await replay(path);
  });
});
