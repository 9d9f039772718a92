// The composition root: connect to the simulation every tab of the origin shares (a worker, DESIGN.md rule 3), mount
// the stage, then start the service worker that answers a developer's plain fetch() to *.test hosts. The one file in
// src/ that imports mocks/; none of the servers' code loads in the page.
import { connectSimulation } from '../mocks/runtime/simulation-connection';
import { RemoteSimulation } from '../mocks/runtime/remote-simulation';
import { systemClock } from './platform/system-clock';
import { mountApp } from './app/mount';

// Production builds register the merged offline worker (app shell + MSW); dev keeps MSW's own (TOOLCHAIN.md).
const SERVICE_WORKER_URL = import.meta.env.PROD ? '/sw.js' : '/mockServiceWorker.js';

async function boot(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  const connection = connectSimulation();
  // Loaded beside the stage, never before it: msw is the page's largest library and no first paint needs it.
  const serviceWorker = import('../mocks/browser');
  const simulation = await Promise.race([RemoteSimulation.connect(connection.port, systemClock), connection.failed]);
  addEventListener('pagehide', () => simulation.disconnect());
  // A page restored from the back-forward cache said goodbye to the simulation when it was hidden: start it afresh.
  addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) location.reload();
  });
  target.replaceChildren();
  mountApp(target, simulation);
  await (await serviceWorker).startServiceWorker(SERVICE_WORKER_URL, simulation.network);
  // For developers prototyping in the console; from this moment fetch('https://hrm.test/api/rollout') works too.
  (globalThis as { rolloutRehearsal?: RemoteSimulation }).rolloutRehearsal = simulation;
}

boot().catch((error: unknown) => {
  console.error(error);
  const target = document.getElementById('app');
  if (target) {
    target.textContent = `Rollout Rehearsal could not start: ${error instanceof Error ? error.message : String(error)}`;
    target.setAttribute('role', 'alert');
  }
});
