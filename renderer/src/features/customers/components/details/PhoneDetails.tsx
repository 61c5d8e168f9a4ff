import type { PhoneData } from '../../../../../../shared/index.js';
import { getBridge, openExternal } from '../../../../env/bridge.js';
import { formatDuration, formatTime } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';

export function PhoneDetails({ data }: { data: PhoneData }) {
  const url = data.recordingUrl && /^https?:\/\//i.test(data.recordingUrl) ? data.recordingUrl : undefined;
  const recording = url ? (
    getBridge() ? (
      <button type="button" className="link-button" onClick={() => openExternal(url)}>
        Open recording ↗
      </button>
    ) : (
      <a href={url} target="_blank" rel="noopener noreferrer">
        Open recording ↗
      </a>
    )
  ) : undefined;
  return (
    <>
      <KeyValues
        rows={[
          ['Direction', data.direction],
          ['Duration', data.durationSec !== undefined ? formatDuration(data.durationSec) : undefined],
          ['Outcome', data.outcome],
          ['Agent', data.agent],
          ['Recording', recording],
        ]}
      />
      {data.statuses && data.statuses.length > 0 && (
        <ol className="status-trail" aria-label="Call progress">
          {data.statuses.map((s, i) => (
            <li key={i}>
              <span>{s.status}</span> <time dateTime={s.at}>{formatTime(s.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
