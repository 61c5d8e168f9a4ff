import type { Channel } from '../../../../shared/index.js';
import { isLiveAnswerChannel, type ColouredMetric, type MetricWindow, type ThresholdBand } from '../../../../shared/metrics.js';

/*
 * Human words for the floor's figures: percentages, waits as minutes and seconds, colour bands. The hub
 * sends rates as 0..1 and durations as seconds; nothing raw reaches the screen.
 */

export const WINDOW_LABEL: Record<MetricWindow, string> = { '15m': 'Last 15 min', '1h': 'Last hour', today: 'Today' };

/** 0.784 -> `78%`; null (nothing to divide by) -> `–`. */
export function percentWords(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  return `${Math.round(rate * 100)}%`;
}

/** Seconds as a person says them: `45 s`, `3 min 05 s`, `1 h 20 min`, `2 d 4 h`; null -> `–`. */
export function secondsWords(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '–';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A service-level threshold T as a short phrase: `20 s`, `15 min`, `4 h`. */
export function thresholdWords(sec: number): string {
  if (sec < 60) return `${sec} s`;
  if (sec < 3600) return `${Math.round(sec / 60)} min`;
  return `${Math.round((sec / 3600) * 10) / 10} h`;
}

/** `80/20`: target percent over T, the way leads name a service-level goal. */
export function goalWords(target: number, thresholdSec: number): string {
  return `${Math.round(target * 100)}/${thresholdWords(thresholdSec)}`;
}

/** How long someone has waited since `iso`, at `now`. */
export function waitedSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, (now - t) / 1000);
}

export type Band = 'green' | 'amber' | 'red' | 'none';

/** Where `value` falls in a lead's band: green while better than warn, amber until bad, red beyond. */
export function bandOf(value: number | null | undefined, band: ThresholdBand | undefined): Band {
  if (value === null || value === undefined || !Number.isFinite(value) || !band) return 'none';
  if (band.higherIsBetter) return value >= band.warn ? 'green' : value >= band.bad ? 'amber' : 'red';
  return value <= band.warn ? 'green' : value <= band.bad ? 'amber' : 'red';
}

/** Answer speed of message channels (email, SMS, …) against their own goal T: within half of T, within T, past T. */
export function bandAgainstGoal(asaSec: number | null | undefined, thresholdSec: number | null | undefined): Band {
  if (thresholdSec === null || thresholdSec === undefined || !(thresholdSec > 0)) return 'none';
  return bandOf(asaSec, { warn: thresholdSec / 2, bad: thresholdSec, higherIsBetter: false });
}

/** A row's ASA colour: calls and chats by the lead's band, message channels by the row's own T. */
export function asaBand(r: { channel: Channel; asaSec: number | null; thresholdSec: number }, band: ThresholdBand | undefined): Band {
  return isLiveAnswerChannel(r.channel) ? bandOf(r.asaSec, band) : bandAgainstGoal(r.asaSec, r.thresholdSec);
}

/** Read out beside the colour (colour is never the only signal). */
export const BAND_WORDS: Record<Band, string> = { green: 'on target', amber: 'watch', red: 'off target', none: '' };

/** Which coloured metrics are rates (edited and shown as percent) and which are seconds or counts. */
export const COLOUR_UNITS: Record<ColouredMetric, 'percent' | 'seconds' | 'count'> = {
  serviceLevel: 'percent',
  abandonmentRate: 'percent',
  occupancy: 'percent',
  asaSec: 'seconds',
  oldestWaitSec: 'seconds',
  waiting: 'count',
};

export const COLOUR_LABEL: Record<ColouredMetric, string> = {
  serviceLevel: 'Service level',
  asaSec: 'Average speed of answer',
  abandonmentRate: 'Abandonment rate',
  occupancy: 'Occupancy',
  oldestWaitSec: 'Oldest waiting',
  waiting: 'Waiting now',
};

/** A band's value in the unit a lead types (percent for rates). */
export function toEditUnit(metric: ColouredMetric, v: number): number {
  return COLOUR_UNITS[metric] === 'percent' ? Math.round(v * 1000) / 10 : v;
}
export function fromEditUnit(metric: ColouredMetric, v: number): number {
  return COLOUR_UNITS[metric] === 'percent' ? v / 100 : v;
}

/** Time in a state for the agents table, ticking: `4 min`, `1 h 12 min`. */
export function timeInState(since: string, now: number): string {
  const sec = waitedSince(since, now);
  if (sec === null) return '–';
  if (sec < 60) return 'under a minute';
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
