import { useId, useState, type FormEvent } from 'react';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { createAuthApi, logOut } from '../../auth/api.js';
import { useSession } from '../../auth/session-store.js';
import { useCounterLock } from '../idle-lock.js';

/** The locked counter: nothing of any customer, the signed-in name, the password to go on (a fresh session) or sign out. */
export function LockScreen() {
  const id = useId();
  const auth = useFeatureApi(createAuthApi);
  const user = useSession((s) => s.user);
  const signIn = useSession((s) => s.signIn);
  const signOut = useSession((s) => s.signOut);
  const unlock = useCounterLock((s) => s.unlock);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user || !password) return;
    setBusy(true);
    setError(null);
    try {
      const res = await auth.login({ email: user.email, password });
      unlock();
      signIn(res.token, res.user, res.passwordChangeRequired);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
      setPassword('');
    }
  };
  return (
    <form className="counter-lock" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid="counter-locked">
      <h2 id={`${id}-title`}>Counter locked</h2>
      <p>Locked after a while without use. {user ? `${user.name}, enter your password to go on.` : ''}</p>
      <label htmlFor={id}>Password</label>
      <input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      {error && <p role="alert" className="counter-error">{error}</p>}
      <div className="counter-actions">
        <button type="submit" className="btn btn-primary counter-btn" disabled={busy || !password}>
          Unlock
        </button>
        <button
          type="button"
          className="btn btn-ghost counter-btn"
          onClick={() => {
            unlock();
            void logOut(auth, signOut);
          }}
        >
          Sign out
        </button>
      </div>
    </form>
  );
}
