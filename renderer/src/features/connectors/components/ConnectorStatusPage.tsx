import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DeadLetter, ReplayResponse } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { createConnectorsApi } from '../api.js';
import { bodyPreview } from '../body-preview.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { connectorKeys } from '../keys.js';
import './connectors.css';

/** Admin view: last delivery and error counts per connector, open dead letters with Replay. */
export function ConnectorStatusPage({ onClose }: { onClose?: () => void }) {
  const api = useFeatureApi(createConnectorsApi);
  const status = useQuery({ queryKey: connectorKeys.status(), queryFn: ({ signal }) => api.getConnectorStatus(signal), refetchInterval: 15_000 });
  const letters = useQuery({ queryKey: connectorKeys.deadLetters('open'), queryFn: ({ signal }) => api.listDeadLetters({ status: 'open', limit: 200 }, signal), refetchInterval: 15_000 });

  return (
    <section className="connectors-page" aria-labelledby="connectors-title" data-testid="connectors-page">
      <div className="connectors-head">
        <h2 id="connectors-title">Connectors</h2>
        {onClose && (
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      {status.isError ? (
        <p className="identity-error" role="alert">
          {status.error.message}
        </p>
      ) : (
        <table className="connectors-table" aria-label="Connector status">
          <thead>
            <tr>
              <th>Connector</th>
              <th>Last delivery</th>
              <th className="num">Delivered</th>
              <th className="num">Errors</th>
              <th className="num">Open dead letters</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {(status.data ?? []).map((c) => (
              <tr key={c.connector} data-testid="connector-row" data-connector={c.connector}>
                <td>{c.connector}</td>
                <td title={c.lastDeliveryAt ? formatDateTime(c.lastDeliveryAt) : undefined}>{c.lastDeliveryAt ? formatRelative(c.lastDeliveryAt) : <span className="muted">never</span>}</td>
                <td className="num connector-ok">{c.okCount}</td>
                <td className={`num${c.errorCount ? ' connector-errors' : ''}`}>{c.errorCount}</td>
                <td className={`num${c.openDeadLetters ? ' connector-errors' : ''}`}>{c.openDeadLetters}</td>
                <td className="dead-letter-reason">{c.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Dead letters</h3>
      {letters.isError && (
        <p className="identity-error" role="alert">
          {letters.error.message}
        </p>
      )}
      {letters.data && letters.data.length === 0 && <p className="muted">Nothing waiting: every delivery was ingested.</p>}
      {letters.data && letters.data.length > 0 && (
        <table className="connectors-table" aria-label="Dead letters">
          <thead>
            <tr>
              <th>Received</th>
              <th>Connector</th>
              <th>HTTP</th>
              <th>Reason</th>
              <th className="num">Attempts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {letters.data.map((d) => (
              <DeadLetterRow key={d.id} d={d} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeadLetterRow({ d }: { d: DeadLetter }) {
  const api = useFeatureApi(createConnectorsApi);
  const qc = useQueryClient();
  const [result, setResult] = useState<ReplayResponse | null>(null);
  const replay = useMutation({
    mutationFn: () => api.replayDeadLetter(d.id),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: connectorKeys.all() });
    },
  });
  return (
    <tr data-testid="dead-letter" data-id={d.id}>
      <td title={formatDateTime(d.receivedAt)}>{formatRelative(d.receivedAt)}</td>
      <td>{d.connector}</td>
      <td className="num">{d.httpStatus}</td>
      <td>
        <div className="dead-letter-reason">{d.reason}</div>
        <details>
          <summary>
            Payload ({d.bodyBytes} bytes{d.contentType ? `, ${d.contentType}` : ''}{d.bodyTruncated ? ', beginning shown' : ''})
          </summary>
          <pre className="dead-letter-body">
            {`${d.url}\n${Object.entries(d.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}\n\n${bodyPreview(d.bodyBase64)}`}
          </pre>
        </details>
        {result && (
          <div className={`replay-result ${result.ok ? 'ok' : 'failed'}`} role="status">
            {result.ok ? 'Replayed: ingested.' : `Replay failed: ${result.error ?? 'unknown error'}`}
          </div>
        )}
        {replay.isError && (
          <div className="replay-result failed" role="alert">
            {replay.error.message}
          </div>
        )}
      </td>
      <td className="num">{result?.deadLetter.attempts ?? d.attempts}</td>
      <td>
        <button type="button" className="identity-button" disabled={replay.isPending || result?.ok === true} onClick={() => replay.mutate()}>
          {replay.isPending ? 'Replaying…' : 'Replay'}
        </button>
      </td>
    </tr>
  );
}
