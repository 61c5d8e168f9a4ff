import { ConnectorError, type Connector } from '../types.js';
import { emailEvent, parseRfc822 } from './mail.js';

const ACCEPTED = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/** `POST /api/v1/connectors/email`: one raw RFC 822 message (e.g. piped from an MTA). */
export const emailConnector: Connector = {
  name: 'email',
  async handle(req, ctx) {
    const type = (req.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED.includes(type)) {
      throw new ConnectorError('unsupported_media_type', 'send the raw message with Content-Type: message/rfc822', [{ path: 'content-type', message: 'expected message/rfc822' }]);
    }
    if (req.body.length === 0) throw new ConnectorError('invalid_request', 'empty message');
    const mail = await parseRfc822(req.body);
    return { events: [await emailEvent(mail, req.body, ctx.settings, 'rfc822')] };
  },
};
