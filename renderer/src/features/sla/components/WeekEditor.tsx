import { WEEKDAYS, type BusinessCalendar, type BusinessInterval, type Weekday } from '../../../../../shared/sla.js';

const DAY_WORDS: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const MONDAY_FIRST: Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

/** Open hours per weekday: several shifts a day (split shifts), none = closed. */
export function WeekEditor({ week, onChange }: { week: BusinessCalendar['week']; onChange(next: BusinessCalendar['week']): void }) {
  const setDay = (d: Weekday, list: BusinessInterval[]) => onChange({ ...week, [d]: list });
  return (
    <div className="sla-week" role="group" aria-label="Weekly business hours" data-testid="sla-week">
      {MONDAY_FIRST.map((d) => {
        const shifts = week[d] ?? [];
        return (
          <div key={d} className="sla-day" data-day={d}>
            <span className="sla-day-name">{DAY_WORDS[d]}</span>
            <div className="sla-shifts">
              {shifts.length === 0 && <span className="muted">Closed</span>}
              {shifts.map((s, i) => (
                <span key={i} className="sla-shift">
                  <input type="time" aria-label={`${DAY_WORDS[d]} shift ${i + 1} opens`} value={s.start} onChange={(e) => setDay(d, shifts.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))} />
                  <span aria-hidden="true">–</span>
                  <input type="time" aria-label={`${DAY_WORDS[d]} shift ${i + 1} closes`} value={s.end === '24:00' ? '23:59' : s.end} onChange={(e) => setDay(d, shifts.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))} />
                  <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${DAY_WORDS[d]} shift ${i + 1}`} onClick={() => setDay(d, shifts.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </span>
              ))}
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => {
                  const last = shifts[shifts.length - 1];
                  setDay(d, [...shifts, last ? { start: last.end < '23:00' ? last.end : '22:00', end: '23:00' } : { start: '09:00', end: '17:00' }]);
                }}
              >
                {shifts.length === 0 ? 'Open this day' : 'Add shift'}
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
