import type { Channel } from '../../../shared/index.js';

/* 16px stroke icons, inline so the CSP needs no external images and they inherit `currentColor`. */
const PATHS: Record<Channel, string> = {
  phone: 'M4 2.5h2.2l1.1 3-1.5 1a8 8 0 0 0 3.7 3.7l1-1.5 3 1.1V12a1.5 1.5 0 0 1-1.6 1.5A11 11 0 0 1 2.5 4.1 1.5 1.5 0 0 1 4 2.5z',
  email: 'M2 4h12v8H2z M2 4.5l6 4.5 6-4.5',
  chat: 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z',
  sms: 'M4.5 1.5h7v13h-7z M7 12.5h2',
  store: 'M2 6.5l1.2-4h9.6l1.2 4 M2.5 6.5v7h11v-7 M2 6.5h12 M6.5 13.5v-4h3v4',
  purchase: 'M2 2.5h2l1.5 8h7.5l1.2-5.5H4.6 M6.5 13.5a.5.5 0 1 0 .01 0 M12 13.5a.5.5 0 1 0 .01 0',
  web: 'M8 2a6 6 0 1 0 .01 0z M2 8h12 M8 2c2 2 2 10 0 12 M8 2c-2 2-2 10 0 12',
  social: 'M4 8a1.8 1.8 0 1 0 .01 0 M12 3.5a1.8 1.8 0 1 0 .01 0 M12 12.5a1.8 1.8 0 1 0 .01 0 M5.6 7.2l4.8-2.8 M5.6 8.8l4.8 2.8',
  note: 'M3.5 2h6.5l2.5 2.5V14h-9z M10 2v2.5h2.5 M5.5 7.5h5 M5.5 10h5',
};

export function ChannelIcon({ channel, size = 16 }: { channel: Channel; size?: number }) {
  return (
    <svg className={`ch-icon ch-${channel}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[channel]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
