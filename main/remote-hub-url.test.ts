import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fake, resetFake } from './fake-electron.js';
import { isLoopbackHost, remoteHubUrl } from './hub-host.js';

/* A remote hub over plain http would carry passwords, session tokens and customer data in clear: refused at start. */

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);
await import('electron');

describe('OMNI_HUB_URL over plain http', () => {
  it('is refused for another machine, with a message that says what to do', () => {
    for (const url of ['http://hub.example.com', 'http://10.0.0.5:4100', 'http://[2001:db8::1]:4100', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example']) {
      expect(() => remoteHubUrl({ OMNI_HUB_URL: url }), url).toThrow(/OMNI_HUB_URL must use https:\/\/ for a hub on another machine/);
    }
  });

  it('is allowed for this computer (loopback), and https is allowed anywhere', () => {
    expect(remoteHubUrl({ OMNI_HUB_URL: 'http://127.0.0.1:4100/' })).toBe('http://127.0.0.1:4100');
    expect(remoteHubUrl({ OMNI_HUB_URL: 'http://127.8.9.10:4100' })).toBe('http://127.8.9.10:4100');
    expect(remoteHubUrl({ OMNI_HUB_URL: 'http://[::1]:4100' })).toBe('http://[::1]:4100');
    expect(remoteHubUrl({ OMNI_HUB_URL: 'http://LOCALHOST:4100' })).toBe('http://localhost:4100');
    expect(remoteHubUrl({ OMNI_HUB_URL: 'https://10.0.0.5:4100' })).toBe('https://10.0.0.5:4100');
    expect(isLoopbackHost('hub.example')).toBe(false);
  });

  it('makes the desktop app show the reason and exit without opening a window', async () => {
    vi.resetModules();
    resetFake();
    const saved = process.env['OMNI_HUB_URL'];
    process.env['OMNI_HUB_URL'] = 'http://hub.example.com:4100';
    try {
      await import('./index.js');
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    } finally {
      if (saved === undefined) delete process.env['OMNI_HUB_URL'];
      else process.env['OMNI_HUB_URL'] = saved;
    }
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), expect.stringMatching(/must use https:\/\/.*only allowed for this computer/));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
