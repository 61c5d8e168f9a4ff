import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { Modal } from '../../../ui/Modal.js';
import { createAuthApi } from '../api.js';
import { describeUserAgent } from '../words.js';

const sessionsKey = ['auth', 'my-sessions'] as const;

/** "My sessions": where the user is signed in (this one marked), and Sign out for each of the others. */
export function MySessionsDialog({ onClose }: { onClose: () => void }) {
  const api = useFeatureApi(createAuthApi);
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: ({ signal }) => api.listSessions(signal) });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeSession(id),
    onSettled: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
  const others = (sessions.data ?? []).filter((s) => !s.current);
  return (
    <Modal title="My sessions" onClose={onClose} testId="my-sessions" wide>
      <p className="modal-note">Where you are signed in. Sign out of a computer you no longer use, for example a shared store terminal.</p>
      {sessions.isError && (
        <p className="form-error" role="alert">
          Could not load your sessions: {describeError(sessions.error)}
        </p>
      )}
      {sessions.isLoading && <p className="muted">Loading…</p>}
      {sessions.data && (
        <table className="people-table" aria-label="My sessions">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">From</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id} data-testid="my-session" data-current={s.current ? 'true' : undefined}>
                <td>
                  {describeUserAgent(s.userAgent)}
                  {s.current && <span className="people-tag"> this session</span>}
                </td>
                <td>{s.clientAddress ?? <span className="muted">unknown</span>}</td>
                <td title={formatDateTime(s.createdAt)}>{formatRelative(s.createdAt)}</td>
                <td title={formatDateTime(s.lastSeenAt)}>{formatRelative(s.lastSeenAt)}</td>
                <td>
                  {!s.current && (
                    <button type="button" className="btn btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate(s.id)} aria-label={`Sign out ${describeUserAgent(s.userAgent)}, signed in ${formatRelative(s.createdAt)}`}>
                      Sign out
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError && (
        <p className="form-error" role="alert">
          {describeError(revoke.error)}
        </p>
      )}
      <div className="modal-actions">
        {others.length > 1 && (
          <button
            type="button"
            className="btn"
            disabled={revoke.isPending}
            onClick={() => void Promise.all(others.map((s) => api.revokeSession(s.id).catch(() => undefined))).then(() => qc.invalidateQueries({ queryKey: sessionsKey }))}
          >
            Sign out all others
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
