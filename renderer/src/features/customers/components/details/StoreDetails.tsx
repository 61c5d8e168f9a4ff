import type { StoreData } from '../../../../../../shared/index.js';
import { formatMoney } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';
import { LinesTable } from './LinesTable.js';

export function StoreDetails({ data }: { data: StoreData }) {
  const currency = data.currency ?? 'USD';
  return (
    <>
      <KeyValues
        rows={[
          ['Store', data.storeName ?? data.storeId],
          ['Associate', data.associate],
          ['Visit type', data.visitType],
          ['Duration', data.durationMin !== undefined ? `${data.durationMin} min` : undefined],
          ['Receipt', data.receiptNumber],
          ['Total', data.total !== undefined && !data.lines?.length ? formatMoney(data.total, currency) : undefined],
        ]}
      />
      {data.lines && data.lines.length > 0 && <LinesTable lines={data.lines} currency={currency} totals={[['Total', data.total]]} />}
    </>
  );
}
