import type { WidgetMessage } from '../../shared/index.js';
import type { WidgetMessagesTable } from './tables.js';

/** Microseconds as the ISO time the widget and the console show. */
export const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** A stored `widget_messages` row as the widget's numbered message. */
export function toWidgetMessage(r: WidgetMessagesTable): WidgetMessage {
  return { seq: r.seq, clientId: r.client_id, from: r.direction === 'agent' ? 'agent' : 'customer', author: r.author, text: r.text, at: iso(r.at_us) };
}
