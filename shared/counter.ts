import { z } from 'zod';
import { MoneySchema } from './customer.js';
import { CustomerPiiStateSchema } from './pii.js';
import { ChannelConsentSchema } from './privacy.js';

/*
 * Counter mode (issue 17): the store associate's tablet. The compact profile the hub computes from the
 * timeline (`GET /api/v1/counter/customers/:id`), and what the counter writes through ingest: store
 * visits (EVENT_TYPE.storeCheckIn / storeCheckOut), associate notes, and a new customer's consent.
 */

/** `source` of every event the counter writes. */
export const COUNTER_SOURCE = 'omni-counter';

/** A visit open longer than this was never ended at the counter: it no longer counts as "in store now". */
export const VISIT_MAX_HOURS = 12;

/** `data` of a store check-in / check-out written by the counter (B's "in store now" reads it too). */
export const StoreVisitDataSchema = z.object({
  visitId: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  associate: z.string().optional(),
});
export type StoreVisitData = z.infer<typeof StoreVisitDataSchema>;

/** A store the counter can check customers into (OMNI_COUNTER_STORES on the hub). */
export const CounterStoreSchema = z.object({ id: z.string(), name: z.string() });
export type CounterStore = z.infer<typeof CounterStoreSchema>;

/** `GET /api/v1/counter/settings`. */
export const CounterSettingsSchema = z.object({
  /** Lock the counter after this long without a touch or key: the caller's session idle timeout. */
  idleLockSeconds: z.number().int().positive(),
  /** Empty when the hub lists none: the counter then asks for the store's name once per terminal. */
  stores: z.array(CounterStoreSchema),
});
export type CounterSettings = z.infer<typeof CounterSettingsSchema>;

const StoreIdSchema = z.string('storeId is required').trim().min(1, 'storeId is required').max(64, 'storeId is at most 64 characters');
const StoreNameSchema = z.string('storeName must be text').trim().min(1, 'storeName is required').max(120, 'storeName is at most 120 characters');

/** `POST /api/v1/counter/customers/:id/visit`: start (check in at a store) or end the open visit. */
export const CounterVisitRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), storeId: StoreIdSchema, storeName: StoreNameSchema.optional() }),
  z.object({ action: z.literal('end') }),
]);
export type CounterVisitRequest = z.infer<typeof CounterVisitRequestSchema>;

/** `POST /api/v1/counter/customers/:id/notes`. */
export const CounterNoteRequestSchema = z.object({
  text: z.string('text is required').trim().min(1, 'text is required').max(1000, 'text is at most 1000 characters'),
});
export type CounterNoteRequest = z.infer<typeof CounterNoteRequestSchema>;

/** `POST /api/v1/counter/customers`: a customer nobody found, with their marketing consent asked at the counter. */
export const CounterNewCustomerRequestSchema = z
  .object({
    name: z.string('name is required').trim().min(1, 'name is required').max(256, 'name is at most 256 characters'),
    email: z
      .string()
      .trim()
      .max(320, 'email is at most 320 characters')
      .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email must be an email address')
      .optional(),
    phone: z.string().trim().max(64, 'phone is at most 64 characters').regex(/^$|^\+?[\d ().-]{6,}$/, 'phone must be a phone number').optional(),
    loyaltyId: z.string().trim().max(128, 'loyaltyId is at most 128 characters').optional(),
    emailMarketing: z.boolean('emailMarketing must be yes or no'),
    smsMarketing: z.boolean('smsMarketing must be yes or no'),
    storeId: StoreIdSchema.optional(),
  })
  .refine((b) => Boolean(b.email || b.phone || b.loyaltyId), { message: 'give an email, a phone or a loyalty number', path: ['email'] })
  .refine((b) => !b.emailMarketing || Boolean(b.email), { message: 'email marketing needs an email address', path: ['emailMarketing'] })
  .refine((b) => !b.smsMarketing || Boolean(b.phone), { message: 'SMS marketing needs a phone number', path: ['smsMarketing'] });
export type CounterNewCustomerRequest = z.infer<typeof CounterNewCustomerRequestSchema>;

export const CounterNewCustomerResponseSchema = z.object({ customerId: z.string() });

/** An open store visit. */
export const CounterVisitSchema = z.object({ visitId: z.string(), storeId: z.string(), storeName: z.string(), startedAt: z.string(), associate: z.string().nullable() });
export type CounterVisit = z.infer<typeof CounterVisitSchema>;

/** Where an order stands for pickup: ready (waiting since), or picked up (when, where). */
export const CounterPickupSchema = z.object({
  state: z.enum(['ready', 'picked_up']),
  /** When it was ready for pickup (null: ready time unknown, e.g. picked up without a ready event). */
  readySince: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  storeName: z.string().nullable(),
});
export type CounterPickup = z.infer<typeof CounterPickupSchema>;

/** An online order that is still open, or one with a pickup (a pickup is always shown with its order). */
export const CounterOrderSchema = z.object({
  eventId: z.string(),
  orderNumber: z.string().nullable(),
  placedAt: z.string(),
  /** In words: "paid", "fulfilled", "partially refunded". */
  status: z.string(),
  total: MoneySchema.nullable(),
  /** What was bought, in words ("Camp stove and 2 more"). */
  items: z.string().nullable(),
  pickup: CounterPickupSchema.nullable(),
});
export type CounterOrder = z.infer<typeof CounterOrderSchema>;

/** A purchase or a return, online or in a store. */
export const CounterPurchaseSchema = z.object({
  eventId: z.string(),
  at: z.string(),
  where: z.enum(['online', 'store']),
  kind: z.enum(['purchase', 'return']),
  total: MoneySchema.nullable(),
  items: z.string().nullable(),
  storeName: z.string().nullable(),
  /** Order or receipt number as printed ("#1001", "R-1001"). */
  reference: z.string().nullable(),
});
export type CounterPurchase = z.infer<typeof CounterPurchaseSchema>;

export const CounterNoteSchema = z.object({ eventId: z.string(), at: z.string(), author: z.string().nullable(), text: z.string() });
export type CounterNote = z.infer<typeof CounterNoteSchema>;

/** `GET /api/v1/counter/customers/:id`: what the associate needs at the counter, contacts masked per the caller. */
export const CounterProfileSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  loyaltyIds: z.array(z.string()),
  pii: CustomerPiiStateSchema.optional(),
  /** From the latest event that carries them; null when none does. */
  loyalty: z.object({ tier: z.string().nullable(), points: z.number().nullable() }).nullable(),
  openOrders: z.array(CounterOrderSchema),
  purchases: z.array(CounterPurchaseSchema),
  visit: CounterVisitSchema.nullable(),
  notes: z.array(CounterNoteSchema),
  consents: z.array(ChannelConsentSchema),
});
export type CounterProfile = z.infer<typeof CounterProfileSchema>;

/** Answer of `POST /api/v1/counter/customers/:id/visit`: the open visit after the call (null once ended). */
export const CounterVisitResponseSchema = z.object({ visit: CounterVisitSchema.nullable() });
export type CounterVisitResponse = z.infer<typeof CounterVisitResponseSchema>;

export const CounterNoteResponseSchema = z.object({ eventId: z.string() });
