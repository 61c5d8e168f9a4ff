import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { TimelineItem } from '../../../../../../shared/index.js';
import { customerKeys } from '../../keys.js';
import { ItemDetails } from './ItemDetails.js';

afterEach(cleanup);

const base = (over: Partial<TimelineItem>): TimelineItem => ({
  id: 'evt_1',
  customerId: 'cus_1',
  channel: 'email',
  type: 't',
  occurredAt: '2024-05-01T10:00:00.000000Z',
  summary: 's',
  source: 'x',
  sourceEventId: 'x1',
  data: {},
  seq: 1,
  ...over,
});

function show(item: TimelineItem, cached: TimelineItem[] = []) {
  const qc = new QueryClient();
  qc.setQueryData(customerKeys.timeline(item.customerId, []), { pages: [{ items: cached, nextCursor: null }], pageParams: [null] });
  render(
    <QueryClientProvider client={qc}>
      <ItemDetails item={item} />
    </QueryClientProvider>,
  );
}

describe('channel item extras', () => {
  it('email: quoted text collapsed, attachments listed, thread of loaded messages shown in order', () => {
    const t = (id: string, at: string, subject: string) => base({ id, occurredAt: at, summary: subject, data: { threadId: '<t1@x>', from: 'ann@example.com', subject } });
    const item = base({
      id: 'e2',
      occurredAt: '2024-05-02T10:00:00.000000Z',
      summary: 'Re: parcel',
      data: { subject: 'Re: parcel', from: 'ann@example.com', text: 'Any news?\n\nOn Wed, Ann wrote:\n> where is it', threadId: '<t1@x>', attachments: [{ filename: 'photo.jpg', contentType: 'image/jpeg', size: 2048, stored: true }, { filename: 'huge.zip', size: 9e7, stored: false, skipped: 'too large' }] },
    });
    show(item, [t('e3', '2024-05-03T10:00:00.000000Z', 'Re: Re: parcel'), item, t('e1', '2024-05-01T10:00:00.000000Z', 'parcel')]);
    const quoted = document.querySelector('details.email-quoted') as HTMLDetailsElement;
    expect(quoted.open).toBe(false);
    expect(quoted.textContent).toContain('> where is it');
    expect(document.querySelector('pre.email-text')!.textContent).toBe('Any news?');
    expect(screen.getByLabelText('Attachments').textContent).toMatch(/photo\.jpg.*2\.0 KB[\s\S]*huge\.zip.*not kept: too large/);
    const thread = screen.getByLabelText('Email thread');
    expect(thread.textContent).toContain('Thread · 3 messages');
    expect([...thread.querySelectorAll('li')].map((li) => li.textContent!.split('— ')[1])).toEqual(['parcel', 'Re: parcel', 'Re: Re: parcel']);
    expect(thread.querySelector('[aria-current="true"]')!.textContent).toContain('Re: parcel');
    fireEvent.click(screen.getByText('Show quoted text'));
  });

  it('order: lines plus refunds, fulfillment tracking and status history', () => {
    show(
      base({
        channel: 'purchase',
        data: {
          orderNumber: '#1001',
          currency: 'USD',
          total: 20,
          status: 'paid',
          lines: [{ title: 'Mug', quantity: 2, unitPrice: 10 }],
          refunds: [{ id: 'r1', total: 5, currency: 'USD', note: 'chipped' }],
          fulfillments: [{ id: 'f1', status: 'success', trackingCompany: 'UPS', trackingNumbers: ['1Z9'], trackingUrls: ['https://ups.example/1Z9'] }],
          history: [{ topic: 'orders/create', at: '2024-05-01T10:00:00Z', status: 'pending' }, { topic: 'orders/paid', at: '2024-05-01T11:00:00Z', status: 'paid' }],
        },
      }),
    );
    expect(screen.getByText('Refunds').parentElement!.textContent).toMatch(/5\.00.*chipped/);
    expect(screen.getByText('Fulfillment').parentElement!.textContent).toMatch(/UPS 1Z9/);
    expect((screen.getByRole('link', { name: /Track/ }) as HTMLAnchorElement).href).toBe('https://ups.example/1Z9');
    expect([...screen.getByLabelText('Order history').querySelectorAll('li span')].map((s) => s.textContent)).toEqual(['pending', 'paid']);
  });

  it('store receipt: card shown as last 4 only, returns name the original receipt', () => {
    show(base({ channel: 'store', data: { storeId: 'S1', receiptNumber: 'R2', visitType: 'return', total: 3, currency: 'USD', payment: { cardBrand: 'visa', cardLast4: '4242' }, originalReceiptNumber: 'R1' } }));
    expect(screen.getByText('visa •••• 4242')).toBeTruthy();
    expect(screen.getByText('R1')).toBeTruthy();
  });
});
