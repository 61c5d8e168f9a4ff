import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { fake, resetFake } from './fake-electron.js';
import { deepLinkInArgs, deepLinkRoute, registerDeepLinks } from './deep-link.js';
import { claimSingleInstance } from './single-instance.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const app = fake.app as unknown as App;
const CUS = 'cus_01JDX4Q7Z8N5W2M3K4P6R7S8T9';

describe('omni:// deep links', () => {
  beforeEach(resetFake);

  it('accepts only known routes with ids in the hub id shape', () => {
    expect(deepLinkRoute(`omni://customers/${CUS}`)).toBe(`/customers/${CUS}`);
    expect(deepLinkRoute(`omni:///customers/${CUS}`)).toBe(`/customers/${CUS}`);
    expect(deepLinkRoute(`omni://customers/${CUS}/`)).toBe(`/customers/${CUS}`);
    expect(deepLinkRoute('omni://conversations/cnv_01JDX4Q7Z8N5W2M3K4P6R7S8T9')).toBe('/conversations/cnv_01JDX4Q7Z8N5W2M3K4P6R7S8T9');
    expect(deepLinkRoute('omni://inbox')).toBe('/inbox');
    expect(deepLinkRoute('omni://floor')).toBe('/floor');
  });

  it('refuses everything else', () => {
    for (const bad of [
      'omni://customers/uci:15010',
      'omni://customers/cus_short',
      `omni://customers/${CUS}?x=1`,
      `omni://customers/${CUS}#frag`,
      `omni://user:pw@customers/${CUS}`,
      `omni://customers:99/${CUS}`,
      `omni://customers/..%2Fadmin`,
      `omni://customers/${CUS}/timeline`,
      'omni://admin/users',
      'omni://javascript:alert(1)',
      `https://customers/${CUS}`,
      'file:///etc/passwd',
      'not a url',
      `omni://customers/${'A'.repeat(300)}`,
    ]) {
      expect(deepLinkRoute(bad), bad).toBeNull();
    }
    expect(deepLinkRoute(42 as unknown as string)).toBeNull();
  });

  it('finds the link among process arguments', () => {
    expect(deepLinkInArgs(['/opt/omni', '--flag', `omni://customers/${CUS}`])).toBe(`/customers/${CUS}`);
    expect(deepLinkInArgs(['/opt/omni', 'omni://evil/x'])).toBeNull();
    expect(deepLinkInArgs(['/opt/omni'])).toBeNull();
  });

  it('registers the protocol and opens links from open-url and from a second instance', () => {
    const open = vi.fn();
    const { fromArgs } = registerDeepLinks(app, ['/opt/omni'], open, false);
    expect(fake.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('omni');
    const prevent = vi.fn();
    fake.app.emit('open-url', { preventDefault: prevent }, `omni://customers/${CUS}`);
    expect(prevent).toHaveBeenCalled();
    expect(open).toHaveBeenLastCalledWith(`/customers/${CUS}`);
    fake.app.emit('open-url', { preventDefault: vi.fn() }, 'omni://customers/nope');
    expect(open).toHaveBeenCalledTimes(1);

    // Windows/Linux: the second launch hands its argv to the first instance, which opens the link there.
    const focus = vi.fn();
    expect(claimSingleInstance(app, (argv) => (focus(), fromArgs(argv)))).toBe(true);
    fake.app.emit('second-instance', {}, ['/opt/omni', 'omni://inbox'], '/home/agent');
    expect(focus).toHaveBeenCalledOnce();
    expect(open).toHaveBeenLastCalledWith('/inbox');
  });

  it('in development registers the entry script with the Electron binary', () => {
    registerDeepLinks(app, ['/usr/bin/electron', '/repo/out/main/index.js'], vi.fn(), true);
    expect(fake.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('omni', process.execPath, ['/repo/out/main/index.js']);
  });
});
