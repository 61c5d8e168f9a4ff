import type { DemoIdentity } from './identity.js';

/**
 * Memorable demo customers with fixed identifiers, for live demos and e2e tests.
 * Each `altEmail` starts as a separate "twin" customer (with the loyalty card used only in store)
 * and is merged into the primary during seeding by a bridging event.
 */
export interface DemoPersona {
  key: 'maya' | 'daniel' | 'sofia' | 'james';
  name: string;
  email: string;
  /** Twin identity's email; absent for a persona that is never fragmented. */
  altEmail?: string;
  /** E.164; the console finds it in any format (`(415) 555-0142`, `415.555.0142`, …). */
  phone: string;
  loyaltyId: string;
  /** Memorable order: the one that links the loyalty card to the online account (or the first order). */
  orderNumber: string;
  /** Roughly how many events the persona has after seeding. */
  approxEvents: number;
}

export const DEMO_PERSONAS: readonly DemoPersona[] = [
  { key: 'maya', name: 'Maya Chen', email: 'maya.chen@example.com', altEmail: 'maya.designs@example.net', phone: '+14155550142', loyaltyId: 'LOY-100042', orderNumber: '#5001', approxEvents: 160 },
  { key: 'daniel', name: 'Daniel Okafor', email: 'daniel.okafor@example.com', phone: '+12125550187', loyaltyId: 'LOY-100187', orderNumber: '#5002', approxEvents: 1200 },
  { key: 'sofia', name: 'Sofia Alvarez', email: 'sofia.alvarez@example.org', altEmail: 's.alvarez.work@example.com', phone: '+13125550119', loyaltyId: 'LOY-100119', orderNumber: '#5003', approxEvents: 90 },
  { key: 'james', name: 'James Whitfield', email: 'james.whitfield@example.com', altEmail: 'jamie.w@example.net', phone: '+16175550163', loyaltyId: 'LOY-100163', orderNumber: '#5004', approxEvents: 60 },
];

/** Personas occupy the first indices of the data set. */
export function personaIdentity(p: DemoPersona, index: number): DemoIdentity {
  const emails = p.altEmail ? [p.email, p.altEmail] : [p.email];
  return {
    index,
    name: p.name,
    emails,
    phoneE164: p.phone,
    loyaltyId: p.loyaltyId,
    shopifyIds: emails.map((_, i) => String(6_000_000 + index * 2 + i)),
    currency: 'USD',
    fragmented: Boolean(p.altEmail),
    eventTarget: p.approxEvents,
    historyDays: 730,
    pinnedOrderNumber: p.orderNumber,
  };
}
