import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { refusalText } from '../../../lib/field-errors.js';
import { DoneDialog, FormDialog } from '../../../components/FormDialog.js';
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

  const onSubmit = () => {
    const p = current ? newPasswordProblem(password, confirm) : 'Type your current password.';
    setProblem(p);
    if (!p) change.mutate();
  };
  const error = problem ?? refusalText(change.error);

  if (change.isSuccess) {
    return (
      <DoneDialog title="Change password" onClose={onClose} testId="change-password">
        <p className="form-ok" role="status">
          Your password is changed. Use the new one next time you sign in.
        </p>
      </DoneDialog>
    );
  }
  return (
    <FormDialog title="Change password" testId="change-password" onClose={onClose} onSubmit={onSubmit} error={error} submitLabel="Change password" pendingLabel="Saving…" pending={change.isPending} submitTestId="save-password">
      <label>
        Current password
        <input type="password" autoComplete="current-password" data-testid="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} invalid={Boolean(error)} />
    </FormDialog>
  );
}
