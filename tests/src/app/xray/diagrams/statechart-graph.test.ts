import { describe, expect, it } from 'vitest';
import { setup, transition, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNodeDefinition, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { CODE_TTL_MS, linkingMachine, type LinkingEvent } from '../../../../../machines/linking';
import { rolloutMachine, type RolloutEvent } from '../../../../../machines/rollout';
import { domainVerificationMachine, type DomainVerificationEvent } from '../../../../../machines/domain-verification';
import type { StateValueJson } from '../../../../../src/contracts/inspection';
import { guardName } from '../../../../../src/domain/statechart';
import { activeStates, nextEvents, statechartOf, takenTransitions } from '../../../../../src/app/xray/diagrams/statechart-graph';
import { appliedEvent } from '../../../../../mocks/shared/machine-events';

const T0 = Date.UTC(2026, 2, 2, 8);

const linkingEvents: LinkingEvent[] = [
  { type: 'SEND_CODE', email: 'a@company.com', codeHash: 'h', now: T0 },
  { type: 'VERIFY', codeHash: 'h', now: T0 + 1 },
  { type: 'VERIFY', codeHash: 'wrong', now: T0 + 1 },
  { type: 'VERIFY', codeHash: 'h', now: T0 + CODE_TTL_MS },
  { type: 'SEND_LINK', email: 'a@company.com', requestId: 'job_1', now: T0 },
  { type: 'CONFIRM_LINK', requestId: 'job_1', now: T0 + 2 },
  { type: 'CONFIRM_LINK', requestId: 'job_old', now: T0 + 2 },
  { type: 'LINK_BY_DOMAIN', email: 'a@company.com', now: T0 },
  { type: 'CANCEL' },
  { type: 'LINKED', connectAccountId: 'acc_1', now: T0 + 3 },
  { type: 'LINK_FAILED' },
  { type: 'UNLINK', now: T0 + 4 },
];
const rolloutEvents: RolloutEvent[] = [
  { type: 'SCHEDULE', preparationStartsAt: T0 + 86_400_000, activationAt: T0 + 2 * 86_400_000, now: T0 },
  { type: 'START_PREPARATION', now: T0 },
  { type: 'TICK', now: T0 + 3 * 86_400_000 },
];
const check = (code: 'verified' | 'not_visible_yet'): DomainVerificationEvent => ({
  type: 'CHECKED',
  check: { code, method: 'txt', at: T0, found: [], message: '' },
});

const MACHINES: Array<{ machine: AnyStateMachine; events: EventObject[]; input?: unknown }> = [
  { machine: linkingMachine, events: linkingEvents },
  { machine: rolloutMachine, events: rolloutEvents },
  { machine: domainVerificationMachine, events: [check('not_visible_yet'), check('verified')], input: { domain: 'company.com' } },
];

/** The machine's serialisable definition, walked on its own: every state node's definition. */
function definitionsOf(definition: AnyStateNodeDefinition): AnyStateNodeDefinition[] {
  return [definition, ...Object.values(definition.states).flatMap((child) => definitionsOf(child as AnyStateNodeDefinition))];
}

/** The machine as written (its config), walked on its own: how many transitions each state declares for each event. */
function declaredTransitions(config: Record<string, unknown>, path: string[] = []): Map<string, number> {
  const counts = new Map<string, number>();
  const on = (config.on ?? {}) as Record<string, unknown>;
  for (const [event, value] of Object.entries(on)) counts.set(`${path.join('.')}|${event}`, Array.isArray(value) ? value.length : 1);
  if (config.always) counts.set(`${path.join('.')}|always`, Array.isArray(config.always) ? config.always.length : 1);
  for (const [delay, value] of Object.entries((config.after ?? {}) as Record<string, unknown>))
    counts.set(`${path.join('.')}|after ${delay}`, Array.isArray(value) ? value.length : 1);
  for (const [key, child] of Object.entries((config.states ?? {}) as Record<string, Record<string, unknown>>))
    for (const [k, n] of declaredTransitions(child, [...path, key])) counts.set(k, n);
  return counts;
}

function reachable(machine: AnyStateMachine, events: EventObject[], input?: unknown): AnyMachineSnapshot[] {
  return getShortestPaths(machine, { events, ...(input === undefined ? {} : { input }) } as never).map(
    (p) => p.state as AnyMachineSnapshot,
  );
}

describe('statechartOf (the diagram read from the machine definition)', () => {
  it.each(MACHINES.map((m) => [m.machine.id, m] as const))(
    '%s: every state, with its kind, parent and initial state',
    (_id, { machine }) => {
      const chart = statechartOf(machine);
      const definitions = definitionsOf(machine.definition);
      expect(chart.states.map((s) => s.id).sort()).toEqual(definitions.map((d) => d.id).sort());
      for (const definition of definitions) {
        const state = chart.states.find((s) => s.id === definition.id)!;
        expect(state.kind).toBe(definition.type);
        expect(state.children.sort()).toEqual(
          Object.values(definition.states)
            .map((c) => (c as AnyStateNodeDefinition).id)
            .sort(),
        );
        const initial = definition.initial?.target.map((t) => t.id) ?? [];
        for (const childId of state.children) expect(chart.states.find((s) => s.id === childId)!.initial).toBe(initial.includes(childId));
      }
    },
  );

  it.each(MACHINES.map((m) => [m.machine.id, m] as const))(
    '%s: every transition, with its event, targets and guard, in the order XState tries them',
    (_id, { machine }) => {
      const chart = statechartOf(machine);
      const expected = definitionsOf(machine.definition).flatMap((d) =>
        d.transitions.map((t) => ({
          source: d.id,
          event: t.eventType,
          targets: (t.target ?? []).map((n) => n.id),
          guard: guardName(t.guard),
        })),
      );
      expect(chart.transitions.map((t) => ({ source: t.source, event: t.event, targets: t.targets, guard: t.guard }))).toEqual(expected);
      // Against the machine as written, too: as many transitions per state and event as its config declares.
      const declared = declaredTransitions(machine.config as Record<string, unknown>);
      const counted = new Map<string, number>();
      for (const t of chart.transitions) {
        const path = chart.states.find((s) => s.id === t.source)!.path.join('.');
        const key = `${path}|${t.kind === 'event' ? t.event : t.kind === 'always' ? 'always' : `after ${t.delay}`}`;
        counted.set(key, (counted.get(key) ?? 0) + 1);
      }
      expect(counted).toEqual(declared);
    },
  );

  it('linking: the five tries of VERIFY while awaiting the code, and the events a state refuses', () => {
    const chart = statechartOf(linkingMachine);
    const verify = chart.transitions.filter((t) => t.source === 'linking.codeSent.awaitingCode' && t.event === 'VERIFY');
    expect(verify.map((t) => [t.guard, t.targets])).toEqual([
      ['isExpired', ['linking.codeSent.expired']],
      ['isCorrectCode', ['linking.linking']],
      ['isSupersededCode', ['linking.codeSent.awaitingCode']],
      ['isLastAttempt', ['linking.codeSent.exhausted']],
      [null, ['linking.codeSent.awaitingCode']],
    ]);
    expect(verify.at(-1)!.reenter).toBe(true);
    const refused = chart.transitions.filter((t) => t.refused).map((t) => `${t.source} ${t.event}`);
    expect(refused).toEqual([
      'linking.linking SEND_LINK',
      'linking.linking LINK_BY_DOMAIN',
      'linking.linked SEND_LINK',
      'linking.linked LINK_BY_DOMAIN',
    ]);
    // The code's own VERIFY in `expired` is no refusal: it says the code has expired (an action, no target).
    expect(chart.transitions.find((t) => t.source === 'linking.codeSent.expired')).toMatchObject({ targets: [], refused: false });
  });

  it('reads eventless, delayed, parallel, final and history states of any machine', () => {
    const machine = setup({ guards: { ready: () => true }, delays: { patience: 500 } }).createMachine({
      id: 'sample',
      initial: 'idle',
      states: {
        idle: { always: [{ guard: 'ready', target: 'busy' }, { target: 'done' }] },
        busy: {
          type: 'parallel',
          after: { 1000: 'done', patience: { target: 'done' } },
          states: {
            left: { initial: 'a', states: { a: { on: { GO: 'b' } }, b: {}, back: { type: 'history' } } },
            right: { initial: 'x', states: { x: {} } },
          },
        },
        done: { type: 'final' },
      },
    });
    const chart = statechartOf(machine);
    expect(chart.states.map((s) => [s.id, s.kind, s.initial])).toEqual([
      ['sample', 'compound', false],
      ['sample.idle', 'atomic', true],
      ['sample.busy', 'parallel', false],
      ['sample.busy.left', 'compound', true],
      ['sample.busy.left.a', 'atomic', true],
      ['sample.busy.left.b', 'atomic', false],
      ['sample.busy.left.back', 'history', false],
      ['sample.busy.right', 'compound', true],
      ['sample.busy.right.x', 'atomic', true],
      ['sample.done', 'final', false],
    ]);
    expect(chart.transitions.filter((t) => t.kind !== 'event').map((t) => [t.source, t.kind, t.delay, t.guard, t.targets])).toEqual([
      ['sample.idle', 'always', null, 'ready', ['sample.busy']],
      ['sample.idle', 'always', null, null, ['sample.done']],
      ['sample.busy', 'after', 1000, null, ['sample.done']],
      ['sample.busy', 'after', 'patience', null, ['sample.done']],
    ]);
    const active = activeStates(chart, { busy: { left: 'a', right: 'x' } });
    expect([...active].sort()).toEqual([
      'sample',
      'sample.busy',
      'sample.busy.left',
      'sample.busy.left.a',
      'sample.busy.right',
      'sample.busy.right.x',
    ]);
  });
});

describe('activeStates and nextEvents (the text alternative)', () => {
  it('while Anna awaits her code: the deepest state answers first, the machine’s own events after', () => {
    const chart = statechartOf(linkingMachine);
    const active = activeStates(chart, { codeSent: 'awaitingCode' });
    expect([...active]).toEqual(['linking', 'linking.codeSent', 'linking.codeSent.awaitingCode']);
    const next = nextEvents(chart, active);
    expect(next.map((e) => [e.event, e.candidates.map((c) => c.source)])).toEqual([
      ['VERIFY', Array.from({ length: 5 }, () => 'linking.codeSent.awaitingCode')],
      ['SEND_CODE', ['linking.codeSent']],
      ['CANCEL', ['linking.codeSent']],
      ['SEND_LINK', ['linking']],
      ['LINK_BY_DOMAIN', ['linking']],
    ]);
  });

  it('once linked, the machine’s own SEND_LINK is never tried: `linked` refuses it', () => {
    const chart = statechartOf(linkingMachine);
    const next = nextEvents(chart, activeStates(chart, 'linked'));
    expect(next.map((e) => [e.event, e.candidates.map((c) => `${c.source}${c.refused ? ' refuses' : ''}`)])).toEqual([
      ['SEND_LINK', ['linking.linked refuses']],
      ['LINK_BY_DOMAIN', ['linking.linked refuses']],
      ['UNLINK', ['linking.linked']],
    ]);
  });

  it.each(MACHINES.map((m) => [m.machine.id, m] as const))(
    '%s: in every reachable state, an event XState would take is offered, and one it would not take is not',
    (_id, { machine, events, input }) => {
      const chart = statechartOf(machine);
      for (const snapshot of reachable(machine, events, input)) {
        const offered = nextEvents(chart, activeStates(chart, snapshot.value as StateValueJson));
        for (const event of events) {
          const candidates = offered.find((e) => e.event === event.type)?.candidates ?? [];
          const takesIt = candidates.some((c) => !c.refused);
          if (snapshot.can(event)) expect(takesIt, `${JSON.stringify(snapshot.value)} ${event.type}`).toBe(true);
          if (!takesIt) expect(snapshot.can(event), `${JSON.stringify(snapshot.value)} ${event.type}`).toBe(false);
        }
      }
    },
  );
});

describe('takenTransitions (the last event drawn on its arrow)', () => {
  it.each(MACHINES.map((m) => [m.machine.id, m] as const))(
    '%s: the transition the server remembers is exactly one of the diagram’s, the one that leads where the machine went',
    (_id, { machine, events, input }) => {
      const chart = statechartOf(machine);
      for (const before of reachable(machine, events, input)) {
        for (const event of events) {
          if (!before.can(event)) continue;
          const [after] = transition(machine, before, event);
          const taken = takenTransitions(chart, appliedEvent(machine, before, event, after, T0));
          expect(taken, `${JSON.stringify(before.value)} ${event.type}`).toHaveLength(1);
          const landed = activeStates(chart, after.value as StateValueJson);
          for (const target of taken[0]!.targets) expect(landed.has(target)).toBe(true);
        }
      }
    },
  );
});
