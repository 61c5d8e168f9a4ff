import type { TotpSetup } from '../../../../../shared/index.js';
import './totp.css';

/** The new secret for an authenticator app: its QR code, and the same secret in groups of 4 to type by hand. */
export function TotpSetupView({ setup }: { setup: TotpSetup }) {
  // An <img> of the hub's SVG: shown as a picture, never run as markup.
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;
  return (
    <div className="totp-setup" data-testid="totp-setup">
      <p>Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…).</p>
      <img className="totp-qr" src={src} width={176} height={176} alt={`QR code to add ${setup.account} to an authenticator app`} />
      <p className="muted">Cannot scan? Add an account by hand with this key (time-based):</p>
      <p className="totp-secret" data-testid="totp-secret" aria-label={`Key: ${setup.secretGroups.join(' ')}`}>
        {setup.secretGroups.map((g, i) => (
          <span key={i}>{g}</span>
        ))}
      </p>
    </div>
  );
}
