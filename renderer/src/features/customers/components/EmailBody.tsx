import { useEffect, useMemo, useState } from 'react';
import { useHub } from '../../../api/HubProvider.js';
import { buildEmailSrcdoc, sanitizeEmailHtml } from '../../../lib/sanitize.js';
import { useInlineImages, type EmailAttachment } from './details/email-attachments.js';

/**
 * Untrusted email HTML: sanitized, remote images replaced by placeholders until the agent opts in,
 * inline `cid:` parts shown from the stored attachments (as raster data: URLs), and shown only in
 * `<iframe sandbox="">` (no scripts, opaque origin) whose srcdoc carries its own CSP.
 */
const INLINE_WAIT_MS = 3000;

export function EmailBody({ html, subject, eventId, attachments }: { html: string; subject?: string; eventId?: string; attachments?: readonly EmailAttachment[] }) {
  const [allowRemote, setAllowRemote] = useState(false);
  const inlineImages = useInlineImages(useHub(), eventId, attachments);
  // The frame is built once, with its inline images: changing srcdoc re-navigates the sandboxed frame
  // (a flash of placeholders, and in Chromium a fresh frame process). A slow hub only delays it so long.
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (inlineImages !== null) return;
    const timer = setTimeout(() => setGaveUp(true), INLINE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [inlineImages]);
  const ready = inlineImages !== null || gaveUp;
  const { srcdoc, blocked } = useMemo(() => {
    const clean = sanitizeEmailHtml(html, { allowRemoteImages: allowRemote, inlineImages: inlineImages ?? undefined });
    return { srcdoc: buildEmailSrcdoc(clean.html, allowRemote), blocked: clean.blockedImages };
  }, [html, allowRemote, inlineImages]);

  return (
    <div className="email-body">
      {blocked > 0 && !allowRemote && (
        <div className="email-notice" role="note">
          <span>
            {blocked} remote image{blocked === 1 ? '' : 's'} blocked to protect privacy.
          </span>
          <button type="button" className="btn btn-small" onClick={() => setAllowRemote(true)}>
            Show remote images
          </button>
        </div>
      )}
      <div className="email-frame-wrap">
        {ready ? (
          <iframe data-testid="email-frame" title={subject ? `Email: ${subject}` : 'Email body'} sandbox="" srcDoc={srcdoc} referrerPolicy="no-referrer" />
        ) : (
          <p className="muted email-frame-loading">Loading email…</p>
        )}
      </div>
    </div>
  );
}
