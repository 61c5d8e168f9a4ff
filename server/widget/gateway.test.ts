import type { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { rooms, type WidgetMessagePreviewEvent } from '../../shared/index.js';
import { WidgetGateway } from './gateway.js';

/** A socket.io stand-in recording (room, except, event, payload) for each broadcast. */
function fakeIo() {
  const sent: { to: string; except: string | null; event: string; payload: unknown }[] = [];
  const op = (to: string, except: string | null) => ({
    except: (room: string) => op(to, room),
    emit: (event: string, payload: unknown) => (sent.push({ to, except, event, payload }), true),
  });
  return { io: { to: (room: string) => op(room, null) } as unknown as Server, sent };
}

describe('WidgetGateway.previewToConsole', () => {
  it('sends the full message only to the pii room and a masked copy to the rest of the customer room', () => {
    const { io, sent } = fakeIo();
    const gateway = new WidgetGateway();
    gateway.previewToConsole({ customerId: 'c1', chatId: 'wch_1', message: { id: 'm1', author: 'x', role: 'customer', text: 'y', at: 'z' } });
    expect(sent).toEqual([]); // not attached yet: nowhere to send
    gateway.attach(io);
    const e: WidgetMessagePreviewEvent = { customerId: 'c1', chatId: 'wch_1', message: { id: 'm1', author: 'ann@example.com', role: 'customer', text: 'call me on +1 415 555 0142 or ann@example.com', at: '2026-12-04T10:00:00.000Z' } };
    gateway.previewToConsole(e);
    const masked = sent.find((s) => s.to === rooms.customer('c1'));
    expect(masked?.except).toBe(rooms.pii('c1'));
    const text = JSON.stringify(masked?.payload);
    expect(text).not.toContain('ann@example.com');
    expect(text).not.toContain('555 0142');
    expect(masked?.payload).toMatchObject({ customerId: 'c1', chatId: 'wch_1', message: { id: 'm1', role: 'customer' } });
    expect(sent.find((s) => s.to === rooms.pii('c1'))).toEqual({ to: rooms.pii('c1'), except: null, event: 'widget:message-preview', payload: e });
  });
});
