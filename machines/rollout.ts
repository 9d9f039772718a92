// Owns a tenant's rollout phases (PRODUCT.md "Phases"): setup → preparation. The cutover (activation) and
// postMigration come with the Connect IdP; scheduling on the world clock with the admin console.
import { assign, setup, type SnapshotFrom } from 'xstate';

export type RolloutPhase = 'setup' | 'preparation';

export interface RolloutContext {
  preparationStartedAt: number | null;
}

export type RolloutEvent = { type: 'START_PREPARATION'; now: number };

export const rolloutMachine = setup({
  types: {
    context: {} as RolloutContext,
    events: {} as RolloutEvent,
  },
}).createMachine({
  id: 'rollout',
  initial: 'setup',
  context: { preparationStartedAt: null },
  states: {
    setup: {
      on: {
        START_PREPARATION: { target: 'preparation', actions: assign({ preparationStartedAt: ({ event }) => event.now }) },
      },
    },
    // Seed 000: users verify their email and are linked; the old login keeps working.
    preparation: {},
  },
});

export type RolloutSnapshot = SnapshotFrom<typeof rolloutMachine>;

export function rolloutPhase(snapshot: RolloutSnapshot): RolloutPhase {
  return snapshot.matches('preparation') ? 'preparation' : 'setup';
}
