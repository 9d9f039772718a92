import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// The browser benches (`npm run bench`) in Debian's Chromium against Vite's dev server: the scale bench (one long test,
// tests/bench/browser/scale.html with the real runtime) and the runtime bench (the page's weight, the simulation port's
// cost, the app page's longest task while its SharedWorker works). Not part of `npm test` and not part of CI.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
// Its own port, so it never meets the preview servers of other checkouts (4173–4175).
const port = Number(process.env.BENCH_PORT ?? 4180);

export default defineConfig({
  testDir: 'tests/bench/browser',
  testMatch: ['scale.spec.ts', 'runtime.spec.ts'],
  outputDir: 'test-results/bench',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 20 * 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // performance.memory in bytes rather than coarse buckets: the heap figure samples it.
        '--enable-precise-memory-info',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite --port ${port} --strictPort`,
    url: `http://localhost:${port}/tests/bench/browser/scale.html`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
