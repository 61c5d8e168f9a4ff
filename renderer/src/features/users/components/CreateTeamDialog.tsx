import { useState, type FormEvent } from 'react';
import { teamKeyOf } from '../../../../../shared/users.js';
import { Modal } from '../../../ui/Modal.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { usePeopleMutation } from '../hooks.js';
import { TextField } from './TextField.js';

/** New team (queue): its name, an optional short key (made from the name unless typed), a description. */
export function CreateTeamDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const create = usePeopleMutation((api, req: { name: string; key?: string; description?: string }) => api.createTeam(req));
  const { byField, summary } = fieldErrors(create.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, ...(key.trim() ? { key: key.trim() } : {}), ...(description.trim() ? { description: description.trim() } : {}) }, { onSuccess: onClose });
  };
  return (
    <Modal title="New team" onClose={onClose} testId="create-team">
      <form className="modal-form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" data-testid="team-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" error={byField['name']} />
        <TextField label="Short key (for the command line)" value={key} placeholder={name.trim() ? teamKeyOf(name) : 'e.g. returns'} onChange={(e) => setKey(e.target.value)} autoComplete="off" error={byField['key']} />
        <TextField label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" error={byField['description']} />
        {summary && (
          <p className="form-error" role="alert">
            {summary}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="create-team-submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create team'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
