import type { Server, Socket } from 'socket.io';
import { WIDGET_NAMESPACE, WidgetAuthSchema, WidgetIdentifySchema, WidgetSendSchema, WidgetTypingSchema, type WidgetIdentifyAck, type WidgetSendAck } from '../../shared/index.js';
import { DomainError } from '../errors.js';
import { chatRoom, type WidgetGateway } from './gateway.js';
import { TokenBucket } from './rate-limit.js';
import type { WidgetChat, WidgetService } from './widget-service.js';

interface WidgetSocketData {
  chat: WidgetChat;
  lastSeq: number;
}

/** Messages one widget socket may send: a burst, then a steady rate (OMNI_WIDGET_SEND_BURST, OMNI_WIDGET_SEND_PER_SEC). */
export function widgetLimits(env: NodeJS.ProcessEnv = process.env): { sendBurst: number; sendPerSecond: number } {
  const num = (v: string | undefined, d: number) => (v !== undefined && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { sendBurst: num(env['OMNI_WIDGET_SEND_BURST'], 10), sendPerSecond: num(env['OMNI_WIDGET_SEND_PER_SEC'], 2) };
}

const issue = (err: { issues: { path: PropertyKey[]; message: string }[] }) => err.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');

/**
 * The customers' socket.io namespace (`/widget`): no console session, no console rooms. The handshake names
 * (or starts) one chat; the socket joins that chat's room and nothing else, so it can only ever hear its own
 * messages. Every payload is zod-parsed; sends and typing are rate-limited per socket.
 */
export function attachWidgetNamespace(io: Server, widget: WidgetService, gateway: WidgetGateway, log?: (line: string) => void): void {
  const limits = widgetLimits();
  gateway.attach(io);
  const ns = io.of(WIDGET_NAMESPACE);
  ns.use((socket, next) => {
    const auth = WidgetAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new Error(`invalid_request: ${issue(auth.error)}`));
    widget.open(auth.data).then(
      (chat) => {
        (socket.data as WidgetSocketData).chat = chat;
        (socket.data as WidgetSocketData).lastSeq = auth.data.lastSeq ?? 0;
        next();
      },
      (err: unknown) => {
        log?.(`widget: handshake failed: ${String(err)}`);
        next(new Error('unavailable'));
      },
    );
  });

  ns.on('connection', (socket: Socket) => {
    const data = socket.data as WidgetSocketData;
    const chat = data.chat;
    const sends = new TokenBucket(limits.sendBurst, limits.sendPerSecond);
    const typings = new TokenBucket(5, 1);
    void socket.join(chatRoom(chat.id));
    widget.history(chat.id, data.lastSeq).then(
      (messages) => socket.emit('widget:welcome', { chatId: chat.id, token: chat.token, messages }),
      (err: unknown) => log?.(`widget: history failed: ${String(err)}`),
    );

    socket.on('widget:send', (raw: unknown, ack: unknown) => {
      const answer = typeof ack === 'function' ? (ack as (a: WidgetSendAck) => void) : () => {};
      if (!sends.take()) return answer({ ok: false, error: { code: 'rate_limited', message: 'too many messages at once: wait a moment' } });
      const body = WidgetSendSchema.safeParse(raw);
      if (!body.success) return answer({ ok: false, error: { code: 'invalid_request', message: issue(body.error) } });
      widget.customerSend(chat, body.data).then(
        ({ message, duplicate }) => {
          answer({ ok: true, message });
          // Other tabs of the same chat show it too (the page dedupes by seq).
          if (!duplicate) socket.to(chatRoom(chat.id)).emit('widget:message', message);
        },
        (err: unknown) => {
          if (!(err instanceof DomainError)) log?.(`widget: send failed: ${String(err)}`);
          answer({ ok: false, error: { code: err instanceof DomainError ? err.code : 'unavailable', message: err instanceof DomainError ? err.message : 'the message could not be stored: it is sent again on reconnect' } });
        },
      );
    });

    // The visitor gives an email or phone mid-chat: the chat's customer is identified (or merged) through ingest.
    const identifies = new TokenBucket(6, 0.2);
    socket.on('widget:identify', (raw: unknown, ack: unknown) => {
      const answer = typeof ack === 'function' ? (ack as (a: WidgetIdentifyAck) => void) : () => {};
      if (!identifies.take()) return answer({ ok: false, error: { code: 'rate_limited', message: 'too many changes at once: wait a moment' } });
      const body = WidgetIdentifySchema.safeParse(raw);
      if (!body.success) return answer({ ok: false, error: { code: 'invalid_request', message: issue(body.error) } });
      widget.identify(chat, body.data).then(
        (identified) => answer({ ok: true, identified }),
        (err: unknown) => {
          if (!(err instanceof DomainError)) log?.(`widget: identify failed: ${String(err)}`);
          answer({ ok: false, error: { code: err instanceof DomainError ? err.code : 'unavailable', message: err instanceof DomainError ? `${err.path ? `${err.path}: ` : ''}${err.message}` : 'not saved: try again' } });
        },
      );
    });

    socket.on('widget:typing', (raw: unknown) => {
      if (!typings.take()) return;
      const body = WidgetTypingSchema.safeParse(raw);
      if (!body.success) return;
      widget.whereIs(chat.id).then(
        (at) => {
          if (at) gateway.toConsole({ customerId: at.customerId, conversationId: at.conversationId, chatId: chat.id, typing: body.data.typing });
        },
        () => {},
      );
    });
  });
}
