import { useState } from 'react';
import type { Role } from '../../../../../shared/index.js';
import type { Team, UpdateUserRequest, UserAccount, UserWithPasswordResponse } from '../../../../../shared/users.js';
import { DoneDialog, FormDialog } from '../../../components/FormDialog.js';
import { TextField } from '../../../components/TextField.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';
import { OneTimePassword } from './OneTimePassword.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamPicker } from './TeamPicker.js';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Edit a user: name, email, role, teams (only what changed is sent); deactivate or reactivate; a new one-time password; sign them out everywhere. */
export function EditUserDialog({ user, teams, isSelf, onClose }: { user: UserAccount; teams: readonly Team[]; isSelf: boolean; onClose: () => void }) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [role, setRole] = useState<Role>(user.role);
  const [teamIds, setTeamIds] = useState(user.teams.map((t) => t.id));
  const [confirmingActive, setConfirmingActive] = useState(false);
  const [reset, setReset] = useState<UserWithPasswordResponse | null>(null);
  const update = usePeopleMutation((api, req: UpdateUserRequest) => api.updateUser(user.id, req));
  const resetPassword = usePeopleMutation((api, _: undefined) => api.resetPassword(user.id));
  const signOut = usePeopleMutation((api, _: undefined) => api.signOutEverywhere(user.id));
  const { byField, summary } = fieldErrors(update.error ?? resetPassword.error ?? signOut.error);

  const onSubmit = () => {
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
      <DoneDialog title="New one-time password" onClose={onClose} testId="user-password-reset">
        <OneTimePassword name={reset.user.name} password={reset.oneTimePassword} />
      </DoneDialog>
    );
  }
  const activeActions = isSelf ? null : confirmingActive ? (
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
      {user.active &&
        (signOut.isSuccess ? (
          <span role="status" data-testid="signed-out">
            Signed out everywhere.
          </span>
        ) : (
          <button type="button" className="btn" data-testid="sign-out-everywhere" disabled={signOut.isPending} onClick={() => signOut.mutate(undefined)}>
            Sign out everywhere
          </button>
        ))}
    </>
  );
  return (
    <FormDialog
      title={`Edit ${user.name}`}
      testId="edit-user"
      onClose={onClose}
      onSubmit={onSubmit}
      error={summary ?? byField['active']}
      submitLabel="Save"
      pendingLabel="Saving…"
      pending={update.isPending}
      submitTestId="save-user"
      extraActions={activeActions ?? <span />}
    >
      <TextField label="Name" value={name} data-testid="user-name" onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
      <TextField label="Email" type="email" value={email} data-testid="user-email" onChange={(e) => setEmail(e.target.value)} autoComplete="off" error={byField['email']} />
      <RoleSelect value={role} onChange={setRole} error={byField['role']} />
      {role !== user.role && <p className="field-hint">Changing the role signs {user.name} out everywhere.</p>}
      <TeamPicker teams={teams} selected={teamIds} onChange={setTeamIds} error={byField['teamIds']} />
    </FormDialog>
  );
}
