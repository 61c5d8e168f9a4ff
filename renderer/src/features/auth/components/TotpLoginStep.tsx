import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { LoginResponse, TotpChallenge } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { challengeExpired, codeProblem, createTotpApi } from '../totp-api.js';
import { codeLooksRight, TotpCodeField } from './TotpCodeField.js';
import { TotpSetupView } from './TotpSetupView.js';

/**
 * The second sign-in step after a right password: the code from the authenticator app, or, when this
 * hub requires two-step sign-in for the role and it is not set up yet, the set-up first (the first right
 * code turns it on and signs in).
 */
export function TotpLoginStep({ challenge, onSignedIn, onRestart }: { challenge: TotpChallenge; onSignedIn: (res: LoginResponse) => void; onRestart: () => void }) {
  const api = useFeatureApi(createTotpApi);
  const enrolling = challenge.secondFactor === 'totp-enroll';
  const [code, setCode] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const setup = useQuery({ queryKey: ['totp-login-setup', challenge.challenge], queryFn: () => api.loginSetup(challenge.challenge), enabled: enrolling, staleTime: Infinity, retry: false });
  const verify = useMutation({ mutationFn: (c: string) => api.completeLogin(challenge.challenge, c), onSuccess: onSignedIn });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!codeLooksRight(code)) {
      setFormError('Type the 6 digits your authenticator app shows.');
      return;
    }
    setFormError(null);
    verify.mutate(code);
  };
  const failure = verify.error ?? setup.error;
  const expired = failure ? challengeExpired(failure) : false;
  const error = formError ?? (failure ? codeProblem(failure) : null);

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={onSubmit} noValidate aria-labelledby="totp-title" data-testid="totp-login">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">O</span> Omni Console
        </div>
        <h1 id="totp-title">{enrolling ? 'Set up two-step sign-in' : 'Two-step sign-in'}</h1>
        {enrolling ? (
          <>
            <p>This hub requires two-step sign-in for your role. Add it to your authenticator app, then type the code it shows to finish signing in.</p>
            {setup.isPending && <p className="muted">Preparing your key…</p>}
            {setup.data && <TotpSetupView setup={setup.data} />}
          </>
        ) : (
          <p>Open your authenticator app and type the 6-digit code for Omni Console.</p>
        )}
        {expired ? (
          <p className="form-error" role="alert" data-testid="totp-error">
            {error}
          </p>
        ) : (
          <TotpCodeField id="totp-login-code" value={code} onChange={setCode} error={error} autoFocus />
        )}
        {!expired && (
          <button type="submit" className="btn btn-primary" data-testid="totp-submit" disabled={verify.isPending || (enrolling && !setup.data)}>
            {verify.isPending ? 'Checking…' : 'Sign in'}
          </button>
        )}
        <button type="button" className="btn btn-ghost" data-testid="totp-restart" onClick={onRestart}>
          {expired ? 'Sign in again' : 'Back to email and password'}
        </button>
      </form>
    </main>
  );
}
