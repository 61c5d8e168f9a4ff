import { useId, useState, type FormEvent } from 'react';
import type { CounterStore } from '../../../../../shared/index.js';
import { storeFromName } from '../store-choice.js';

/** Which store this terminal stands in: the hub's list, or a name typed once. */
export function StorePicker({ stores, current, onPick }: { stores: readonly CounterStore[]; current: CounterStore | null; onPick: (s: CounterStore) => void }) {
  const id = useId();
  const [value, setValue] = useState(current?.id ?? stores[0]?.id ?? '');
  const [name, setName] = useState(current?.name ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = stores.length ? stores.find((x) => x.id === value) : name.trim() ? storeFromName(name) : undefined;
    if (s) onPick(s);
  };
  return (
    <form className="counter-store-picker" onSubmit={submit}>
      <label htmlFor={id}>Store</label>
      {stores.length ? (
        <select id={id} value={value} onChange={(e) => setValue(e.target.value)}>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="Name of this store" maxLength={120} />
      )}
      <button type="submit" className="btn btn-primary counter-btn">
        Start visit
      </button>
    </form>
  );
}
