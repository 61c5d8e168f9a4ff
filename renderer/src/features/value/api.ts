import { ValueReportSchema, type ValueExportPart, type ValueReport } from '../../../../shared/index.js';
import type { HubFetch } from '../../api/hub-fetch.js';

export interface ValueQuery {
  months?: number;
  atRiskLimit?: number;
}

function valueQs(q: ValueQuery): URLSearchParams {
  const qs = new URLSearchParams();
  if (q.months !== undefined) qs.set('months', String(q.months));
  if (q.atRiskLimit !== undefined) qs.set('atRiskLimit', String(q.atRiskLimit));
  return qs;
}

/** Customer value (issue 14, leads): cohort report and one part of it as CSV text. */
export function createValueApi(hub: HubFetch) {
  return {
    getValueReport: (query: ValueQuery, signal?: AbortSignal): Promise<ValueReport> => hub.json(ValueReportSchema, `/api/v1/value/report?${valueQs(query)}`, { signal }),
    getValueCsv: (part: ValueExportPart, query: ValueQuery = {}): Promise<string> =>
      hub.text(`/api/v1/value/export.csv?${valueQs(query)}&part=${encodeURIComponent(part)}`, 'text/csv'),
  };
}
