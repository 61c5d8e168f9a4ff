import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { useCan } from '../../auth/permissions.js';
import { useSession } from '../../auth/session-store.js';
import { inboxKeys } from '../keys.js';
import { useOffer } from './offer-store.js';
import '../inbox.css';
import { createRoutingApi, PRESENCES, PRESENCE_LABEL, type Presence } from './routing-adapter.js';

/** Online / away / offline in the top bar: the router offers work only to online agents. */
export function PresenceSelector() {
  const api = useFeatureApi(createRoutingApi);
  const works = useCan('conversation.work');
  const me = useSession((s) => s.user?.id);
  const mine = useOffer((s) => (me ? s.presence[me]?.state : undefined)) ?? 'offline';
  const setPresence = useOffer((s) => s.setPresence);
  const [error, setError] = useState('');
  const list = useQuery({ queryKey: [...inboxKeys.all(), 'presence'], queryFn: ({ signal }) => api.presence(signal), enabled: works });
  useEffect(() => {
    if (list.data) setPresence(list.data);
  }, [list.data, setPresence]);
  if (!works) return null;
  const pick = async (state: Presence) => {
    setError('');
    try {
      setPresence([await api.setPresence(state)]);
    } catch (err) {
      setError(`Could not change your status: ${describeError(err)}`);
    }
  };
  return (
    <label className={`presence is-${mine}`} title={error || 'My status: the router offers conversations only while you are online'}>
      <span className="presence-dot" aria-hidden="true" />
      <span className="visually-hidden">My status</span>
      <select data-testid="presence-select" value={mine} onChange={(e) => void pick(e.target.value as Presence)} aria-invalid={error ? true : undefined}>
        {PRESENCES.map((p) => (
          <option key={p} value={p}>
            {PRESENCE_LABEL[p]}
          </option>
        ))}
      </select>
      {error && (
        <span className="visually-hidden" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
