import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TotpStatus } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { Modal } from '../../../ui/Modal.js';
import { codeProblem, createTotpApi } from '../totp-api.js';
import { codeLooksRight, TotpCodeField } from './TotpCodeField.js';
import { TotpSetupView } from './TotpSetupView.js';

const STATUS_KEY = ['totp-status'];

/** "Two-step sign-in" from the user menu: set it up with an authenticator app, or turn it off (both need a current code). */
export function TwoStepDialog({ onClose }: { onClose: () => void }) {
  const api = useFeatureApi(createTotpApi);
  const queries = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: ({ signal }) => api.status(signal) });
  const [code, setCode] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const setup = useMutation({ mutationFn: () => api.setup() });
  const done = (next: TotpStatus) => {
    queries.setQueryData(STATUS_KEY, next);
    setCode('');
    setup.reset();
  };
  const enable = useMutation({ mutationFn: (c: string) => api.enable(c), onSuccess: done });
  const disable = useMutation({ mutationFn: (c: string) => api.disable(c), onSuccess: done });
  const turningOn = !status.data?.enabled;
  const action = turningOn ? enable : disable;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!codeLooksRight(code)) {
      setFormError('Type the 6 digits your authenticator app shows.');
      return;
    }
    setFormError(null);
    action.mutate(code);
  };
  const failure = action.error ?? setup.error;
  const error = formError ?? (failure ? codeProblem(failure) : null);
  // A code is asked for to turn it on (once the app has the key) or off (unless the hub requires it).
  const asksCode = status.data ? (turningOn ? Boolean(setup.data) : !status.data.required) : false;

  return (
    <Modal title="Two-step sign-in" onClose={onClose} testId="two-step">
      {status.isPending && <p className="muted">Loading…</p>}
      {status.isError && (
        <p className="form-error" role="alert">
          {codeProblem(status.error)}
        </p>
      )}
      {status.data && (
        <form className="modal-form" onSubmit={onSubmit} noValidate>
          <p role="status" data-testid="two-step-state">
            {status.data.enabled ? 'Two-step sign-in is on: signing in asks for a code from your authenticator app.' : 'Two-step sign-in is off: your password alone signs you in.'}
          </p>
          {status.data.enabled && status.data.required && <p className="muted">This hub requires it for your role, so it cannot be turned off.</p>}
          {turningOn && !setup.data && (
            <div className="modal-actions">
              <button type="button" className="btn btn-primary" data-testid="two-step-setup" onClick={() => setup.mutate()} disabled={setup.isPending}>
                {setup.isPending ? 'Preparing…' : 'Set up with an authenticator app'}
              </button>
            </div>
          )}
          {turningOn && setup.data && <TotpSetupView setup={setup.data} />}
          {asksCode && (
            <>
              <TotpCodeField id="two-step-code" value={code} onChange={setCode} error={error} />
              <div className="modal-actions">
                <button type="button" className="btn" onClick={onClose}>
                  Close
                </button>
                <button type="submit" className="btn btn-primary" data-testid="two-step-submit" disabled={action.isPending}>
                  {turningOn ? 'Turn on' : 'Turn off'}
                </button>
              </div>
            </>
          )}
          {!asksCode && error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </Modal>
  );
}
