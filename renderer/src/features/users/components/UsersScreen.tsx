import { useEffect, useMemo, useState } from 'react';
import type { UserAccount } from '../../../../../shared/users.js';
import { QueryStatus } from '../../../components/QueryStatus.js';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format.js';
import { useSession } from '../../auth/session-store.js';
import { ROLE_WORDS } from '../../auth/words.js';
import { useTeams, useUsers } from '../hooks.js';
import { CreateUserDialog } from './CreateUserDialog.js';
import { EditUserDialog } from './EditUserDialog.js';
import './users.css';

function StatusCell({ u }: { u: UserAccount }) {
  if (!u.active) return <span className="people-status people-status-off">Deactivated</span>;
  if (u.passwordChangeRequired) return <span className="people-status people-status-new">Has not chosen a password yet</span>;
  return <span className="people-status people-status-on">Active</span>;
}

/** Admins: every staff account, with New user, Edit (role, teams), Deactivate / Reactivate. At `/admin/users`. */
export function UsersScreen() {
  const users = useUsers();
  const teams = useTeams();
  const me = useSession((s) => s.user?.id);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit'; id: string } | null>(null);
  useEffect(() => {
    document.title = 'Users · Omni Console';
  }, []);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (users.data ?? []).filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q) || ROLE_WORDS[u.role].toLowerCase().includes(q) || u.teams.some((t) => t.name.toLowerCase().includes(q)));
  }, [users.data, filter]);
  const editing = dialog?.kind === 'edit' ? users.data?.find((u) => u.id === dialog.id) : undefined;

  return (
    <section className="people-page" aria-labelledby="users-title" data-testid="users-page">
      <div className="people-head">
        <h1 id="users-title">Users</h1>
        <input className="people-filter" type="search" placeholder="Find by name, email, role or team" aria-label="Find a user" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" className="btn btn-primary" data-testid="new-user" onClick={() => setDialog({ kind: 'create' })}>
          New user
        </button>
      </div>
      <QueryStatus query={users} what="the users" />
      {users.data && (
        <div className="people-scroll">
          <table className="people-table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Teams</th>
                <th scope="col">Status</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => {
                return (
                  <tr key={u.id} data-testid="user-row" data-email={u.email} className={u.active ? undefined : 'people-row-off'}>
                    <td>
                      <div className="people-name">
                        {u.name}
                        {u.id === me && <span className="people-tag">you</span>}
                      </div>
                      <div className="people-email">{u.email}</div>
                    </td>
                    <td>{ROLE_WORDS[u.role]}</td>
                    <td>{u.teams.length ? u.teams.map((t) => t.name).join(', ') : <span className="muted">none</span>}</td>
                    <td>
                      <StatusCell u={u} />
                    </td>
                    <td title={u.lastSeenAt ? formatDateTime(u.lastSeenAt) : `Added ${formatDate(u.createdAt)}`}>{u.lastSeenAt ? formatRelative(u.lastSeenAt) : <span className="muted">never</span>}</td>
                    <td>
                      <button type="button" className="btn btn-small" data-testid="edit-user-button" aria-label={`Edit ${u.name}`} onClick={() => setDialog({ kind: 'edit', id: u.id })}>
                        Edit
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted pad">No user matches “{filter}”.</p>}
        </div>
      )}
      {dialog?.kind === 'create' && <CreateUserDialog teams={teams.data ?? []} onClose={() => setDialog(null)} />}
      {editing && <EditUserDialog user={editing} teams={teams.data ?? []} isSelf={editing.id === me} onClose={() => setDialog(null)} />}
    </section>
  );
}
