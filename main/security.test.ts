import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fake, resetFake } from './fake-electron.js';
import { buildCsp, hardenWebContents, installAppGuards, installCsp, installPermissionPolicy } from './security.js';
import type { App, Session, WebContents } from 'electron';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const APP = 'http://127.0.0.1:4100';
const electron = await import('electron');
const session = electron.session.defaultSession as unknown as Session;

function hardened() {
  const wc = new FakeWebContents();
  const openExternal = vi.fn();
  hardenWebContents(wc as unknown as WebContents, APP, openExternal);
  return { wc, openExternal };
}

describe('navigation and new windows', () => {
  beforeEach(resetFake);

  it('prevents will-navigate to a foreign URL but allows the app origin', () => {
    const { wc } = hardened();
    expect(wc.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(wc.fire('will-navigate', 'http://127.0.0.1:4101/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', `${APP}/customers/c1`)).toBe(false);
  });

  it('prevents redirects away from the app', () => {
    const { wc } = hardened();
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-redirect', `${APP}/`)).toBe(false);
  });

  it('never attaches a <webview>', () => {
    const { wc } = hardened();
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies window.open and sends only allowlisted https URLs to the system browser', () => {
    const { wc, openExternal } = hardened();
    const open = (url: string) => wc.windowOpenHandler!({ url });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('http://admin.shopify.com/')).toEqual({ action: 'deny' });
    expect(open(`${APP}/popup`)).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(open('https://admin.shopify.com/orders/1')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://admin.shopify.com/orders/1');
  });

  it('hardens every webContents the app creates', () => {
    installAppGuards(fake.app as unknown as App, APP, vi.fn());
    const wc = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, wc);
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.windowOpenHandler).not.toBeNull();
  });
});

describe('CSP header', () => {
  beforeEach(resetFake);

  it('replaces any server CSP on app responses, whatever its casing', () => {
    installCsp(session, APP);
    const listener = fake.headersListener as (d: unknown, cb: unknown) => void;
    const respond = (url: string, responseHeaders: Record<string, string[]>) => {
      const callback = vi.fn();
      listener({ url, responseHeaders }, callback);
      return callback.mock.calls[0]![0] as { responseHeaders?: Record<string, string[]> };
    };
    const headers = respond(`${APP}/`, { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }).responseHeaders!;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([buildCsp(APP)]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    // Other origins (and look-alike ports) are left untouched.
    expect(respond('https://admin.shopify.com/', { 'Content-Type': ['text/html'] })).toEqual({});
    expect(respond('http://127.0.0.1:41000/', {})).toEqual({});
  });

  it('locks scripts to self and sockets to the hub', () => {
    const csp = buildCsp(APP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:4100`);
    expect(buildCsp('https://hub.example')).toContain('wss://hub.example');
  });
});

describe('permissions', () => {
  beforeEach(resetFake);

  it('grants notifications to the app and nothing else to anyone', () => {
    installPermissionPolicy(session, APP);
    const ask = (permission: string, requestingUrl: string) => {
      const cb = vi.fn();
      (fake.permissionRequest as (...a: unknown[]) => void)({ getURL: () => requestingUrl }, permission, cb, { requestingUrl });
      return cb.mock.calls[0]![0] as boolean;
    };
    expect(ask('notifications', `${APP}/`)).toBe(true);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) expect(ask(p, `${APP}/`)).toBe(false);

    const check = fake.permissionCheck as (...a: unknown[]) => boolean;
    expect(check(null, 'notifications', APP, {})).toBe(true);
    expect(check(null, 'media', APP, {})).toBe(false);
    expect(check(null, 'notifications', 'https://evil.example', {})).toBe(false);
  });
});
