import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, TimelineQuerySchema } from './timeline.js';
import { IngestEventSchema } from './event.js';
import { formatPath, zodIssuesToApi } from './errors.js';

describe('timeline cursor', () => {
  it('round-trips and rejects forgeries', () => {
    const c = { us: 1714557600123456, id: 'evt_01HX' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('not a cursor!')).toBeNull();
    expect(decodeCursor(btoa('12:a b'))).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });
});

describe('timeline query', () => {
  it('parses channel lists and rejects unknown channels naming the channel', () => {
    expect(TimelineQuerySchema.parse({ channel: 'email,phone' }).channel).toEqual(['email', 'phone']);
    const r = TimelineQuerySchema.safeParse({ channel: 'fax' });
    expect(r.success).toBe(false);
    expect(zodIssuesToApi(r.error!.issues)[0]).toMatchObject({ path: 'channel' });
    expect(TimelineQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });
});

describe('ingest event schema', () => {
  const base = { source: 's', sourceEventId: '1', channel: 'email', type: 'email.received', occurredAt: '2024-05-01T10:00:00Z', customer: { email: 'a@b.co' } };
  it('accepts a minimal event', () => {
    expect(IngestEventSchema.safeParse(base).success).toBe(true);
  });
  it('names the field of each problem', () => {
    const bad = (over: object) => zodIssuesToApi(IngestEventSchema.safeParse({ ...base, ...over }).error!.issues, 'events[2].').map((i) => i.path);
    expect(bad({ channel: 'fax' })).toEqual(['events[2].channel']);
    expect(bad({ occurredAt: '2024-05-01 10:00' })).toEqual(['events[2].occurredAt']);
    expect(bad({ occurredAt: '2024-05-01T10:00:00' })).toEqual(['events[2].occurredAt']);
    expect(bad({ customer: { name: 'No Ids' } })).toEqual(['events[2].customer']);
    expect(bad({ extra: 1 })).toEqual(['events[2]']);
  });
  it('formats paths', () => {
    expect(formatPath('', ['events', 3, 'customer', 'phone'])).toBe('events[3].customer.phone');
    expect(formatPath('', [])).toBe('(body)');
  });
});
