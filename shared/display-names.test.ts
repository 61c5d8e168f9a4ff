import { describe, expect, it } from 'vitest';
import { externalCustomerLabel, moneyWords, readableDisplayName } from './display-names.js';

describe('display names and money in hub-written text', () => {
  it('labels customers known only by an external id in words', () => {
    expect(readableDisplayName('uci:15010')).toBe('Customer 15010 (Online Retail)');
    expect(readableDisplayName('shopify:6000001')).toBe('Customer 6000001 (Shopify)');
    expect(externalCustomerLabel('acme', '7')).toBe('Customer 7 (Acme)');
    for (const kept of ['Maya Chen', 'maya@example.com', '+14155550142', 'LOY-100042', 'Dr. Who: Returns']) expect(readableDisplayName(kept)).toBe(kept);
  });

  it('writes amounts the way the console shows them', () => {
    expect(moneyWords(248.6, 'USD')).toBe('$248.60');
    expect(moneyWords(12, 'gbp')).toBe('£12.00');
    expect(moneyWords(5, undefined)).toBe('5.00');
  });
});
