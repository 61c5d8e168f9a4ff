import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { createCounterApi } from '../api.js';
import { counterKeys } from '../keys.js';

/** The associate's note, written to the customer's timeline. */
export function NoteField({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const id = useId();
  const api = useFeatureApi(createCounterApi);
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: (t: string) => api.addNote(customerId, t),
    onSuccess: () => {
      setText('');
      void qc.invalidateQueries({ queryKey: counterKeys.profile(customerId) });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) save.mutate(text.trim());
  };
  return (
    <form className="counter-note" onSubmit={submit}>
      <label htmlFor={id}>Add a note</label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={1000} />
      <button type="submit" className="btn counter-btn" disabled={save.isPending || !text.trim()}>
        Save note
      </button>
      {save.isError && <span role="alert" className="counter-error">{describeError(save.error)}</span>}
    </form>
  );
}
