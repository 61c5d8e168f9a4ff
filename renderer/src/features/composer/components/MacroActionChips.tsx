import type { MacroActions } from '../../../../../shared/macros.js';
import { PRIORITY_LABEL, STATUS_LABEL } from '../../inbox/words.js';

/** What the inserted macro will also change when the message is sent. */
export function MacroActionChips({ actions, onClear }: { actions: MacroActions; onClear: () => void }) {
  const parts = [
    ...(actions.status ? [`status ${STATUS_LABEL[actions.status]}`] : []),
    ...(actions.priority ? [`priority ${PRIORITY_LABEL[actions.priority]}`] : []),
    ...(actions.addTags ?? []).map((t) => `tag “${t}”`),
  ];
  if (parts.length === 0) return null;
  return (
    <p className="composer-actions" data-testid="composer-macro-actions">
      When sent, also sets {parts.join(', ')}.
      <button type="button" className="btn btn-small btn-link" onClick={onClear}>
        Don’t
      </button>
    </p>
  );
}
