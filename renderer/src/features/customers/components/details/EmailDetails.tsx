import { lazy, Suspense } from 'react';
import type { EmailData } from '../../../../../../shared/index.js';
import { KeyValues } from './KeyValues.js';
import { QuotedText } from './QuotedText.js';

// DOMPurify is only needed once an HTML email is opened: keep it out of the startup bundle.
const EmailBody = lazy(() => import('../EmailBody.js').then((m) => ({ default: m.EmailBody })));

export function EmailDetails({ data }: { data: EmailData }) {
  const to = Array.isArray(data.to) ? data.to.join(', ') : data.to;
  return (
    <>
      <KeyValues
        rows={[
          ['Subject', data.subject],
          ['From', data.from],
          ['To', to],
          ['Direction', data.direction],
          ['Attachments', data.attachments?.map((a) => a.filename).join(', ')],
        ]}
      />
      {data.html ? (
        <Suspense fallback={<p className="muted">Loading email…</p>}>
          <EmailBody html={data.html} subject={data.subject} />
        </Suspense>
      ) : data.text ? <QuotedText text={data.text} /> : <p className="muted">No body.</p>}
    </>
  );
}
