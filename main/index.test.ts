import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fake, resetFake } from './fake-electron.js';
import type { HubHandle } from './hub-host.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);
// The composition test swaps only the hub (no database); hub-host itself is tested in hub-host.test.ts.
const hubClose = vi.fn(async () => undefined);
const startHubHost = vi.fn(async (): Promise<HubHandle> => ({ url: 'http://127.0.0.1:4100', remote: false, close: hubClose }));
vi.mock('./hub-host.js', () => ({ startHubHost }));

// Evaluate the electron mock now: vi.resetModules() keeps mocked modules, so this fake is the one index.ts sees.
await import('electron');

/** main/index.ts starts the app when imported: each test re-imports it; `prepare` configures the fake first. */
async function boot(prepare: () => void = () => undefined) {
  vi.resetModules();
  resetFake();
  prepare();
  await import('./index.js');
  await vi.waitFor(() => expect(FakeBrowserWindow.instances.length + fake.app.quit.mock.calls.length + fake.app.exit.mock.calls.length).toBeGreaterThan(0));
}

describe('main process composition', () => {
  beforeEach(() => {
    startHubHost.mockClear();
    hubClose.mockClear();
  });

  it('starts the hub, registers IPC and loads the console from the hub URL', async () => {
    await boot();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadURL).toHaveBeenCalledWith('http://127.0.0.1:4100/');
    expect((win.options['webPreferences'] as { preload: string }).preload).toMatch(/preload[\\/]preload\.cjs$/);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(['app:get-info', 'app:notify', 'app:open-external']);
    const info = await (fake.ipcHandlers.get('app:get-info') as (...a: unknown[]) => Promise<unknown>)({ sender: win.webContents, senderFrame: { url: 'http://127.0.0.1:4100/', parent: null } });
    expect(info).toMatchObject({ hubUrl: 'http://127.0.0.1:4100', desktop: true });
    expect(fake.headersListener).not.toBeNull();
    expect(fake.permissionRequest).not.toBeNull();
  });

  it('stops the hub before quitting', async () => {
    await boot();
    let prevented = false;
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(hubClose).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
  });

  it('a second instance starts nothing', async () => {
    await boot(() => fake.app.requestSingleInstanceLock.mockReturnValue(false));
    expect(fake.app.quit).toHaveBeenCalled();
    expect(startHubHost).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('shows an error and exits when the hub cannot start', async () => {
    startHubHost.mockRejectedValueOnce(new Error('OMNI_HUB_URL must be an http(s) URL'));
    await boot();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), 'OMNI_HUB_URL must be an http(s) URL');
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
