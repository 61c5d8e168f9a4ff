// Decisions behind `npm start` / `npm run serve`, kept free of side effects so they can be unit-tested.
// scripts/start.mjs does the I/O (build, download, spawn); this module only decides and words the messages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = '4100';

const TRUTHY = ['1', 'true', 'yes', 'on'];
const isTruthy = (v) => v !== undefined && TRUTHY.includes(String(v).trim().toLowerCase());

/** Where the hub will answer, from the same env the hub reads (OMNI_PORT / OMNI_HOST); 0.0.0.0 is browsed via loopback. */
export function hubUrlFromEnv(env) {
  const rawHost = env.OMNI_HOST?.trim() || DEFAULT_HOST;
  const host = rawHost === '0.0.0.0' ? '127.0.0.1' : rawHost === '::' ? '[::1]' : rawHost.includes(':') && !rawHost.startsWith('[') ? `[${rawHost}]` : rawHost;
  const port = env.OMNI_PORT?.trim() || DEFAULT_PORT;
  return `http://${host}:${port}`;
}

/**
 * Node flags of every hub process we launch (npm start / serve, npm run hub, the bench's server children).
 * V8 lets the young generation grow to 3 x 16 MB semi-spaces while the hub turns rows into JSON; with 2 MB
 * it runs a few more sub-millisecond scavenges and a hub holding 1M events stays under its 150 MB budget
 * (bench, compiled hub: 158 MB -> 131 MB after serving 300 timeline pages).
 * V8 also paces its full collections by the heap's limit, which it sizes from the machine's memory (4 GB on a
 * 24 GB machine): far from it, it lets garbage pile up. A hub folding a day of floor metrics at start (100k legs)
 * peaked at 180 MB RSS with 86 MB of heap; with the limit at 1 GB (still 7x the hub's 150 MB budget) it peaks
 * at 137–143 MB (bench/metrics-bench.ts, peak RSS = VmHWM, 2026-12-04). `--optimize-for-size` makes V8 grow its heap
 * in smaller steps and collect sooner: on a quiet machine the same hub's high-water mark went 160–163 -> 144–148 MB,
 * with search p95 (2.6–4.2 ms vs 3.0–5.3) and the widget round trip (2.03x vs 2.13x the floor) no slower.
 */
export const HUB_NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=1024', '--optimize-for-size'];

/** The compiled hub that `electron-vite build` writes (see electron.vite.config.ts), run with HUB_NODE_FLAGS. */
export function hubCommandArgs(root) {
  return [...HUB_NODE_FLAGS, join(root, 'out', 'main', 'hub.js')];
}

/**
 * C-library memory settings of every hub process we launch (glibc reads them at process start, so they go in
 * the environment; other C libraries ignore them). Signing in hashes the password with scrypt, 16 MB that
 * glibc kept cached in a thread's arena afterwards: +17–33 MB of RSS after the first login. Blocks over
 * 128 KB are mapped and returned to the system when freed, and two arenas serve the hub's few threads.
 * Measured on the built hub, empty data dir, 2026-12-03: 141 -> 120 MB RSS at start, 174 -> 120 MB after three sign-ins.
 */
export const HUB_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/** Env for the hub we start: the demo data set is on unless the user said otherwise; HUB_MALLOC_ENV unless set. */
export function hubEnv(env) {
  const out = { ...HUB_MALLOC_ENV, ...env };
  if (out.OMNI_DEMO === undefined || out.OMNI_DEMO.trim() === '') out.OMNI_DEMO = '1';
  return out;
}

/**
 * Locates the Electron executable the way the `electron` package does (node_modules/electron/path.txt +
 * dist/<that path>, or ELECTRON_OVERRIDE_DIST_PATH), without ever triggering its download.
 * Returns { path } when it exists, else { path: null, reason }.
 */
export function findElectronBinary(root, env = process.env, fs = { existsSync, readFileSync }) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!fs.existsSync(join(pkgDir, 'package.json'))) return { path: null, reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? String(fs.readFileSync(pathFile, 'utf8')).trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fs.existsSync(p) ? { path: p } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${relative || 'electron'}` };
  }
  if (!relative) return { path: null, reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
  const p = join(pkgDir, 'dist', relative);
  return fs.existsSync(p) ? { path: p } : { path: null, reason: `node_modules/electron/dist/${relative} is missing` };
}

/** Whether start.mjs may try `node node_modules/electron/install.js` (once, time-boxed). */
export function mayDownloadElectron(env) {
  return !isTruthy(env.ELECTRON_SKIP_BINARY_DOWNLOAD);
}

/** Why Electron could not open a window here even with a binary (headless Linux), or null. */
export function displayProblem(platform, env) {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'no DISPLAY or WAYLAND_DISPLAY: there is no screen to open a window on';
}

/** The one useful line of a failed `electron/install.js` run: the error, not its stack frames. */
export function downloadFailureReason(stderr, timedOut = false) {
  if (timedOut) return 'download timed out after 120 s';
  const line = String(stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at '));
  return line ? `download failed: ${line.slice(0, 200)}` : 'download failed';
}

export function fallbackMessage(reason, url) {
  return `Electron binary is not installed (${reason}); serving the console in your browser instead at ${url}`;
}

/**
 * The whole decision. `binary` is the result of findElectronBinary after any download attempt.
 * Returns either { mode: 'serve', hubUrl, hubEnv, message } or
 * { mode: 'electron', hubUrl, hubEnv (null when OMNI_HUB_URL names a remote hub), electronPath, electronArgs, electronEnv, message }.
 */
export function planStart({ argv = [], env = {}, platform = process.platform, binary, uid }) {
  const hubUrl = hubUrlFromEnv(env);
  const localHubEnv = hubEnv(env);
  if (argv.includes('--serve')) {
    return { mode: 'serve', hubUrl, hubEnv: localHubEnv, message: `Serving the console at ${hubUrl} (hub + web console; Ctrl+C to stop)` };
  }
  if (!binary?.path) {
    return { mode: 'serve', hubUrl, hubEnv: localHubEnv, message: fallbackMessage(binary?.reason ?? 'not found', hubUrl) };
  }
  const noScreen = displayProblem(platform, env);
  if (noScreen) {
    return { mode: 'serve', hubUrl, hubEnv: localHubEnv, message: `Electron cannot open a window (${noScreen}); serving the console in your browser instead at ${hubUrl}` };
  }

  // Dev: node_modules' better-sqlite3 is built for Node's ABI, not Electron's, so the hub runs under Node and
  // Electron connects to it. Packaged builds (natives rebuilt by electron-builder) host the hub in-process.
  const remote = env.OMNI_HUB_URL?.trim();
  const electronEnv = { ...localHubEnv, OMNI_HUB_URL: remote || hubUrl };
  delete electronEnv.ELECTRON_RUN_AS_NODE; // would turn Electron into plain Node
  // Chromium refuses to run as root with its sandbox on; the renderer stays sandboxed by Electron's own flags.
  const electronArgs = platform === 'linux' && uid === 0 ? ['.', '--no-sandbox'] : ['.'];
  return {
    mode: 'electron',
    hubUrl: remote || hubUrl,
    hubEnv: remote ? null : localHubEnv,
    electronPath: binary.path,
    electronArgs,
    electronEnv,
    message: remote ? `Opening Omni Console (remote hub ${remote})` : `Opening Omni Console (hub at ${hubUrl})`,
  };
}
