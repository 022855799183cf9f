import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The tab is served by the server under /tab/ (bot/src/http/tabRoutes.ts). core is imported
 * from its TypeScript source: it is pure, so the browser runs the same rules as the server
 * with no build of core first. `npm run dev -w tab` proxies the API to a running `npm start`.
 */
export default defineConfig({
  base: '/tab/',
  plugins: [react()],
  resolve: {
    alias: { '@cgm/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // core is pure (ESLint forbids I/O there), so a core module whose exports the tab does not use
      // can be dropped whole: without this its top-level zod schemas (the snapshot format, the
      // synthetic tenant generator) would all ship to the browser.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/core/src/') },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
});
