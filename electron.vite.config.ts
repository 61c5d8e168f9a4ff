import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

// Three bundles: main (ESM, Node), the sandboxed preload (CommonJS, self-contained), and the renderer
// (a plain web app, also served to browsers by the hub, hence relative asset URLs).
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Runtime deps (fastify, better-sqlite3, pg, …) stay in node_modules: native modules cannot be bundled,
      // and electron-builder rebuilds them for Electron's ABI.
      externalizeDeps: true,
      rolldownOptions: {
        // `hub`: the headless hub (server/cli.ts) that npm start / npm run serve run under Node.
        // `clv-fit-worker` / `match-fit-worker`: the customer-value fit's and the duplicate model refit's worker threads (found beside the bundle).
        input: {
          index: resolve(root, 'main/index.ts'),
          hub: resolve(root, 'server/cli.ts'),
          'clv-fit-worker': resolve(root, 'server/clv/fit-worker.ts'),
          'match-fit-worker': resolve(root, 'server/identity/matching/match-fit-worker.ts'),
        },
        output: { format: 'es' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can `require` only 'electron': zod and shared/ must be bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // Browsers load this too, not only Electron's Chromium.
      target: 'es2022',
      // electron-vite leaves bundles unminified; the hub serves this one over the network.
      minify: true,
      rolldownOptions: {
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
