import { defineConfig } from '@playwright/test';
import { E2E_HUB, chromiumLaunchOptions } from './e2e/support/env.js';

// The e2e suite drives the real hub (SQLite in a fresh temp dir, demo data) serving the built console.
// Chromium is Debian's (/usr/bin/chromium or CHROMIUM_PATH); `playwright install` is never used.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.tmp/results/playwright.json' }]],
  use: {
    baseURL: E2E_HUB.url,
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1440, height: 900 },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Playwright starts the webServer before globalSetup, so the empty data dir is made here, not there.
    command: `rm -rf '${E2E_HUB.dataDir}' && npx tsx server/cli.ts`,
    url: `${E2E_HUB.url}/healthz`,
    reuseExistingServer: false,
    // Demo seeding (customers, conversations, staff) on a busy 2-core machine can take minutes.
    timeout: 360_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: E2E_HUB.env,
  },
});
