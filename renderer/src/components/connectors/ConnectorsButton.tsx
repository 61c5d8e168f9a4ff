import { useEffect, useState } from 'react';
import { useSession } from '../../state/session.js';
import { ConnectorStatusPage } from './ConnectorStatusPage.js';
import './connectors.css';

/** Header entry to the connector status page; shown to admins only (the API refuses others anyway). */
export function ConnectorsButton() {
  const role = useSession((s) => s.user?.role);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (role !== 'admin') return null;
  return (
    <>
      <button type="button" className="connectors-button" data-testid="open-connectors" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Connectors
      </button>
      {open && (
        <div
          className="connectors-overlay"
          role="dialog"
          aria-modal="true"
          aria-label="Connectors"
          onClick={(e) => {
            if (e.target === e.currentTarget) setOpen(false);
          }}
        >
          <ConnectorStatusPage onClose={() => setOpen(false)} />
        </div>
      )}
    </>
  );
}
