import { z } from 'zod';
import { ChannelSchema, type Channel } from './channels.js';
import { PresenceSchema, PresenceStateSchema } from './presence.js';
import { storable } from './storable-text.js';

/*
 * Team-lead live floor (issue 13): per queue and channel figures over a window, 15-minute intervals
 * against the same weekday last week, the agents on the floor and an Erlang C staffing forecast.
 * Every formula is published in docs/metrics.md (and `METRIC_DEFINITIONS` below, for hover text).
 * Routes: server/metrics/routes.ts, permission dashboard.view. Live push: socket `metrics:updated`.
 */

export const METRIC_WINDOWS = ['15m', '1h', 'today'] as const;
export const MetricWindowSchema = z.enum(METRIC_WINDOWS, { message: `window must be one of ${METRIC_WINDOWS.join(', ')}` });
export type MetricWindow = z.infer<typeof MetricWindowSchema>;

const Id = storable(z.string().min(1, 'id is required').max(64, 'id is too long'));
/** Queue filter: a team id, or `none` for contacts without a queue. */
export const MetricQueueIdSchema = Id;
export const NO_QUEUE = 'none';
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date is YYYY-MM-DD');

/** Defaults the issue names: T per channel, target, short abandons. */
export const DEFAULT_SHORT_ABANDON_SEC = 5;
export const DEFAULT_SL_TARGET = 0.8;
export const DEFAULT_SL_THRESHOLD_SEC = { phone: 20, chat: 60, sms: 15 * 60, email: 4 * 3600 } as const;
export const FCR_DAYS = 7;
export const STAFFING_HORIZON_MIN = 30;

/** Backlog by SLA state (open conversations waiting on us, by their nearest running clock). */
export const BacklogSchema = z.object({ onTrack: z.number().int(), atRisk: z.number().int(), breached: z.number().int() });
export type Backlog = z.infer<typeof BacklogSchema>;

/** One queue x channel over one window. Rates are 0..1, null when the denominator is 0. Durations in seconds. */
export const QueueFiguresSchema = z.object({
  /** null = contacts without a queue; with `queueName` for display. */
  queueId: z.string().nullable(),
  queueName: z.string(),
  channel: ChannelSchema,
  offered: z.number().int(),
  answered: z.number().int(),
  /** Abandons that waited at least the short-abandon threshold (counted in offered). */
  abandoned: z.number().int(),
  /** Abandoned before the threshold: excluded from offered and shown separately. */
  shortAbandoned: z.number().int(),
  answeredWithinT: z.number().int(),
  /** Still waiting and inside T: their outcome is open, so service level leaves them out (lets totals over rows stay exact). */
  waitingWithinT: z.number().int(),
  serviceLevel: z.number().nullable(),
  /** T in seconds (business seconds for email) and the target (0..1) this row is judged against. */
  thresholdSec: z.number(),
  target: z.number(),
  asaSec: z.number().nullable(),
  ahtSec: z.number().nullable(),
  abandonmentRate: z.number().nullable(),
  /** Handling time / logged-in available time of the queue's members in the window. */
  occupancy: z.number().nullable(),
  /** Waiting now (unanswered, not abandoned) and since when the oldest waits (ISO). */
  waiting: z.number().int(),
  oldestWaitingSince: z.string().nullable(),
  backlog: BacklogSchema,
  /** Solved conversations with no new conversation from the same customer within 7 days / solved ≥ 7 days ago. */
  fcr: z.number().nullable(),
  fcrSample: z.number().int(),
  /** Mean rating 1..5 and how many; null when no ratings were ingested. */
  csat: z.number().nullable(),
  csatCount: z.number().int(),
});
export type QueueFigures = z.infer<typeof QueueFiguresSchema>;

/** `GET /api/v1/metrics/live?queue=&channel=&window=`. */
export const LiveMetricsQuerySchema = z.object({
  queue: MetricQueueIdSchema.optional(),
  channel: ChannelSchema.optional(),
  window: MetricWindowSchema.default('15m'),
});
export type LiveMetricsQuery = z.infer<typeof LiveMetricsQuerySchema>;
export const LiveMetricsSchema = z.object({
  window: MetricWindowSchema,
  /** ISO: the window covers [from, generatedAt). `today` starts at local midnight in `timeZone`. */
  from: z.string(),
  generatedAt: z.string(),
  timeZone: z.string(),
  rows: z.array(QueueFiguresSchema),
  /** Oldest waiting per channel across the filtered queues. */
  oldestWaitingByChannel: z.partialRecord(ChannelSchema, z.string()),
  /** Monotonic per hub process: a client may ignore a push older than what it holds. */
  version: z.number().int(),
});
export type LiveMetrics = z.infer<typeof LiveMetricsSchema>;

/** One 15-minute interval's figures (seconds, rates 0..1 or null). */
export const IntervalFiguresSchema = z.object({
  offered: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  answeredWithinT: z.number().int(),
  serviceLevel: z.number().nullable(),
  asaSec: z.number().nullable(),
  ahtSec: z.number().nullable(),
});
export type IntervalFigures = z.infer<typeof IntervalFiguresSchema>;
/** `GET /api/v1/metrics/intervals?queue=&channel=&date=` (date defaults to today in the hub's zone). */
export const IntervalsQuerySchema = z.object({ queue: MetricQueueIdSchema.optional(), channel: ChannelSchema.optional(), date: IsoDate.optional() });
export type IntervalsQuery = z.infer<typeof IntervalsQuerySchema>;
export const IntervalRowSchema = z.object({
  /** ISO start of the interval; `label` is local "HH:MM" (a DST day has 92 or 100 rows). */
  start: z.string(),
  label: z.string(),
  today: IntervalFiguresSchema,
  /** Same local time, same weekday a week earlier. */
  lastWeek: IntervalFiguresSchema,
});
export const IntervalsSchema = z.object({ date: z.string(), lastWeekDate: z.string(), timeZone: z.string(), queueId: z.string().nullable(), intervals: z.array(IntervalRowSchema) });
export type Intervals = z.infer<typeof IntervalsSchema>;

/** `GET /api/v1/metrics/staffing`: Erlang C over the next 30 minutes, per queue x channel. */
export const StaffingRowSchema = z.object({
  queueId: z.string().nullable(),
  queueName: z.string(),
  channel: ChannelSchema,
  /** Arrivals per hour (last 30 minutes, offered incl. short abandons excluded) and AHT (today) used. */
  arrivalsPerHour: z.number(),
  ahtSec: z.number().nullable(),
  /** Conversations one agent works at once on this channel (capacity units / channel units). */
  concurrency: z.number(),
  thresholdSec: z.number(),
  target: z.number(),
  /** Traffic in Erlangs (arrivals x AHT / concurrency). */
  erlangs: z.number(),
  agentsNeeded: z.number().int(),
  agentsOnline: z.number().int(),
  /** agentsNeeded - agentsOnline (> 0: short). */
  gap: z.number().int(),
  /** Erlang C prediction with the agents online now; null when they cannot keep up (load >= 1). */
  predictedServiceLevel: z.number().nullable(),
  predictedAsaSec: z.number().nullable(),
  /** "need 2 more for 80/20", "1 spare for 80/20", "on target for 80/20". */
  summary: z.string(),
});
export type StaffingRow = z.infer<typeof StaffingRowSchema>;
export const StaffingSchema = z.object({ generatedAt: z.string(), horizonMin: z.number().int(), rows: z.array(StaffingRowSchema) });
export type Staffing = z.infer<typeof StaffingSchema>;

/** `GET /api/v1/metrics/agents?queue=`: the floor's agent list. */
export const FloorAgentSchema = z.object({
  userId: z.string(),
  name: z.string(),
  state: PresenceStateSchema,
  /** When the state began (ISO): the console shows time in state. */
  since: z.string(),
  queueIds: z.array(z.string()),
  /** Open conversations assigned, and units they take against the capacity (100). */
  held: z.number().int(),
  heldUnits: z.number().int(),
  capacityUnits: z.number().int(),
  /** Today: handling time / online time; null before any online time. */
  occupancy: z.number().nullable(),
  handledToday: z.number().int(),
});
export type FloorAgent = z.infer<typeof FloorAgentSchema>;
export const FloorAgentsQuerySchema = z.object({ queue: MetricQueueIdSchema.optional() });
export const FloorAgentsSchema = z.object({ agents: z.array(FloorAgentSchema) });
export type FloorAgents = z.infer<typeof FloorAgentsSchema>;

/** Lead actions from the floor. Reassign / pull back use PATCH /api/v1/conversations/:id ({ assigneeId }) with conversation.assign. */
export const SetAgentStateSchema = z.object({ state: PresenceStateSchema }).strict();
export type SetAgentState = z.infer<typeof SetAgentStateSchema>;
export const AgentStateResultSchema = z.object({ presence: PresenceSchema });
export const PullBackResultSchema = z.object({ conversationId: z.string(), queueId: z.string().nullable(), assigneeId: z.null() });

/** Figures a number on the floor can be drilled into. */
export const DRILL_METRICS = ['offered', 'answered', 'answered_within_t', 'abandoned', 'short_abandoned', 'waiting', 'backlog_on_track', 'backlog_at_risk', 'backlog_breached'] as const;
export const DrillMetricSchema = z.enum(DRILL_METRICS, { message: `metric must be one of ${DRILL_METRICS.join(', ')}` });
export type DrillMetric = z.infer<typeof DrillMetricSchema>;
/** `GET /api/v1/metrics/drilldown?metric=&queue=&channel=&window=` (and `/drilldown.csv`). */
export const DrilldownQuerySchema = LiveMetricsQuerySchema.extend({ metric: DrillMetricSchema });
export type DrilldownQuery = z.infer<typeof DrilldownQuerySchema>;
export const CONTACT_OUTCOMES = ['waiting', 'answered', 'abandoned', 'short_abandoned'] as const;
export const DrillRowSchema = z.object({
  contactId: z.string(),
  conversationId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  channel: ChannelSchema,
  queueId: z.string().nullable(),
  queueName: z.string(),
  arrivedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  waitSec: z.number(),
  outcome: z.enum(CONTACT_OUTCOMES),
});
export type DrillRow = z.infer<typeof DrillRowSchema>;
export const DrilldownSchema = z.object({ metric: DrillMetricSchema, rows: z.array(DrillRowSchema), total: z.number().int(), truncated: z.boolean() });
export type Drilldown = z.infer<typeof DrilldownSchema>;

/**
 * Answer speed is read per kind of channel: a call or a chat is answered in seconds, an email or SMS in minutes to
 * hours. One average over both says nothing (2 s calls and 4 h emails make "21 min"), so the floor shows live
 * channels' ASA against the lead's colour band and message channels' first reply against each row's own T.
 */
export const LIVE_ANSWER_CHANNELS: readonly Channel[] = ['phone', 'chat', 'web'];
export const isLiveAnswerChannel = (c: Channel): boolean => LIVE_ANSWER_CHANNELS.includes(c);

/** Colour bands a lead sets per figure: `green` while better than warn, `amber` until bad, then `red`. */
export const COLOURED_METRICS = ['serviceLevel', 'asaSec', 'abandonmentRate', 'occupancy', 'oldestWaitSec', 'waiting'] as const;
export type ColouredMetric = (typeof COLOURED_METRICS)[number];
const Band = z
  .object({ warn: z.number().nonnegative('warn is not negative'), bad: z.number().nonnegative('bad is not negative'), higherIsBetter: z.boolean() })
  .strict()
  .refine((b) => (b.higherIsBetter ? b.bad <= b.warn : b.bad >= b.warn), { message: 'bad lies beyond warn', path: ['bad'] });
export const ThresholdBandSchema = Band;
export type ThresholdBand = z.infer<typeof Band>;
const SlTarget = z.object({ thresholdSec: z.number().int().positive('thresholdSec is positive').max(7 * 86400), target: z.number().gt(0).max(1, 'target is at most 1') }).strict();
/** `GET/PUT /api/v1/metrics/settings`: colours, T and target per channel (and per queue x channel), short-abandon seconds. */
export const MetricsSettingsSchema = z
  .object({
    shortAbandonSec: z.number().int().min(0).max(600),
    /** After-call work: wrap-up seconds added to a call's handling when Twilio reports none (absent = 0). */
    afterCallWorkSec: z.number().int('afterCallWorkSec is whole seconds').min(0, 'afterCallWorkSec is not negative').max(3600, 'afterCallWorkSec is at most 3600').optional(),
    colours: z.partialRecord(z.enum(COLOURED_METRICS), Band),
    serviceLevel: z.partialRecord(ChannelSchema, SlTarget),
    /** queueId -> channel -> override. */
    queueServiceLevel: z.record(Id, z.partialRecord(ChannelSchema, SlTarget)),
  })
  .strict();
export type MetricsSettings = z.infer<typeof MetricsSettingsSchema>;

/** Socket `metrics:updated` (hub -> sockets of users with dashboard.view, room `user:<id>`): something changed; `queueIds` = which. */
export const MetricsUpdatedEventSchema = z.object({
  /** Queues whose figures changed (null = no queue); the floor refetches the live figures it shows (or patches with `rows`). */
  queueIds: z.array(z.string().nullable()),
  /** Live 15-minute rows of the changed queues, all channels, so a floor on 15m needs no refetch. */
  rows: z.array(QueueFiguresSchema),
  /** ISO time of the newest event folded in (the latency the bench measures). */
  eventAt: z.string(),
  version: z.number().int(),
});
export type MetricsUpdatedEvent = z.infer<typeof MetricsUpdatedEventSchema>;

/** Hover text: the published formulas (docs/metrics.md has the long form). */
export const METRIC_DEFINITIONS: Readonly<Record<string, string>> = {
  offered: 'Contacts that entered the queue in the window, minus short abandons.',
  answered: 'Offered contacts an agent answered (first agent reply or accepted call).',
  abandoned: 'Offered contacts that left before an answer after waiting at least the short-abandon threshold.',
  shortAbandoned: 'Contacts that left before the short-abandon threshold (default 5 s): not offered, shown apart.',
  serviceLevel: 'Answered within T / offered (T per channel and queue; abandons count against it). Email T counts business hours on the queue\'s calendar.',
  asaSec: 'Average speed of answer: total wait of answered contacts / answered. Calls and chats are coloured by the band you set; email and SMS by their own answer-time goal (T): green within half of T, amber within T, red past it.',
  asaLive: 'Average speed of answer of calls and chats: their total wait until answered / answered.',
  asaMessages: 'Average first reply to email and SMS (and other message channels): total wait until the first agent reply / answered, judged against their answer-time goal.',
  ahtSec: 'Average handle time: (talk + hold + wrap-up) for calls, the conversation work intervals for chat and email, / handled. Wrap-up: as reported with the call, else the after-call work time the lead set.',
  abandonmentRate: 'Abandoned / offered.',
  occupancy: 'Handling time / logged-in available (online) time of the agents.',
  waiting: 'Contacts waiting now: entered, not answered, not abandoned.',
  oldestWaitingSince: 'When the longest-waiting contact entered the queue.',
  backlog: 'Open conversations waiting on us by their nearest SLA clock: on track, at risk (15 min to the deadline), breached.',
  fcr: 'First-contact resolution: solved conversations with no new conversation from the same customer within 7 days / solved at least 7 days ago.',
  csat: 'Mean of ingested ratings (1..5) for conversations solved in the window.',
  agentsNeeded: 'Erlang C: the fewest agents whose predicted service level meets the target at the arrival rate of the last 30 minutes and AHT of today, traffic divided by chat concurrency.',
};
