import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { refusalText } from '../../../lib/field-errors.js';
import { Modal } from '../../../ui/Modal.js';
import { createAuthApi } from '../api.js';
import { NewPasswordFields, newPasswordProblem } from './NewPasswordFields.js';

/** "Change password" from the user menu: the current one, then the new one twice. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const api = useFeatureApi(createAuthApi);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const change = useMutation({ mutationFn: () => api.changePassword({ currentPassword: current, newPassword: password }) });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const p = current ? newPasswordProblem(password, confirm) : 'Type your current password.';
    setProblem(p);
    if (!p) change.mutate();
  };
  const error = problem ?? refusalText(change.error);

  return (
    <Modal title="Change password" onClose={onClose} testId="change-password">
      {change.isSuccess ? (
        <>
          <p className="form-ok" role="status">
            Your password is changed. Use the new one next time you sign in.
          </p>
          <div className="modal-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form className="modal-form" onSubmit={onSubmit} noValidate>
          <label>
            Current password
            <input type="password" autoComplete="current-password" data-testid="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
          </label>
          <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} invalid={Boolean(error)} />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="save-password" disabled={change.isPending}>
              {change.isPending ? 'Saving…' : 'Change password'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
