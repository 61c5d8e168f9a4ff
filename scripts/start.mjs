#!/usr/bin/env node
// `npm start` (desktop app) and `npm run serve` (= --serve: headless hub + web console).
// Decisions live in start-plan.mjs; this file builds, maybe fetches Electron once, and runs the processes.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadFailureReason, findElectronBinary, hubCommandArgs, mayDownloadElectron, planStart } from './start-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);

function build() {
  say('Building the console (electron-vite build)…');
  const res = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}\nBuild failed.\n`);
    process.exit(res.status || 1);
  }
}

function electronBinary() {
  let found = findElectronBinary(root);
  if (found.path || !mayDownloadElectron(process.env)) {
    if (!found.path) found = { path: null, reason: `${found.reason}; ELECTRON_SKIP_BINARY_DOWNLOAD is set` };
    return found;
  }
  say('Electron binary not found; trying to download it once (up to 120 s)…');
  const res = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  found = findElectronBinary(root);
  if (found.path) return found;
  return { path: null, reason: downloadFailureReason(res.stderr, res.error?.code === 'ETIMEDOUT') };
}

// Children run in their own process group (detached) so a terminal Ctrl+C reaches only this script, which
// passes it on exactly once: the hub treats a second SIGINT as "stop waiting" and would skip its clean shutdown.
const children = new Set();
function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', detached: process.platform !== 'win32' });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signals += 1;
    // npm forwards the terminal's signal too, so a repeat is expected; only a third one forces the issue.
    if (signals === 1) children.forEach((c) => c.kill(sig));
    else if (signals >= 3) {
      children.forEach((c) => c.kill('SIGKILL'));
      process.exit(130);
    }
  });
}

/** The compiled hub under Node (built above), inheriting stdio so its one-time admin password is visible. */
function startHub(env) {
  return run(process.execPath, hubCommandArgs(root), env);
}

const exitCodeOf = (code, signal) => (code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1) : 1));

async function waitForHub(url, hub, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hub.exitCode !== null || hub.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return true;
    } catch {
      // not listening yet (demo seeding runs before listen)
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

// Ctrl+C during a synchronous step (build, download) interrupts that step; do not carry on afterwards.
const bailIfInterrupted = () => signals > 0 && process.exit(130);

async function main() {
  build();
  bailIfInterrupted();
  const binary = argv.includes('--serve') ? undefined : electronBinary();
  bailIfInterrupted();
  const plan = planStart({ argv, env: process.env, platform: process.platform, binary, uid: process.getuid?.() });
  say(plan.message);

  if (plan.mode === 'serve') {
    const hub = startHub(plan.hubEnv);
    hub.on('exit', (code, signal) => process.exit(exitCodeOf(code, signal)));
    return;
  }

  const hub = plan.hubEnv ? startHub(plan.hubEnv) : null;
  let electron = null;
  if (hub) {
    hub.on('exit', (code, signal) => {
      if (electron && electron.exitCode === null) electron.kill('SIGTERM');
      else process.exit(exitCodeOf(code, signal));
    });
    if (!(await waitForHub(plan.hubUrl, hub))) {
      process.stderr.write(`The hub did not come up at ${plan.hubUrl}.\n`);
      if (hub.exitCode === null) hub.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
  }
  electron = run(plan.electronPath, plan.electronArgs, plan.electronEnv);
  electron.on('error', (err) => {
    process.stderr.write(`Could not launch Electron (${plan.electronPath}): ${err.message}\n`);
    if (hub && hub.exitCode === null) hub.kill('SIGTERM');
    process.exitCode = 1;
  });
  electron.on('exit', (code, signal) => {
    const status = exitCodeOf(code, signal);
    if (!hub || hub.exitCode !== null || hub.signalCode !== null) process.exit(status);
    hub.once('exit', () => process.exit(status));
    hub.kill('SIGTERM');
  });
}

main().catch((err) => {
  process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
