import type { ChatData } from '../../../../../../shared/index.js';
import { formatTime } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';

export function ChatDetails({ data }: { data: ChatData }) {
  return (
    <>
      <KeyValues rows={[['Status', data.status], ['Conversation', data.conversationId]]} />
      {data.messages && data.messages.length > 0 ? (
        <ol className="transcript" aria-label="Chat transcript">
          {data.messages.map((m, i) => (
            <li key={i} className={`bubble bubble-${m.role ?? 'customer'}`}>
              <span className="bubble-meta">
                {m.author}
                {m.at && <time dateTime={m.at}> · {formatTime(m.at)}</time>}
              </span>
              <span className="bubble-text">{m.text}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No transcript.</p>
      )}
    </>
  );
}
