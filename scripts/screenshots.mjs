#!/usr/bin/env node
// README screenshots from a running DEMO hub (the built hub, as `npm start` runs it), in headless Chromium.
//
//   npx electron-vite build && node scripts/screenshots.mjs [--out docs/screenshots] [--port 4188] [--warmup 60] [--only floor,inbox,counter] [--tsx]
//
// Starts `out/main/hub.js` with demo data on a fresh data directory (a temp dir, removed afterwards), lets the
// demo floor run for `--warmup` seconds so its queues, calls and agents have moved, then signs in as the demo
// people and writes: floor.png (the lead's #/floor, 1440x900) and floor-1024.png (1024x768), inbox.png (1440x900) and counter-tablet.png
// (820x1180). Chromium: CHROMIUM_PATH or Debian's /usr/bin/chromium. Look at each PNG before committing it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { hubCommandArgs } from './start-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const outDir = resolve(root, arg('out', 'docs/screenshots'));
const port = Number(arg('port', '4188'));
const warmupSec = Number(arg('warmup', '60'));
const only = new Set(arg('only', 'floor,inbox,counter').split(','));
const url = `http://127.0.0.1:${port}`;
const ADMIN = { email: 'admin@omni.local', password: 'screenshots-admin-password' };
// The demo staff's own passwords (server/demo/staff.ts): printed by every demo hub at start.
const LEAD = { email: 'dana.lead@omni.local', password: 'dana-demo-lead' };
const say = (line) => process.stdout.write(`${line}\n`);

if (!existsSync(join(root, 'out', 'main', 'hub.js'))) {
  process.stderr.write('out/main/hub.js is missing: build first (npx electron-vite build).\n');
  process.exit(1);
}
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  process.stderr.write(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.\n`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'omni-shots-'));
// The built hub (`out/main/hub.js`, as `npm start` runs it), or with --tsx the same hub from TypeScript (`npm run hub:dev`), serving the built console.
const hubArgs = process.argv.includes('--tsx') ? [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'server', 'cli.ts')] : hubCommandArgs(root);
const hub = spawn(process.execPath, hubArgs, {
  cwd: root,
  // NODE_OPTIONS passes through (a preload or a heap flag when profiling the demo hub); nothing else of ours does.
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}), OMNI_DEMO: '1', OMNI_PORT: String(port), OMNI_HOST: '127.0.0.1', OMNI_DATA_DIR: dataDir, OMNI_ADMIN_EMAIL: ADMIN.email, OMNI_ADMIN_PASSWORD: ADMIN.password, TZ: process.env.TZ ?? 'Europe/Berlin' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let hubLog = '';
hub.stdout.on('data', (b) => (hubLog += b));
hub.stderr.on('data', (b) => (hubLog += b));

async function waitForHub(timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}):\n${hubLog.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet (the demo seeds first)
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the hub did not come up');
}

async function signIn(page, who) {
  await page.goto(`${url}/`);
  await page.locator('html[data-omni-ready="login"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.locator('html[data-omni-ready="console"]').waitFor({ timeout: 30_000 });
}

/** A lead watching the floor takes no work: away, so no routing offer covers the screen (one already shown is declined). */
async function stepAway(page) {
  await page.getByTestId('presence-select').selectOption('away');
  await page.waitForTimeout(500);
  const decline = page.getByTestId('offer-decline');
  while (await decline.isVisible().catch(() => false)) {
    await decline.click();
    await page.waitForTimeout(300);
  }
}

async function shoot(browser, viewport, who, take) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await signIn(page, who);
    if (who === LEAD) await stepAway(page);
    await take(page);
  } finally {
    await context.close();
  }
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  say(`Starting a demo hub on ${url} (data in ${dataDir})…`);
  await waitForHub();
  say(`Hub up; letting the demo floor move for ${warmupSec} s…`);
  await new Promise((r) => setTimeout(r, warmupSec * 1000));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    // The floor on a desktop (the README's) and on a small laptop screen (1024x768), where it must still read.
    for (const [viewport, file] of [
      [{ width: 1440, height: 900 }, 'floor.png'],
      [{ width: 1024, height: 768 }, 'floor-1024.png'],
    ])
      if (only.has('floor'))
        await shoot(browser, viewport, LEAD, async (page) => {
          await page.goto(`${url}/#/floor`);
          await page.getByTestId('floor-page').waitFor();
          await page.getByTestId('floor-row').first().waitFor();
          await page.getByTestId('floor-chart').waitFor();
          // Today's window shows the day's figures (the history filled in at start plus what moved since).
          await page.getByTestId('floor-window-today').click();
          await page.waitForTimeout(1500);
          await page.screenshot({ path: join(outDir, file) });
          say(`wrote ${join(outDir, file)}`);
        });
    if (only.has('inbox'))
      await shoot(browser, { width: 1440, height: 900 }, LEAD, async (page) => {
        await page.goto(`${url}/#/inbox`);
        await page.getByTestId('inbox-view-unassigned').first().click();
        await page.locator('[data-testid="inbox-list"][aria-busy="false"]').waitFor();
        await page.getByTestId('inbox-row').first().waitFor();
        await page.waitForTimeout(800);
        await page.screenshot({ path: join(outDir, 'inbox.png') });
        say(`wrote ${join(outDir, 'inbox.png')}`);
      });
    if (only.has('counter'))
      await shoot(browser, { width: 820, height: 1180 }, ADMIN, async (page) => {
        await page.goto(`${url}/#/counter`);
        const lookup = page.getByTestId('counter-lookup');
        await lookup.waitFor();
        await lookup.fill('LOY-100042');
        await lookup.press('Enter');
        await page.getByTestId('counter-profile').getByText('Maya Chen').first().waitFor();
        await page.getByTestId('counter-action').waitFor();
        await page.waitForTimeout(500);
        await page.screenshot({ path: join(outDir, 'counter-tablet.png') });
        say(`wrote ${join(outDir, 'counter-tablet.png')}`);
      });
  } finally {
    await browser.close();
  }
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  exitCode = 1;
} finally {
  if (hub.exitCode === null) {
    hub.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => (hub.kill('SIGKILL'), r()), 15_000);
      hub.once('exit', () => (clearTimeout(t), r()));
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
