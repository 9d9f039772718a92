// Owns the test world as a vitest fixture: a test that names `world` gets a workspace of its own, closed after it.
import { test as base } from 'vitest';
import { demoTenant } from '../../mocks/templates/demo-tenant';
import type { WorkspaceTemplate } from '../../mocks/templates/template';
import { createTestWorld, type TestWorld } from './harness';

export interface WorldFixtures {
  /** What the workspace is seeded from; a file or describe block sets another with `test.override({ template })`. */
  template: WorkspaceTemplate;
  /** The seed of the workspace's random source, so a file's codes and ids are its own and repeat run after run. */
  seed: string;
  /** A workspace seeded from `template` and `seed`, on a paused world clock, closed when the test ends. */
  world: TestWorld;
}

export const test = base.extend<WorldFixtures>({
  template: demoTenant,
  seed: 'test-seed',
  world: async ({ template, seed }, use) => {
    const world = await createTestWorld({ template, seed });
    await use(world);
    await world.close();
  },
});

export const it = test;
