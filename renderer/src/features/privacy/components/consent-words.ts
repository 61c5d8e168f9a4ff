import type { ChannelConsent, ConsentChannel, ConsentState } from '../../../../../shared/index.js';

/* Consent in the console's words: no ids, no field names. */

export const CHANNEL_LABEL: Record<ConsentChannel, string> = { email: 'Email marketing', sms: 'Text (SMS) marketing' };

export const STATE_LABEL: Record<ConsentState, string> = { granted: 'Allowed', denied: 'Not allowed', unknown: 'Not known' };

/** What the agent may do with it: promotions on that channel are held back unless allowed or unknown. */
export function consentHint(c: ChannelConsent): string {
  if (c.state === 'denied') return 'Promotions on this channel are not suggested.';
  if (c.state === 'unknown') return 'No event has said yet.';
  return '';
}
