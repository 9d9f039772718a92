// Owns the MSW service worker in the tab: plain fetch() calls to *.test hosts (a developer's own code in the console)
// reach the simulation through the tab's network, as the stage's own requests do. Loaded after the stage's first paint.
// In production builds the worker script is the merged offline worker.
import { setupWorker, type SetupWorker } from 'msw/browser';
import { http } from 'msw';
import type { Network } from '../src/contracts/network';

/** Who sends a plain fetch() from the page: the developer's own code, as the traffic log shows it. */
export const PAGE_INITIATOR = 'page';

/** Any request to a simulated host: https://<name>.test/… */
const SIMULATED_HOST = /^https:\/\/[^/]+\.test(\/|$)/;

export async function startServiceWorker(scriptUrl: string, network: Network): Promise<SetupWorker> {
  // The developer types the request themselves, on a page that is none of the simulated sites: it goes as a typed
  // address does (Sec-Fetch-Site: none, no Origin), so a console POST is the developer's own change, not a forged one.
  const worker = setupWorker(
    http.all(SIMULATED_HOST, ({ request }) => network.fetch(request, { initiator: PAGE_INITIATOR, origin: null })),
  );
  await worker.start({
    serviceWorker: { url: scriptUrl },
    quiet: true,
    // Only *.test hosts are simulated; everything else (the app's own assets) passes through untouched.
    onUnhandledRequest: 'bypass',
  });
  return worker;
}
