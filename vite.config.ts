import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';

/**
 * The simulation's worker bundle gives msw a stub in place of tough-cookie (and with it tldts's public-suffix list,
 * about 290 KB of the worker's script): msw's own cookie store is always empty on the only path the worker runs, and
 * the simulation carries cookies in its own headers. Why it answers as the real one would: the stub's header comment.
 * Worker builds only: the page's msw (its service worker's handleRequest does store cookies), dev mode and the tests
 * keep the real library.
 */
const mswCookieStoreStub = {
  name: 'simulation-worker:msw-cookie-store-stub',
  enforce: 'pre' as const,
  resolveId(source: string) {
    return source === 'tough-cookie' ? fileURLToPath(new URL('./mocks/runtime/msw-cookie-store-stub.ts', import.meta.url)) : null;
  },
};

/**
 * The employee's pages and mails in English and Swedish: messages/{locale}.json compiled to one function per message in
 * src/paraglide/ (the same options as `npm run messages`). Every call names its locale (a server renders for the
 * request's Accept-Language or the recipient's language), so the runtime's own locale is only the base locale.
 */
export const messages = paraglideVitePlugin({
  project: './project.inlang',
  outdir: './src/paraglide',
  strategy: ['globalVariable', 'baseLocale'],
  emitTsDeclarations: true,
  emitReadme: false,
});

export default defineConfig({
  plugins: [
    messages,
    svelte(),
    // The merged offline worker (src/sw.ts); dev mode serves MSW's plain worker instead.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
  // The simulation's worker (mocks/runtime/simulation.worker.ts) is a module worker that loads parts of itself on first
  // use (workspace files, scenario replay), which only the ES format can split.
  worker: { format: 'es', plugins: () => [mswCookieStoreStub] },
  preview: { port: 4173, strictPort: true },
});
