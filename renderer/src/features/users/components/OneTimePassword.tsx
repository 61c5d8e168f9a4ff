import { useState } from 'react';

/** The one-time password, shown this once: large, selectable, with Copy; the admin hands it over in person. */
export function OneTimePassword({ name, password }: { name: string; password: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard
      .writeText(password)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('failed'));
  return (
    <div className="one-time-password" data-testid="one-time-password-box">
      <p>
        One-time password for <strong>{name}</strong>. It is shown only now: give it to them in person. They choose their own at first sign-in.
      </p>
      <div className="otp-row">
        <code data-testid="one-time-password">{password}</code>
        <button type="button" className="btn" onClick={() => void copy()} data-testid="copy-password">
          Copy
        </button>
      </div>
      <p className="otp-copied" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the password and copy it by hand.' : ''}
      </p>
    </div>
  );
}
