import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ValueExportPart, ValueReport } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { createValueApi } from '../api.js';
import { valueKeys } from '../keys.js';
import { formatDate, formatMoney } from '../../../lib/format.js';
import { useCustomerNavigation } from '../../customers/navigation.js';
import { ACTIVITY_LABEL, percentWords } from './value-words.js';
import './value.css';

const CHART = { width: 480, height: 220 };
const pct = (v: number) => percentWords(v);
const CHANNEL_LABEL: Record<string, string> = { online: 'Online', store: 'In store' };

/** Retention curves: share of each cohort buying in months 1–3 after their first. */
function retentionRows(report: ValueReport) {
  return report.cohorts.map((c) => ({ month: c.month, repeat: c.repeatPurchaseRate, m1: c.retention[1] ?? 0, m2: c.retention[2] ?? 0, m3: c.retention[3] ?? 0 }));
}

/** For leads: value and retention by first-purchase cohort and acquisition channel, and the high-value customers at risk. */
export function ValueScreen({ onClose }: { onClose?: () => void }) {
  const api = useFeatureApi(createValueApi);
  const [months, setMonths] = useState(12);
  const report = useQuery({ queryKey: valueKeys.report(months), queryFn: ({ signal }) => api.getValueReport({ months, atRiskLimit: 50 }, signal), staleTime: 60_000 });
  const openCustomer = useCustomerNavigation().open;
  const [exportError, setExportError] = useState<string | null>(null);

  async function download(part: ValueExportPart) {
    setExportError(null);
    try {
      const csv = await api.getValueCsv(part, { months, atRiskLimit: 500 });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `customer-value-${part}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setExportError(err instanceof Error ? err.message : String(err));
    }
  }

  const r = report.data;
  const currency = r?.model.currency ?? 'USD';
  const money = (v: number) => formatMoney(v, currency);
  return (
    <section className="value-page" aria-labelledby="value-title" data-testid="value-screen">
      <div className="value-head">
        <h2 id="value-title">Customer value</h2>
        <label>
          Cohorts{' '}
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))} aria-label="Cohorts to show">
            {[6, 12, 24, 36].map((m) => (
              <option key={m} value={m}>
                last {m} months
              </option>
            ))}
          </select>
        </label>
        {onClose && (
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      {report.isError && (
        <p className="identity-error" role="alert">
          {report.error.message}
        </p>
      )}
      {report.isPending && <p aria-busy="true">Loading the value report…</p>}
      {r && (
        <>
          <div className="value-summary" data-testid="value-summary">
            <div>
              <strong>{r.purchasingCustomers.toLocaleString()}</strong> purchasing customers
            </div>
            <div>
              <strong>{pct(r.repeatPurchaseRate)}</strong> bought again
            </div>
            <div>
              <strong>{money(r.expectedValue12m)}</strong> expected in the next 12 months
            </div>
            <div className="muted">
              {r.model.source === 'fitted' ? `Model fitted ${formatDate(r.model.fittedAt)} on ${r.model.purchasingCustomers.toLocaleString()} customers` : `Default model until ${r.model.minCustomersToFit.toLocaleString()} customers have bought`}
            </div>
          </div>
          <div className="value-charts">
            <figure className="value-chart">
              <h3>Repeat purchase and retention by first-purchase month</h3>
              <LineChart {...CHART} data={retentionRows(r)}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" fontSize={11} />
                <YAxis tickFormatter={pct} fontSize={11} domain={[0, 1]} />
                <Tooltip formatter={(v) => pct(Number(v))} />
                <Legend />
                <Line type="monotone" dataKey="repeat" name="Bought again" stroke="#1f6feb" />
                <Line type="monotone" dataKey="m1" name="Bought in month 1" stroke="#2da44e" />
                <Line type="monotone" dataKey="m3" name="Bought in month 3" stroke="#bf8700" />
              </LineChart>
            </figure>
            <figure className="value-chart">
              <h3>Expected 12-month value per customer, by cohort</h3>
              <BarChart {...CHART} data={r.cohorts}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" fontSize={11} />
                <YAxis tickFormatter={(v: number) => money(v)} fontSize={11} width={70} />
                <Tooltip formatter={(v) => money(Number(v))} />
                <Bar dataKey="meanExpectedValue12m" name="Per customer" fill="#8250df" />
              </BarChart>
            </figure>
            <figure className="value-chart">
              <h3>Expected 12-month value by acquisition channel</h3>
              <BarChart {...CHART} data={r.channels.map((c) => ({ ...c, label: `${CHANNEL_LABEL[c.channel] ?? c.channel} · ${c.source}` }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" fontSize={11} />
                <YAxis tickFormatter={(v: number) => money(v)} fontSize={11} width={70} />
                <Tooltip formatter={(v) => money(Number(v))} />
                <Bar dataKey="meanExpectedValue12m" name="Per customer" fill="#0969da" />
              </BarChart>
            </figure>
          </div>
          <h3>High-value customers at risk</h3>
          <table className="value-table" aria-label="High-value customers at risk" data-testid="at-risk-table">
            <thead>
              <tr>
                <th>Customer</th>
                <th className="num">Worth in 12 months if kept</th>
                <th className="num">Spent so far</th>
                <th>Still buying?</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {r.atRisk.map((c) => (
                <tr key={c.customerId} data-testid="at-risk-row">
                  <td>
                    <button type="button" className="link-button" onClick={() => openCustomer(c.customerId)}>
                      {c.displayName}
                    </button>
                  </td>
                  <td className="num">{money(c.valueIfActive12m)}</td>
                  <td className="num">{money(c.totalSpend)}</td>
                  <td>
                    {ACTIVITY_LABEL[c.activity]} ({percentWords(c.pAlive)})
                  </td>
                  <td>{c.explanation}</td>
                </tr>
              ))}
              {r.atRisk.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No repeat customer is more likely gone than not.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="value-exports">
            <span>Export CSV:</span>
            <button type="button" className="btn" onClick={() => void download('cohorts')}>
              Cohorts
            </button>
            <button type="button" className="btn" onClick={() => void download('channels')}>
              Channels
            </button>
            <button type="button" className="btn" onClick={() => void download('at-risk')}>
              Customers at risk
            </button>
            {exportError && (
              <span className="identity-error" role="alert">
                {exportError}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
