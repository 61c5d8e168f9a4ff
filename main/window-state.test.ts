import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FakeBrowserWindow, resetFake } from './fake-electron.js';
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, clampToDisplays, loadWindowState, saveWindowState, trackWindowState } from './window-state.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const LAPTOP = { x: 0, y: 0, width: 1440, height: 875 };
const RIGHT_MONITOR = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('clampToDisplays', () => {
  it('keeps a window that fits where it was', () => {
    const s = { x: 100, y: 80, width: 1000, height: 700, maximized: false };
    expect(clampToDisplays(s, [LAPTOP, RIGHT_MONITOR])).toEqual(s);
  });

  it('keeps a window on a secondary display', () => {
    const s = { x: 2000, y: 100, width: 1600, height: 1000, maximized: true };
    expect(clampToDisplays(s, [LAPTOP, RIGHT_MONITOR])).toEqual(s);
  });

  it('drops the position when its display is gone (monitor unplugged)', () => {
    const s = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    const out = clampToDisplays(s, [LAPTOP]);
    expect(out).toEqual({ width: 1440, height: 875, maximized: false });
  });

  it('pulls a window straddling an edge fully inside the display it mostly covers', () => {
    const out = clampToDisplays({ x: 1300, y: -50, width: 1000, height: 700, maximized: false }, [LAPTOP, RIGHT_MONITOR]);
    expect(out).toEqual({ x: 1440, y: 0, width: 1000, height: 700, maximized: false });
  });

  it('shrinks a window larger than its display, but not below the minimum size', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [LAPTOP])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false });
    expect(clampToDisplays({ x: 10, y: 10, width: 200, height: 100, maximized: false }, [LAPTOP])).toEqual({ x: 10, y: 10, width: 720, height: 480, maximized: false });
  });

  it('with no displays reported, leaves the state alone', () => {
    expect(clampToDisplays(DEFAULT_WINDOW_STATE, [])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    resetFake();
    dir = mkdtempSync(join(tmpdir(), 'omni-window-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through userData/window-state.json', () => {
    const s = { x: 1500, y: 40, width: 1700, height: 1100, maximized: true };
    saveWindowState(dir, s);
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(s);
    expect(loadWindowState(dir, [LAPTOP, RIGHT_MONITOR])).toEqual(s);
  });

  it('falls back to defaults (clamped) for a missing or corrupt file', () => {
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ width: 1440, height: 875, maximized: false });
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": 10, "y":');
    expect(loadWindowState(dir, [RIGHT_MONITOR])).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify({ x: 'left', width: 100 }));
    expect(loadWindowState(dir, [RIGHT_MONITOR])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('saves the window bounds when it closes', () => {
    const win = new FakeBrowserWindow({ x: 30, y: 20, width: 1100, height: 720 });
    win.maximized = true;
    trackWindowState(win as unknown as BrowserWindow, dir);
    win.emit('close');
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ x: 30, y: 20, width: 1100, height: 720, maximized: true });
  });

  it('saves after moves, debounced', () => {
    vi.useFakeTimers();
    try {
      const win = new FakeBrowserWindow({ x: 0, y: 0, width: 900, height: 600 });
      trackWindowState(win as unknown as BrowserWindow, dir, 100);
      win.bounds = { x: 200, y: 100, width: 900, height: 600 };
      win.emit('move');
      win.emit('move');
      vi.advanceTimersByTime(99);
      expect(loadWindowState(dir, [LAPTOP])).toEqual({ width: 1440, height: 875, maximized: false });
      vi.advanceTimersByTime(1);
      expect(loadWindowState(dir, [LAPTOP])).toEqual({ x: 200, y: 100, width: 900, height: 600, maximized: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
