import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HubConfig } from '../server/config.js';

/** The hub the window talks to: started here, or a remote one named by OMNI_HUB_URL. */
export interface HubHandle {
  /** Base URL without trailing slash; the renderer is loaded from `${url}/`. */
  url: string;
  remote: boolean;
  /** Set when the in-process hub created the admin now with a generated password (show it once). */
  firstRun?: { adminEmail: string; password: string };
  close(): Promise<void>;
}

interface StartedHub {
  url: string;
  close(): Promise<void>;
  bootstrap?: { adminEmail?: string; generatedAdminPassword?: string };
}

/** What hub-host needs from server/: injectable so tests need neither a database nor a port. */
export interface HubModule {
  loadConfig(env: NodeJS.ProcessEnv, argv: string[]): HubConfig;
  startHub(config: HubConfig, opts?: { log?: (line: string) => void }): Promise<StartedHub>;
}

export interface HubHostOptions {
  env: NodeJS.ProcessEnv;
  /** app.getPath('userData'): the default data dir is `<userData>/data`. */
  userDataDir: string;
  /** Built renderer (out/renderer) the in-process hub serves. */
  rendererDir: string;
  loadHub?: () => Promise<HubModule>;
  log?: (line: string) => void;
}

/** OMNI_HUB_URL validated as an http(s) URL without trailing slash; null when unset; throws when malformed. */
export function remoteHubUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env['OMNI_HUB_URL']?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`OMNI_HUB_URL must be an http(s) URL (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`OMNI_HUB_URL must be an http(s) URL (got ${JSON.stringify(raw)})`);
  if (url.username || url.password) throw new Error('OMNI_HUB_URL must not contain credentials');
  // Plain http would carry passwords, session tokens and customer data readable on the network: only this machine may use it.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new Error(`OMNI_HUB_URL must use https:// for a hub on another machine (got ${JSON.stringify(raw)}); plain http:// is only allowed for this computer (localhost, 127.0.0.1, ::1)`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** localhost, 127.0.0.0/8 and ::1 (URL.hostname keeps IPv6 brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

// Lazy: the hub (and its native SQLite driver) is only loaded when this process hosts it.
const importHub = async (): Promise<HubModule> => {
  const { startHub } = await import('../server/hub.js');
  const { loadConfig } = await import('../server/config.js');
  return { startHub, loadConfig };
};

// startHub reports a taken port as a plain Error ("port 4100 on … is already in use"); a raw errno also counts.
function isPortBusy(err: unknown): boolean {
  if ((err as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') return true;
  return err instanceof Error && /already in use|EADDRINUSE/i.test(err.message);
}

/** Connects to OMNI_HUB_URL if set, otherwise starts the hub in this process (data in `<userData>/data`). */
export async function startHubHost(opts: HubHostOptions): Promise<HubHandle> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const remote = remoteHubUrl(opts.env);
  if (remote) {
    log(`omni: using remote hub ${remote}`);
    return { url: remote, remote: true, close: async () => undefined };
  }

  const hub = await (opts.loadHub ?? importHub)();
  const env: NodeJS.ProcessEnv = { ...opts.env };
  if (!env['OMNI_DATA_DIR']?.trim()) env['OMNI_DATA_DIR'] = join(opts.userDataDir, 'data');
  if (!env['OMNI_RENDERER_DIR']?.trim() && existsSync(join(opts.rendererDir, 'index.html'))) env['OMNI_RENDERER_DIR'] = opts.rendererDir;
  // Never parse Electron's own argv (Chromium switches) as hub flags: configuration comes from env only.
  const config = hub.loadConfig(env, []);

  let started: StartedHub;
  try {
    started = await hub.startHub(config, { log });
  } catch (err) {
    // Another hub (e.g. `npm run serve`) holds the port: run ours on a free one rather than fail to open.
    if (!isPortBusy(err) || config.port === 0) throw err;
    log(`omni: port ${config.port} is busy; starting the in-process hub on a free port`);
    started = await hub.startHub({ ...config, port: 0 }, { log });
  }
  log(`omni: in-process hub at ${started.url} (data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);
  const password = started.bootstrap?.generatedAdminPassword;
  return {
    url: started.url.replace(/\/+$/, ''),
    remote: false,
    ...(password ? { firstRun: { adminEmail: started.bootstrap?.adminEmail ?? config.adminEmail ?? 'admin', password } } : {}),
    close: () => started.close(),
  };
}
