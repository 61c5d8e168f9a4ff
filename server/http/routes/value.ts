import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValueExportQuerySchema, ValueFitResponseSchema, ValueReportQuerySchema, ValueReportSchema, type ValueFitResponse, type ValueReport } from '../../../shared/index.js';
import { reportCsv } from '../../clv/csv.js';
import type { Domain } from '../../domain.js';
import { requireUser } from '../auth.js';
import { HttpError, parseOr400 } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

const FitQuerySchema = z.object({ rebuild: z.enum(['true', 'false'], { message: 'rebuild must be true or false' }).optional() });

/** Leads and admins only: the screen shows every customer's value. */
function requireLead(req: FastifyRequest): void {
  const role = req.user?.role;
  if (role !== 'lead' && role !== 'admin') throw new HttpError(403, 'forbidden', 'lead or admin role required', [{ path: 'authorization', message: 'lead or admin role required' }]);
}

/** Customer value for leads (issue 14): cohort report, CSV export, refit on demand. */
export function valueRoutes(app: FastifyInstance, domain: Domain): void {
  const onRequest = requireUser(domain.auth);
  const security = [{ session: [] }];

  app.get(
    '/api/v1/value/report',
    {
      onRequest,
      schema: {
        tags: ['value'],
        summary: 'Customer value report: cohorts by first-purchase month (retention, repeat rate, expected value), value by acquisition channel, high-value customers at risk',
        security,
        querystring: jsonSchema(ValueReportQuerySchema, 'input'),
        response: { 200: jsonSchema(ValueReportSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (req): Promise<ValueReport> => {
      requireLead(req);
      return domain.value.report(parseOr400(ValueReportQuerySchema, req.query));
    },
  );

  app.get(
    '/api/v1/value/export.csv',
    {
      onRequest,
      schema: {
        tags: ['value'],
        summary: 'One part of the customer value report as CSV (part = cohorts | channels | at-risk)',
        security,
        querystring: jsonSchema(ValueExportQuerySchema, 'input'),
        response: { 200: { type: 'string', description: 'text/csv' }, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireLead(req);
      const q = parseOr400(ValueExportQuerySchema, req.query);
      const report = await domain.value.report({ months: q.months, atRiskLimit: q.atRiskLimit });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customer-value-${q.part}.csv"`)
        .send(reportCsv(report, q.part));
    },
  );

  app.post(
    '/api/v1/value/fit',
    {
      onRequest,
      schema: {
        tags: ['value'],
        summary: 'Refit the value models now (in a worker thread); ?rebuild=true re-reads every purchase summary from the timeline first',
        security,
        querystring: jsonSchema(FitQuerySchema, 'input'),
        response: { 200: jsonSchema(ValueFitResponseSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (req): Promise<ValueFitResponse> => {
      requireLead(req);
      const { rebuild } = parseOr400(FitQuerySchema, req.query);
      const r = await domain.value.fit({ rebuild: rebuild === 'true' });
      return { model: r.model, params: r.params, logLikelihood: r.logLikelihood, durationMs: r.durationMs, scoredCustomers: r.scoredCustomers };
    },
  );
}
