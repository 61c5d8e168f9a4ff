import { parseIngestBody } from '../../ingest/ingest-body.js';
import { ConnectorError, type Connector } from '../types.js';

/** `POST /api/v1/events` as a connector, so its dead letters replay through the same validation. */
export const eventsConnector: Connector = {
  name: 'events',
  async handle(req) {
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new ConnectorError('invalid_request', 'request body is not valid JSON');
    }
    return { events: parseIngestBody(body).events };
  },
};
