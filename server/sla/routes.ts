import { z } from 'zod';
import { HolidayImportRequestSchema, HolidayImportResultSchema, QueueSlaSchema, QueueSlaUpdateSchema } from '../../shared/sla.js';
import { storable } from '../../shared/storable-text.js';
import { route } from '../route-spec.js';
import type { SlaSettingsService } from './sla-settings-service.js';

const QueueParams = z.object({ id: storable(z.string().min(1, 'id is required').max(64, 'id is too long')) });

/** A queue's SLA: read by anyone who reads conversations, changed by leads and admins (teams.manage). */
export const slaRoutes = (sla: SlaSettingsService) => [
  route({
    method: 'GET',
    path: '/api/v1/queues/:id/sla',
    tags: ['sla'],
    summary: "A queue's SLA targets per priority and its business-hours calendar (defaults when never set)",
    access: { permission: 'conversation.read' },
    params: QueueParams,
    response: QueueSlaSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ params }) => sla.read(params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/queues/:id/sla',
    tags: ['sla'],
    summary: "Replace a queue's SLA targets and calendar; its unfinished conversations get new deadlines",
    access: { permission: 'teams.manage', message: 'only leads and admins change SLA settings' },
    params: QueueParams,
    body: QueueSlaUpdateSchema,
    response: QueueSlaSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params, body }) => sla.replace(actor, params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/v1/queues/:id/holidays/import',
    tags: ['sla'],
    summary: "Holidays from an iCalendar file into a queue's calendar (apply: false previews); a feed that would stretch every SLA is refused",
    access: { permission: 'teams.manage', message: 'only leads and admins change SLA settings' },
    params: QueueParams,
    body: HolidayImportRequestSchema,
    response: HolidayImportResultSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params, body }) => sla.importHolidays(actor, params.id, body),
  }),
];
