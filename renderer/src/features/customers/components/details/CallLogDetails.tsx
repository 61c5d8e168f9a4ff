import { CALL_OUTCOME_WORDS, REACHED_CALL_OUTCOMES, type CallLogData } from '../../../../../../shared/index.js';
import { formatDateTime, formatDuration, formatFull, zoneLabel } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';

/** A call an agent logged from the composer (`call.logged`): who called, the outcome in words, the agent's notes. */
export function CallLogDetails({ data }: { data: CallLogData }) {
  const callback = data.callbackAt ? (
    <time dateTime={data.callbackAt} title={formatFull(data.callbackAt)}>
      {formatDateTime(data.callbackAt)} {zoneLabel(data.callbackAt)}
    </time>
  ) : undefined;
  return (
    <div data-testid="call-log-details">
      <KeyValues
        rows={[
          ['Call', data.direction === 'outbound' ? 'We called the customer' : 'The customer called us'],
          ['Outcome', CALL_OUTCOME_WORDS[data.callOutcome]],
          ['Duration', data.durationSec !== undefined ? formatDuration(data.durationSec) : undefined],
          ['Call back', callback],
          ['Logged by', data.agentName],
          ['Response', REACHED_CALL_OUTCOMES.has(data.callOutcome) ? 'Counts as a response to the customer' : 'Not a response: nobody was reached'],
        ]}
      />
      {data.notes && (
        <p className="call-log-notes-text" data-testid="call-log-notes-text" style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>
          {data.notes}
        </p>
      )}
    </div>
  );
}

