import type { PurchaseData } from '../../../../../../shared/index.js';
import { formatMoney } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';
import { LinesTable } from './LinesTable.js';

export function PurchaseDetails({ data }: { data: PurchaseData }) {
  const currency = data.currency ?? 'USD';
  return (
    <>
      <KeyValues
        rows={[
          ['Order', data.orderNumber],
          ['Status', data.status ? <span className="pill">{data.status}</span> : undefined],
          ['Store', data.storeId],
          ['Total', data.total !== undefined && !data.lines?.length ? formatMoney(data.total, currency) : undefined],
        ]}
      />
      {data.lines && data.lines.length > 0 && (
        <LinesTable
          lines={data.lines}
          currency={currency}
          totals={[
            ['Subtotal', data.subtotal],
            ['Discount', data.discount !== undefined ? -Math.abs(data.discount) : undefined],
            ['Tax', data.tax],
            ['Total', data.total],
          ]}
        />
      )}
    </>
  );
}
