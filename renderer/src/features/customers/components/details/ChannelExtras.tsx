import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { z } from 'zod';
import type { TimelineItem, TimelinePage } from '../../../../../../shared/index.js';
import { customerKeys } from '../../keys.js';
import { getBridge, openExternal } from '../../../../env/bridge.js';
import { formatDateTime, formatFull, formatMoney } from '../../../../lib/format.js';
import { PaperclipIcon } from '../../../../ui/PaperclipIcon.js';
import { KeyValues } from './KeyValues.js';
import './channel-extras.css';

/*
 * What connectors add beyond the shared channel-data shapes: an email's thread and stored
 * attachments, an order's status history / refunds / fulfillments, a store receipt's payment.
 * Each part safe-parses its own slice of `data` and renders nothing when it is absent.
 */

const HistorySchema = z.array(z.object({ topic: z.string(), at: z.string(), status: z.string().optional() }));
const RefundsSchema = z.array(z.object({ id: z.string(), total: z.number(), currency: z.string().optional(), at: z.string().optional(), note: z.string().optional() }));
const FulfillmentsSchema = z.array(
  z.object({
    id: z.string(),
    status: z.string(),
    at: z.string().optional(),
    trackingCompany: z.string().optional(),
    trackingNumbers: z.array(z.string()).optional(),
    trackingUrls: z.array(z.string()).optional(),
  }),
);
const AttachmentsSchema = z.array(z.object({ filename: z.string(), contentType: z.string().optional(), size: z.number().optional(), stored: z.boolean().optional(), skipped: z.string().optional(), inline: z.boolean().optional() }));
const PaymentSchema = z.object({ method: z.string().optional(), cardBrand: z.string().optional(), cardLast4: z.string().optional() });

export function ChannelExtras({ item }: { item: TimelineItem }) {
  switch (item.channel) {
    case 'email':
      return (
        <>
          <Attachments data={item.data} />
          <EmailThread item={item} />
        </>
      );
    case 'purchase':
      return <OrderExtras data={item.data} />;
    case 'store':
      return <ReceiptExtras data={item.data} />;
    default:
      return null;
  }
}

function ExternalLink({ url, children }: { url: string; children: string }) {
  if (!/^https?:\/\//i.test(url)) return <>{children}</>;
  return getBridge() ? (
    <button type="button" className="link-button" onClick={() => openExternal(url)}>
      {children} ↗
    </button>
  ) : (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children} ↗
    </a>
  );
}

function sizeLabel(n: number | undefined): string {
  if (n === undefined) return '';
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function Attachments({ data }: { data: Record<string, unknown> }) {
  const r = AttachmentsSchema.safeParse(data['attachments']);
  if (!r.success || r.data.length === 0) return null;
  return (
    <ul className="extras-list" aria-label="Attachments">
      {r.data.map((a, i) => (
        <li key={i}>
          <PaperclipIcon /> {a.filename} <span className="muted">{[a.contentType, sizeLabel(a.size), a.inline ? 'inline' : '', a.stored === false ? `not kept: ${a.skipped ?? 'too large'}` : ''].filter(Boolean).join(' · ')}</span>
        </li>
      ))}
    </ul>
  );
}

/** Other messages of this conversation already loaded for the customer (same data.threadId). */
function EmailThread({ item }: { item: TimelineItem }) {
  const qc = useQueryClient();
  const threadId = typeof item.data['threadId'] === 'string' ? item.data['threadId'] : null;
  if (!threadId) return null;
  const seen = new Map<string, TimelineItem>();
  for (const [, data] of qc.getQueriesData<InfiniteData<TimelinePage>>({ queryKey: customerKeys.timelineAll(item.customerId) })) {
    for (const page of data?.pages ?? []) for (const i of page.items) if (i.channel === 'email' && i.data['threadId'] === threadId) seen.set(i.id, i);
  }
  const thread = [...seen.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  if (thread.length < 2) return null;
  return (
    <div className="email-thread" aria-label="Email thread">
      <div className="extras-title">Thread · {thread.length} messages</div>
      <ol>
        {thread.map((m) => (
          <li key={m.id} className={m.id === item.id ? 'current' : undefined} aria-current={m.id === item.id ? 'true' : undefined}>
            <time dateTime={m.occurredAt} title={formatFull(m.occurredAt)}>
              {formatDateTime(m.occurredAt)}
            </time> · {String(m.data['from'] ?? '')} — {m.summary ?? ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

function OrderExtras({ data }: { data: Record<string, unknown> }) {
  const history = HistorySchema.safeParse(data['history']);
  const refunds = RefundsSchema.safeParse(data['refunds']);
  const fulfillments = FulfillmentsSchema.safeParse(data['fulfillments']);
  const currency = typeof data['currency'] === 'string' ? data['currency'] : 'USD';
  const cancelled = typeof data['cancelledTotal'] === 'number' ? data['cancelledTotal'] : undefined;
  return (
    <>
      {cancelled !== undefined && <p className="muted">Cancelled before payment: {formatMoney(cancelled, currency)} not charged.</p>}
      {refunds.success && refunds.data.length > 0 && (
        <div className="extras-block">
          <div className="extras-title">Refunds</div>
          <ul className="extras-list">
            {refunds.data.map((r) => (
              <li key={r.id}>
                −{formatMoney(r.total, r.currency ?? currency)} {r.at && <span className="muted">· {formatDateTime(r.at)}</span>} {r.note && <span>· {r.note}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {fulfillments.success && fulfillments.data.length > 0 && (
        <div className="extras-block">
          <div className="extras-title">Fulfillment</div>
          <ul className="extras-list">
            {fulfillments.data.map((f) => (
              <li key={f.id}>
                <span className="pill">{f.status}</span> {f.trackingCompany} {f.trackingNumbers?.join(', ')}{' '}
                {f.trackingUrls?.[0] && <ExternalLink url={f.trackingUrls[0]}>Track</ExternalLink>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {history.success && history.data.length > 1 && (
        <ol className="status-trail" aria-label="Order history">
          {history.data.map((h, i) => (
            <li key={i}>
              <span>{h.status ?? h.topic}</span> <time dateTime={h.at}>{formatDateTime(h.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function ReceiptExtras({ data }: { data: Record<string, unknown> }) {
  const payment = PaymentSchema.safeParse(data['payment']);
  const card = payment.success && payment.data.cardLast4 ? `${payment.data.cardBrand ?? 'card'} •••• ${payment.data.cardLast4}` : undefined;
  return (
    <KeyValues
      rows={[
        ['Payment', card ?? (payment.success ? payment.data.method : undefined)],
        ['Returned receipt', typeof data['originalReceiptNumber'] === 'string' ? data['originalReceiptNumber'] : undefined],
        ['Order picked up', typeof data['orderNumber'] === 'string' ? data['orderNumber'] : undefined],
        ['Order total', typeof data['orderTotal'] === 'number' ? formatMoney(data['orderTotal'], typeof data['currency'] === 'string' ? data['currency'] : 'USD') : undefined],
      ]}
    />
  );
}
