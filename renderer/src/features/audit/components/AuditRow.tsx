import type { AuditLogEntry, AuditSubject } from '../../../../../shared/index.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { detailWords } from '../detail-words.js';

/** One audit entry in words: when, who, did what, to whom, why. Ids stay in links, never on screen. */
export function AuditRow({ e, onOpenCustomer, onOnlyCustomer, onOnlyActor }: { e: AuditLogEntry; onOpenCustomer: (id: string) => void; onOnlyCustomer: (s: AuditSubject) => void; onOnlyActor: (userId: string) => void }) {
  const details = Object.entries(e.details).filter(([k]) => k !== 'reason');
  return (
    <tr data-testid="audit-row" data-action={e.action}>
      <td className="audit-when" title={formatDateTime(e.at)}>
        {formatRelative(e.at)}
      </td>
      <td className="audit-who">
        {e.actor.userId ? (
          <button type="button" className="link-button" title={`Only what ${e.actor.name} did`} onClick={() => onOnlyActor(e.actor.userId!)}>
            {e.actor.name}
          </button>
        ) : (
          <span className={e.actor.kind === 'anonymous' ? 'muted' : undefined}>{e.actor.name}</span>
        )}
      </td>
      <td className="audit-action">{e.actionLabel}</td>
      <td>
        <Subject s={e.subject} onOpenCustomer={onOpenCustomer} onOnlyCustomer={onOnlyCustomer} />
        {e.related && (
          <>
            {' and '}
            <Subject s={e.related} onOpenCustomer={onOpenCustomer} onOnlyCustomer={onOnlyCustomer} />
          </>
        )}
      </td>
      <td className="audit-why">
        {e.reason && <q data-testid="audit-reason">{e.reason}</q>}
        {details.length > 0 && (
          <span className="audit-details">
            {details.map(([k, v]) => {
              const d = detailWords(k, v);
              return (
                <span key={k}>
                  {d.label}: {d.text}
                </span>
              );
            })}
          </span>
        )}
      </td>
    </tr>
  );
}

function Subject({ s, onOpenCustomer, onOnlyCustomer }: { s: AuditSubject; onOpenCustomer: (id: string) => void; onOnlyCustomer: (s: AuditSubject) => void }) {
  if (s.type !== 'customer') return <span>{s.label}</span>;
  return (
    <span className="audit-subject">
      <button type="button" className="link-button" title={`Open ${s.label}`} onClick={() => onOpenCustomer(s.id)}>
        {s.label}
      </button>
      <button type="button" className="btn btn-small btn-ghost audit-only" aria-label={`Only rows about ${s.label}`} title={`Only rows about ${s.label}`} onClick={() => onOnlyCustomer(s)}>
        ⌕
      </button>
    </span>
  );
}
