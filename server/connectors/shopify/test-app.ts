import type { FastifyInstance } from 'fastify';
import type { SqlDomain } from '../../create-domain.js';
import { buildApp } from '../../http/app.js';
import type { Dialect } from '../../storage/schema.js';
import { openTestDomain } from '../../storage/test-domain.js';
import { TEST_SHOPIFY_SECRET } from '../test/fixtures.js';
import { shopifySignature } from './verify.js';

/** Test support (not imported by production code): the real hub app on a fresh database of either dialect, and a signed Shopify sender. */
export interface ShopifyTestApp {
  domain: SqlDomain;
  app: FastifyInstance;
  /** Posts one signed webhook delivery; resolves to the HTTP status and parsed answer. */
  send(topic: string, key: string, body: unknown): Promise<{ statusCode: number; body: string }>;
  close(): Promise<void>;
}

export async function shopifyTestApp(dialect: Dialect): Promise<ShopifyTestApp> {
  const { domain } = await openTestDomain(dialect);
  const app = buildApp({
    domain,
    config: { logLevel: 'silent', bodyLimit: 8 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] },
    connectors: { shopifySecret: TEST_SHOPIFY_SECRET, maxAttachmentBytes: 1024, defaultRegion: 'US' },
  });
  await app.ready();
  return {
    domain,
    app,
    async send(topic, key, body) {
      const text = JSON.stringify(body);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/connectors/shopify',
        headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-event-id': key, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, Buffer.from(text)) },
        payload: text,
      });
      return { statusCode: res.statusCode, body: res.body };
    },
    async close() {
      await app.close();
      await domain.close();
    },
  };
}
