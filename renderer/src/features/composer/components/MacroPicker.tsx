import { useState, type FormEvent } from 'react';
import type { MacroActions, RenderedMacro } from '../../../../../shared/macros.js';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { createComposerApi } from '../api.js';
import { useMacros } from '../hooks.js';

/**
 * Pick a canned response or macro: the hub fills the conversation's variables; whatever it cannot fill
 * (no order on file, an `ask:` question) is asked here before the text goes into the composer.
 */
export function MacroPicker({ conversationId, onInsert, onClose }: { conversationId: string; onInsert: (text: string, actions: MacroActions) => void; onClose: () => void }) {
  const api = useFeatureApi(createComposerApi);
  const macros = useMacros();
  const [filter, setFilter] = useState('');
  const [asking, setAsking] = useState<{ id: string; name: string; rendered: RenderedMacro } | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const choose = async (id: string, name: string, values?: Record<string, string>) => {
    setBusy(true);
    setError('');
    try {
      const r = await api.renderMacro(id, conversationId, values);
      if (r.missing.length === 0) onInsert(r.text, r.actions);
      else setAsking({ id, name, rendered: r });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const submitAnswers = (e: FormEvent) => {
    e.preventDefault();
    if (asking) void choose(asking.id, asking.name, answers);
  };

  const shown = (macros.data ?? []).filter((m) => m.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div
      className="macro-picker"
      data-testid="macro-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {asking ? (
        <form onSubmit={submitAnswers} data-testid="macro-questions">
          <p className="macro-picker-title">“{asking.name}” needs:</p>
          {asking.rendered.missing.map((p, i) => (
            <label key={p.key} className="macro-question">
              <span>{p.label}</span>
              <input autoFocus={i === 0} required maxLength={500} value={answers[p.key] ?? ''} onChange={(e) => setAnswers((a) => ({ ...a, [p.key]: e.target.value }))} />
            </label>
          ))}
          <div className="macro-picker-foot">
            <button type="submit" className="btn btn-small btn-primary" disabled={busy} data-testid="macro-insert">
              Insert
            </button>
            <button type="button" className="btn btn-small" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <input className="macro-filter" autoFocus aria-label="Find a macro" placeholder="Find a macro…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="macro-filter" />
          {macros.isLoading && <p className="muted">Loading macros…</p>}
          {macros.data && shown.length === 0 && <p className="muted">{macros.data.length === 0 ? 'No macros yet: leads add them under Macros.' : 'No macro matches.'}</p>}
          <ul className="macro-list" aria-label="Macros">
            {shown.map((m) => (
              <li key={m.id}>
                <button type="button" className="macro-choice" disabled={busy} onClick={() => void choose(m.id, m.name)} data-testid="macro-choice">
                  <span className="macro-name">{m.name}</span>
                  <span className="macro-body muted">{m.body.length > 90 ? `${m.body.slice(0, 89)}…` : m.body}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
