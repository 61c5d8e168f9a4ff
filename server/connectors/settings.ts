import { join } from 'node:path';
import type { ConnectorSettings } from './types.js';

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Connector settings from the environment, overridable (tests, hub config). */
export function connectorSettings(
  env: NodeJS.ProcessEnv,
  base: { dataDir?: string; publicUrl?: string; defaultRegion?: string } = {},
  over: Partial<ConnectorSettings> = {},
): ConnectorSettings {
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const publicUrl = over.publicUrl ?? base.publicUrl ?? nonEmpty(env['OMNI_PUBLIC_URL']);
  const shopifySecret = over.shopifySecret ?? nonEmpty(env['OMNI_SHOPIFY_SECRET']);
  const twilioAuthToken = over.twilioAuthToken ?? nonEmpty(env['OMNI_TWILIO_AUTH_TOKEN']);
  const attachmentsDir = over.attachmentsDir ?? (base.dataDir ? join(base.dataDir, 'attachments') : undefined);
  return {
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    ...(shopifySecret ? { shopifySecret } : {}),
    ...(twilioAuthToken ? { twilioAuthToken } : {}),
    ...(attachmentsDir ? { attachmentsDir } : {}),
    maxAttachmentBytes: over.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
    defaultRegion: over.defaultRegion ?? base.defaultRegion ?? (nonEmpty(env['OMNI_DEFAULT_REGION']) ?? 'US').toUpperCase(),
  };
}
