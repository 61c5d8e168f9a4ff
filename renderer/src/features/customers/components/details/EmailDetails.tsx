import { lazy, Suspense } from 'react';
import type { EmailData } from '../../../../../../shared/index.js';
import { EmailAttachments } from './EmailAttachments.js';
import { KeyValues } from './KeyValues.js';
import { QuotedText } from './QuotedText.js';

// DOMPurify is only needed once an HTML email is opened: keep it out of the startup bundle.
const EmailBody = lazy(() => import('../EmailBody.js').then((m) => ({ default: m.EmailBody })));

/** `eventId` (the timeline item's id) reaches the email's stored attachments: inline images and downloads. */
export function EmailDetails({ data, eventId }: { data: EmailData; eventId?: string }) {
  const to = Array.isArray(data.to) ? data.to.join(', ') : data.to;
  const downloadable = eventId !== undefined && (data.attachments ?? []).some((a) => a.sha256 !== undefined);
  return (
    <>
      <KeyValues
        rows={[
          ['Subject', data.subject],
          ['From', data.from],
          ['To', to],
          ['Direction', data.direction],
          ['Attachments', downloadable ? undefined : data.attachments?.map((a) => a.filename).join(', ')],
        ]}
      />
      {downloadable && <EmailAttachments eventId={eventId} attachments={data.attachments ?? []} />}
      {data.html ? (
        <Suspense fallback={<p className="muted">Loading email…</p>}>
          <EmailBody html={data.html} subject={data.subject} {...(eventId ? { eventId } : {})} {...(data.attachments ? { attachments: data.attachments } : {})} />
        </Suspense>
      ) : data.text ? <QuotedText text={data.text} /> : <p className="muted">No body.</p>}
    </>
  );
}
