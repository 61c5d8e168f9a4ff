import { useEffect, useState } from 'react';
import type { Team, UserAccount } from '../../../../../shared/users.js';
import { describeError } from '../../../api/hub-error.js';
import { ROLE_WORDS } from '../../auth/words.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation, useTeams, useUsers } from '../hooks.js';
import { CreateTeamDialog } from './CreateTeamDialog.js';
import './users.css';

/** Admins and leads: the teams (queues) and who staffs them; add and remove members, create a team. At `/admin/teams`. */
export function TeamsScreen() {
  const teams = useTeams();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    document.title = 'Teams · Omni Console';
  }, []);
  return (
    <section className="people-page" aria-labelledby="teams-title" data-testid="teams-page">
      <div className="people-head">
        <h1 id="teams-title">Teams</h1>
        <button type="button" className="btn btn-primary" data-testid="new-team" style={{ marginLeft: 'auto' }} onClick={() => setCreating(true)}>
          New team
        </button>
      </div>
      {(teams.isError || users.isError) && (
        <p className="form-error" role="alert">
          Could not load the teams: {describeError(teams.error ?? users.error)}
        </p>
      )}
      {teams.isLoading && <p className="muted">Loading…</p>}
      {teams.data?.length === 0 && <p className="muted">No teams yet. A team is a queue of people who work the same conversations, for example Returns.</p>}
      <div className="team-cards">
        {teams.data?.map((t) => (
          <TeamCard key={t.id} team={t} users={users.data ?? []} />
        ))}
      </div>
      {creating && <CreateTeamDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

function TeamCard({ team, users }: { team: Team; users: readonly UserAccount[] }) {
  const [adding, setAdding] = useState('');
  const add = usePeopleMutation((api, userId: string) => api.addMember(team.id, userId));
  const remove = usePeopleMutation((api, userId: string) => api.removeMember(team.id, userId));
  const candidates = users.filter((u) => u.active && !team.members.some((m) => m.id === u.id));
  const { byField, summary } = fieldErrors(add.error ?? remove.error);
  const error = summary ?? Object.values(byField)[0];
  const titleId = `team-${team.id}`;
  return (
    <article className="team-card" aria-labelledby={titleId} data-testid="team-card" data-team={team.key}>
      <div className="team-card-head">
        <h2 id={titleId}>{team.name}</h2>
        <span className="muted">
          {team.members.length} member{team.members.length === 1 ? '' : 's'}
        </span>
      </div>
      {team.description && <p className="muted">{team.description}</p>}
      <ul className="team-members" aria-label={`Members of ${team.name}`}>
        {team.members.map((m) => (
          <li key={m.id} data-testid="team-member">
            <span>
              {m.name} <span className="muted">· {ROLE_WORDS[m.role]}</span>
              {!m.active && <span className="people-status people-status-off">deactivated</span>}
            </span>
            <button type="button" className="btn btn-small" disabled={remove.isPending} aria-label={`Remove ${m.name} from ${team.name}`} onClick={() => remove.mutate(m.id)}>
              Remove
            </button>
          </li>
        ))}
        {team.members.length === 0 && <li className="muted">Nobody yet.</li>}
      </ul>
      <form
        className="team-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (adding) add.mutate(adding, { onSuccess: () => setAdding('') });
        }}
      >
        <select aria-label={`Add a member to ${team.name}`} value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">Add a member…</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({ROLE_WORDS[u.role]})
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-small" disabled={!adding || add.isPending}>
          Add
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
