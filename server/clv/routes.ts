import { z } from 'zod';
import { ValueExportQuerySchema, ValueFitResponseSchema, ValueReportQuerySchema, ValueReportSchema } from '../../shared/index.js';
import type { Domain } from '../domain.js';
import { Download, route, type RouteAccess } from '../route-spec.js';
import { reportCsv } from './csv.js';

const FitQuerySchema = z.object({ rebuild: z.enum(['true', 'false'], { message: 'rebuild must be true or false' }).optional() });

/** Leads and admins only: the screen shows every customer's value. */
const LEADS: RouteAccess = { permission: 'value.report', message: 'lead or admin role required' };

/** Customer value for leads (issue 14): cohort report, CSV export, refit on demand. */
export const valueRoutes = (domain: Domain) => [
  route({
    method: 'GET',
    path: '/api/v1/value/report',
    tags: ['value'],
    summary: 'Customer value report: cohorts by first-purchase month (retention, repeat rate, expected value), value by acquisition channel, high-value customers at risk',
    access: LEADS,
    query: ValueReportQuerySchema,
    response: ValueReportSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: async ({ actor, query }) => domain.value.report(actor, query),
  }),
  route({
    method: 'GET',
    path: '/api/v1/value/export.csv',
    tags: ['value'],
    summary: 'One part of the customer value report as CSV (part = cohorts | channels | at-risk)',
    access: LEADS,
    query: ValueExportQuerySchema,
    response: 'csv',
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: async ({ actor, query }) => {
      const report = await domain.value.report(actor, { months: query.months, atRiskLimit: query.atRiskLimit });
      return new Download('text/csv; charset=utf-8', `customer-value-${query.part}.csv`, reportCsv(report, query.part));
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/value/fit',
    tags: ['value'],
    summary: 'Refit the value models now (in a worker thread); ?rebuild=true re-reads every purchase summary from the timeline first',
    access: LEADS,
    query: FitQuerySchema,
    response: ValueFitResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: async ({ actor, query }) => {
      const r = await domain.value.fit(actor, { rebuild: query.rebuild === 'true' });
      return { model: r.model, params: r.params, logLikelihood: r.logLikelihood, durationMs: r.durationMs, scoredCustomers: r.scoredCustomers };
    },
  }),
];
