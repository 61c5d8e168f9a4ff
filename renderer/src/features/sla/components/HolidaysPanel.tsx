import { useRef, useState } from 'react';
import type { Holiday, HolidayImportResult } from '../../../../../shared/sla.js';
import { refusalText } from '../../../lib/field-errors.js';
import { useImportHolidays } from '../hooks.js';

const dateWords = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The calendar's holidays (remove one by one) and an iCalendar import: preview first, then apply. */
export function HolidaysPanel({ queueId, holidays, onChange, dirty }: { queueId: string; holidays: Holiday[]; onChange(next: Holiday[]): void; dirty: boolean }) {
  const file = useRef<HTMLInputElement>(null);
  const [ics, setIcs] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<HolidayImportResult | null>(null);
  const run = useImportHolidays(queueId);
  const pick = async (f: File | undefined) => {
    setPreview(null);
    if (!f) return;
    const text = await f.text();
    setIcs({ name: f.name, text });
    run.mutate({ ics: text, apply: false }, { onSuccess: setPreview });
  };
  const apply = () => ics && run.mutate({ ics: ics.text, apply: true }, { onSuccess: (r) => (setPreview(null), setIcs(null), onChange(r.settings.calendar?.holidays ?? holidays)) });
  const error = refusalText(run.error);
  return (
    <div className="sla-holidays" data-testid="sla-holidays">
      {holidays.length === 0 ? (
        <p className="muted">No holidays: the clock runs on every open day.</p>
      ) : (
        <ul className="sla-holiday-list" aria-label="Holidays">
          {holidays.map((h) => (
            <li key={h.date}>
              <span>{dateWords(h.date)}</span>
              <span className="muted">{h.name}</span>
              <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove holiday ${h.name} on ${dateWords(h.date)}`} onClick={() => onChange(holidays.filter((x) => x.date !== h.date))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="sla-import">
        <label htmlFor="sla-ics" className="btn">
          Import holidays from a calendar file (.ics)
        </label>
        <input id="sla-ics" ref={file} type="file" accept=".ics,text/calendar" className="visually-hidden" data-testid="sla-ics" onChange={(e) => void pick(e.target.files?.[0])} />
        {dirty && <span className="muted"> Save your other changes first: an import applies to the saved settings.</span>}
      </div>
      {run.isPending && <p className="muted">Reading the calendar…</p>}
      {error && (
        <p className="form-error" role="alert" data-testid="sla-import-error">
          {error}
        </p>
      )}
      {preview && ics && (
        <section className="sla-preview" aria-labelledby="sla-preview-title" data-testid="sla-import-preview">
          <h3 id="sla-preview-title">What {ics.name} would add</h3>
          {preview.added === 0 ? <p className="muted">Nothing new: every holiday in it is already in the calendar.</p> : <p>{preview.added} new closed day{preview.added === 1 ? '' : 's'}:</p>}
          <ul className="sla-holiday-list">
            {preview.holidays.map((h) => (
              <li key={h.date}>
                <span>{dateWords(h.date)}</span>
                <span className="muted">{h.name}</span>
              </li>
            ))}
          </ul>
          {preview.rejected.length > 0 && (
            <>
              <p>Left out (not whole-day holidays):</p>
              <ul className="sla-rejected">
                {preview.rejected.map((x, i) => (
                  <li key={i}>
                    <strong>{x.name}</strong> <span className="muted">{x.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="sla-actions">
            <button type="button" className="btn btn-primary" disabled={preview.added === 0 || run.isPending || dirty} onClick={apply} data-testid="sla-import-apply">
              Add these holidays
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => (setPreview(null), setIcs(null), file.current && (file.current.value = ''))}>
              Cancel
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
