import { useSession } from '../../state/session.js';
import { ScreenDialogButton } from '../ScreenDialogButton.js';
import { ConnectorStatusPage } from './ConnectorStatusPage.js';
import './connectors.css';

/** Header entry to the connector status page; shown to admins only (the API refuses others anyway). */
export function ConnectorsButton() {
  const role = useSession((s) => s.user?.role);
  if (role !== 'admin') return null;
  return (
    <ScreenDialogButton label="Connectors" testId="open-connectors" buttonClass="connectors-button" overlayClass="connectors-overlay">
      {(close) => <ConnectorStatusPage onClose={close} />}
    </ScreenDialogButton>
  );
}
