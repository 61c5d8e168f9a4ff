import { z } from 'zod';

/*
 * Personal data masking (issue 10). A caller without `customer.pii.read` (store associates) gets contact
 * details masked BY THE HUB, on every customer read and live payload, unless they revealed that customer
 * with a reason (`POST /api/v1/customers/:id/reveal`, customer.pii.reveal, audited, short-lived). The rules
 * below are the one definition: the hub applies them, the console only shows what it got.
 */

/** What a masked character looks like on screen. */
export const MASK = '•••';

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A phone number inside free text: `+` and at least 7 digits, or digit groups split by spaces, dots, dashes
// or brackets holding 9 to 15 digits (order numbers like #1001 and dates stay readable).
const PHONE_IN_TEXT = /\+\d[\d ().-]{5,}\d|\(?\d{2,5}\)?(?:[ .-]\d{2,5}){2,4}/g;

/** `2024-05-01 10…`: a date (and time) written in digit groups is not a phone number. */
const DATE_START = /^(19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}\b/;
const digitsOf = (s: string) => s.replace(/\D/g, '');

/** `jane.doe@gmail.com` -> `j•••@gmail.com`; the domain stays (it says which provider, not who). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK;
  return `${email[0]}${MASK}${email.slice(at)}`;
}

/** `+15551234821` -> `••• ••• 4821`: the last 4 digits only (what a counter asks to confirm). */
export function maskPhone(phone: string): string {
  const d = digitsOf(phone);
  return d.length < 4 ? MASK : `${MASK} ${MASK} ${d.slice(-4)}`;
}

/** Loyalty card and external ids: the last 4 characters (`•••7781`). */
export function maskOpaque(value: string): string {
  return value.length <= 4 ? MASK : `${MASK}${value.slice(-4)}`;
}

/** Free text (summaries, notes, SMS bodies, chat lines): emails and phone numbers inside it are masked. */
export function maskText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (m) => maskEmail(m)).replace(PHONE_IN_TEXT, (m) => {
    const n = digitsOf(m).length;
    if (!m.startsWith('+') && DATE_START.test(m)) return m;
    return (m.startsWith('+') ? n >= 7 : n >= 9 && n <= 15) ? maskPhone(m) : m;
  });
}

/** Is this value already a masked one (contains the mask)? */
export const isMasked = (value: string) => value.includes(MASK);

/** `POST /api/v1/customers/:id/reveal` (customer.pii.reveal): why the contact details are needed; audited. */
export const PiiRevealRequestSchema = z.object({
  reason: z
    .string({ error: 'reason is required: say why you need the full contact details' })
    .trim()
    .min(4, 'reason must be at least 4 characters: say why you need the full contact details')
    .max(500, 'reason must be at most 500 characters'),
});
export type PiiRevealRequest = z.infer<typeof PiiRevealRequestSchema>;

export const PiiRevealResponseSchema = z.object({
  /** The survivor the reveal applies to (a merged-away id reveals its survivor). */
  customerId: z.string(),
  /** ISO time until which this user sees this customer's full values; masked again after it. */
  revealedUntil: z.string(),
  /** Length of the grant in seconds (the hub's setting). */
  seconds: z.number().int().positive(),
});
export type PiiRevealResponse = z.infer<typeof PiiRevealResponseSchema>;

/** `pii` on the profile: does the caller see masked values, until when a reveal runs, may they reveal. */
export const CustomerPiiStateSchema = z.object({
  masked: z.boolean(),
  /** Set while a reveal of this customer by this user runs. */
  revealedUntil: z.string().nullable(),
  /** The caller holds customer.pii.reveal (show the Reveal button when `masked`). */
  canReveal: z.boolean(),
});
export type CustomerPiiState = z.infer<typeof CustomerPiiStateSchema>;

/** `pii` on a masked timeline item: the `data` keys the hub left out (email body, HTML, attachments, recording). */
export const TimelineItemPiiSchema = z.object({
  masked: z.literal(true),
  hidden: z.array(z.string()),
});
export type TimelineItemPii = z.infer<typeof TimelineItemPiiSchema>;
