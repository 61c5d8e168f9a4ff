import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CounterStore, CounterVisit } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { formatFull, formatTime } from '../../../lib/format.js';
import { createCounterApi } from '../api.js';
import { counterKeys } from '../keys.js';
import { rememberedStore, rememberStore } from '../store-choice.js';
import { StorePicker } from './StorePicker.js';

/** Start visit (a store check-in, so agents elsewhere see the customer in the store) / End visit. */
export function VisitBar({ customerId, visit, onDone }: { customerId: string; visit: CounterVisit | null; onDone: () => void }) {
  const api = useFeatureApi(createCounterApi);
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: counterKeys.settings(), queryFn: ({ signal }) => api.settings(signal), staleTime: Infinity });
  const [store, setStore] = useState<CounterStore | null>(() => rememberedStore());
  const [picking, setPicking] = useState(false);
  const done = () => {
    void qc.invalidateQueries({ queryKey: counterKeys.profile(customerId) });
    onDone();
  };
  const start = useMutation({ mutationFn: (s: CounterStore) => api.startVisit(customerId, s), onSuccess: done });
  const end = useMutation({ mutationFn: () => api.endVisit(customerId), onSuccess: done });
  const error = start.error ?? end.error;

  if (visit) {
    return (
      <div className="counter-visit is-open" data-testid="counter-visit">
        <span title={formatFull(visit.startedAt)}>
          In the store since {formatTime(visit.startedAt)} · {visit.storeName}
        </span>
        <button type="button" className="btn counter-btn" disabled={end.isPending} onClick={() => end.mutate()}>
          End visit
        </button>
        {error && <span role="alert" className="counter-error">{describeError(error)}</span>}
      </div>
    );
  }
  if (picking || !store) {
    return (
      <div className="counter-visit" data-testid="counter-visit">
        <StorePicker
          stores={settings.data?.stores ?? []}
          current={store}
          onPick={(s) => {
            rememberStore(s);
            setStore(s);
            setPicking(false);
            start.mutate(s);
          }}
        />
      </div>
    );
  }
  return (
    <div className="counter-visit" data-testid="counter-visit">
      <button type="button" className="btn btn-primary counter-btn" disabled={start.isPending} onClick={() => start.mutate(store)}>
        Start visit
      </button>
      <span className="counter-meta">at {store.name}</span>
      <button type="button" className="btn btn-ghost counter-btn" onClick={() => setPicking(true)}>
        Change store
      </button>
      {error && <span role="alert" className="counter-error">{describeError(error)}</span>}
    </div>
  );
}
