import { useOpenConversation } from '../../inbox/navigation.js';
import { useMentions } from '../mention-store.js';

/** "Ana mentioned you" with a link to the conversation, for each mention not yet opened or dismissed. */
export function MentionToasts() {
  const mentions = useMentions((s) => s.mentions);
  const dismiss = useMentions((s) => s.dismiss);
  const open = useOpenConversation();
  if (mentions.length === 0) return null;
  return (
    <div className="mention-toasts" role="status" aria-live="polite">
      {mentions.map((m) => (
        <div key={m.noteId} className="mention-toast" data-testid="mention-toast">
          <p>
            <strong>{m.authorName ?? 'A teammate'} mentioned you</strong> in a note:
          </p>
          <p className="muted">{m.excerpt}</p>
          <div className="mention-toast-actions">
            <button
              type="button"
              className="btn btn-small btn-primary"
              data-testid="mention-open"
              onClick={() => {
                dismiss(m.noteId);
                open(m.conversationId);
              }}
            >
              Open conversation
            </button>
            <button type="button" className="btn btn-small" onClick={() => dismiss(m.noteId)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
