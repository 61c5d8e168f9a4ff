import type { Channel } from '../../../shared/index.js';

/** Human labels; colors live in styles.css as `--ch-<channel>` so themes stay in CSS. */
export const CHANNEL_LABEL: Record<Channel, string> = {
  phone: 'Phone',
  email: 'Email',
  chat: 'Chat',
  sms: 'SMS',
  store: 'Store',
  purchase: 'Purchase',
  web: 'Web',
  social: 'Social',
  note: 'Note',
};
