import { useState } from 'react';
import type { CustomerProfile } from '../../../../../shared/index.js';
import { useCan } from '../../auth/permissions.js';
import { EraseDialog } from './EraseDialog.js';
import { ExportDialog } from './ExportDialog.js';
import './privacy.css';

/** On the customer screen, for roles with privacy.export / privacy.erase (admins): export the person's data, or erase it. */
export function PrivacyActions({ profile }: { profile: CustomerProfile }) {
  const canExport = useCan('privacy.export');
  const canErase = useCan('privacy.erase');
  const [open, setOpen] = useState<'export' | 'erase' | null>(null);
  if (!canExport && !canErase) return null;
  return (
    <div className="privacy-actions" role="group" aria-label="Privacy requests" data-testid="privacy-actions">
      <span className="privacy-actions-title">Privacy</span>
      {canExport && (
        <button type="button" className="btn btn-small" data-testid="open-export" onClick={() => setOpen('export')}>
          Export data…
        </button>
      )}
      {canErase && (
        <button type="button" className="btn btn-small" data-testid="open-erase" onClick={() => setOpen('erase')}>
          Erase personal data…
        </button>
      )}
      {open === 'export' && <ExportDialog profile={profile} onClose={() => setOpen(null)} />}
      {open === 'erase' && <EraseDialog profile={profile} onClose={() => setOpen(null)} />}
    </div>
  );
}
