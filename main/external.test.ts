import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake } from './fake-electron.js';
import { isExternalAllowed, openExternalIfAllowed } from './external.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

describe('openExternal allowlist', () => {
  beforeEach(resetFake);

  it.each(['https://admin.shopify.com/store/x/orders/1001', 'https://api.twilio.com/2010-04-01/Calls', 'https://help.omni-console.dev/'])('allows %s', (url) => {
    expect(isExternalAllowed(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://admin.shopify.com/'],
    ['lookalike host', 'https://admin.shopify.com.evil.example/'],
    ['subdomain of an allowlisted host', 'https://x.admin.shopify.com/'],
    ['other port', 'https://admin.shopify.com:8443/'],
    ['embedded credentials', 'https://user:pw@admin.shopify.com/'],
    ['file URL', 'file:///etc/passwd'],
    ['javascript URL', 'javascript:alert(1)'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['not a URL', 'admin.shopify.com'],
    ['unlisted https', 'https://example.com/'],
  ])('refuses %s', (_why, url) => {
    expect(isExternalAllowed(url)).toBe(false);
  });

  it('only calls shell.openExternal for allowed URLs', async () => {
    expect(await openExternalIfAllowed('https://example.com/')).toBe(false);
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    expect(await openExternalIfAllowed('https://admin.shopify.com/orders/1')).toBe(true);
    expect(fake.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://admin.shopify.com/orders/1');
  });
});
