import { defineConfig } from 'vitest/config';
import { messages } from './vite.config';

export default defineConfig({
  plugins: [messages],
  test: {
    environment: 'node',
    include: ['tests/{src,machines,mocks,conformance,regressions,fuzz}/**/*.test.ts', 'tests/architecture/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto', 'tests/support/setup.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    // The page origin WebAuthn would see (ServerContext.pageOrigin); tests/support/harness.ts hands it to workspaces.
    provide: { pageOrigin: 'https://rehearsal.example' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
