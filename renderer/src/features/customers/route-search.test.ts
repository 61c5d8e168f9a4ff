// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { channelsFromSearch, parseCustomerSearch, searchOfChannels } from './route-search.js';

describe('customer URL state', () => {
  it('keeps known channels once, in one canonical order, and drops the rest', () => {
    expect(parseCustomerSearch({ channels: 'sms,fax,email,sms, phone' })).toEqual({ channels: 'phone,email,sms' });
    expect(parseCustomerSearch({ channels: 'fax' })).toEqual({});
    expect(parseCustomerSearch({ channels: 42 })).toEqual({});
    expect(parseCustomerSearch({})).toEqual({});
  });

  it('round-trips a filter through the URL', () => {
    expect(channelsFromSearch(searchOfChannels(['sms', 'email']))).toEqual(['email', 'sms']);
    expect(searchOfChannels([])).toEqual({});
    expect(channelsFromSearch({})).toEqual([]);
  });
});
