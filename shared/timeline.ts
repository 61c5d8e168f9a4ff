import { z } from 'zod';
import { ChannelSchema, CHANNELS } from './channels.js';
import { TimelineConversationRefSchema } from './conversations.js';
import { TimelineItemPiiSchema } from './pii.js';

export const TimelineItemSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: ChannelSchema,
  type: z.string(),
  /** UTC, microsecond precision (`2024-05-01T10:00:00.123456Z`). */
  occurredAt: z.string(),
  summary: z.string().nullable(),
  source: z.string(),
  sourceEventId: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** Hub-wide ingest sequence: strictly increasing, used to detect and replay missed live updates. */
  seq: z.number().int(),
  /** Present when the hub masked this item for the caller (shared/pii.ts): `data` keys left out. */
  pii: TimelineItemPiiSchema.optional(),
  /** The conversation this item belongs to (GET /customers/:id/timeline; absent for items outside any). */
  conversation: TimelineConversationRefSchema.optional(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

/** `channel` accepts one channel or a comma list (`email,phone`). `before` is an opaque cursor from `nextCursor`. */
export const TimelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 500').max(500, 'limit must be between 1 and 500').default(50),
  before: z.string().min(1).max(200).optional(),
  channel: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
      for (const p of parts) {
        if (!(CHANNELS as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', message: `unknown channel "${p}"; expected one of ${CHANNELS.join(', ')}` });
          return z.NEVER;
        }
      }
      return parts as z.infer<typeof ChannelSchema>[];
    }),
});
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

export const TimelinePageSchema = z.object({
  items: z.array(TimelineItemSchema),
  nextCursor: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

/** Keyset cursor: position of the last item of a page, newest-first order (occurredAt µs desc, id desc). */
export interface TimelineCursor {
  us: number;
  id: string;
}

export function encodeCursor(c: TimelineCursor): string {
  return base64url(`${c.us}:${c.id}`);
}

/** Returns null for anything that is not a cursor we issued. */
export function decodeCursor(s: string): TimelineCursor | null {
  let raw: string;
  try {
    raw = unbase64url(s);
  } catch {
    return null;
  }
  const m = /^(\d{1,17}):([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!m) return null;
  const us = Number(m[1]);
  return Number.isSafeInteger(us) ? { us, id: m[2]! } : null;
}

function base64url(s: string): string {
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function unbase64url(s: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new Error('bad cursor');
  return atob(s.replace(/-/g, '+').replace(/_/g, '/'));
}
