import type { Team } from '../../../../../shared/users.js';

/** Checkboxes for the teams a user is in (keyboard: Tab between them, Space to toggle). */
export function TeamPicker({ teams, selected, onChange, error }: { teams: readonly Team[]; selected: readonly string[]; onChange: (ids: string[]) => void; error?: string | undefined }) {
  if (teams.length === 0) return <p className="muted">No teams yet: create one on the Teams screen.</p>;
  return (
    <fieldset className="team-picker" aria-invalid={Boolean(error)}>
      <legend>Teams</legend>
      {teams.map((t) => (
        <label key={t.id} className="team-option">
          <input type="checkbox" checked={selected.includes(t.id)} onChange={(e) => onChange(e.target.checked ? [...selected, t.id] : selected.filter((id) => id !== t.id))} />
          {t.name}
        </label>
      ))}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
