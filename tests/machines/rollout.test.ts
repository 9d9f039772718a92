import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { rolloutMachine, rolloutPhase } from '../../machines/rollout';

describe('rollout machine', () => {
  it('starts in setup and opens preparation once, recording when', () => {
    const [setupSnapshot] = initialTransition(rolloutMachine);
    expect(rolloutPhase(setupSnapshot)).toBe('setup');
    const [prepared] = transition(rolloutMachine, setupSnapshot, { type: 'START_PREPARATION', now: 42 });
    expect(rolloutPhase(prepared)).toBe('preparation');
    expect(prepared.context.preparationStartedAt).toBe(42);
    expect(prepared.can({ type: 'START_PREPARATION', now: 43 })).toBe(false);
  });
});
