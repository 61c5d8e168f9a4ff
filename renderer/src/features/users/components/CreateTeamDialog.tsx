import { useState } from 'react';
import { teamKeyOf } from '../../../../../shared/users.js';
import { FormDialog } from '../../../components/FormDialog.js';
import { TextField } from '../../../components/TextField.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';

/** New team (queue): its name, an optional short key (made from the name unless typed), a description. */
export function CreateTeamDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const create = usePeopleMutation((api, req: { name: string; key?: string; description?: string }) => api.createTeam(req));
  const { byField, summary } = fieldErrors(create.error);
  const onSubmit = () => create.mutate({ name, ...(key.trim() ? { key: key.trim() } : {}), ...(description.trim() ? { description: description.trim() } : {}) }, { onSuccess: onClose });
  return (
    <FormDialog title="New team" testId="create-team" onClose={onClose} onSubmit={onSubmit} error={summary} submitLabel="Create team" pendingLabel="Creating…" pending={create.isPending} submitTestId="create-team-submit">
      <TextField label="Name" data-testid="team-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
      <TextField label="Short key (for the command line)" value={key} placeholder={name.trim() ? teamKeyOf(name) : 'e.g. returns'} onChange={(e) => setKey(e.target.value)} autoComplete="off" error={byField['key']} />
      <TextField label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" error={byField['description']} />
    </FormDialog>
  );
}
