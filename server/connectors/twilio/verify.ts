import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError, type ConnectorRequest } from '../types.js';

/**
 * Twilio's request signature: base64(HMAC-SHA1(authToken, fullUrl + each POST param, sorted by
 * name, as name+value)). fullUrl is exactly the URL Twilio called, query string included.
 */
export function twilioSignature(authToken: string, fullUrl: string, params: readonly [string, string][]): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const data = fullUrl + sorted.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL Twilio called: OMNI_PUBLIC_URL + path (Twilio sees the public address, not ours behind a proxy). */
export function publicUrlOf(req: ConnectorRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + req.url;
  const proto = req.headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'http';
  return `${proto}://${req.headers['host'] ?? 'localhost'}${req.url}`;
}

export function verifyTwilio(req: ConnectorRequest, authToken: string | undefined, publicUrl: string | undefined, params: readonly [string, string][]): void {
  if (!authToken) throw new ConnectorError('unauthorized', 'OMNI_TWILIO_AUTH_TOKEN is not set on the hub: cannot verify Twilio webhooks', [{ path: 'x-twilio-signature', message: 'hub has no Twilio auth token configured' }]);
  const header = req.headers['x-twilio-signature'];
  if (!header) throw new ConnectorError('unauthorized', 'missing X-Twilio-Signature', [{ path: 'x-twilio-signature', message: 'header is required' }]);
  const expected = Buffer.from(twilioSignature(authToken, publicUrlOf(req, publicUrl), params), 'utf8');
  const got = Buffer.from(header.trim(), 'utf8');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new ConnectorError('unauthorized', 'X-Twilio-Signature does not match (check OMNI_PUBLIC_URL is the URL Twilio calls)', [{ path: 'x-twilio-signature', message: 'signature mismatch' }]);
  }
}
