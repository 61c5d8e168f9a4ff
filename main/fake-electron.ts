/*
 * A small stand-in for the parts of the `electron` module main/ uses, for unit tests:
 *   vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);
 * It records what main registers (handlers, listeners, windows) so tests can drive them like Electron would.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  readonly mainFrame = { url: '', parent: null };
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  /** Emits like Electron: returns whether a listener called preventDefault(). */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  minimized = false;
  maximized = false;
  visible = false;
  destroyed = false;
  readonly show = vi.fn(() => void (this.visible = true));
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => void (this.minimized = false));
  readonly maximize = vi.fn(() => void (this.maximized = true));
  readonly loadURL = vi.fn(async (url: string) => void (this.webContents.url = url));
  constructor(public readonly options: Record<string, unknown>) {
    super();
    const o = options as { x?: number; y?: number; width?: number; height?: number };
    this.bounds = { x: o.x ?? 0, y: o.y ?? 0, width: o.width ?? 800, height: o.height ?? 600 };
    FakeBrowserWindow.instances.push(this);
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static readonly isSupported = vi.fn(() => true);
  readonly show = vi.fn();
  constructor(public readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
}

class FakeApp extends EventEmitter {
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly setAppUserModelId = vi.fn();
  readonly whenReady = vi.fn(async () => undefined);
  readonly getVersion = vi.fn(() => '0.1.0');
  readonly getPath = vi.fn((_name: string) => '/tmp/omni-fake-user-data');
  readonly setAsDefaultProtocolClient = vi.fn((_protocol: string, _path?: string, _args?: string[]) => true);
}

export const fake = {
  app: new FakeApp(),
  ipcHandlers: new Map<string, Handler>(),
  headersListener: null as null | Handler,
  permissionRequest: null as null | Handler,
  permissionCheck: null as null | Handler,
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

/** Clears everything recorded; call in beforeEach. */
export function resetFake(): void {
  fake.app.removeAllListeners();
  fake.app.requestSingleInstanceLock.mockReset().mockReturnValue(true);
  fake.app.quit.mockReset();
  fake.app.exit.mockReset();
  fake.app.setAsDefaultProtocolClient.mockClear();
  fake.ipcHandlers.clear();
  fake.headersListener = null;
  fake.permissionRequest = null;
  fake.permissionCheck = null;
  fake.shell.openExternal.mockClear();
  fake.dialog.showErrorBox.mockClear();
  fake.dialog.showMessageBox.mockClear();
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeNotification.isSupported.mockReset().mockReturnValue(true);
}

const ipcMain = {
  handle: vi.fn((channel: string, h: Handler) => {
    if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.ipcHandlers.set(channel, h);
  }),
  removeHandler: vi.fn((channel: string) => fake.ipcHandlers.delete(channel)),
};

const defaultSession = {
  webRequest: {
    onHeadersReceived: (listener: Handler) => {
      fake.headersListener = listener;
    },
  },
  setPermissionRequestHandler: (h: Handler) => {
    fake.permissionRequest = h;
  },
  setPermissionCheckHandler: (h: Handler) => {
    fake.permissionCheck = h;
  },
};

const screen = {
  getPrimaryDisplay: () => fake.displays[0],
  getAllDisplays: () => fake.displays,
};

export const electronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  ipcMain,
  session: { defaultSession },
  shell: fake.shell,
  dialog: fake.dialog,
  screen,
};
