import { useState } from 'react';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { useCan } from '../../auth/permissions.js';
import { useOpenConversation } from '../navigation.js';
import { createRoutingApi } from './routing-adapter.js';

/** Pull: take the best eligible conversation for me and open it. */
export function NextConversationButton() {
  const api = useFeatureApi(createRoutingApi);
  const works = useCan('conversation.work');
  const open = useOpenConversation();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  if (!works) return null;
  const pull = async () => {
    setBusy(true);
    setNote('');
    try {
      const next = await api.next();
      if (next) open(next.id, next.customerId);
      else setNote('Nothing is waiting for you.');
    } catch (err) {
      setNote(`Could not get the next one: ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inbox-next">
      {note && (
        <span role="status" className="muted" data-testid="next-note">
          {note}
        </span>
      )}
      <button type="button" className="btn btn-primary" data-testid="next-conversation" disabled={busy} onClick={() => void pull()}>
        Next conversation
      </button>
    </span>
  );
}
