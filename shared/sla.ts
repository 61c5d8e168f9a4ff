import { z } from 'zod';

/*
 * SLA contracts: business-hours calendars (per queue, IANA time zone, several intervals a day,
 * holidays), policies per priority, and the clock state a conversation carries. The engine that
 * computes deadlines is server/sla/ (pure, no database).
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const LocalTimeSchema = z.string().regex(HHMM, 'a local time is HH:MM (00:00 to 24:00)');

/** One open stretch of a day in the calendar's zone, `start` < `end` ("09:00"-"12:30"). */
export const BusinessIntervalSchema = z
  .object({ start: LocalTimeSchema, end: LocalTimeSchema })
  .refine((i) => i.start < i.end, { message: 'an interval ends after it starts', path: ['end'] });
export type BusinessInterval = z.infer<typeof BusinessIntervalSchema>;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const HolidaySchema = z.object({ date: z.string().regex(ISO_DATE, 'a holiday date is YYYY-MM-DD'), name: z.string().max(200) });
export type Holiday = z.infer<typeof HolidaySchema>;

/** Weekday keys, Sunday first (Date#getUTCDay order). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const BusinessCalendarSchema = z.object({
  /** IANA zone the intervals and holiday dates are read in ("Europe/Berlin"). */
  timeZone: z.string().min(1).refine(isTimeZone, { message: 'unknown IANA time zone' }),
  /** Open intervals per weekday (split shifts: several); a missing day is closed. `null` calendar = around the clock. */
  week: z.partialRecord(z.enum(WEEKDAYS), z.array(BusinessIntervalSchema).max(12)),
  holidays: z.array(HolidaySchema).max(2000).default([]),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Targets in business minutes; null = no target of that kind. */
export const SlaTargetsSchema = z.object({
  firstResponseMin: z.number().int().positive().nullable(),
  nextResponseMin: z.number().int().positive().nullable(),
  resolutionMin: z.number().int().positive().nullable(),
});
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;

export const SlaPolicySchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  /** Business-hours calendar; null = the clock runs around the clock. */
  calendar: BusinessCalendarSchema.nullable(),
  byPriority: z.record(z.enum(PRIORITIES), SlaTargetsSchema),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/** Default targets per priority (business minutes), Zendesk/Chatwoot-like defaults an admin can replace. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  id: 'default',
  name: 'Default',
  calendar: null,
  byPriority: {
    urgent: { firstResponseMin: 30, nextResponseMin: 30, resolutionMin: 4 * 60 },
    high: { firstResponseMin: 60, nextResponseMin: 2 * 60, resolutionMin: 8 * 60 },
    normal: { firstResponseMin: 4 * 60, nextResponseMin: 8 * 60, resolutionMin: 24 * 60 },
    low: { firstResponseMin: 8 * 60, nextResponseMin: 24 * 60, resolutionMin: 72 * 60 },
  },
};

export const SLA_CLOCK_STATES = ['on_track', 'at_risk', 'breached', 'paused', 'met'] as const;
export type SlaClockState = (typeof SLA_CLOCK_STATES)[number];

/** One response clock as the console shows it. */
export const SlaClockSchema = z.object({
  kind: z.enum(['first_response', 'next_response', 'resolution']),
  dueAt: z.string().nullable(),
  state: z.enum(SLA_CLOCK_STATES),
  /** "due in 42 min (business hours; paused 2 h 10 m while pending; skipped 25 Dec holiday)". */
  explanation: z.string(),
});
export type SlaClock = z.infer<typeof SlaClockSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/*
 * Per-queue SLA settings (issue 11): what a lead edits at /admin/sla and the hub stores per queue (team id).
 * Routes: server/sla/routes.ts. A queue without stored settings uses DEFAULT_SLA_POLICY (around the clock).
 */

/** A queue's targets per priority and its business-hours calendar (null = around the clock). */
export const QueueSlaUpdateSchema = z.object({
  byPriority: z.record(z.enum(PRIORITIES), SlaTargetsSchema),
  calendar: BusinessCalendarSchema.nullable(),
});
export type QueueSlaUpdate = z.infer<typeof QueueSlaUpdateSchema>;

export const QueueSlaSchema = QueueSlaUpdateSchema.extend({
  queueId: z.string(),
  /** null: nothing stored yet, these are the defaults. */
  updatedAt: z.string().nullable(),
  /** How many open conversations had their deadlines recomputed by this change (PUT answers only). */
  recomputed: z.number().int().nonnegative().optional(),
});
export type QueueSla = z.infer<typeof QueueSlaSchema>;

/** At most this share of the next 365 days may be holidays: more stretches every SLA (Zammad #390). */
export const MAX_HOLIDAY_SHARE = 0.1;

/** `POST /api/v1/queues/:id/holidays/import`: an iCalendar file's text; `apply: false` only previews. */
export const HolidayImportRequestSchema = z.object({
  ics: z.string().min(1, 'ics is the iCalendar file text').max(2_000_000, 'the iCalendar file is larger than 2 MB'),
  apply: z.boolean().default(false),
});
export type HolidayImportRequest = z.infer<typeof HolidayImportRequestSchema>;

export const HolidayImportResultSchema = z.object({
  /** Dates the feed closes (this year and next), sorted. */
  holidays: z.array(HolidaySchema),
  /** Entries that are not holidays (timed, too long), with the reason: never silently applied. */
  rejected: z.array(z.object({ name: z.string(), start: z.string(), reason: z.string() })),
  /** Dates among `holidays` the queue's calendar did not have yet. */
  added: z.number().int().nonnegative(),
  applied: z.boolean(),
  /** The queue's settings after the import (unchanged on a preview). */
  settings: QueueSlaSchema,
});
export type HolidayImportResult = z.infer<typeof HolidayImportResultSchema>;

/** A clock that is about to break (warning, 15 min of business time left) or broke (breached). */
export const SlaAlertSchema = z.object({
  conversationId: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  subject: z.string(),
  queueId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  kind: z.enum(['first_response', 'next_response', 'resolution']),
  level: z.enum(['warning', 'breached']),
  dueAt: z.string(),
});
export type SlaAlert = z.infer<typeof SlaAlertSchema>;
