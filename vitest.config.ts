import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two projects: node-side code (hub, main with Electron mocked, shared) and the renderer in jsdom.
// Postgres/Redis suites run inside `node` when DATABASE_URL / REDIS_URL are set (see .ci/run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['{shared,server,main,scripts,bench}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          testTimeout: 20_000,
        },
      },
    ],
  },
});
