// The composition root: connect to the simulation every tab of the origin shares (a worker), mount the stage, then start
// the service worker that answers a developer's plain fetch() to *.test hosts. The one file in src/ that imports
// mocks/; none of the servers' code loads in the page (docs/decisions/one-simulation-for-every-tab.md).
//
// This entry chunk is kept small on purpose: its first act is to start (or join) the simulation's worker, so that the
// worker's script loads and its workspace opens while the page fetches and parses the stage (Svelte and the app, a
// dynamic import). Importing the stage statically here would hold the worker back until all of it had been parsed.
import { connectSimulation } from '../mocks/runtime/simulation-connection';
import { RemoteSimulation } from '../mocks/runtime/remote-simulation';
import { SimulationInRecovery } from '../mocks/runtime/remote-recovery';
import { systemClock } from './platform/system-clock';
import { requestPersistentStorage } from './platform/storage-persistence';
// Linked from index.html as one render-blocking stylesheet (the boot message is styled), not inserted by the stage's
// chunk (docs/decisions/one-simulation-for-every-tab.md): the shared base first, then one sheet per host, in this order.
import './app/styles/base.css';
import './app/styles/stage.css';
import './app/styles/xray.css';
import './app/styles/mail.css';
import './app/styles/hrm.css';
import './app/styles/connect.css';
import './app/styles/expense.css';
import './app/styles/dns.css';
import './app/styles/integrations.css';
import './app/styles/idp.css';
import './app/styles/idp-console.css';

// Production builds register the merged offline worker (app shell + MSW); dev keeps MSW's own (docs/testing.md).
const SERVICE_WORKER_URL = import.meta.env.PROD ? '/sw.js' : '/mockServiceWorker.js';

async function boot(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  // Asked once, never waited for: the workspace menu shows the answer.
  void requestPersistentStorage();
  const connection = connectSimulation();
  const [simulation, { mountApp }] = await Promise.all([
    Promise.race([RemoteSimulation.connect(connection.port, systemClock), connection.failed]),
    import('./app/mount'),
  ]);
  addEventListener('pagehide', () => simulation.disconnect());
  // A page restored from the back-forward cache said goodbye to the simulation when it was hidden: start it afresh.
  addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) location.reload();
  });
  target.replaceChildren();
  mountApp(target, simulation);
  // Loaded once the stage is mounted, never before: msw is the page's largest library, no first paint needs it, and
  // parsing it any earlier takes the page's thread (and one of few cores) from the worker's start and the stage's own.
  try {
    const { startServiceWorker } = await import('../mocks/browser');
    await startServiceWorker(SERVICE_WORKER_URL, simulation.network);
  } catch (error) {
    // The stage works without it (a browser that refuses service workers, as some private windows do): only plain
    // fetch() to *.test hosts, and starting offline, are missing.
    console.warn('Rollout Rehearsal: the service worker did not start, so plain fetch() to *.test hosts will not be answered', error);
  }
  // For developers prototyping in the console; from this moment fetch('https://hrm.test/api/rollout') works too.
  (globalThis as { rolloutRehearsal?: RemoteSimulation }).rolloutRehearsal = simulation;
}

boot().catch(async (error: unknown) => {
  console.error(error);
  const target = document.getElementById('app');
  if (target && error instanceof SimulationInRecovery) {
    // The simulation waits in recovery: its screen instead of the stage; once it has started, the page starts anew.
    try {
      const { mountRecovery } = await import('./app/recovery/mount');
      mountRecovery(target, error.recovery, () => location.reload());
      return;
    } catch (loadError) {
      console.error(loadError);
    }
  }
  if (target) {
    target.textContent = `Rollout Rehearsal could not start: ${error instanceof Error ? error.message : String(error)}`;
    target.setAttribute('role', 'alert');
  }
});
