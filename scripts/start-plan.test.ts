import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUB_NODE_FLAGS, displayProblem, downloadFailureReason, findElectronBinary, hubCommandArgs, hubEnv, hubUrlFromEnv, mayDownloadElectron, planStart } from './start-plan.mjs';

const PRESENT = { path: '/repo/node_modules/electron/dist/electron' };
const MISSING = { path: null, reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
const DESKTOP = { DISPLAY: ':0' };

describe('findElectronBinary (a fake node_modules in a temp dir)', () => {
  let root: string;
  const pkg = () => join(root, 'node_modules', 'electron');
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'omni-start-'));
    mkdirSync(pkg(), { recursive: true });
    writeFileSync(join(pkg(), 'package.json'), '{"name":"electron"}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports a never-downloaded binary (no path.txt)', () => {
    expect(findElectronBinary(root, {})).toEqual({ path: null, reason: expect.stringMatching(/path\.txt is missing/) });
  });

  it('reports path.txt pointing at a missing file', () => {
    writeFileSync(join(pkg(), 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toEqual({ path: null, reason: 'node_modules/electron/dist/electron is missing' });
  });

  it('finds the binary named by path.txt', () => {
    writeFileSync(join(pkg(), 'path.txt'), 'electron');
    mkdirSync(join(pkg(), 'dist'));
    writeFileSync(join(pkg(), 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toEqual({ path: join(pkg(), 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dist = join(root, 'custom');
    mkdirSync(dist);
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist }).path).toBeNull();
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ path: join(dist, 'electron') });
  });

  it('reports a missing electron package', () => {
    rmSync(pkg(), { recursive: true });
    expect(findElectronBinary(root, {}).reason).toMatch(/not installed/);
  });
});

describe('env defaults', () => {
  it('turns the demo on unless told otherwise', () => {
    expect(hubEnv({}).OMNI_DEMO).toBe('1');
    expect(hubEnv({ OMNI_DEMO: '' }).OMNI_DEMO).toBe('1');
    expect(hubEnv({ OMNI_DEMO: '0' }).OMNI_DEMO).toBe('0');
    // The hub's C-library memory settings, unless the user set their own.
    expect(hubEnv({})).toMatchObject({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(hubEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });

  it('derives the hub URL from OMNI_HOST / OMNI_PORT', () => {
    expect(hubUrlFromEnv({})).toBe('http://127.0.0.1:4100');
    expect(hubUrlFromEnv({ OMNI_PORT: '5000', OMNI_HOST: 'localhost' })).toBe('http://localhost:5000');
    expect(hubUrlFromEnv({ OMNI_HOST: '0.0.0.0' })).toBe('http://127.0.0.1:4100');
    expect(hubUrlFromEnv({ OMNI_HOST: '::1' })).toBe('http://[::1]:4100');
  });

  it('never downloads when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    expect(mayDownloadElectron({})).toBe(true);
    expect(mayDownloadElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(false);
    expect(mayDownloadElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: 'true' })).toBe(false);
    expect(mayDownloadElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(true);
  });

  it('boils a failed download down to its error line', () => {
    const stderr = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async downloadArtifact (x.js:1:1)\n';
    expect(downloadFailureReason(stderr)).toBe('download failed: TypeError: fetch failed');
    expect(downloadFailureReason('')).toBe('download failed');
    expect(downloadFailureReason('whatever', true)).toBe('download timed out after 120 s');
  });

  it('knows a headless Linux box has no screen', () => {
    expect(displayProblem('linux', {})).toMatch(/DISPLAY/);
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('darwin', {})).toBeNull();
  });
});

describe('planStart', () => {
  it('--serve runs the hub with the web console, demo on', () => {
    const plan = planStart({ argv: ['--serve'], env: {}, platform: 'linux', binary: PRESENT });
    expect(plan).toMatchObject({ mode: 'serve', hubUrl: 'http://127.0.0.1:4100', message: expect.stringContaining('http://127.0.0.1:4100') });
    expect(plan.hubEnv?.OMNI_DEMO).toBe('1');
  });

  it('falls back to the browser with the exact message when the binary is missing', () => {
    const plan = planStart({ argv: [], env: DESKTOP, platform: 'linux', binary: MISSING });
    expect(plan.mode).toBe('serve');
    expect(plan.message).toBe(
      'Electron binary is not installed (node_modules/electron/path.txt is missing: the binary was never downloaded); serving the console in your browser instead at http://127.0.0.1:4100',
    );
    expect(plan.hubEnv?.OMNI_DEMO).toBe('1');
  });

  it('falls back to the browser on a Linux box without a display', () => {
    const plan = planStart({ argv: [], env: {}, platform: 'linux', binary: PRESENT });
    expect(plan.mode).toBe('serve');
    expect(plan.message).toMatch(/cannot open a window.*http:\/\/127\.0\.0\.1:4100/);
  });

  it('launches Electron against a Node-hosted hub in dev', () => {
    const plan = planStart({ argv: [], env: { ...DESKTOP, ELECTRON_RUN_AS_NODE: '1', OMNI_PORT: '4300' }, platform: 'linux', binary: PRESENT, uid: 1000 });
    if (plan.mode !== 'electron') throw new Error('expected electron');
    expect(plan.electronPath).toBe(PRESENT.path);
    expect(plan.electronArgs).toEqual(['.']);
    expect(plan.hubEnv?.OMNI_DEMO).toBe('1');
    expect(plan.electronEnv.OMNI_HUB_URL).toBe('http://127.0.0.1:4300');
    expect(plan.electronEnv).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
  });

  it('starts no hub when OMNI_HUB_URL points at a remote one', () => {
    const plan = planStart({ argv: [], env: { ...DESKTOP, OMNI_HUB_URL: 'https://hub.example' }, platform: 'linux', binary: PRESENT });
    expect(plan).toMatchObject({ mode: 'electron', hubEnv: null, hubUrl: 'https://hub.example' });
  });

  it('adds --no-sandbox only for root on Linux', () => {
    const root = planStart({ env: DESKTOP, platform: 'linux', binary: PRESENT, uid: 0 });
    expect(root.mode === 'electron' && root.electronArgs).toEqual(['.', '--no-sandbox']);
    const mac = planStart({ env: {}, platform: 'darwin', binary: PRESENT, uid: 0 });
    expect(mac.mode === 'electron' && mac.electronArgs).toEqual(['.']);
  });
});

describe('hub process flags', () => {
  it('npm start / serve run the compiled hub with the hub flags', () => {
    expect(hubCommandArgs('/repo')).toEqual([...HUB_NODE_FLAGS, join('/repo', 'out', 'main', 'hub.js')]);
    expect(HUB_NODE_FLAGS).toContain('--max-semi-space-size=2');
    expect(HUB_NODE_FLAGS).toContain('--max-old-space-size=1024');
    expect(HUB_NODE_FLAGS).toContain('--optimize-for-size');
  });

  it('npm run hub runs the same compiled hub; hub:dev (tsx, no build) passes the same flags', () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const hub = pkg.scripts['hub']!.split('&&').at(-1)!.trim().split(/\s+/);
    expect(hub).toEqual(['node', ...hubCommandArgs('.').map((a) => a.replace(/^\.\//, ''))]);
    const dev = pkg.scripts['hub:dev']!.split(/\s+/);
    expect(dev[0]).toBe('node');
    for (const flag of HUB_NODE_FLAGS) expect(dev).toContain(flag);
  });
});
