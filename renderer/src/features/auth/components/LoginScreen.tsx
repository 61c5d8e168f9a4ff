import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { isTotpChallenge, LoginRequestSchema, type LoginRequest, type LoginResponse, type TotpChallenge } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError, HubError } from '../../../api/hub-error.js';
import { rememberOneTimePassword } from '../first-login.js';
import { useSession } from '../session-store.js';
import { createTotpApi } from '../totp-api.js';
import { TotpLoginStep } from './TotpLoginStep.js';

/** Sign-in; `onSignedIn` goes on to where the agent was headed (the session store already holds the token). */
export function LoginScreen({ onSignedIn }: { onSignedIn?: () => void }) {
  const signIn = useSession((s) => s.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  // The password step may answer a challenge: then the code (or two-step set-up) screen takes over.
  const totpApi = useFeatureApi(createTotpApi);
  const [challenge, setChallenge] = useState<{ step: TotpChallenge; password: string } | null>(null);
  const login = useMutation({
    mutationFn: (req: LoginRequest) => totpApi.login(req),
    onSuccess: (step, req) => {
      if (isTotpChallenge(step)) setChallenge({ step, password: req.password });
      else finishSignIn(step, req);
    },
  });
  const finishSignIn = (res: LoginResponse, req: Pick<LoginRequest, 'password'>) => {
    // A one-time password: kept in memory so the set-password screen asks only for the new one.
    if (res.passwordChangeRequired) rememberOneTimePassword(req.password);
    signIn(res.token, res.user, res.passwordChangeRequired);
    onSignedIn?.();
  };

  useEffect(() => {
    document.documentElement.dataset.omniReady = 'login';
    document.title = 'Sign in · Omni Console';
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = LoginRequestSchema.safeParse({ email, password });
    if (!parsed.success) {
      setFormError(parsed.error.issues.map((i) => i.message).join('. '));
      return;
    }
    setFormError(null);
    login.mutate(parsed.data);
  };

  const error = formError ?? (login.error ? (login.error instanceof HubError && login.error.status === 401 ? 'Wrong email or password.' : describeError(login.error)) : null);

  if (challenge) {
    const restart = () => {
      setChallenge(null);
      setPassword('');
      login.reset();
    };
    return <TotpLoginStep challenge={challenge.step} onSignedIn={(res) => finishSignIn(res, challenge)} onRestart={restart} />;
  }

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">O</span> Omni Console
        </div>
        <h1 id="login-title">Sign in</h1>
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          data-testid="login-email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'login-error' : undefined}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'login-error' : undefined}
        />
        {error && (
          <p id="login-error" className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="login-submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
