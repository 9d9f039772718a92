import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
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
  worker: { format: 'es' },
  preview: { port: 4173, strictPort: true },
});
