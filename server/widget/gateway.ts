import type { Server } from 'socket.io';
import { WIDGET_NAMESPACE, maskText, rooms, type WidgetMessage, type WidgetMessagePreviewEvent, type WidgetMessageRetractEvent, type WidgetPreview, type WidgetTypingEvent } from '../../shared/index.js';
import { SendError, type SendJob, type SendOutcome } from '../outbound/sender.js';
import type { ExtraSender } from '../outbound/worker.js';

/** The widget's room for one chat (in the /widget namespace only: console rooms never hold a widget socket). */
export const chatRoom = (chatId: string): string => `chat:${chatId}`;

/**
 * Where the widget module reaches sockets: the `/widget` namespace (customers) and the console's customer
 * rooms (typing). Attached when the hub's socket server starts; through the shared adapter a push from any
 * hub reaches the widget on any hub.
 */
export class WidgetGateway {
  private io: Server | null = null;

  attach(io: Server): void {
    this.io = io;
  }

  get attached(): boolean {
    return this.io !== null;
  }

  toWidget(chatId: string, event: 'widget:message', payload: WidgetMessage): void;
  toWidget(chatId: string, event: 'widget:typing', payload: { typing: boolean; author: string }): void;
  toWidget(chatId: string, event: 'widget:preview', payload: WidgetPreview): void;
  toWidget(chatId: string, event: 'widget:retract', payload: { clientId: string }): void;
  toWidget(chatId: string, event: string, payload: unknown): void {
    this.io?.of(WIDGET_NAMESPACE).to(chatRoom(chatId)).emit(event, payload);
  }

  /** The console side: watchers of the chat's customer see the visitor typing. */
  toConsole(e: WidgetTypingEvent): void {
    this.io?.to(rooms.customer(e.customerId)).emit('widget:typing', e);
  }

  /** The console side of a visitor's message before it is durable: full to the customer's pii room, masked to the rest (as timeline items). */
  previewToConsole(e: WidgetMessagePreviewEvent): void {
    if (!this.io) return;
    const masked: WidgetMessagePreviewEvent = { ...e, message: { ...e.message, author: maskText(e.message.author), text: maskText(e.message.text) } };
    this.io.to(rooms.customer(e.customerId)).except(rooms.pii(e.customerId)).emit('widget:message-preview', masked);
    this.io.to(rooms.pii(e.customerId)).emit('widget:message-preview', e);
  }

  /** That preview's write failed: every watcher of the customer drops it (nothing personal in it). */
  retractFromConsole(e: WidgetMessageRetractEvent): void {
    this.io?.to(rooms.customer(e.customerId)).emit('widget:message-retract', e);
  }
}

/** The outbox's sender for widget chats: an agent reply is pushed to the chat's room (the page also replays it from its last seq). */
export class ChatWidgetSender implements ExtraSender {
  readonly channel = 'chat';
  constructor(private readonly gateway: WidgetGateway) {}

  async send(job: SendJob): Promise<SendOutcome> {
    const m = job.payload as unknown as WidgetMessage;
    if (typeof m?.seq !== 'number') throw new SendError('the outbox row carries no widget message', true, 'bad_payload');
    // Without a socket server (a domain without realtime) the message still waits in the chat for the page's next connect.
    this.gateway.toWidget(job.to, 'widget:message', m);
    return { providerId: `seq:${m.seq}`, providerStatus: this.gateway.attached ? 'pushed' : 'stored' };
  }
}
