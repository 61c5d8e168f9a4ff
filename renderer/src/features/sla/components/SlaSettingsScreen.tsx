import { useEffect, useMemo, useState } from 'react';
import type { BusinessCalendar, QueueSlaUpdate } from '../../../../../shared/sla.js';
import { describeError } from '../../../api/hub-error.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { useTeams } from '../../users/hooks.js';
import { useQueueSla, useSaveQueueSla } from '../hooks.js';
import { HolidaysPanel } from './HolidaysPanel.js';
import { TargetsTable } from './TargetsTable.js';
import { WeekEditor } from './WeekEditor.js';
import '../sla.css';

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC', 'Europe/Berlin', 'America/New_York'];
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const OFFICE_WEEK: BusinessCalendar['week'] = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));

/** Leads and admins: a queue's SLA targets per priority, its weekly hours (split shifts), time zone and holidays. At `/admin/sla`. */
export function SlaSettingsScreen() {
  const teams = useTeams();
  const [queueId, setQueueId] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'SLA · Omni Console';
  }, []);
  useEffect(() => {
    if (queueId === null && teams.data?.[0]) setQueueId(teams.data[0].id);
  }, [teams.data, queueId]);
  return (
    <section className="sla-page" aria-labelledby="sla-title" data-testid="sla-page">
      <div className="sla-head">
        <h1 id="sla-title">SLA targets and business hours</h1>
        {teams.data && teams.data.length > 0 && (
          <label className="sla-queue-pick">
            Queue{' '}
            <select value={queueId ?? ''} onChange={(e) => setQueueId(e.target.value)} data-testid="sla-queue">
              {teams.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {teams.isError && (
        <p className="form-error" role="alert">
          Could not load the queues: {describeError(teams.error)}
        </p>
      )}
      {teams.data?.length === 0 && <p className="muted">No queues yet: create a team under Teams first; each team is a queue with its own SLA.</p>}
      {queueId && <QueueSlaForm key={queueId} queueId={queueId} />}
    </section>
  );
}

function QueueSlaForm({ queueId }: { queueId: string }) {
  const sla = useQueueSla(queueId);
  const save = useSaveQueueSla(queueId);
  const [draft, setDraft] = useState<QueueSlaUpdate | null>(null);
  const saved = useMemo<QueueSlaUpdate | null>(() => (sla.data ? { byPriority: sla.data.byPriority, calendar: sla.data.calendar } : null), [sla.data]);
  useEffect(() => setDraft(saved), [saved]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  if (sla.isError)
    return (
      <p className="form-error" role="alert">
        Could not load this queue's SLA: {describeError(sla.error)}
      </p>
    );
  if (!draft) return <p className="muted">Loading…</p>;
  const cal = draft.calendar;
  const setCal = (c: BusinessCalendar | null) => setDraft({ ...draft, calendar: c });
  const { byField, summary } = fieldErrors(save.error);
  const problems = [summary, ...Object.values(byField)].filter(Boolean);
  return (
    <form
      className="sla-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <fieldset>
        <legend>Targets per priority (business time)</legend>
        <TargetsTable value={draft.byPriority} onChange={(byPriority) => setDraft({ ...draft, byPriority })} />
      </fieldset>
      <fieldset>
        <legend>Business hours</legend>
        <label className="sla-check">
          <input type="checkbox" checked={cal === null} onChange={(e) => setCal(e.target.checked ? null : { timeZone: localZone(), week: OFFICE_WEEK, holidays: [] })} data-testid="sla-around-the-clock" /> Around the clock (no business hours, no holidays)
        </label>
        {cal && (
          <>
            <label className="sla-zone">
              Time zone{' '}
              <select value={cal.timeZone} onChange={(e) => setCal({ ...cal, timeZone: e.target.value })} data-testid="sla-zone">
                {(ZONES.includes(cal.timeZone) ? ZONES : [cal.timeZone, ...ZONES]).map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </label>
            <WeekEditor week={cal.week} onChange={(week) => setCal({ ...cal, week })} />
          </>
        )}
      </fieldset>
      {cal && (
        <fieldset>
          <legend>Holidays (the clock stands still)</legend>
          <HolidaysPanel queueId={queueId} holidays={cal.holidays} onChange={(holidays) => setCal({ ...cal, holidays })} dirty={dirty} />
        </fieldset>
      )}
      {problems.length > 0 && (
        <div className="form-error" role="alert" data-testid="sla-save-error">
          {problems.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      )}
      <div className="sla-actions sla-save-bar">
        <button type="submit" className="btn btn-primary" disabled={!dirty || save.isPending} data-testid="sla-save">
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-ghost" disabled={!dirty} onClick={() => setDraft(saved)}>
          Undo changes
        </button>
        {!dirty && save.data && (
          <span className="muted" role="status" data-testid="sla-saved">
            Saved. {save.data.recomputed ? `Deadlines of ${save.data.recomputed} open conversation${save.data.recomputed === 1 ? '' : 's'} recomputed.` : 'No open conversation needed new deadlines.'}
          </span>
        )}
        {dirty && <span className="muted">Unsaved changes.</span>}
      </div>
    </form>
  );
}
