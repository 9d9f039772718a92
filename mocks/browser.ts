// Owns the MSW service worker in the tab: plain fetch() calls to *.test hosts (a developer's own code) reach the
// same handlers as the in-tab network. In production builds the worker script is the merged offline worker.
import { setupWorker, type SetupWorker } from 'msw/browser';
import type { RequestHandler } from 'msw';

export async function startServiceWorker(scriptUrl: string): Promise<SetupWorker> {
  const worker = setupWorker();
  await worker.start({
    serviceWorker: { url: scriptUrl },
    quiet: true,
    // Only *.test hosts are simulated; everything else (the app's own assets) passes through untouched.
    onUnhandledRequest: 'bypass',
  });
  return worker;
}

export function replaceHandlers(worker: SetupWorker, handlers: RequestHandler[]): void {
  worker.resetHandlers(...handlers);
}
