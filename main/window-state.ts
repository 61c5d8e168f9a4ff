import type { BrowserWindow, Rectangle } from 'electron';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Where the window was and whether it was maximized. x/y absent: let the OS center it. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const MIN_SIZE = { width: 720, height: 480 } as const;
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
export const WINDOW_STATE_FILE = 'window-state.json';

const int = z.number().int().finite();
// The file is ours, but it can be truncated or hand-edited: anything off-shape falls back to defaults.
const StoredSchema = z.object({
  x: int.optional(),
  y: int.optional(),
  width: int.min(1),
  height: int.min(1),
  maximized: z.boolean().default(false),
});

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits a saved state onto the displays that exist now (a monitor may have been unplugged): the window lands on
 * the display it overlaps most, no larger than that display's work area and fully inside it. If it overlaps
 * none, it keeps its size (clamped to the primary display, `workAreas[0]`) and is centered by the OS.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { ...state };
  const fit = (area: Rectangle) => ({
    width: Math.max(Math.min(state.width, area.width), Math.min(MIN_SIZE.width, area.width)),
    height: Math.max(Math.min(state.height, area.height), Math.min(MIN_SIZE.height, area.height)),
  });
  if (state.x === undefined || state.y === undefined) return { ...fit(primary), maximized: state.maximized };

  const rect = { x: state.x, y: state.y, width: state.width, height: state.height };
  let best: Rectangle | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(rect, area);
    if (o > bestArea) {
      best = area;
      bestArea = o;
    }
  }
  if (!best) return { ...fit(primary), maximized: state.maximized };

  const size = fit(best);
  const x = Math.min(Math.max(state.x, best.x), best.x + best.width - size.width);
  const y = Math.min(Math.max(state.y, best.y), best.y + best.height - size.height);
  return { x, y, ...size, maximized: state.maximized };
}

/** Reads `<dir>/window-state.json` and clamps it to the current displays; defaults when missing or corrupt. */
export function loadWindowState(dir: string, workAreas: readonly Rectangle[]): WindowState {
  let stored: WindowState = DEFAULT_WINDOW_STATE;
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')));
    if (parsed.success) stored = parsed.data;
  } catch {
    // First run or unreadable file: defaults.
  }
  return clampToDisplays(stored, workAreas);
}

/** Writes atomically (temp file + rename) so a crash mid-write cannot leave half a JSON file. */
export function saveWindowState(dir: string, state: WindowState): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

/** The state to persist: the normal (un-maximized) bounds, so un-maximizing next time restores a sensible size. */
export function captureWindowState(win: BrowserWindow): WindowState {
  const b = win.isMaximized() ? win.getNormalBounds() : win.getBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}

/** Saves on close, and (debounced) after moves/resizes so a crash loses little. */
export function trackWindowState(win: BrowserWindow, dir: string, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    try {
      saveWindowState(dir, captureWindowState(win));
    } catch (err) {
      console.warn('omni: could not save window state:', err);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
