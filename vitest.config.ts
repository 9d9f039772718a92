import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/{src,machines,mocks,conformance,regressions}/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto', 'tests/support/setup.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
