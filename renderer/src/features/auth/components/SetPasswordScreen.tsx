import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { refusalText } from '../../../lib/field-errors.js';
import { createAuthApi, logOut } from '../api.js';
import { forgetOneTimePassword, oneTimePasswordHeld } from '../first-login.js';
import { useSession } from '../session-store.js';
import { NewPasswordFields, newPasswordProblem } from './NewPasswordFields.js';
import './auth.css';

/**
 * First sign-in with a one-time password: the user chooses their own before anything else opens (the hub
 * refuses every other call until then). `onDone` goes on to where they were headed.
 */
export function SetPasswordScreen({ onDone }: { onDone: () => void }) {
  const api = useFeatureApi(createAuthApi);
  const user = useSession((s) => s.user);
  const passwordChanged = useSession((s) => s.passwordChanged);
  const signOut = useSession((s) => s.signOut);
  // Held from the login screen; after a reload the user types it again.
  const [held] = useState(oneTimePasswordHeld);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api.changePassword({ currentPassword: held ?? current, newPassword: password }),
    onSuccess: () => {
      forgetOneTimePassword();
      passwordChanged();
      onDone();
    },
  });

  useEffect(() => {
    document.documentElement.dataset.omniReady = 'set-password';
    document.title = 'Choose your password · Omni Console';
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const p = !held && !current ? 'Type the one-time password you signed in with.' : newPasswordProblem(password, confirm);
    setProblem(p);
    if (!p) save.mutate();
  };
  const error = problem ?? refusalText(save.error);

  return (
    <main className="login-screen">
      <form className="login-card set-password-card" onSubmit={onSubmit} noValidate aria-labelledby="set-password-title" data-testid="set-password">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">O</span> Omni Console
        </div>
        <h1 id="set-password-title">Choose your password</h1>
        <p className="muted">
          {user ? `Welcome, ${user.name}. ` : ''}You signed in with a one-time password. Choose your own before you start; only you will know it.
        </p>
        {!held && (
          <label>
            One-time password
            <input type="password" autoComplete="current-password" data-testid="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
          </label>
        )}
        <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} invalid={Boolean(error)} />
        {error && (
          <p className="form-error" role="alert" data-testid="set-password-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="save-password" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save and continue'}
        </button>
        <button
          type="button"
          className="link-button set-password-leave"
          onClick={() => {
            forgetOneTimePassword();
            void logOut(api, signOut);
          }}
        >
          Log out instead
        </button>
      </form>
    </main>
  );
}
