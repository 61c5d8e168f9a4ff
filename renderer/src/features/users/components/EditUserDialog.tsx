import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../../shared/index.js';
import type { Team, UpdateUserRequest, UserAccount, UserWithPasswordResponse } from '../../../../../shared/users.js';
import { Modal } from '../../../ui/Modal.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';
import { OneTimePassword } from './OneTimePassword.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamPicker } from './TeamPicker.js';
import { TextField } from './TextField.js';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Edit a user: name, email, role, teams (only what changed is sent); deactivate or reactivate; a new one-time password. */
export function EditUserDialog({ user, teams, isSelf, onClose }: { user: UserAccount; teams: readonly Team[]; isSelf: boolean; onClose: () => void }) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [role, setRole] = useState<Role>(user.role);
  const [teamIds, setTeamIds] = useState(user.teams.map((t) => t.id));
  const [confirmingActive, setConfirmingActive] = useState(false);
  const [reset, setReset] = useState<UserWithPasswordResponse | null>(null);
  const update = usePeopleMutation((api, req: UpdateUserRequest) => api.updateUser(user.id, req));
  const resetPassword = usePeopleMutation((api, _: undefined) => api.resetPassword(user.id));
  const { byField, summary } = fieldErrors(update.error ?? resetPassword.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const changes: UpdateUserRequest = {
      ...(name !== user.name ? { name } : {}),
      ...(email !== user.email ? { email } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(!sameSet(teamIds, user.teams.map((t) => t.id)) ? { teamIds } : {}),
    };
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, { onSuccess: onClose });
  };

  if (reset) {
    return (
      <Modal title="New one-time password" onClose={onClose} testId="user-password-reset">
        <OneTimePassword name={reset.user.name} password={reset.oneTimePassword} />
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title={`Edit ${user.name}`} onClose={onClose} testId="edit-user">
      <form className="modal-form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" value={name} data-testid="user-name" onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
        <TextField label="Email" type="email" value={email} data-testid="user-email" onChange={(e) => setEmail(e.target.value)} autoComplete="off" error={byField['email']} />
        <RoleSelect value={role} onChange={setRole} error={byField['role']} />
        {role !== user.role && <p className="field-hint">Changing the role signs {user.name} out everywhere.</p>}
        <TeamPicker teams={teams} selected={teamIds} onChange={setTeamIds} error={byField['teamIds']} />
        {(summary ?? byField['active']) && (
          <p className="form-error" role="alert">
            {summary ?? byField['active']}
          </p>
        )}
        <div className="modal-actions modal-actions-split">
          <div className="modal-actions-left">
            {!isSelf &&
              (confirmingActive ? (
                <>
                  <span>{user.active ? `Deactivate ${user.name}? They are signed out at once.` : `Reactivate ${user.name}?`}</span>
                  <button type="button" className={`btn${user.active ? ' btn-danger' : ''}`} data-testid="confirm-active" onClick={() => update.mutate({ active: !user.active }, { onSuccess: onClose })}>
                    {user.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => setConfirmingActive(false)}>
                    Keep
                  </button>
                </>
              ) : (
                <>
                  <button type="button" className="btn" data-testid="toggle-active" onClick={() => setConfirmingActive(true)}>
                    {user.active ? 'Deactivate…' : 'Reactivate…'}
                  </button>
                  {user.active && (
                    <button type="button" className="btn" data-testid="reset-password" disabled={resetPassword.isPending} onClick={() => resetPassword.mutate(undefined, { onSuccess: setReset })}>
                      New one-time password
                    </button>
                  )}
                </>
              ))}
          </div>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="save-user" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
