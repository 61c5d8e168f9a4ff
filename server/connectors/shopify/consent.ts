import type { MarketingConsentData } from '../../../shared/index.js';
import { obj, str, type Json } from '../common.js';

/** Per-channel consent in the hub's form (shared/privacy.ts MarketingConsentData), read by server/privacy/consent-reader.ts. */
export function channelConsents(c: Json): MarketingConsentData | undefined {
  const out: MarketingConsentData = {};
  const email = consentState(obj(c['email_marketing_consent'])?.['state']) ?? (typeof c['accepts_marketing'] === 'boolean' ? (c['accepts_marketing'] ? 'granted' : 'denied') : undefined);
  const sms = consentState(obj(c['sms_marketing_consent'])?.['state']);
  if (email) out.email = email;
  if (sms) out.sms = sms;
  return email || sms ? out : undefined;
}

/** Shopify's consent states: only `subscribed` allows; every other state (not subscribed, unsubscribed, pending double opt-in, invalid, redacted) refuses. */
function consentState(v: unknown): 'granted' | 'denied' | undefined {
  const state = str(v)?.toLowerCase();
  if (!state) return undefined;
  return state === 'subscribed' ? 'granted' : 'denied';
}
