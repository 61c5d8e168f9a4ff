import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '../../../../../shared/index.js';
import type { ComposerMessage } from '../api.js';
import { formatTime } from '../../../lib/format.js';
import { changesSince, snapshotOf, type Change, type Snapshot } from '../changes.js';

/**
 * "Changed since you opened": from the moment writing starts, a new customer message or a colleague's reply
 * is collected, so the agent hears of it before sending (and the send button asks once more).
 */
export function useChangedSince(c: Conversation, replies: readonly ComposerMessage[] | undefined, me: string | null, writing: boolean) {
  const since = useRef<Snapshot | null>(null);
  const [, bump] = useState(0);
  useEffect(() => {
    if (writing && since.current === null && replies !== undefined) since.current = snapshotOf(c, replies);
    if (!writing) since.current = null;
  }, [writing, replies, c]);
  const s = since.current;
  return {
    items: s ? changesSince(s, c, replies ?? [], me) : [],
    /** Read: the new state is the one the agent writes against now. */
    reset: () => {
      since.current = writing && replies ? snapshotOf(c, replies) : null;
      bump((n) => n + 1);
    },
  };
}

export function ChangedSince({ items, nameOf, onAcknowledge }: { items: readonly Change[]; nameOf: (id: string | null) => string | null; onAcknowledge: () => void }) {
  if (items.length === 0) return null;
  const words = items.map((i) => (i.kind === 'customer' ? `the customer wrote again at ${formatTime(i.at)}` : `${nameOf(i.by) ?? 'a colleague'} replied at ${formatTime(i.at)}`));
  return (
    <div className="composer-changed" role="status" data-testid="composer-changed">
      <span>
        <strong>Changed since you started writing:</strong> {words.join('; ')}. Read it before you send.
      </span>
      <button type="button" className="btn btn-small" onClick={onAcknowledge}>
        I’ve read it
      </button>
    </div>
  );
}
