// The composition root: start the service worker and the simulation, then mount the stage. The one file in
// src/ that imports mocks/ (DESIGN.md).
import { startServiceWorker, replaceHandlers } from '../mocks/browser';
import { Simulation } from '../mocks/runtime/simulation';
import { systemClock, elapsed, realTimers } from './platform/system-clock';
import { mountApp } from './app/mount';

// Production builds register the merged offline worker (app shell + MSW); dev keeps MSW's own (TOOLCHAIN.md).
const SERVICE_WORKER_URL = import.meta.env.PROD ? '/sw.js' : '/mockServiceWorker.js';

async function boot(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  const worker = await startServiceWorker(SERVICE_WORKER_URL);
  const simulation = await Simulation.start({
    realClock: systemClock,
    elapsed,
    realTimers,
    onHandlersChanged: (handlers) => replaceHandlers(worker, handlers),
    // WebAuthn binds passkeys to the page's real origin and host, not to connect.test (TOOLCHAIN.md).
    pageOrigin: location.origin,
  });
  // Exposed for developers prototyping in the console (fetch('https://hrm.test/api/rollout') works too).
  (globalThis as { rolloutRehearsal?: Simulation }).rolloutRehearsal = simulation;
  target.replaceChildren();
  mountApp(target, simulation);
}

boot().catch((error: unknown) => {
  console.error(error);
  const target = document.getElementById('app');
  if (target) {
    target.textContent = `Rollout Rehearsal could not start: ${error instanceof Error ? error.message : String(error)}`;
    target.setAttribute('role', 'alert');
  }
});
