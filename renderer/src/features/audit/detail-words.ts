import { ROLES, type Role } from '../../../../shared/index.js';
import { formatDateTime } from '../../lib/format.js';
import { describeUserAgent, ROLE_WORDS } from '../auth/words.js';

const KEY_WORDS: Record<string, string> = {
  until: 'Until',
  role: 'Role',
  from: 'From',
  to: 'To',
  address: 'From address',
  userAgent: 'Device',
  endedSessions: 'Sessions ended',
  fields: 'Changed',
};

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

/** An audit detail as a person reads it: `userAgent` -> `Device: Chrome on Linux`, `role: associate` -> `Role: Store associate`. */
export function detailWords(key: string, value: string): { label: string; text: string } {
  const label = KEY_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).toLowerCase().replace(/^./, (c) => c.toUpperCase());
  if (key === 'userAgent') return { label, text: describeUserAgent(value) };
  if (isRole(value)) return { label, text: ROLE_WORDS[value] };
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return { label, text: formatDateTime(value) };
  // Machine words (`bad_credentials`) read as words.
  return { label, text: /^[a-z]+(_[a-z]+)+$/.test(value) ? value.replace(/_/g, ' ') : value };
}
