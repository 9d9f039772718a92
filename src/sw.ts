/// <reference lib="webworker" />
// Owns the production service worker: it precaches the app shell so the tab boots with the network off, answers
// navigations with the cached index.html, and only then loads MSW's worker for the *.test hosts (docs/testing.md,
// "Offline after the first load"). Built as a classic worker (iife) because importScripts needs one.
import { cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null } | string> };

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Registered before MSW's listeners, so same-origin requests never reach them.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== 'GET') return;
  const cached = event.request.mode === 'navigate' ? matchPrecache('/index.html') : matchPrecache(url.pathname);
  const worker = event.request.destination === 'sharedworker' || event.request.destination === 'worker';
  event.respondWith(cached.then((response) => (response && worker ? uncached(response) : response) ?? fetch(event.request)));
  event.stopImmediatePropagation();
});

/**
 * A worker's script (the simulation's, mocks/runtime/simulation.worker.ts) is answered with a copy of the cached
 * response, not the Cache Storage response itself. Chromium (156) compiles a script that comes straight from Cache
 * Storage and then produces its V8 code cache for Cache Storage to keep, but a worker's script never gets that cache
 * back (a trace shows it produced anew on every start, and none read): each start of the simulation spent ~35 ms of
 * its thread producing about 600 KB of code cache, after evaluating the script and before it could open the
 * workspace. A copy is a plain response, compiled without producing one. Measured with the offline cold start of
 * tests/bench/browser/runtime.spec.ts (about 60–80 ms of it).
 */
function uncached(response: Response): Response {
  return new Response(response.body, response);
}

// MSW's worker unregisters itself when its last client says CLIENT_CLOSED on beforeunload; merged here, that
// would take the offline shell down with it. Swallow the message.
self.addEventListener('message', (event) => {
  if (event.data === 'CLIENT_CLOSED') event.stopImmediatePropagation();
});

importScripts('/mockServiceWorker.js');
