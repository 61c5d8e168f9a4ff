import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, fake, resetFake } from './fake-electron.js';
import type { HubHandle } from './hub-host.js';

/*
 * Electron's security checklist, checked on the composed app (main/index.ts as it boots), not only on
 * each helper: a guard written but never installed fails here. The helpers' own behaviour is tested in
 * security.test.ts, window.test.ts, ipc.test.ts and external.test.ts.
 */

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);
const HUB = 'http://127.0.0.1:4100';
const startHubHost = vi.fn(async (): Promise<HubHandle> => ({ url: HUB, remote: false, close: async () => undefined }));
vi.mock('./hub-host.js', () => ({ startHubHost }));
await import('electron');

async function boot() {
  vi.resetModules();
  resetFake();
  await import('./index.js');
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  const win = FakeBrowserWindow.instances[0]!;
  // Real Electron emits this for every webContents it creates (the window's included).
  fake.app.emit('web-contents-created', {}, win.webContents);
  return win;
}

describe('Electron security checklist (composed app)', () => {
  beforeEach(() => startHubHost.mockClear());

  it('sandboxes every renderer, isolates the context and gives it no Node', async () => {
    const win = await boot();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(win.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('enforces our CSP on the app origin only', async () => {
    await boot();
    const listener = fake.headersListener as (details: unknown, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
    expect(listener).toBeTypeOf('function');
    let answer: { responseHeaders?: Record<string, string[]> } = {};
    listener({ url: `${HUB}/`, responseHeaders: { 'content-security-policy': ["default-src *"] } }, (r) => (answer = r));
    const csp = answer.responseHeaders?.['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(answer.responseHeaders).not.toHaveProperty('content-security-policy');
  });

  it('guards navigation, redirects, <webview> and new windows on the window and on any later webContents', async () => {
    const win = await boot();
    for (const wc of [win.webContents, new FakeWebContents()]) {
      fake.app.emit('web-contents-created', {}, wc);
      expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
      expect(wc.fire('will-navigate', `${HUB}/customers`)).toBe(false);
      expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
      expect(wc.fire('will-attach-webview')).toBe(true);
      expect(wc.windowOpenHandler?.({ url: `${HUB}/popup` })).toEqual({ action: 'deny' });
    }
  });

  it('grants no permission but notifications from the app itself', async () => {
    await boot();
    const request = fake.permissionRequest as (...a: unknown[]) => void;
    const answer = (permission: string, url: string) => {
      const cb = vi.fn();
      request({ getURL: () => url }, permission, cb, { requestingUrl: url });
      return cb.mock.calls[0]![0] as boolean;
    };
    expect(answer('notifications', `${HUB}/`)).toBe(true);
    expect(answer('media', `${HUB}/`)).toBe(false);
    expect(answer('notifications', 'https://evil.example/')).toBe(false);
    expect((fake.permissionCheck as (...a: unknown[]) => boolean)(null, 'geolocation', HUB, {})).toBe(false);
  });
});
