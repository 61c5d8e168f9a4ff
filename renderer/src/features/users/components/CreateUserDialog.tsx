import { useState } from 'react';
import type { Role } from '../../../../../shared/index.js';
import type { Team, UserWithPasswordResponse } from '../../../../../shared/users.js';
import { DoneDialog, FormDialog } from '../../../components/FormDialog.js';
import { TextField } from '../../../components/TextField.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';
import { OneTimePassword } from './OneTimePassword.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamPicker } from './TeamPicker.js';

/** New user: name, email, role, teams; then their one-time password, shown once. */
export function CreateUserDialog({ teams, onClose }: { teams: readonly Team[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const create = usePeopleMutation((api, req: { name: string; email: string; role: Role; teamIds: string[] }) => api.createUser(req));
  const [created, setCreated] = useState<UserWithPasswordResponse | null>(null);
  const { byField, summary } = fieldErrors(create.error);

  if (created) {
    return (
      <DoneDialog title="User created" onClose={onClose} testId="user-created">
        <OneTimePassword name={created.user.name} password={created.oneTimePassword} />
      </DoneDialog>
    );
  }
  return (
    <FormDialog
      title="New user"
      testId="create-user"
      onClose={onClose}
      onSubmit={() => create.mutate({ name, email, role, teamIds }, { onSuccess: setCreated })}
      error={summary}
      submitLabel="Create user"
      pendingLabel="Creating…"
      pending={create.isPending}
      submitTestId="create-user-submit"
    >
      <TextField label="Name" data-testid="user-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
      <TextField label="Email" type="email" data-testid="user-email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" error={byField['email']} />
      <RoleSelect value={role} onChange={setRole} error={byField['role']} />
      <TeamPicker teams={teams} selected={teamIds} onChange={setTeamIds} error={byField['teamIds']} />
    </FormDialog>
  );
}
