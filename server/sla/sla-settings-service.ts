import { actorLabel, type Actor } from '../../shared/index.js';
import { HolidaySchema, type HolidayImportRequest, type HolidayImportResult, type QueueSla, type QueueSlaUpdate } from '../../shared/sla.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import type { Db } from '../storage/schema.js';
import type { Mutex } from '../storage/mutex.js';
import { holidayStretchProblem } from './holiday-guard.js';
import { HolidayFeedError, importHolidays } from './holiday-import.js';
import type { SlaSettingsStore } from './sla-settings-store.js';
import { slaDb, type SlaDb } from './sla-tables.js';

/*
 * What the SLA routes do: read and replace a queue's settings (then recompute the deadlines of its
 * unfinished conversations), and import holidays from an iCalendar file (preview or apply). Holidays
 * that would silently stretch every SLA are refused with the reason (holiday-guard.ts).
 */
export class SlaSettingsService {
  private readonly db: SlaDb;

  constructor(
    private readonly o: { db: Db; store: SlaSettingsStore; conversations: ConversationService; writeLock: Mutex; now?: () => number },
  ) {
    this.db = slaDb(o.db);
  }

  private nowMs(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  async read(queueId: string): Promise<QueueSla> {
    await this.requireQueue(queueId);
    await this.o.store.refresh();
    return this.o.store.read(queueId);
  }

  async replace(actor: Actor, queueId: string, update: QueueSlaUpdate): Promise<QueueSla> {
    await this.requireQueue(queueId);
    this.assertHolidaysPlausible(update, 'calendar.holidays');
    await this.o.writeLock.run(() => this.o.store.write(queueId, update, actorLabel(actor), this.nowMs() * 1000));
    const recomputed = await this.o.conversations.recomputeQueueDeadlines(queueId);
    return { ...this.o.store.read(queueId), recomputed };
  }

  async importHolidays(actor: Actor, queueId: string, req: HolidayImportRequest): Promise<HolidayImportResult> {
    const current = await this.read(queueId);
    if (!current.calendar) throw new ConflictError('calendar', 'this queue runs around the clock: set its business hours before importing holidays');
    const year = new Date(this.nowMs()).getUTCFullYear();
    let feed;
    try {
      feed = importHolidays(req.ics, { fromYear: year, toYear: year + 1 });
    } catch (err) {
      if (err instanceof HolidayFeedError) throw new InputError('ics', err.message);
      throw err;
    }
    // Names come from the file: cut to what a holiday name may hold.
    const holidays = feed.holidays.map((h) => HolidaySchema.parse({ date: h.date, name: h.name.slice(0, 200) }));
    const have = new Set(current.calendar.holidays.map((h) => h.date));
    const added = holidays.filter((h) => !have.has(h.date));
    const merged = { ...current.calendar, holidays: [...current.calendar.holidays, ...added].sort((a, b) => a.date.localeCompare(b.date)) };
    const update = { byPriority: current.byPriority, calendar: merged };
    this.assertHolidaysPlausible(update, 'ics');
    if (merged.holidays.length > 2000) throw new InputError('ics', 'a calendar holds at most 2000 holidays');
    const settings = req.apply ? await this.replace(actor, queueId, update) : current;
    return { holidays, rejected: feed.rejected, added: added.length, applied: req.apply, settings };
  }

  private assertHolidaysPlausible(update: QueueSlaUpdate, field: string): void {
    if (!update.calendar) return;
    const problem = holidayStretchProblem(update.calendar.holidays, update.calendar.timeZone, this.nowMs());
    if (problem) throw new InputError(field, problem);
  }

  private async requireQueue(queueId: string): Promise<void> {
    const team = await this.db.selectFrom('teams').select('id').where('id', '=', queueId).executeTakeFirst();
    if (!team) throw new NotFoundError('id', `no queue (team) with id "${queueId}"`);
  }
}
