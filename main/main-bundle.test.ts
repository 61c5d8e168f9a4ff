import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSection } from './build-section.js';

/*
 * The built main process (electron.vite.config.ts), run under plain Node with a stand-in `electron` module
 * (a loader hook): proves the bundle boots, hosts the real hub in-process with its data under userData, loads the
 * console from that hub, and stops the hub on quit. The Electron binary itself is not available here.
 */
const root = process.cwd();
// Inside the repo so the bundle's bare imports (fastify, better-sqlite3, …) resolve from node_modules.
const outDir = join(root, 'node_modules', '.cache', `omni-main-bundle-${process.pid}`);
const userData = mkdtempSync(join(tmpdir(), 'omni-user-data-'));

const FAKE_ELECTRON = `
import { EventEmitter } from 'node:events';
const report = (o) => process.stdout.write('@@' + JSON.stringify(o) + '\\n');
class App extends EventEmitter {
  requestSingleInstanceLock() { return true; }
  setAsDefaultProtocolClient() { return true; }
  enableSandbox() {}
  setAppUserModelId() {}
  whenReady() { return Promise.resolve(); }
  getPath() { return process.env.FAKE_USER_DATA; }
  getVersion() { return '0.0.0-test'; }
  quit() {
    let prevented = false;
    this.emit('will-quit', { preventDefault() { prevented = true; } });
    report({ quit: prevented ? 'deferred' : 'now' });
    if (!prevented) process.exit(0);
  }
  exit(code) { report({ exit: code }); process.exit(code); }
}
export const app = new App();
class WebContents extends EventEmitter { setWindowOpenHandler() {} send() {} }
export class BrowserWindow extends EventEmitter {
  constructor(opts) { super(); this.webContents = new WebContents(); app.emit('web-contents-created', {}, this.webContents); report({ webPreferences: opts.webPreferences }); }
  async loadURL(url) {
    const res = await fetch(url);
    const health = await fetch(new URL('/healthz', url)).then((r) => r.json());
    report({ loadURL: url, status: res.status, health });
    setTimeout(() => app.quit(), 50);
  }
  once() {} isMaximized() { return false; } isMinimized() { return false; } isDestroyed() { return false; }
}
export class Notification extends EventEmitter { static isSupported() { return false; } show() {} }
export const ipcMain = { handle: (channel) => report({ ipc: channel }), removeHandler() {} };
export const session = { defaultSession: { webRequest: { onHeadersReceived: () => report({ csp: true }) }, setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };
export const shell = { openExternal: async () => {} };
export const dialog = { showErrorBox: (title, message) => report({ errorBox: message }), showMessageBox: async () => ({ response: 0 }) };
const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = { getPrimaryDisplay: () => display, getAllDisplays: () => [display] };
`;
const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./fake-electron.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await buildSection('main', outDir);
  writeFileSync(join(outDir, 'fake-electron.mjs'), FAKE_ELECTRON);
  writeFileSync(join(outDir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(outDir, 'register.mjs'), REGISTER);
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; reports: Record<string, unknown>[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(outDir, 'register.mjs'), join(outDir, 'main', 'index.js')], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FAKE_USER_DATA: userData, OMNI_PORT: '0', OMNI_DEMO: '0', OMNI_LOG_LEVEL: 'silent', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const reports = output
        .split('\n')
        .filter((l) => l.startsWith('@@'))
        .map((l) => JSON.parse(l.slice(2)) as Record<string, unknown>);
      resolve({ code, reports, output });
    });
  });
}

describe('built main process', () => {
  it('hosts the hub in-process, loads the console from it, and stops it on quit', async () => {
    const { code, reports, output } = await runMain({});
    const find = (key: string) => reports.find((r) => key in r);
    expect(find('errorBox'), output).toBeUndefined();
    expect(find('webPreferences')?.['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(outDir, 'preload', 'preload.cjs') });
    expect(reports.filter((r) => 'ipc' in r).map((r) => r['ipc'])).toEqual(['app:get-info', 'app:notify', 'app:open-external']);
    const loaded = find('loadURL');
    expect(loaded, output).toMatchObject({ loadURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), status: 200, health: { status: 'ok' } });
    expect(find('csp')).toEqual({ csp: true });
    expect(existsSync(join(userData, 'data', 'omni.sqlite'))).toBe(true);
    // First quit is deferred until the hub has closed, then the app quits for real.
    expect(reports.filter((r) => 'quit' in r).map((r) => r['quit'])).toEqual(['deferred', 'now']);
    expect(code).toBe(0);
  }, 60_000);

  it('shows an error and exits 1 for a malformed OMNI_HUB_URL', async () => {
    const { code, reports } = await runMain({ OMNI_HUB_URL: 'ftp://nope' });
    expect(reports.find((r) => 'errorBox' in r)?.['errorBox']).toMatch(/OMNI_HUB_URL must be an http\(s\) URL/);
    expect(code).toBe(1);
  }, 60_000);
});
