import type { ReactNode } from 'react';
import { METRIC_DEFINITIONS, type DrillMetric, type MetricsSettings, type QueueFigures } from '../../../../../shared/metrics.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { asaBand, BAND_WORDS, bandOf, goalWords, percentWords, secondsWords, waitedSince, type Band } from '../words.js';
import { Term } from './Term.js';

export interface DrillTarget {
  metric: DrillMetric;
  queueId: string | null;
  channel: QueueFigures['channel'];
  title: string;
}

interface Props {
  rows: readonly QueueFigures[];
  settings: MetricsSettings | undefined;
  now: number;
  onDrill(target: DrillTarget): void;
}

const def = (k: string) => METRIC_DEFINITIONS[k] ?? '';

/** Per queue and channel, every figure of the window; numbers with conversations behind them drill down. */
export function QueueTable({ rows, settings, now, onDrill }: Props) {
  if (rows.length === 0) return <p className="muted floor-empty">No contacts in this window for this queue and channel yet.</p>;
  const colours = settings?.colours ?? {};
  return (
    <div className="floor-table-wrap" role="region" aria-label="Figures per queue and channel" tabIndex={0}>
      <table className="floor-table" data-testid="floor-queue-table">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <Th k="waiting">Waiting</Th>
            <Th k="oldestWaitingSince">Oldest</Th>
            <Th k="offered">Offered</Th>
            <Th k="answered">Answered</Th>
            <Th k="abandoned">Abandoned</Th>
            <Th k="shortAbandoned">Short</Th>
            <Th k="serviceLevel">Service level</Th>
            <Th k="asaSec">ASA</Th>
            <Th k="ahtSec">AHT</Th>
            <Th k="abandonmentRate">Abandon rate</Th>
            <Th k="occupancy">Occupancy</Th>
            <Th k="backlog">
              Backlog<span className="floor-th-note">on track · at risk · breached</span>
            </Th>
            <Th k="fcr">FCR</Th>
            <Th k="csat">CSAT</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const name = `${r.queueName} · ${CHANNEL_LABEL[r.channel]}`;
            const drill = (metric: DrillMetric, what: string) => () => onDrill({ metric, queueId: r.queueId, channel: r.channel, title: `${what}: ${name}` });
            const oldestSec = waitedSince(r.oldestWaitingSince, now);
            return (
              <tr key={`${r.queueId ?? 'none'}-${r.channel}`} data-testid="floor-row" data-queue={r.queueName} data-channel={r.channel}>
                <th scope="row" className="floor-row-name">
                  {r.queueName}
                  <span className="floor-row-channel">{CHANNEL_LABEL[r.channel]}</span>
                </th>
                <Cell band={bandOf(r.waiting, colours.waiting)} testId="cell-waiting">
                  <Drill n={r.waiting} label={`Waiting in ${name}`} onClick={drill('waiting', 'Waiting now')} />
                </Cell>
                <Cell band={bandOf(oldestSec, colours.oldestWaitSec)}>{oldestSec === null ? '–' : secondsWords(oldestSec)}</Cell>
                <Cell>
                  <Drill n={r.offered} label={`Offered in ${name}`} onClick={drill('offered', 'Offered')} />
                </Cell>
                <Cell>
                  <Drill n={r.answered} label={`Answered in ${name}`} onClick={drill('answered', 'Answered')} />
                </Cell>
                <Cell>
                  <Drill n={r.abandoned} label={`Abandoned in ${name}`} onClick={drill('abandoned', 'Abandoned')} />
                </Cell>
                <Cell>
                  <Drill n={r.shortAbandoned} label={`Short abandons in ${name}`} onClick={drill('short_abandoned', 'Short abandons')} />
                </Cell>
                <Cell band={bandOf(r.serviceLevel, colours.serviceLevel)} testId="cell-sl">
                  {percentWords(r.serviceLevel)}
                  <span className="floor-cell-note">goal {goalWords(r.target, r.thresholdSec)}</span>
                </Cell>
                <Cell band={asaBand(r, colours.asaSec)}>{secondsWords(r.asaSec)}</Cell>
                <Cell>{secondsWords(r.ahtSec)}</Cell>
                <Cell band={bandOf(r.abandonmentRate, colours.abandonmentRate)}>{percentWords(r.abandonmentRate)}</Cell>
                <Cell band={bandOf(r.occupancy, colours.occupancy)}>{percentWords(r.occupancy)}</Cell>
                <Cell>
                  <span className="floor-backlog">
                    <Drill n={r.backlog.onTrack} label={`On track in ${name}`} onClick={drill('backlog_on_track', 'On track')} suffix=" on track" />
                    <Drill n={r.backlog.atRisk} label={`At risk in ${name}`} onClick={drill('backlog_at_risk', 'At risk')} suffix=" at risk" className="is-at-risk" />
                    <Drill n={r.backlog.breached} label={`Breached in ${name}`} onClick={drill('backlog_breached', 'Breached')} suffix=" breached" className="is-breached" />
                  </span>
                </Cell>
                <Cell>
                  {percentWords(r.fcr)}
                  {r.fcrSample > 0 && <span className="floor-cell-note">of {r.fcrSample}</span>}
                </Cell>
                <Cell>{r.csat === null ? '–' : `${r.csat.toFixed(1)} of 5`}</Cell>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Th({ k, children }: { k: string; children: ReactNode }) {
  return (
    <th scope="col">
      <Term formula={def(k)}>{children}</Term>
    </th>
  );
}

function Cell({ band = 'none', children, testId }: { band?: Band; children: ReactNode; testId?: string }) {
  const words = BAND_WORDS[band];
  return (
    <td className={`band-${band}`} data-band={band} data-testid={testId}>
      {children}
      {words && <span className="visually-hidden"> ({words})</span>}
    </td>
  );
}

/** A count that opens its conversations; zero has nothing behind it. */
function Drill({ n, label, onClick, suffix = '', className = '' }: { n: number; label: string; onClick(): void; suffix?: string; className?: string }) {
  if (n === 0)
    return (
      <span className={`floor-zero ${className}`}>
        0{suffix && <span className="visually-hidden">{suffix}</span>}
      </span>
    );
  return (
    <button type="button" className={`floor-drill ${className}`} onClick={onClick} aria-label={`${label}: ${n}. Show the conversations`}>
      {n.toLocaleString()}
      {suffix && <span className="visually-hidden">{suffix}</span>}
    </button>
  );
}
