import {
  CustomerConsentResponseSchema,
  CustomerExportSchema,
  EraseRequestSchema,
  ErasureResultSchema,
  ExportQuerySchema,
  PrivacyRequestListSchema,
  PrivacyRequestsQuerySchema,
} from '../../shared/index.js';
import { IdParamsSchema } from '../customers/routes.js';
import type { RouteContext } from '../feature-module.js';
import { Download, route } from '../route-spec.js';
import { exportZip } from './export.js';
import type { PrivacyService } from './privacy-service.js';

/** Export, erasure, consent and the privacy requests senders made. Exports and erasures are audited by the service. */
export function privacyRoutes({ services, connectors }: RouteContext<{ privacy?: PrivacyService }>) {
  const privacy = services.privacy!;
  const dir = connectors.attachmentsDir;
  return [
    route({
      method: 'GET',
      path: '/api/v1/customers/:id/export',
      tags: ['privacy'],
      summary: 'Everything held about the person (profile, identifiers, timeline with data, merges, consents, attachments) as JSON, or ?format=zip with the attachments; audited',
      access: { permission: 'privacy.export', message: 'exporting a customer’s data is for admins' },
      params: IdParamsSchema,
      query: ExportQuerySchema,
      response: CustomerExportSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
      handler: async ({ actor, params, query }) => {
        const data = await privacy.exportCustomer(actor, params.id, dir);
        if (query.format !== 'zip') return data;
        return new Download('application/zip', `customer-export-${data.customerId}.zip`, Buffer.from(await exportZip(data, dir)));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/customers/:id/erase',
      tags: ['privacy'],
      summary: 'Erase the person’s personal data (every merged record; anonymous totals stay); tombstones stop old events from bringing it back; audited',
      access: { permission: 'privacy.erase', message: 'erasing a customer’s data is for admins' },
      params: IdParamsSchema,
      body: EraseRequestSchema,
      response: ErasureResultSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
      handler: async ({ actor, params, body }) => privacy.erase(actor, params.id, body.reason, dir),
    }),
    route({
      method: 'GET',
      path: '/api/v1/customers/:id/consent',
      tags: ['privacy'],
      summary: 'Marketing consent per channel (email, SMS), each with the event it was read from',
      access: { permission: 'customer.read' },
      params: IdParamsSchema,
      response: CustomerConsentResponseSchema,
      errors: ['invalid_request', 'unauthorized', 'not_found'],
      handler: async ({ actor, params }) => privacy.consents(actor, params.id),
    }),
    route({
      method: 'GET',
      path: '/api/v1/privacy/requests',
      tags: ['privacy'],
      summary: 'Privacy requests senders made (Shopify data requests and redactions), newest first',
      access: { permission: 'privacy.export', message: 'privacy requests are for admins' },
      query: PrivacyRequestsQuerySchema,
      response: PrivacyRequestListSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden'],
      handler: async ({ actor, query }) => ({ requests: await privacy.listRequests(actor, query.status) }),
    }),
  ];
}
