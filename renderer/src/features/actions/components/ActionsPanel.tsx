import { describeError } from '../../../api/hub-error.js';
import { ActionCard } from './ActionCard.js';
import { useActions } from '../hooks.js';
import './actions.css';

/** Right-hand panel of the workspace: the few best next actions for this customer, live. */
export function ActionsPanel({ customerId }: { customerId: string }) {
  const actions = useActions(customerId);
  return (
    <aside className="actions-panel" data-testid="actions-panel" aria-labelledby="actions-panel-title" aria-busy={actions.isPending}>
      <h2 id="actions-panel-title" className="actions-panel-title">
        Next best actions
      </h2>
      {actions.isError ? (
        <p className="actions-empty" role="alert">
          Could not load actions: {describeError(actions.error)}
        </p>
      ) : actions.data && actions.data.length === 0 ? (
        <p className="actions-empty">Nothing to do for this customer right now.</p>
      ) : (
        <ol className="actions-list">
          {actions.data?.map((a, i) => <ActionCard key={a.id} action={a} customerId={customerId} rank={i + 1} />)}
        </ol>
      )}
    </aside>
  );
}
