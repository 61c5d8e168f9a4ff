import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type HubConfig } from '../server/config.js';
import { remoteHubUrl, startHubHost, type HubModule } from './hub-host.js';

const USER_DATA = '/tmp/omni-user-data-test';
const quiet = () => undefined;

/** Real loadConfig, recorded startHub: the config the in-process hub would get, without a database or port. */
function recordingHub(startHub?: HubModule['startHub']) {
  const configs: HubConfig[] = [];
  const close = vi.fn(async () => undefined);
  const mod: HubModule = {
    loadConfig: vi.fn(loadConfig),
    startHub:
      startHub ??
      (async (config) => {
        configs.push(config);
        return { url: `http://127.0.0.1:${config.port}`, close, bootstrap: { adminEmail: 'admin@omni.local' } };
      }),
  };
  return { mod, configs, close, loadHub: vi.fn(async () => mod) };
}

describe('hub host', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('uses the remote hub when OMNI_HUB_URL is set and never loads the in-process hub', async () => {
    const { loadHub } = recordingHub();
    const hub = await startHubHost({ env: { OMNI_HUB_URL: 'https://hub.example.com/' }, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet });
    expect(hub).toMatchObject({ url: 'https://hub.example.com', remote: true });
    expect(loadHub).not.toHaveBeenCalled();
    await expect(hub.close()).resolves.toBeUndefined();
  });

  it('refuses a malformed OMNI_HUB_URL instead of silently starting a local hub', async () => {
    const { loadHub } = recordingHub();
    await expect(startHubHost({ env: { OMNI_HUB_URL: 'ftp://hub' }, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet })).rejects.toThrow(/OMNI_HUB_URL/);
    await expect(startHubHost({ env: { OMNI_HUB_URL: 'not a url' }, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet })).rejects.toThrow(/OMNI_HUB_URL/);
    expect(loadHub).not.toHaveBeenCalled();
  });

  it('normalizes OMNI_HUB_URL', () => {
    expect(remoteHubUrl({})).toBeNull();
    expect(remoteHubUrl({ OMNI_HUB_URL: '  ' })).toBeNull();
    expect(remoteHubUrl({ OMNI_HUB_URL: 'http://127.0.0.1:4100' })).toBe('http://127.0.0.1:4100');
    expect(remoteHubUrl({ OMNI_HUB_URL: 'https://hub.example/omni/' })).toBe('https://hub.example/omni');
    expect(() => remoteHubUrl({ OMNI_HUB_URL: 'https://u:p@hub.example' })).toThrow(/credentials/);
  });

  it('otherwise starts the hub in-process with data in <userData>/data and ignores Electron argv', async () => {
    const { loadHub, mod, configs, close } = recordingHub();
    const hub = await startHubHost({ env: { OMNI_DEMO: '1' }, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet });
    expect(loadHub).toHaveBeenCalledOnce();
    expect(mod.loadConfig).toHaveBeenCalledWith(expect.objectContaining({ OMNI_DATA_DIR: join(USER_DATA, 'data') }), []);
    expect(configs[0]).toMatchObject({ dataDir: join(USER_DATA, 'data'), demo: true, port: 4100, host: '127.0.0.1' });
    expect(hub).toMatchObject({ url: 'http://127.0.0.1:4100', remote: false });
    await hub.close();
    expect(close).toHaveBeenCalledOnce();
  });

  it('keeps an explicit OMNI_DATA_DIR', async () => {
    const { loadHub, configs } = recordingHub();
    await startHubHost({ env: { OMNI_DATA_DIR: '/srv/omni' }, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet });
    expect(configs[0]!.dataDir).toBe('/srv/omni');
  });

  it('moves to a free port when 4100 is taken', async () => {
    const ports: number[] = [];
    const { loadHub } = recordingHub(async (config) => {
      ports.push(config.port);
      if (config.port === 4100) throw new Error('port 4100 on 127.0.0.1 is already in use (set OMNI_PORT or --port)');
      return { url: 'http://127.0.0.1:50123', close: async () => undefined };
    });
    const hub = await startHubHost({ env: {}, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet });
    expect(ports).toEqual([4100, 0]);
    expect(hub.url).toBe('http://127.0.0.1:50123');
  });

  it('passes other start failures through', async () => {
    const { loadHub } = recordingHub(async () => {
      throw new Error('database is locked');
    });
    await expect(startHubHost({ env: {}, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet })).rejects.toThrow('database is locked');
  });

  it('reports a generated admin password once, for the first-run dialog', async () => {
    const { loadHub } = recordingHub(async () => ({
      url: 'http://127.0.0.1:4100/',
      close: async () => undefined,
      bootstrap: { adminEmail: 'admin@omni.local', generatedAdminPassword: 'correct-horse' },
    }));
    const hub = await startHubHost({ env: {}, userDataDir: USER_DATA, rendererDir: '/nope', loadHub, log: quiet });
    expect(hub.url).toBe('http://127.0.0.1:4100');
    expect(hub.firstRun).toEqual({ adminEmail: 'admin@omni.local', password: 'correct-horse' });
  });
});
