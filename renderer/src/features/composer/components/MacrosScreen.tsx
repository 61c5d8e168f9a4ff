import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { PRIORITIES } from '../../../../../shared/sla.js';
import { MACRO_VARIABLES, type Macro, type MacroActions } from '../../../../../shared/macros.js';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { PRIORITY_LABEL, STATUS_LABEL } from '../../inbox/words.js';
import { createComposerApi } from '../api.js';
import { useMacros } from '../hooks.js';
import { composerKeys } from '../keys.js';
import '../composer.css';

const STATUSES = ['open', 'pending', 'solved'] as const;
const empty = { name: '', body: '', status: '', priority: '', tags: '' };
type Form = typeof empty;

const formOf = (m: Macro): Form => ({ name: m.name, body: m.body, status: m.actions.status ?? '', priority: m.actions.priority ?? '', tags: (m.actions.addTags ?? []).join(', ') });
function actionsOf(f: Form): MacroActions {
  const tags = f.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return { ...(f.status ? { status: f.status as MacroActions['status'] } : {}), ...(f.priority ? { priority: f.priority as MacroActions['priority'] } : {}), ...(tags.length ? { addTags: tags } : {}) };
}

/** Leads and admins: canned responses (text only) and macros (text plus status, priority, tags). At `/admin/macros`. */
export function MacrosScreen() {
  const api = useFeatureApi(createComposerApi);
  const qc = useQueryClient();
  const macros = useMacros();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [form, setForm] = useState<Form>(empty);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Macros · Omni Console';
  }, []);

  const start = (m: Macro | null) => {
    setEditing(m ? m.id : 'new');
    setForm(m ? formOf(m) : empty);
    setError('');
  };
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await fn();
      setEditing(null);
      await qc.invalidateQueries({ queryKey: composerKeys.macros() });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const body = { name: form.name, body: form.body, actions: actionsOf(form) };
    void run(() => (editing === 'new' ? api.createMacro(body) : api.updateMacro(editing!, body)));
  };

  return (
    <section className="macros-screen" aria-labelledby="macros-title" data-testid="macros-screen">
      <h1 id="macros-title">Canned responses and macros</h1>
      <p className="muted">
        Placeholders: {Object.entries(MACRO_VARIABLES).map(([k, label]) => `{{${k}}} (${label.toLowerCase()})`).join(', ')}, and {'{{ask:Your question}}'} to ask the agent. A value the hub does not know is asked too.
      </p>
      {editing === null && (
        <p>
          <button type="button" className="btn btn-primary btn-small" onClick={() => start(null)} data-testid="macro-new">
            New macro
          </button>
        </p>
      )}
      {editing !== null && (
        <form className="macro-form" onSubmit={save} data-testid="macro-form">
          <label>
            Name
            <input required maxLength={80} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="macro-name" />
          </label>
          <label>
            Tags to add (comma separated)
            <input value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} data-testid="macro-tags" />
          </label>
          <label className="is-wide">
            Text
            <textarea required rows={4} maxLength={5000} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} data-testid="macro-body" />
          </label>
          <label>
            Also set status
            <select value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })} data-testid="macro-status">
              <option value="">No change</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Also set priority
            <select value={form.priority} onChange={(e) => setForm({ ...form, priority: e.target.value })}>
              <option value="">No change</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABEL[p]}
                </option>
              ))}
            </select>
          </label>
          <div className="is-wide macro-picker-foot">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="macro-save">
              Save
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {macros.isError && (
        <p className="error" role="alert">
          Could not load the macros: {describeError(macros.error)}
        </p>
      )}
      {macros.data?.length === 0 && <p className="muted">No macros yet.</p>}
      {macros.data && macros.data.length > 0 && (
        <table className="macros-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Text</th>
              <th scope="col">Also sets</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {macros.data.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.body}</td>
                <td>{[m.actions.status && STATUS_LABEL[m.actions.status], m.actions.priority && `${PRIORITY_LABEL[m.actions.priority]} priority`, ...(m.actions.addTags ?? []).map((t) => `tag ${t}`)].filter(Boolean).join(', ') || '—'}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => start(m)}>
                    Edit
                  </button>{' '}
                  <button type="button" className="btn btn-small" disabled={busy} onClick={() => window.confirm(`Delete “${m.name}”?`) && void run(() => api.deleteMacro(m.id))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
