import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Channel } from '../../../../../shared/index.js';
import type { IntervalFigures, Intervals } from '../../../../../shared/metrics.js';
import { useIntervals } from '../hooks.js';
import { percentWords, secondsWords } from '../words.js';

type ChartMetric = 'offered' | 'serviceLevel' | 'asaSec' | 'abandoned';
const METRICS: { value: ChartMetric; label: string; format(v: number): string }[] = [
  { value: 'offered', label: 'Offered', format: (v) => v.toLocaleString() },
  { value: 'serviceLevel', label: 'Service level', format: (v) => percentWords(v) },
  { value: 'asaSec', label: 'Speed of answer', format: (v) => secondsWords(v) },
  { value: 'abandoned', label: 'Abandoned', format: (v) => v.toLocaleString() },
];

interface Point {
  label: string;
  today: number | null;
  lastWeek: number | null;
}

/** Chart rows: today's line stops at the current interval (later ones have not happened). */
export function chartPoints(data: Intervals, metric: ChartMetric, now: number): Point[] {
  const pick = (f: IntervalFigures) => f[metric];
  return data.intervals.map((i) => ({ label: i.label, today: Date.parse(i.start) <= now ? pick(i.today) : null, lastWeek: pick(i.lastWeek) }));
}

/** 15-minute intervals of today against the same weekday last week, for the floor's queue and channel. */
export function IntervalChart({ queue, channel, now, onExport }: { queue: string | null; channel: Channel | null; now: number; onExport(): void }) {
  const intervals = useIntervals(queue, channel);
  const [metric, setMetric] = useState<ChartMetric>('offered');
  const m = METRICS.find((x) => x.value === metric)!;
  const data = intervals.data;
  const points = data ? chartPoints(data, metric, now) : [];
  const busy = points.filter((p) => (p.today ?? 0) > 0 || (p.lastWeek ?? 0) > 0);
  return (
    <section className="floor-card floor-chart" aria-labelledby="floor-chart-title" data-testid="floor-chart">
      <div className="floor-card-head">
        <h2 id="floor-chart-title">Today against {data ? weekdayWords(data.lastWeekDate) : 'last week'}</h2>
        <label>
          Show{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as ChartMetric)} data-testid="floor-chart-metric">
            {METRICS.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={onExport} data-testid="floor-export-intervals">
          Download intervals (CSV)
        </button>
      </div>
      {intervals.isError && <p className="form-error">Could not load the intervals.</p>}
      {data && (
        <div className="floor-chart-box" role="img" aria-label={`${m.label} per 15 minutes: today and ${weekdayWords(data.lastWeekDate)}. The table below has the numbers.`}>
          <ResponsiveContainer width="100%" height={230}>
            <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} interval={7} />
              <YAxis fontSize={11} width={64} tickFormatter={(v: number) => m.format(v)} domain={metric === 'serviceLevel' ? [0, 1] : [0, 'auto']} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? m.format(v) : '–')} />
              <Legend />
              <Line type="monotone" dataKey="lastWeek" name={`${weekdayWords(data.lastWeekDate)}`} stroke="#8a94a3" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
              <Line type="monotone" dataKey="today" name="Today" stroke="#3451d1" strokeWidth={2} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {data && (
        <details className="floor-chart-table">
          <summary>The numbers ({busy.length} intervals with contacts)</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Today</th>
                <th scope="col">{weekdayWords(data.lastWeekDate)}</th>
              </tr>
            </thead>
            <tbody>
              {busy.map((p) => (
                <tr key={p.label}>
                  <th scope="row">{p.label}</th>
                  <td>{p.today === null ? '–' : m.format(p.today)}</td>
                  <td>{p.lastWeek === null ? '–' : m.format(p.lastWeek)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** `2026-11-26` -> `last Thursday (26 Nov)`. */
function weekdayWords(date: string): string {
  const d = new Date(`${date}T12:00:00`);
  if (Number.isNaN(d.getTime())) return 'last week';
  return `last ${d.toLocaleDateString(undefined, { weekday: 'long' })} (${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })})`;
}
