/*
 * Reading a customer's words in context, not as single keywords: "late this afternoon" is a time of
 * day, "not late" is a negation, ":)" and "no worries" are a calm tone. Used for sentiment and for
 * "what does the customer say is wrong". Pure functions, English.
 */

/** Phrases where "late" (or "delay") says when, not that something is overdue. */
const TIME_OF_DAY_LATE = /\b(late|later)\s+((this|in the|tomorrow|today|on|that|friday|monday|tuesday|wednesday|thursday|saturday|sunday)\s+)?(morning|afternoon|evening|night|tonight|lunch|shift|checkout|opening)\b|\b(stay|staying|open|opened|work|working|up)\s+late\b|\blate[- ](night|fee|afternoon|morning|evening|lunch|breakfast|checkout|shift)\b|\blate tonight\b/gi;
/** Negated lateness: "not late", "isn't delayed", "no longer late", "without delay", "on time". */
const NEGATED_LATE = /\b(not|isn'?t|wasn'?t|aren'?t|won'?t be|never|no longer|hardly|nothing)\s+(\w+\s+)?(late|delayed)\b|\bwithout (any )?delay\b|\bno delay\b/gi;
/** The customer running late themselves ("I'm running a bit late", "Running late, be there at 5"). */
const SELF_LATE = /\b(i'?m|i am|we'?re|we are|i'?ll be|i will be|we'?ll be|might be)\s+(running\s+)?((a )?(bit|little|few minutes|tad)\s+)?late\b|(^|[.!?]\s*)running\s+((a )?(bit|little|tad)\s+)?late\b/gi;
/** Idioms whose words AFINN scores negative although the tone is calm. */
const CALM_IDIOMS = /\b(no (problem|problems|worries|worry|rush|hurry|stress|issues?|complaints?)|not a (problem|complaint)|don'?t worry|never mind|nevermind|no harm done|sorry (to bother|for bothering|for the (trouble|late reply|delay in (replying|getting back))|for asking|to ask))\b/gi;
/** Idioms with a negative word that only mean "visit". */
const VISIT_IDIOMS = /\b(stop|stopping|swing|drop|dropping) (by|in|over)\b/gi;

const POSITIVE_EMOTICONS = /(:-?\)|:-?D|;-?\)|<3|\(:|[😀😃😄😁😊🙂😉😍🥰👍🙏❤💙💚])/gu;
const NEGATIVE_EMOTICONS = /(:-?\(|:'\(|>:\(|[😠😡😞😟😢😭☹🙁👎😤])/gu;

/** The text with time-of-day, self and negated lateness taken out and calm idioms neutralised. */
export function withoutFalseAlarms(text: string): string {
  return text.replace(TIME_OF_DAY_LATE, ' ').replace(SELF_LATE, ' ').replace(NEGATED_LATE, ' ').replace(CALM_IDIOMS, ' fine ').replace(VISIT_IDIOMS, ' visit ');
}

/** +1 per positive emoticon, -1 per negative one. */
export function emoticonTone(text: string): number {
  return (text.match(POSITIVE_EMOTICONS)?.length ?? 0) - (text.match(NEGATIVE_EMOTICONS)?.length ?? 0);
}

const NOUN = '(order|package|parcel|delivery|shipment|item|items|stuff|box|it|tracking)';
/** Sentences that say a delivery has not come (after the false alarms above are removed). */
const NOT_ARRIVED = [
  /\b(has ?n[o']?t|have ?n[o']?t|did ?n[o']?t|never|not|still (has ?n[o']?t|have ?n[o']?t|not))\s+(yet\s+)?(arrived|come|came|shown up|turned up|been delivered|been received|received (it|my|the)|got (it|my|the))\b/i,
  new RegExp(`\\bwhere('?s| is| are)\\s+(my|the|our)\\s+${NOUN}`, 'i'),
  new RegExp(`\\bstill (waiting|no sign)\\b.{0,40}\\b${NOUN}\\b`, 'i'),
  /\bstill waiting\b/i,
  /\b(was|were) (supposed|meant|due|promised) to (arrive|be (here|delivered)|come|ship)\b/i,
  /\b(supposed|meant|due) to (arrive|be delivered|come)\b.{0,30}\b(ago|yesterday|last week)\b/i,
  new RegExp(`\\b${NOUN}\\b.{0,30}\\b(is|was|are|'s|still|running|arrived|came|showing|been)\\s+(\\w+\\s+)?(late|delayed|overdue)\\b`, 'i'),
  new RegExp(`\\b(late|delayed|overdue|missing|lost)\\s+${NOUN}\\b`, 'i'),
  /\bstill (late|delayed|in transit|not here)\b/i,
  /\btracking\b.{0,30}\b(not (been )?updated|has ?n[o']?t (been )?updated|has ?n[o']?t moved|not moving|stuck)\b/i,
  /\b(lost|missing) (parcel|package|order|delivery)\b/i,
  /\bnever (arrived|came|got it|received)\b/i,
];

/** The customer says a delivery has not arrived or is late (in context; negation and time of day excluded). */
export function saysDeliveryIsLate(text: string): boolean {
  const t = withoutFalseAlarms(text);
  return NOT_ARRIVED.some((re) => re.test(t));
}

const RETURN_WORDS = /\b(return(ed|ing)? (it|them|the|my|this)|send (it|them) back|sent (it|them|the \w+) back|refund|money back)\b/i;
const NO_RETURN = /\b(no need to return|won'?t (need to )?return|not (going to )?return|keep (it|them)|no refund needed)\b/i;

/** The customer talks about a return or refund of their own (not "no need to return it"). */
export function mentionsReturn(text: string): boolean {
  return RETURN_WORDS.test(text) && !NO_RETURN.test(text);
}

const STOCK_WORDS = /\b(out of stock|sold out|not in stock|no stock|unavailable)\b/i;
const STOCK_NEGATED = /\b(not|no longer|isn'?t|wasn'?t)\s+(out of stock|sold out|unavailable)\b|\bback in stock\b/i;

/** The customer says what they want is out of stock. */
export function mentionsOutOfStock(text: string): boolean {
  return STOCK_WORDS.test(text) && !STOCK_NEGATED.test(text);
}

const ESCALATION_WORDS = /\b(manager|supervisor|complaint|complain|lawyer|cancel my account|close my account|never (shop|order|buy) (here )?again|unacceptable|third time|3rd time|fourth time|ridiculous|fed up)\b/i;
const ESCALATION_NEGATED = /\b(no need (for|to (get|call)) (a|the) (manager|supervisor)|not (a )?complain(t|ing)|no complaints?|(can'?t|cannot) complain)\b/i;

/** The customer asks for a manager, complains or threatens to leave (not "no complaints"). */
export function asksToEscalate(text: string): boolean {
  return ESCALATION_WORDS.test(text) && !ESCALATION_NEGATED.test(text);
}
