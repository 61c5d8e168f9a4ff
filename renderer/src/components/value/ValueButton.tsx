import { lazy } from 'react';
import { useSession } from '../../state/session.js';
import { ScreenDialogButton } from '../ScreenDialogButton.js';
import './value.css';

// The charts library is large: load the screen only when a lead opens it.
const ValueScreen = lazy(() => import('./ValueScreen.js').then((m) => ({ default: m.ValueScreen })));

/** Header entry to the customer-value screen; leads and admins only (the API refuses others anyway). */
export function ValueButton() {
  const role = useSession((s) => s.user?.role);
  if (role !== 'lead' && role !== 'admin') return null;
  return (
    <ScreenDialogButton label="Customer value" testId="open-value" buttonClass="connectors-button value-button" overlayClass="value-overlay">
      {(close) => <ValueScreen onClose={close} />}
    </ScreenDialogButton>
  );
}
