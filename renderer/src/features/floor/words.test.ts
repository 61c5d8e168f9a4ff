import { describe, expect, it } from 'vitest';
import { asaBand, bandAgainstGoal, bandOf, goalWords, percentWords, secondsWords, timeInState } from './words.js';

describe('floor words', () => {
  it('says rates and durations as people do, never a raw number', () => {
    expect(percentWords(0.784)).toBe('78%');
    expect(percentWords(null)).toBe('–');
    expect(secondsWords(45)).toBe('45 s');
    expect(secondsWords(185)).toBe('3 min 05 s');
    expect(secondsWords(4800)).toBe('1 h 20 min');
    expect(secondsWords(null)).toBe('–');
    expect(goalWords(0.8, 20)).toBe('80/20 s');
    expect(goalWords(0.9, 4 * 3600)).toBe('90/4 h');
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(timeInState('2026-12-03T09:55:30Z', now)).toBe('4 min');
    expect(timeInState('2026-12-03T08:48:00Z', now)).toBe('1 h 12 min');
  });

  it('colours by the lead’s lines: higher-is-better and lower-is-better', () => {
    const sl = { warn: 0.8, bad: 0.7, higherIsBetter: true };
    expect(bandOf(0.85, sl)).toBe('green');
    expect(bandOf(0.75, sl)).toBe('amber');
    expect(bandOf(0.6, sl)).toBe('red');
    const asa = { warn: 30, bad: 60, higherIsBetter: false };
    expect(bandOf(20, asa)).toBe('green');
    expect(bandOf(45, asa)).toBe('amber');
    expect(bandOf(90, asa)).toBe('red');
    expect(bandOf(null, asa)).toBe('none');
    expect(bandOf(10, undefined)).toBe('none');
  });

  it('colours ASA of calls and chats by the lead band, of email and SMS by their own goal', () => {
    const band = { warn: 30, bad: 60, higherIsBetter: false };
    expect(asaBand({ channel: 'phone', asaSec: 45, thresholdSec: 20 }, band)).toBe('amber');
    expect(asaBand({ channel: 'chat', asaSec: 90, thresholdSec: 60 }, band)).toBe('red');
    // An email answered in 1 h 14 min against a 4 h goal is well on target, whatever the seconds band says.
    expect(asaBand({ channel: 'email', asaSec: 4440, thresholdSec: 14_400 }, band)).toBe('green');
    expect(asaBand({ channel: 'sms', asaSec: 600, thresholdSec: 900 }, band)).toBe('amber');
    expect(asaBand({ channel: 'sms', asaSec: 1000, thresholdSec: 900 }, band)).toBe('red');
    expect(bandAgainstGoal(null, 900)).toBe('none');
    expect(bandAgainstGoal(100, null)).toBe('none');
  });
});
