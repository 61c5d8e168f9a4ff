import { describe, expect, it } from 'vitest';
import { emptyChannelCounts, maskEmail, maskOpaque, maskPhone, maskText, type CustomerProfile, type CustomerSummary, type TimelineItem } from '../../../shared/index.js';
import { maskItem, maskProfile, maskSummary } from './mask.js';

const item = (channel: TimelineItem['channel'], data: Record<string, unknown>, summary: string | null = null): TimelineItem => ({
  id: 'evt_1',
  customerId: 'cus_1',
  channel,
  type: `${channel}.test`,
  occurredAt: '2024-05-01T10:00:00.000000Z',
  summary,
  source: 'test',
  sourceEventId: 's1',
  data,
  seq: 1,
});

describe('masking rules (shared/pii.ts)', () => {
  it('keeps the first letter and the domain of an email, the last 4 digits of a phone, the last 4 of an opaque id', () => {
    expect(maskEmail('jane.doe@gmail.com')).toBe('j•••@gmail.com');
    expect(maskPhone('+1 (555) 012-4821')).toBe('••• ••• 4821');
    expect(maskPhone('12')).toBe('•••');
    expect(maskOpaque('LC-0099-7781')).toBe('•••7781');
    expect(maskOpaque('abc')).toBe('•••');
  });

  it('masks emails and phone numbers inside free text, not order numbers, amounts or dates', () => {
    expect(maskText('Call from +15550124821 · completed · 42s')).toBe('Call from ••• ••• 4821 · completed · 42s');
    expect(maskText('Chat visitor identified: ann.lee@example.org')).toBe('Chat visitor identified: a•••@example.org');
    expect(maskText('call me on 555-012-4821 please')).toBe('call me on ••• ••• 4821 please');
    const plain = 'Order #1001 · 120.50 USD · paid 2024-05-01 · receipt R-2024-7781 · visit 2024-05-01 10:00 · 1 234 567.89 EUR';
    expect(maskText(plain)).toBe(plain);
  });
});

describe('maskSummary / maskItem', () => {
  it('masks every identifier list, and a display name that is an email', () => {
    const s: CustomerSummary = {
      id: 'cus_1',
      displayName: 'jane@x.com',
      emails: ['jane@x.com'],
      phones: ['+15550124821'],
      loyaltyIds: ['LC-12345678'],
      externalIds: [{ system: 'shopify', id: '700123456' }],
      lastActivityAt: null,
      eventCount: 1,
    };
    expect(maskSummary(s)).toEqual({ ...s, displayName: 'j•••@x.com', emails: ['j•••@x.com'], phones: ['••• ••• 4821'], loyaltyIds: ['•••5678'], externalIds: [{ system: 'shopify', id: '•••3456' }] });
    expect(JSON.stringify(maskSummary(s))).not.toMatch(/jane|0124821|12345678|700123456/);
  });

  it('hides an email’s body, HTML and attachments, and says which keys it left out', () => {
    const masked = maskItem(item('email', { subject: 'Refund?', from: 'jane@x.com', to: ['help@shop.test'], text: 'my card 4111', html: '<p>hi</p>', attachments: [{ filename: 'id.pdf' }] }, 'Refund?'));
    expect(masked.data).toEqual({ subject: 'Refund?', from: 'j•••@x.com', to: ['h•••@shop.test'] });
    expect(masked.pii).toEqual({ masked: true, hidden: ['text', 'html', 'attachments'] });
  });

  it('removes street-level address parts (city and country stay), masks phones by key, keeps order numbers', () => {
    const masked = maskItem(
      item('purchase', {
        orderNumber: '#1001',
        total: 20,
        shippingAddress: { name: 'Jane Doe', address1: '12 High Street', address2: 'Flat 3', city: 'Leeds', zip: 'LS1 4AB', country: 'GB', phone: '07700 900123' },
        billing: { address: '12 High Street, Leeds' },
      }),
    );
    expect(masked.data).toEqual({
      orderNumber: '#1001',
      total: 20,
      shippingAddress: { name: 'Jane Doe', city: 'Leeds', country: 'GB', phone: '••• ••• 0123' },
      billing: { address: '•••' },
    });
  });

  it('masks call and SMS numbers and hides recordings', () => {
    const masked = maskItem(item('phone', { direction: 'inbound', from: '+15550124821', to: '+15550009999', recordingUrl: 'https://rec/1', durationSec: 42 }, 'Call from +15550124821 · completed'));
    expect(masked.data).toEqual({ direction: 'inbound', from: '••• ••• 4821', to: '••• ••• 9999', durationSec: 42 });
    expect(masked.summary).toBe('Call from ••• ••• 4821 · completed');
    expect(masked.pii?.hidden).toEqual(['recordingUrl']);
  });

  it('masks a profile’s merge evidence and consent sources', () => {
    const p: CustomerProfile = {
      id: 'cus_1',
      displayName: 'Jane',
      emails: ['jane@x.com'],
      phones: [],
      loyaltyIds: [],
      externalIds: [],
      lastActivityAt: null,
      eventCount: 1,
      requestedId: 'cus_1',
      createdAt: '2024-05-01T10:00:00.000000Z',
      stats: { eventCount: 1, channelCounts: emptyChannelCounts(), lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
      merges: [{ id: 'm1', fromId: 'cus_2', intoId: 'cus_1', reason: 'shared email', bridgingIdentifier: 'email:jane@x.com', actor: 'system', at: '2024-05-01T10:00:00.000000Z', undoneAt: null }],
      consents: [{ channel: 'sms', state: 'denied', source: { eventId: 'evt_9', occurredAt: '2024-05-01T10:00:00.000000Z', channel: 'sms', type: 'sms.received', description: 'Text message "STOP" from +15550124821' } }],
    };
    const masked = maskProfile(p);
    expect(masked.merges[0]!.bridgingIdentifier).toBe('email:j•••@x.com');
    expect(masked.consents![0]!.source!.description).toBe('Text message "STOP" from ••• ••• 4821');
  });
});
