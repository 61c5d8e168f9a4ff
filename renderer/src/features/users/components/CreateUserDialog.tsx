import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../../shared/index.js';
import type { Team, UserWithPasswordResponse } from '../../../../../shared/users.js';
import { Modal } from '../../../ui/Modal.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';
import { OneTimePassword } from './OneTimePassword.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamPicker } from './TeamPicker.js';
import { TextField } from './TextField.js';

/** New user: name, email, role, teams; then their one-time password, shown once. */
export function CreateUserDialog({ teams, onClose }: { teams: readonly Team[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const create = usePeopleMutation((api, req: { name: string; email: string; role: Role; teamIds: string[] }) => api.createUser(req));
  const [created, setCreated] = useState<UserWithPasswordResponse | null>(null);
  const { byField, summary } = fieldErrors(create.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, email, role, teamIds }, { onSuccess: setCreated });
  };

  if (created) {
    return (
      <Modal title="User created" onClose={onClose} testId="user-created">
        <OneTimePassword name={created.user.name} password={created.oneTimePassword} />
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="New user" onClose={onClose} testId="create-user">
      <form className="modal-form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" data-testid="user-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
        <TextField label="Email" type="email" data-testid="user-email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" error={byField['email']} />
        <RoleSelect value={role} onChange={setRole} error={byField['role']} />
        <TeamPicker teams={teams} selected={teamIds} onChange={setTeamIds} error={byField['teamIds']} />
        {summary && (
          <p className="form-error" role="alert">
            {summary}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="create-user-submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
