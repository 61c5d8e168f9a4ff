import { describe, expect, it } from 'vitest';
import { givenNameLevel, isClippedForm, isGenderVariant } from './given-names.js';

describe('given names', () => {
  it('reads brother/sister forms of one name as two people (twins: Eric/Erica)', () => {
    const pairs = [['eric', 'erica'], ['mario', 'maria'], ['henry', 'henrietta'], ['joseph', 'josephine'], ['michael', 'michelle'], ['christian', 'christina'], ['francis', 'frances'], ['julius', 'julia'], ['george', 'georgia'], ['justin', 'justine'], ['patrick', 'patricia'], ['victor', 'victoria'], ['antonio', 'antonia']];
    for (const [a, b] of pairs) {
      expect(isGenderVariant(a!, b!), `${a}/${b}`).toBe(true);
      expect(givenNameLevel(a!, b!), `${a}/${b}`).toBe(0);
    }
    for (const [a, b] of [['ann', 'anne'], ['maria', 'marie'], ['charlote', 'charlotte'], ['isabelle', 'isabeel'], ['chris', 'christina']]) expect(isGenderVariant(a!, b!), `${a}/${b}`).toBe(false);
  });

  it('finds familiar forms outside any table: clipped, diminutive and end forms', () => {
    for (const [a, b] of [['walt', 'walter'], ['wally', 'walter'], ['vinny', 'vincent'], ['vince', 'vincent'], ['greg', 'gregory'], ['kimmy', 'kimberly'], ['tina', 'christina'], ['xander', 'alexander'], ['lupe', 'guadalupe']]) {
      expect(isClippedForm(a!, b!), `${a}/${b}`).toBe(true);
      expect(givenNameLevel(a!, b!), `${a}/${b}`).toBe(1);
    }
    // Listed irregular forms and typing slips are partial too; unrelated names disagree.
    for (const [a, b] of [['sally', 'sarah'], ['polly', 'mary'], ['paco', 'francisco'], ['peggy', 'margaret'], ['jonh', 'john'], ['hanah', 'hanna']]) expect(givenNameLevel(a!, b!), `${a}/${b}`).toBe(1);
    for (const [a, b] of [['ryan', 'bryan'], ['emma', 'emily'], ['ann', 'bob'], ['stella', 'ella']]) expect(givenNameLevel(a!, b!), `${a}/${b}`).toBe(0);
    expect(givenNameLevel('ann marie', 'marie')).toBe(1);
    expect(givenNameLevel('ann', 'ann')).toBe(2);
  });
});
