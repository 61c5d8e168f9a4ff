import type { AuditEntry, CustomerProfile, MergeRecord } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { formatDate, formatFull, identifierWords } from '../../../lib/format.js';
import { useCan } from '../../auth/permissions.js';
import { useAudit, useUndoMerge } from '../hooks.js';
import './duplicates.css';

/** Every merge in this profile's tree, newest first, each with Undo while it is in effect. */
export function MergeHistory({ profile }: { profile: CustomerProfile }) {
  const undo = useUndoMerge();
  const audit = useAudit(profile.id);
  // Undo needs merge.undo.own (own merges) or merge.undo.any; the hub checks whose merge it was.
  const undoOwn = useCan('merge.undo.own');
  const undoAny = useCan('merge.undo.any');
  const canUndo = undoOwn || undoAny;
  if (profile.merges.length === 0) return null;
  const undoneBy = new Map<string, AuditEntry>();
  for (const e of audit.data ?? []) if (e.action === 'undo' && e.mergeId && !undoneBy.has(e.mergeId)) undoneBy.set(e.mergeId, e);
  return (
    <details className="merge-history" data-testid="merge-history">
      <summary>
        Merge history <span className="panel-badge">{profile.merges.length}</span>
      </summary>
      <ul>
        {profile.merges.map((m) => (
          <li key={m.id} className={m.undoneAt ? 'merge-undone' : undefined} data-merge-id={m.id}>
            <span>
              {describe(m, profile.id)} · <span title={formatFull(m.at)}>{formatDate(m.at)}</span>
            </span>
            {m.undoneAt ? (
              <span className="merge-undone-tag" title={formatFull(m.undoneAt)}>
                undone {formatDate(m.undoneAt)}
                {undoneText(undoneBy.get(m.id))}
              </span>
            ) : canUndo ? (
              <button
                type="button"
                className="identity-button"
                data-testid="merge-undo"
                disabled={undo.isPending}
                onClick={() => undo.mutate({ mergeId: m.id })}
                title="Split the profiles again, exactly as if this merge had not happened"
              >
                Undo
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {undo.isError && (
        <p className="identity-error" role="alert">
          {describeError(undo.error)}
        </p>
      )}
    </details>
  );
}

/** `Maya C. (maya.designs@…) merged into this profile · shared email … · by Ann`: names, never ids. */
export function describe(m: MergeRecord, selfId: string): string {
  const how = m.bridgingIdentifier ? `shared ${identifierWords(m.bridgingIdentifier)}` : m.reason;
  const name = (id: string, given: string | undefined) => (id === selfId ? 'this profile' : (given ?? 'another profile'));
  return `${name(m.fromId, m.fromName)} merged into ${name(m.intoId, m.intoName)} · ${how} · by ${m.actor}`;
}

function undoneText(e: AuditEntry | undefined): string {
  if (!e) return '';
  return ` by ${e.actor}${e.reason ? ` (${e.reason})` : ''}`;
}
