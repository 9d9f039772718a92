/// <reference lib="webworker" />
// Owns the production service worker: it precaches the app shell so the tab boots with the network off, answers
// navigations with the cached index.html, and only then loads MSW's worker for the *.test hosts (TOOLCHAIN.md,
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
  event.respondWith(cached.then((response) => response ?? fetch(event.request)));
  event.stopImmediatePropagation();
});

// MSW's worker unregisters itself when its last client says CLIENT_CLOSED on beforeunload; merged here, that
// would take the offline shell down with it. Swallow the message.
self.addEventListener('message', (event) => {
  if (event.data === 'CLIENT_CLOSED') event.stopImmediatePropagation();
});

importScripts('/mockServiceWorker.js');
