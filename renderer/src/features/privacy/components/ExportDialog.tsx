import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CustomerProfile } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { DoneDialog, FormDialog } from '../../../components/FormDialog.js';
import { refusalText } from '../../../lib/field-errors.js';
import { createPrivacyApi, privacyKeys, saveFile, type ExportFormat } from '../api.js';

/** A file name from the person's name and today's date (no ids: the admin files it by name). */
export function exportFileName(displayName: string, format: ExportFormat, today = new Date()): string {
  const slug = displayName.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/\s+/g, '-').slice(0, 40) || 'customer';
  return `data-of-${slug}-${today.toISOString().slice(0, 10)}.${format}`;
}

/** "Export data": everything the hub holds about the person, as JSON or a ZIP with the attachments. The hub records who exported. */
export function ExportDialog({ profile, onClose }: { profile: CustomerProfile; onClose: () => void }) {
  const api = useFeatureApi(createPrivacyApi);
  const qc = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>('json');
  const run = useMutation({
    mutationFn: () => api.exportFile(profile.id, format),
    onSuccess: async (blob) => {
      saveFile(blob, exportFileName(profile.displayName, format));
      // An export answers a waiting data request: the requests screen shows it done.
      await qc.invalidateQueries({ queryKey: privacyKeys.requests() });
    },
  });
  if (run.isSuccess) {
    return (
      <DoneDialog title="Data exported" testId="export-done" onClose={onClose}>
        <p className="form-ok" role="status">
          The data of {profile.displayName} is saved as {exportFileName(profile.displayName, format)}. The export is recorded in the audit trail.
        </p>
      </DoneDialog>
    );
  }
  return (
    <FormDialog title={`Export the data of ${profile.displayName}`} testId="export-dialog" onClose={onClose} onSubmit={() => run.mutate()} error={refusalText(run.error)} submitLabel="Download" pendingLabel="Preparing…" pending={run.isPending} submitTestId="export-submit">
      <p className="modal-note">Everything held about this person: profile, contact details, every event with its data, merges, marketing consent and the attachments. Send it only to the person who asked.</p>
      <fieldset className="privacy-format">
        <legend>Format</legend>
        <label className="privacy-option">
          <input type="radio" name="export-format" value="json" data-testid="export-format-json" checked={format === 'json'} onChange={() => setFormat('json')} />
          One JSON file (attachments listed)
        </label>
        <label className="privacy-option">
          <input type="radio" name="export-format" value="zip" data-testid="export-format-zip" checked={format === 'zip'} onChange={() => setFormat('zip')} />
          A ZIP file with the attachments
        </label>
      </fieldset>
    </FormDialog>
  );
}
