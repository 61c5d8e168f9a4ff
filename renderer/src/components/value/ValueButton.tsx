import { useEffect, useState } from 'react';
import { useSession } from '../../state/session.js';
import { ValueScreen } from './ValueScreen.js';
import './value.css';

/** Header entry to the customer-value screen; leads and admins only (the API refuses others anyway). */
export function ValueButton() {
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
  if (role !== 'lead' && role !== 'admin') return null;
  return (
    <>
      <button type="button" className="connectors-button value-button" data-testid="open-value" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Customer value
      </button>
      {open && (
        <div
          className="value-overlay"
          role="dialog"
          aria-modal="true"
          aria-label="Customer value"
          onClick={(e) => {
            if (e.target === e.currentTarget) setOpen(false);
          }}
        >
          <ValueScreen onClose={() => setOpen(false)} />
        </div>
      )}
    </>
  );
}
