import { asksToEscalate, mentionsOutOfStock, mentionsReturn, saysDeliveryIsLate } from './read-words.js';
import { sentimentOf } from './sentiment.js';

/*
 * Everything the engine reads in one customer message, memoized by event id + seq (an event's text
 * only changes with a new seq, e.g. a chat that grows), so a warm recompute reads nothing twice.
 */

export interface WordFacts {
  /** AFINN comparative score in context; negative = unhappy. */
  score: number;
  escalates: boolean;
  saysLate: boolean;
  mentionsReturn: boolean;
  mentionsOutOfStock: boolean;
}

const MAX_MEMO = 50_000;
const memo = new Map<string, WordFacts>();

export function wordFacts(text: string, eventKey: string): WordFacts {
  // The length guards against two sources reusing an id for different texts (tests, hand-made histories).
  const key = `${eventKey}:${text.length}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const facts: WordFacts = {
    score: sentimentOf(text),
    escalates: asksToEscalate(text),
    saysLate: saysDeliveryIsLate(text),
    mentionsReturn: mentionsReturn(text),
    mentionsOutOfStock: mentionsOutOfStock(text),
  };
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, facts);
  return facts;
}
