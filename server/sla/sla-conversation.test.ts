import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, DEFAULT_SLA_POLICY, type QueueSlaUpdate, type SlaAlert } from '../../shared/index.js';
import { convDb } from '../conversations/tables.js';
import type { SqlDomain } from '../create-domain.js';
import { InputError } from '../errors.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { slaKit, type SlaKit } from './sla-test-kit.js';

/*
 * Per-queue SLA end to end through the conversation, on a hand-moved clock, on each backend: deadlines use
 * the queue's own split-shift Berlin calendar across a DST weekend and a holiday with a pending pause (values
 * computed by hand below), settings changes recompute stored deadlines, implausible holidays are refused, and
 * the sweep warns and breaches exactly once per clock and deadline, wakes snoozed work and closes old solved work.
 */

const MIN = 60_000;
const weekdays = (intervals: { start: string; end: string }[]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, intervals]));
const berlinSplit = BusinessCalendarSchema.parse({
  timeZone: 'Europe/Berlin',
  week: weekdays([
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ]),
  holidays: [{ date: '2026-03-30', name: 'Team day' }],
});
const berlinQueue: QueueSlaUpdate = { byPriority: DEFAULT_SLA_POLICY.byPriority, calendar: berlinSplit };

describe.each(testDialects())('SLA per queue through the conversation on %s', (dialect) => {
  let domain: SqlDomain;
  let kit: SlaKit;
  const alerts: SlaAlert[] = [];
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    alerts.length = 0;
    domain.events.subscribe('sla-test', { 'sla.warning': (a) => void alerts.push(a), 'sla.breached': (a) => void alerts.push(a) });
    // Friday 27 March 2026, 17:50 CET (UTC+1); Sunday 29 March the clocks go forward (CEST, UTC+2); Monday 30 is a holiday.
    kit = await slaKit(domain, '2026-03-27T16:50:00Z');
  });
  afterEach(async () => {
    await domain.close();
  });
  const row = (id: string) => convDb(domain.database.db).selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const iso = (us: number | null) => (us === null ? null : new Date(us / 1000).toISOString());

  it('Berlin split shifts, DST weekend, a holiday and 2 h pending: stored deadlines and the explanation equal the hand-computed ones', async () => {
    const queue = await kit.newQueue('Returns');
    await kit.sla.replace(kit.lead, queue, berlinQueue);
    const customer = await kit.newCustomer();
    const id = await kit.inboundEmail(customer, 'Refund for order 1042');
    await kit.conversations.update(kit.lead, id, { queueId: queue, priority: 'high' }); // first response 60 min, resolution 480 min
    let r = await row(id);
    // 10 min Fri 17:50-18:00 CET; weekend; Mon 30 Mar holiday; Tue 31 Mar (CEST) 08:00 + 50 min = 08:50 CEST = 06:50Z.
    expect(iso(r.first_response_due_us)).toBe('2026-03-31T06:50:00.000Z');
    expect(r.sla_policy_id).toBe(`queue:${queue}`);

    kit.clock.ms = Date.parse('2026-03-31T06:05:00Z'); // Tue 08:05 CEST: 15 min used
    await kit.conversations.update(kit.lead, id, { status: 'pending' });
    expect((await row(id)).sla_due_us).toBeGreaterThan(Date.parse('2100-01-01') * 1000); // paused: no deadline runs
    kit.clock.ms = Date.parse('2026-03-31T08:05:00Z'); // Tue 10:05 CEST: 2 h later, open again
    await kit.conversations.update(kit.lead, id, { status: 'open' });
    r = await row(id);
    // 45 min left from 10:05 CEST -> 10:50 CEST = 08:50Z.
    expect(iso(r.first_response_due_us)).toBe('2026-03-31T08:50:00.000Z');
    // Resolution 480: Fri 10 + Tue 5 + (10:05-12:00) 115 + (13:00-18:00) 300 = 430; Wed 1 Apr 08:00 + 50 = 08:50 CEST = 06:50Z.
    expect(iso(r.resolution_due_us)).toBe('2026-04-01T06:50:00.000Z');
    expect(iso(r.sla_due_us)).toBe('2026-03-31T08:50:00.000Z');

    kit.clock.ms = Date.parse('2026-03-31T08:30:00Z'); // Tue 10:30 CEST: 10 + 5 + 25 = 40 min used
    const detail = await kit.conversations.get(kit.lead, id);
    expect(detail.clocks.find((c) => c.kind === 'first_response')).toEqual({
      kind: 'first_response',
      dueAt: '2026-03-31T08:50:00.000Z',
      state: 'on_track',
      explanation: 'due in 20 min (business hours; paused 2 h while pending; skipped 30 Mar holiday)',
    });
  });

  it('changing a queue recomputes its open conversations (in batches); other queues keep theirs', async () => {
    const [q1, q2] = [await kit.newQueue('Billing'), await kit.newQueue('Store')];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await kit.inboundEmail(await kit.newCustomer(), `Question ${i}`);
      await kit.conversations.update(kit.lead, id, { queueId: i < 4 ? q1 : q2 });
      ids.push(id);
    }
    // Around the clock by default: normal priority first response 240 min from Fri 17:50 CET.
    expect(iso((await row(ids[0]!)).first_response_due_us)).toBe('2026-03-27T20:50:00.000Z');
    const answer = await kit.sla.replace(kit.lead, q1, berlinQueue);
    expect(answer.recomputed).toBe(4);
    // 10 min Fri + 230 min Tue 31 Mar from 08:00 CEST (4 h until 12:00): 11:50 CEST = 09:50Z.
    for (const id of ids.slice(0, 4)) expect(iso((await row(id)).first_response_due_us)).toBe('2026-03-31T09:50:00.000Z');
    expect(iso((await row(ids[4]!)).first_response_due_us)).toBe('2026-03-27T20:50:00.000Z');
    expect((await kit.conversations.recomputeQueueDeadlines(q1, 2))).toBe(0); // already current, in pages of 2
  });

  it('refuses holidays that would stretch every SLA (a daily rule), naming the field; a plausible feed previews then applies', async () => {
    const queue = await kit.newQueue('Holidays');
    const everyDay = Array.from({ length: 60 }, (_, i) => ({ date: new Date(Date.UTC(2026, 3, 1 + i)).toISOString().slice(0, 10), name: 'Closed' }));
    const err = await kit.sla.replace(kit.lead, queue, { ...berlinQueue, calendar: { ...berlinSplit, holidays: everyDay } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe('calendar.holidays');
    expect((err as InputError).message).toMatch(/close 60 of the next 365 days/);
    await kit.sla.replace(kit.lead, queue, berlinQueue);
    const daily = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:d1', 'DTSTART;VALUE=DATE:20260401', 'RRULE:FREQ=DAILY', 'SUMMARY:Closed', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const refused = await kit.sla.importHolidays(kit.lead, queue, { ics: daily, apply: true }).catch((e: unknown) => e);
    expect((refused as InputError).path).toBe('ics');
    const broken = await kit.sla.importHolidays(kit.lead, queue, { ics: 'hello', apply: false }).catch((e: unknown) => e);
    expect((broken as InputError).path).toBe('ics');
    const feed = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:x1', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Christmas', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:x2', 'DTSTART:20261224T140000Z', 'SUMMARY:Early close', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const preview = await kit.sla.importHolidays(kit.lead, queue, { ics: feed, apply: false });
    expect(preview.holidays.map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26']);
    expect(preview.rejected.map((x) => x.name)).toEqual(['Early close']);
    expect(preview.applied).toBe(false);
    expect((await kit.sla.read(queue)).calendar!.holidays).toHaveLength(1);
    const applied = await kit.sla.importHolidays(kit.lead, queue, { ics: feed, apply: true });
    expect(applied.added).toBe(2);
    expect((await kit.sla.read(queue)).calendar!.holidays.map((h) => h.date)).toEqual(['2026-03-30', '2026-12-25', '2026-12-26']);
  });

  it('the sweep warns 15 min before and breaches at the deadline once per clock and deadline; a later deadline warns again', async () => {
    const queue = await kit.newQueue('Sweep');
    const id = await kit.inboundEmail(await kit.newCustomer(), 'Late parcel');
    await kit.conversations.update(kit.lead, id, { queueId: queue, priority: 'urgent', assigneeId: kit.lead.userId }); // first response 30 min: 17:20Z
    kit.clock.ms = Date.parse('2026-03-27T17:00:00Z');
    expect(await kit.sweep.tick()).toMatchObject({ leader: true, warnings: 0, breaches: 0 });
    kit.clock.ms = Date.parse('2026-03-27T17:06:00Z');
    expect(await kit.sweep.tick()).toMatchObject({ warnings: 1, breaches: 0 });
    expect(await kit.sweep.tick()).toMatchObject({ warnings: 0, breaches: 0 });
    // Pending 10 min, then open again: the deadline moves to 17:30Z, a new clock to warn about.
    await kit.conversations.update(kit.lead, id, { status: 'pending' });
    kit.clock.ms = Date.parse('2026-03-27T17:16:00Z');
    await kit.conversations.update(kit.lead, id, { status: 'open' });
    expect(iso((await row(id)).first_response_due_us)).toBe('2026-03-27T17:30:00.000Z');
    expect(await kit.sweep.tick()).toMatchObject({ warnings: 1, breaches: 0 });
    kit.clock.ms = Date.parse('2026-03-27T17:30:00Z');
    expect(await kit.sweep.tick()).toMatchObject({ warnings: 0, breaches: 1 });
    kit.clock.ms = Date.parse('2026-03-27T17:45:00Z');
    expect(await kit.sweep.tick()).toMatchObject({ warnings: 0, breaches: 0 });
    await domain.events.idle();
    expect(alerts.map((a) => [a.kind, a.level, a.dueAt, a.queueId, a.assigneeId])).toEqual([
      ['first_response', 'warning', '2026-03-27T17:20:00.000Z', queue, kit.lead.userId],
      ['first_response', 'warning', '2026-03-27T17:30:00.000Z', queue, kit.lead.userId],
      ['first_response', 'breached', '2026-03-27T17:30:00.000Z', queue, kit.lead.userId],
    ]);
  });

  it('the sweep wakes snoozed conversations whose time came and closes solved ones past closeAfterDays', async () => {
    const a = await kit.inboundEmail(await kit.newCustomer(), 'Snoozed');
    const b = await kit.inboundEmail(await kit.newCustomer(), 'Solved');
    await kit.conversations.update(kit.lead, a, { status: 'snoozed', snoozedUntil: new Date(kit.clock.ms + 60 * MIN).toISOString() });
    await kit.conversations.update(kit.lead, b, { status: 'solved' });
    const updates: string[] = [];
    domain.events.subscribe('sla-test-updates', { 'conversation.updated': ({ conversations }) => void updates.push(...conversations.map((c) => `${c.id}:${c.status}`)) });
    kit.clock.ms += 30 * MIN;
    expect(await kit.sweep.tick()).toMatchObject({ woken: 0, closed: 0 });
    kit.clock.ms += 31 * MIN;
    expect(await kit.sweep.tick()).toMatchObject({ woken: 1, closed: 0 });
    expect((await row(a)).status).toBe('open');
    kit.clock.ms += 4 * 24 * 60 * MIN;
    expect(await kit.sweep.tick()).toMatchObject({ woken: 0, closed: 1 });
    expect((await row(b)).status).toBe('closed');
    await domain.events.idle();
    expect(updates).toEqual([`${a}:open`, `${b}:closed`]);
  });
});
