import { useState } from 'react';
import type { ConversationNote } from '../../../../../shared/index.js';
import type { ComposerMessage } from '../api.js';
import { describeError } from '../../../api/hub-error.js';
import { formatDateTime } from '../../../lib/format.js';
import { useNotes, useRetry } from '../hooks.js';
import { canRetry, CHANNEL_WORD, failureWords, recipientWords, statusWord } from '../words.js';

type Entry = { kind: 'reply'; at: string; m: ComposerMessage } | { kind: 'note'; at: string; n: ConversationNote };
const SHOWN = 2;

/** What was sent from here: replies with their delivery state (retry a failed one), and internal notes. */
export function SentLog({ conversationId, replies, nameOf }: { conversationId: string; replies: readonly ComposerMessage[]; nameOf: (id: string | null) => string | null }) {
  const notes = useNotes(conversationId);
  const retry = useRetry(conversationId);
  const [all, setAll] = useState(false);
  const [error, setError] = useState('');
  const entries: Entry[] = [...replies.map((m) => ({ kind: 'reply' as const, at: m.createdAt, m })), ...(notes.data ?? []).map((n) => ({ kind: 'note' as const, at: n.createdAt, n }))].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return null;
  const shown = all ? entries : entries.slice(0, SHOWN);
  return (
    <div className="sent-log" data-testid="sent-log">
      <ul aria-label="Sent from this conversation">
        {shown.map((e) =>
          e.kind === 'reply' ? (
            <li key={e.m.id} className={`sent-item is-reply is-${e.m.status}`} data-testid="sent-reply" data-status={e.m.status}>
              <span className={`sent-kind ch-${e.m.channel}`}>{CHANNEL_WORD[e.m.channel]}</span>
              <span className="sent-who">
                to {recipientWords(e.m.channel, e.m.to)} · {nameOf(e.m.createdBy) ?? 'someone'} · {formatDateTime(e.m.createdAt)}
              </span>
              <span className={`sent-status is-${e.m.status}`} data-testid="sent-status">
                {statusWord(e.m)}
              </span>
              {failureWords(e.m) && <span className="sent-error">{failureWords(e.m)}</span>}
              {canRetry(e.m) && (
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="sent-retry"
                  disabled={retry.isPending}
                  onClick={() => {
                    setError('');
                    retry.mutate(e.m.id, { onError: (err) => setError(describeError(err)) });
                  }}
                >
                  Send again
                </button>
              )}
            </li>
          ) : (
            <li key={e.n.id} className="sent-item is-note" data-testid="sent-note">
              <span className="sent-kind is-note">Internal note</span>
              <span className="sent-who">
                {e.n.authorName ?? 'someone'} · {formatDateTime(e.n.createdAt)}
              </span>
              <span className="sent-text">{e.n.text.length > 160 ? `${e.n.text.slice(0, 159)}…` : e.n.text}</span>
            </li>
          ),
        )}
      </ul>
      {entries.length > SHOWN && (
        <button type="button" className="btn btn-small btn-link" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${entries.length}`}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          Could not send it again: {error}
        </p>
      )}
    </div>
  );
}
