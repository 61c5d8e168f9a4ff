import { describe, expect, it } from 'vitest';
import { asksToEscalate, mentionsReturn, saysDeliveryIsLate } from './read-words.js';
import { sentimentOf } from './sentiment.js';

/*
 * Generated sentences: calm templates × fillers must never read as a late delivery or as unhappy;
 * complaint templates × order nouns must always read as a late delivery.
 */

const TIMES = ['late this afternoon', 'late afternoon', 'late tonight', 'late on Friday', 'late morning', 'later tonight'];
const CALM = [
  (t: string) => `Thanks! I will swing by ${t} to pick it up :)`,
  (t: string) => `No worries, I can come ${t} 🙂`,
  (t: string) => `Is the store open ${t}?`,
  (t: string) => `Perfect, see you ${t}!`,
  (t: string) => `Great, I'll call back ${t}, no rush`,
];
const NEGATED = ['It is not late at all', 'The parcel was not delayed', 'My order is no longer late, it just came', 'Delivered without any delay, thanks', 'Not a complaint, the package is not late'];
const NOUNS = ['order', 'package', 'parcel', 'delivery', 'shipment'];
const COMPLAINTS = [
  (n: string) => `Where is my ${n}? It was supposed to arrive days ago`,
  (n: string) => `My ${n} still hasn't arrived`,
  (n: string) => `The ${n} is late again and tracking has not been updated`,
  (n: string) => `I am still waiting for my ${n}`,
  (n: string) => `My ${n} never arrived`,
];

describe('reading words in context', () => {
  it('time-of-day "late" in calm messages is not a late delivery nor unhappy', () => {
    for (const c of CALM)
      for (const t of TIMES) {
        const text = c(t);
        expect(saysDeliveryIsLate(text), text).toBe(false);
        expect(sentimentOf(text), text).toBeGreaterThanOrEqual(0);
      }
  });

  it('negated lateness is not a late delivery', () => {
    for (const text of NEGATED) expect(saysDeliveryIsLate(text), text).toBe(false);
  });

  it('complaints about any order noun are read as a late delivery', () => {
    for (const c of COMPLAINTS)
      for (const n of NOUNS) {
        const text = c(n);
        expect(saysDeliveryIsLate(text), text).toBe(true);
        expect(saysDeliveryIsLate(`Thanks for the help earlier. ${text} :(`), text).toBe(true);
      }
  });

  it('emoticons and calm idioms set the tone; a sad face makes it negative', () => {
    expect(sentimentOf('No problem, thanks!')).toBeGreaterThan(0);
    expect(sentimentOf('ok :)')).toBeGreaterThan(0);
    expect(sentimentOf('ok :(')).toBeLessThan(0);
  });

  it('"no complaints" and "no need to return it" are not escalations or returns', () => {
    expect(asksToEscalate('No complaints at all, great service')).toBe(false);
    expect(asksToEscalate('I want to speak to a manager')).toBe(true);
    expect(mentionsReturn('Fits well, no need to return it')).toBe(false);
    expect(mentionsReturn('I want a refund')).toBe(true);
  });
});
