import type { OrderLine } from '../../../../../../shared/index.js';
import { formatMoney } from '../../../../lib/format.js';

/** Order or receipt lines with a totals footer; money in the order's currency. */
export function LinesTable({ lines, currency, totals }: { lines: OrderLine[]; currency: string; totals: [string, number | undefined][] }) {
  return (
    <table className="lines">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            Qty
          </th>
          <th scope="col" className="num">
            Unit
          </th>
          <th scope="col" className="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={`${l.sku ?? ''}-${i}`}>
            <td>
              {l.title}
              {l.sku && <span className="sku"> {l.sku}</span>}
            </td>
            <td className="num">{l.quantity}</td>
            <td className="num">{formatMoney(l.unitPrice, currency)}</td>
            <td className="num">{formatMoney(l.unitPrice * l.quantity, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {totals
          .filter(([, v]) => v !== undefined)
          .map(([label, v]) => (
            <tr key={label} className={label === 'Total' ? 'total' : undefined}>
              <th scope="row" colSpan={3}>
                {label}
              </th>
              <td className="num">{formatMoney(v!, currency)}</td>
            </tr>
          ))}
      </tfoot>
    </table>
  );
}
