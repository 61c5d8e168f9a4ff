import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../shared/index.js';
import { EmailHtmlForClients } from './client-items.js';

const item = (id: string, data: Record<string, unknown>): TimelineItem => ({
  id,
  customerId: 'cus_1',
  channel: 'email',
  type: 'email.received',
  occurredAt: '2026-01-01T00:00:00.000Z',
  summary: null,
  source: 'email',
  sourceEventId: id,
  data,
  seq: 1,
});

describe('EmailHtmlForClients', () => {
  it('does not load the sanitizer for items without HTML', async () => {
    let loads = 0;
    const clients = new EmailHtmlForClients(async () => {
      loads++;
      return (h) => h;
    });
    const items = [item('a', { text: 'hi' }), item('b', {})];
    expect(await clients.items(items)).toBe(items);
    expect(loads).toBe(0);
  });

  it('withholds the HTML, never sends it raw, when the sanitizer cannot load', async () => {
    const errors: unknown[] = [];
    const clients = new EmailHtmlForClients(
      () => Promise.reject(new Error('sanitizer missing')),
      (e) => errors.push(e),
    );
    const out = await clients.items([item('a', { text: 'plain', html: '<script>x()</script>' }), item('b', { text: 'no html' })]);
    expect(out[0]!.data).toEqual({ text: 'plain' });
    expect(out[1]!.data).toEqual({ text: 'no html' });
    expect(errors).toHaveLength(1);
  });

  it('sanitizes each distinct body once, keeps order, and leaves the input items untouched', async () => {
    const clients = new EmailHtmlForClients(async () => (h) => h.replace(/<script>.*?<\/script>/g, ''));
    const input = [item('a', { html: '<p>1</p><script>x()</script>' }), item('b', { text: 't' }), item('c', { html: '<p>1</p><script>x()</script>' })];
    const out = await clients.items(input);
    expect(out.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(out[0]!.data['html']).toBe('<p>1</p>');
    expect(out[2]!.data['html']).toBe('<p>1</p>');
    expect(input[0]!.data['html']).toContain('<script>');
    expect(clients.stats).toEqual({ sanitized: 1, cacheHits: 1 });
  });
});
