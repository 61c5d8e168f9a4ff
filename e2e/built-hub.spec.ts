import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

/*
 * `node <repo>/out/main/hub.js` started from any folder (a service manager's cwd is rarely the
 * repo) must serve the built console, found from the built file's own location.
 */

const repo = fileURLToPath(new URL('..', import.meta.url));
const hubJs = join(repo, 'out/main/hub.js');
const port = Number(process.env.E2E_PORT ?? 4199) + 7;

test('the built hub serves the console when started from another folder', async ({ request }) => {
  expect(existsSync(hubJs), 'npm run build first (npm test does)').toBe(true);
  const dataDir = mkdtempSync(join(tmpdir(), 'omni-built-hub-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'omni-cwd-'));
  let stderr = '';
  const hub = spawn(process.execPath, [hubJs], {
    cwd: elsewhere,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMNI_PORT: String(port), OMNI_HOST: '127.0.0.1', OMNI_DATA_DIR: dataDir, OMNI_DEMO: '0', OMNI_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  hub.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await request.get(`${base}/healthz`).catch(() => null))?.status() ?? `not up yet ${stderr}`, { timeout: 60_000 })
      .toBe(200);
    const page = await request.get(`${base}/`);
    expect(page.status()).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('has not been built');
    expect(html).toContain('<div id="root">');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'index.html names its bundle').toBeTruthy();
    expect((await request.get(`${base}/${script}`)).status()).toBe(200);
  } finally {
    hub.kill('SIGTERM');
    await new Promise((resolve) => (hub.exitCode === null ? hub.once('exit', resolve) : resolve(null)));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
