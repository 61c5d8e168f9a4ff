import { join } from 'node:path';
import type { ConnectorSettings } from './types.js';

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What the hub's config says about connectors (loaded from env and flags by server/config.ts). */
export interface ConnectorConfig {
  dataDir?: string;
  publicUrl?: string;
  defaultRegion?: string;
  shopifySecret?: string;
  twilioAuthToken?: string;
}

/** Connector settings from the hub config, overridable (tests). */
export function connectorSettings(base: ConnectorConfig = {}, over: Partial<ConnectorSettings> = {}): ConnectorSettings {
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const publicUrl = over.publicUrl ?? nonEmpty(base.publicUrl);
  const shopifySecret = over.shopifySecret ?? nonEmpty(base.shopifySecret);
  const twilioAuthToken = over.twilioAuthToken ?? nonEmpty(base.twilioAuthToken);
  const attachmentsDir = over.attachmentsDir ?? (base.dataDir ? join(base.dataDir, 'attachments') : undefined);
  return {
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    ...(shopifySecret ? { shopifySecret } : {}),
    ...(twilioAuthToken ? { twilioAuthToken } : {}),
    ...(attachmentsDir ? { attachmentsDir } : {}),
    maxAttachmentBytes: over.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
    defaultRegion: over.defaultRegion ?? (nonEmpty(base.defaultRegion) ?? 'US').toUpperCase(),
  };
}
