import { useState } from 'react';
import { useHub } from '../../../../api/HubProvider.js';
import { PaperclipIcon } from '../../../../ui/PaperclipIcon.js';
import { downloadAttachment, sizeWords, type EmailAttachment } from './email-attachments.js';

/** The files an email came with: each a download button when the hub kept it, else its name and why not. */
export function EmailAttachments({ eventId, attachments }: { eventId: string; attachments: readonly EmailAttachment[] }) {
  const hub = useHub();
  const [failed, setFailed] = useState<string | null>(null);
  // Inline parts already show inside the message; only files sent alongside are listed.
  const files = attachments.filter((a) => !a.inline || !a.contentId);
  if (files.length === 0) return null;
  return (
    <div className="email-attachments">
      <ul aria-label="Attachments">
        {files.map((a, i) => (
          <li key={`${a.sha256 ?? a.filename}-${i}`}>
            <PaperclipIcon />{' '}
            {a.stored && a.sha256 ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  setFailed(null);
                  downloadAttachment(hub, eventId, a).catch((err: unknown) => setFailed(`${a.filename}: ${err instanceof Error ? err.message : 'download failed'}`));
                }}
              >
                Download {a.filename}
              </button>
            ) : (
              <span>
                {a.filename} <span className="muted">(not kept)</span>
              </span>
            )}{' '}
            <span className="muted">{sizeWords(a.size)}</span>
          </li>
        ))}
      </ul>
      {failed && (
        <p role="alert" className="field-error">
          {failed}
        </p>
      )}
    </div>
  );
}
