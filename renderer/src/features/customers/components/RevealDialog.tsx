import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PiiRevealRequestSchema, type CustomerProfile, type PiiRevealResponse } from '../../../../../shared/index.js';
import { describeError, HubError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { Modal } from '../../../ui/Modal.js';
import { createCustomersApi } from '../api.js';
import { customerKeys } from '../keys.js';
import { useReveals } from '../reveal-store.js';

/** Asks why the full contact details are needed, reveals them (recorded with the user's name), reloads the profile and timeline. */
export function RevealDialog({ profile, onClose }: { profile: CustomerProfile; onClose: () => void }) {
  const api = useFeatureApi(createCustomersApi);
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: (r: string) => api.revealPii(profile.id, r),
    onSuccess: async (res: PiiRevealResponse) => {
      useReveals.getState().revealed(res.customerId);
      await Promise.all([qc.invalidateQueries({ queryKey: customerKeys.profile(profile.id) }), qc.invalidateQueries({ queryKey: customerKeys.timelineAll(profile.id) })]);
      onClose();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = PiiRevealRequestSchema.safeParse({ reason });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'Say why you need the full contact details.');
    setProblem(null);
    reveal.mutate(parsed.data.reason);
  };
  const refused = reveal.error instanceof HubError && reveal.error.status === 403 ? 'You may not reveal contact details. Ask a team lead.' : null;
  const error = problem ?? refused ?? (reveal.isError ? describeError(reveal.error) : null);
  return (
    <Modal title="Reveal contact details" onClose={onClose} testId="reveal-dialog">
      <form className="modal-form" onSubmit={onSubmit} noValidate>
        <p className="modal-note">
          The full email addresses and phone numbers of {profile.displayName} are shown for a few minutes. Your name and reason are recorded, and team leads can see them.
        </p>
        <label>
          Why do you need them?
          <textarea data-testid="reveal-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. customer at the counter asks to update her order" aria-invalid={Boolean(error)} required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error.charAt(0).toUpperCase() + error.slice(1)}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="reveal-submit" disabled={reveal.isPending}>
            {reveal.isPending ? 'Revealing…' : 'Reveal'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
