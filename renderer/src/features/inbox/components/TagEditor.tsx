import { useState, type FormEvent } from 'react';

/** Tags as chips: × removes one, the field adds one (Enter). */
export function TagEditor({ tags, disabled, onChange }: { tags: readonly string[]; disabled: boolean; onChange(tags: string[]): void }) {
  const [draft, setDraft] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const t = draft.trim();
    if (!t || tags.includes(t)) return setDraft('');
    onChange([...tags, t]);
    setDraft('');
  };
  return (
    <form className="conv-tags" onSubmit={add} aria-label="Tags">
      {tags.map((t) => (
        <span key={t} className="conv-tag">
          {t}
          <button type="button" className="conv-tag-x" aria-label={`Remove tag ${t}`} disabled={disabled} onClick={() => onChange(tags.filter((x) => x !== t))}>
            ×
          </button>
        </span>
      ))}
      <input className="conv-tag-input" value={draft} maxLength={40} placeholder="Add tag" aria-label="Add a tag" disabled={disabled} onChange={(e) => setDraft(e.target.value)} />
    </form>
  );
}
