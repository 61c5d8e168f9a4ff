import { _electron as electron, expect, test } from '@playwright/test';
import { displayProblem, findElectronBinary } from '../scripts/start-plan.mjs';

// The desktop shell over the e2e hub (playwright.config.ts webServer): in dev, better-sqlite3 is built for Node,
// so Electron connects to that hub through OMNI_HUB_URL instead of hosting one in-process.
const root = process.cwd();
const binary = findElectronBinary(root, process.env);
const hasElectronBinary = () => binary.path !== null;

test.describe('Electron app', () => {
  // Skipped only by condition: machines without the Electron binary (this CI cannot download it) or without a display.
  test.skip(!hasElectronBinary(), 'Electron binary is not installed on this machine (downloads from GitHub are blocked); runs where it exists');
  test.skip(displayProblem(process.platform, process.env) !== null, 'no display to open an Electron window on (run under xvfb-run)');

  test('opens a secure, isolated window on the login screen', async ({ baseURL }) => {
    const hubUrl = baseURL!.replace(/\/+$/, '');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    env['OMNI_HUB_URL'] = hubUrl;
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [root, ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
      env,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForFunction(() => document.documentElement.dataset['omniReady'] === 'login', undefined, { timeout: 60_000 });
      // Signed out, the router shows the login screen at its own (hash) URL.
      expect(page.url()).toBe(`${hubUrl}/#/login`);

      // The bridge is there; Node is not.
      const surface = await page.evaluate(() => {
        const omni = (window as unknown as { omni?: Record<string, unknown> }).omni;
        return {
          omni: omni ? Object.keys(omni).sort() : null,
          require: typeof (globalThis as { require?: unknown }).require,
          process: typeof (globalThis as { process?: unknown }).process,
          ipcRenderer: omni ? typeof omni['ipcRenderer'] : 'n/a',
        };
      });
      expect(surface).toEqual({ omni: ['getInfo', 'notify', 'onOpenCustomer', 'openExternal'], require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });

      const info = await page.evaluate(() => (window as unknown as { omni: { getInfo(): Promise<{ hubUrl: string; desktop: boolean }> } }).omni.getInfo());
      expect(info).toMatchObject({ hubUrl, desktop: true });

      // Context isolation holds: contextBridge refuses to expose anything without it, so `omni` existing proves
      // it is on; and the page's own world cannot reach the preload's (its globals are not shared).
      const isolated = await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        return { contextBridgeVisible: 'contextBridge' in g, electronVisible: 'electron' in g, bridgeFunctionsNative: String((g['omni'] as Record<string, unknown>)['getInfo']).includes('[native code]') };
      });
      expect(isolated).toEqual({ contextBridgeVisible: false, electronVisible: false, bridgeFunctionsNative: true });

      // Navigation away from the app is blocked.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe(`${hubUrl}/#/login`);
    } finally {
      await app.close();
    }
  });
});
