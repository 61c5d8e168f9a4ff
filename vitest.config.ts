import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { backendTestFiles } from './server/testing/backend-tests.js';

// Two projects: node-side code (hub, main with Electron mocked, shared) and the renderer in jsdom.
// Postgres/Redis suites run inside `node` when DATABASE_URL / REDIS_URL are set (see .ci/run); that pass
// (`npm run test:pg`, OMNI_BACKEND_TESTS_ONLY=1) takes only the files that can behave differently there.
const backendOnly = process.env['OMNI_BACKEND_TESTS_ONLY'] === '1';
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine, where most files wait on
    // databases, sockets and hub processes. Two keep both cores busy (test databases are per file: SQLite
    // files, PostgreSQL schemas, Redis streams named per database).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'node',
          include: backendOnly ? backendTestFiles(import.meta.dirname) : ['{shared,server,main,scripts,bench}/**/*.test.ts'],
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
