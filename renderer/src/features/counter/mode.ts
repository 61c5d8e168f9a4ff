import type { User } from '../../../../shared/index.js';

/*
 * Console or counter mode, remembered per user on this device: associates land on the counter until they
 * switch; everyone else on the console until they open the counter. Visiting /counter chooses it.
 */

export type ConsoleMode = 'console' | 'counter';
const KEY = 'omni.mode';

function readAll(): Record<string, ConsoleMode> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return raw && typeof raw === 'object' ? (raw as Record<string, ConsoleMode>) : {};
  } catch {
    return {};
  }
}

export function modeOf(user: Pick<User, 'id' | 'role'>): ConsoleMode {
  const chosen = readAll()[user.id];
  if (chosen === 'console' || chosen === 'counter') return chosen;
  return user.role === 'associate' ? 'counter' : 'console';
}

export function rememberMode(user: Pick<User, 'id'>, mode: ConsoleMode): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...readAll(), [user.id]: mode }));
  } catch {
    // Storage full or disabled: the mode then lasts this visit only.
  }
}

/** The home route asks this: does this user land on the counter? */
export function landsOnCounter(user: Pick<User, 'id' | 'role'> | null): boolean {
  return user !== null && modeOf(user) === 'counter';
}
