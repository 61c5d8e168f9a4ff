import Sentiment from 'sentiment';
import { emoticonTone, withoutFalseAlarms } from './read-words.js';

/*
 * AFINN lexicon scoring (the `sentiment` package) with retail extras the lexicon lacks.
 * Scores are memoized per event id: an event's text never changes, and recompute must stay fast.
 */

const analyzer = new Sentiment();
// Words customers use when service goes wrong that AFINN scores neutral.
const EXTRAS: Record<string, number> = {
  late: -2,
  delayed: -2,
  delay: -2,
  broken: -3,
  broke: -3,
  missing: -2,
  refund: -1,
  unacceptable: -4,
  ridiculous: -3,
  again: -1,
  still: -1,
  never: -2,
  twice: -1,
  manager: -1,
  supervisor: -1,
};

const MAX_MEMO = 50_000;
const memo = new Map<string, number>();

/**
 * AFINN comparative score (sum / tokens), roughly -5..5; negative = unhappy. Read in context:
 * time-of-day "late", negated lateness and calm idioms do not count, emoticons do (±2 each).
 */
export function sentimentOf(text: string, key?: string): number {
  if (key !== undefined) {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
  }
  const clipped = text.slice(0, 4000);
  const emoticons = emoticonTone(clipped);
  const r = analyzer.analyze(withoutFalseAlarms(clipped), { extras: EXTRAS });
  const score = (r.score + 2 * emoticons) / Math.max(1, r.tokens.length + Math.abs(emoticons));
  if (key !== undefined) {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, score);
  }
  return score;
}
