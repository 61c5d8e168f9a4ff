import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../types.js';

/** Shopify signs the RAW body: base64(HMAC-SHA256(secret, body)) in X-Shopify-Hmac-Sha256. */
export function shopifySignature(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function verifyShopify(secret: string | undefined, header: string | undefined, body: Buffer): void {
  if (!secret) throw new ConnectorError('unauthorized', 'OMNI_SHOPIFY_SECRET is not set on the hub: cannot verify Shopify webhooks', [{ path: 'x-shopify-hmac-sha256', message: 'hub has no Shopify secret configured' }]);
  if (!header) throw new ConnectorError('unauthorized', 'missing X-Shopify-Hmac-Sha256', [{ path: 'x-shopify-hmac-sha256', message: 'header is required' }]);
  const expected = Buffer.from(shopifySignature(secret, body), 'utf8');
  const got = Buffer.from(header.trim(), 'utf8');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new ConnectorError('unauthorized', 'X-Shopify-Hmac-Sha256 does not match the body', [{ path: 'x-shopify-hmac-sha256', message: 'signature mismatch' }]);
  }
}
