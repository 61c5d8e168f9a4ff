import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { EraseRequestSchema, type CustomerProfile, type ErasureResult } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { DoneDialog, FormDialog } from '../../../components/FormDialog.js';
import { fieldErrors, sentence } from '../../../lib/field-errors.js';
import { formatCount } from '../../../lib/format.js';
import { customerKeys } from '../../customers/keys.js';
import { createPrivacyApi, privacyKeys } from '../api.js';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** What an erasure removed, in words. */
export function erasureWords(r: ErasureResult): string {
  const parts = [plural(r.identifiers, 'contact detail', 'contact details'), plural(r.events, 'event', 'events'), plural(r.attachments, 'attachment', 'attachments')];
  if (r.deadLetters > 0) parts.push(plural(r.deadLetters, 'held delivery', 'held deliveries'));
  const records = r.customerIds.length > 1 ? ` across ${formatCount(r.customerIds.length)} merged records` : '';
  return `Removed the personal data of ${parts.join(', ')}${records}.`;
}

/**
 * "Erase personal data": a reason and an explicit confirmation, then the hub removes the person's data
 * in one transaction (amounts, dates and channels stay for totals) and records who did it and why.
 */
export function EraseDialog({ profile, onClose }: { profile: CustomerProfile; onClose: () => void }) {
  const api = useFeatureApi(createPrivacyApi);
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const [problem, setProblem] = useState<{ field: 'reason' | 'confirm'; text: string } | null>(null);
  const erase = useMutation({
    mutationFn: (r: string) => api.erase(profile.id, { reason: r }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: customerKeys.profile(profile.id) }),
        qc.invalidateQueries({ queryKey: customerKeys.timelineAll(profile.id) }),
        qc.invalidateQueries({ queryKey: customerKeys.searchAll() }),
        qc.invalidateQueries({ queryKey: privacyKeys.requests() }),
      ]),
  });
  const { byField, summary } = fieldErrors(erase.error);
  const onSubmit = () => {
    const parsed = EraseRequestSchema.safeParse({ reason });
    if (!parsed.success) return setProblem({ field: 'reason', text: sentence(parsed.error.issues[0]?.message ?? 'say why') });
    if (!sure) return setProblem({ field: 'confirm', text: 'Tick the box to confirm: an erasure cannot be undone.' });
    setProblem(null);
    erase.mutate(parsed.data.reason);
  };
  if (erase.data) {
    return (
      <DoneDialog title="Personal data erased" testId="erase-done" onClose={onClose}>
        <p className="form-ok" role="status">
          {erasureWords(erase.data)} Amounts, dates and channels stay, so totals do not change. Old events sent again will not bring the person back.
        </p>
      </DoneDialog>
    );
  }
  const reasonError = problem?.field === 'reason' ? problem.text : byField['reason'];
  return (
    <FormDialog
      title={`Erase the personal data of ${profile.displayName}`}
      testId="erase-dialog"
      onClose={onClose}
      onSubmit={onSubmit}
      error={problem?.field === 'confirm' ? problem.text : summary}
      submitLabel="Erase for good"
      pendingLabel="Erasing…"
      pending={erase.isPending}
      submitTestId="erase-submit"
      danger
    >
      <p className="modal-note">
        Removes the name, contact details, message contents and attachments of this person, from every record merged into this profile. Amounts, dates and channels stay for the totals. This cannot be undone; export the data first if the person asked for a copy.
      </p>
      <label>
        Why is the data erased?
        <textarea data-testid="erase-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. the customer asked by email to be forgotten" aria-invalid={Boolean(reasonError)} required />
        {reasonError && (
          <span className="field-error" role="alert">
            {reasonError}
          </span>
        )}
      </label>
      <label className="privacy-option">
        <input type="checkbox" data-testid="erase-confirm" checked={sure} onChange={(e) => setSure(e.target.checked)} />I understand the personal data is gone for good.
      </label>
    </FormDialog>
  );
}
