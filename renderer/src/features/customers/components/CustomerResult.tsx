import type { CustomerSummary } from '../../../../../shared/index.js';
import { formatFull, formatPhone, formatRelative } from '../../../lib/format.js';

// The list is rebuilt for every answer while the agent types: parsing each phone again (libphonenumber) and a
// fresh number format per row were most of a keystroke's rendering.
const phoneWords = new Map<string, string>();
const counts = new Intl.NumberFormat();

function phoneOnce(raw: string): string {
  let words = phoneWords.get(raw);
  if (words === undefined) {
    if (phoneWords.size >= 2000) phoneWords.clear();
    words = formatPhone(raw);
    phoneWords.set(raw, words);
  }
  return words;
}

/** One customer as a dense two-line row: name + last activity, then the identifiers agents search by. */
export function CustomerResult({ c }: { c: CustomerSummary }) {
  const ids = [c.emails[0], c.phones[0] && phoneOnce(c.phones[0]), c.loyaltyIds[0]].filter(Boolean) as string[];
  return (
    <>
      <span className="result-line">
        <span className="result-name">{c.displayName}</span>
        <span className="result-when" title={formatFull(c.lastActivityAt) || undefined}>
          {formatRelative(c.lastActivityAt)}
        </span>
      </span>
      <span className="result-ids">
        {ids.map((id) => (
          <span key={id} className="result-id">
            {id}
          </span>
        ))}
        {c.emails.length + c.phones.length + c.loyaltyIds.length > ids.length && <span className="result-more">+{c.emails.length + c.phones.length + c.loyaltyIds.length - ids.length}</span>}
        <span className="result-count">{counts.format(c.eventCount)} events</span>
      </span>
    </>
  );
}
