import { describe, expect, it } from 'vitest';
import { evidenceValue, matchWords } from './evidence-words.js';

describe('duplicate evidence in words', () => {
  it('names the strength of a match instead of a score', () => {
    expect([0.97, 0.7, 0.4, 0.1].map(matchWords)).toEqual(['Strong match', 'Likely match', 'Possible match', 'Weak match']);
  });

  it('shows normalized values the way people write them', () => {
    expect(evidenceValue('dob', '19840312')).toBe('Mar 12, 1984');
    expect(evidenceValue('givenName', 'mary-jane')).toBe('Mary-Jane');
    expect(evidenceValue('surname', "o'neil")).toBe("O'Neil");
    expect(evidenceValue('surname', 'McDonald')).toBe('McDonald');
    expect(evidenceValue('phone', '+14155550142')).toBe('(415) 555-0142');
    expect(evidenceValue('email', 'ann@x.com')).toBe('ann@x.com');
    expect(evidenceValue('state', 'nsw')).toBe('NSW');
    expect(evidenceValue('postcode', null)).toBe('—');
  });
});
