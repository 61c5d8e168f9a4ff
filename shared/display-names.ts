/*
 * How a customer without a name is labelled on screen. Ingest stores the best identifier as the display
 * name; an external id (`uci:15010`) is a machine value, so it reads as "Customer 15010 (Online Retail)".
 * The one definition: ingest (server/identity/display-name.ts) and profile/search reads (server/customers/rows.ts) use it.
 */

const SYSTEM_WORDS: Record<string, string> = {
  uci: 'Online Retail',
  shopify: 'Shopify',
  shop: 'Shop',
  twitter: 'Twitter',
  zendesk: 'Zendesk',
  twilio: 'Twilio',
};

/** `uci`, `15010` -> `Customer 15010 (Online Retail)`; an unknown system is capitalized. */
export function externalCustomerLabel(system: string, id: string): string {
  const words = SYSTEM_WORDS[system.toLowerCase()] ?? system.charAt(0).toUpperCase() + system.slice(1);
  return `Customer ${id} (${words})`;
}

/** A stored display name as people read it: `uci:15010` -> `Customer 15010 (Online Retail)`; names and emails unchanged. */
export function readableDisplayName(stored: string): string {
  const m = /^([a-z][a-z0-9_-]{0,31}):([^\s@:]+)$/i.exec(stored);
  return m ? externalCustomerLabel(m[1]!, m[2]!) : stored;
}

const moneyText = new Map<string, Intl.NumberFormat>();

/**
 * Money inside text the hub writes (event summaries, next-action titles): `248.6, 'USD'` -> `$248.60`, the
 * way the console shows amounts, never `248.60 USD`. Fixed to en-US: the text is stored, not re-read per viewer.
 */
export function moneyWords(amount: number, currency: string | undefined): string {
  const code = (currency ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return amount.toFixed(2);
  let f = moneyText.get(code);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    } catch {
      return `${amount.toFixed(2)} ${code}`;
    }
    moneyText.set(code, f);
  }
  return f.format(amount);
}
