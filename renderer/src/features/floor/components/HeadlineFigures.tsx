import { METRIC_DEFINITIONS, type MetricsSettings } from '../../../../../shared/metrics.js';
import type { FloorTotals } from '../totals.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { bandAgainstGoal, bandOf, percentWords, secondsWords, waitedSince } from '../words.js';
import { Figure } from './Figure.js';
import type { DrillTarget } from './QueueTable.js';

interface Props {
  totals: FloorTotals;
  settings: MetricsSettings | undefined;
  now: number;
  onDrill(target: Omit<DrillTarget, 'queueId' | 'channel'>): void;
}

const def = (k: string) => METRIC_DEFINITIONS[k] ?? '';

/** The few numbers a lead reads first, over everything the filter shows. */
export function HeadlineFigures({ totals: t, settings, now, onDrill }: Props) {
  const c = settings?.colours ?? {};
  const oldest = waitedSince(t.oldestWaitingSince, now);
  return (
    <div className="floor-headline" data-testid="floor-headline">
      <Figure label="Waiting now" value={t.waiting.toLocaleString()} formula={def('waiting')} band={bandOf(t.waiting, c.waiting)} testId="fig-waiting" onDrill={t.waiting > 0 ? () => onDrill({ metric: 'waiting', title: 'Waiting now' }) : undefined} />
      <Figure label="Oldest waiting" value={oldest === null ? 'nobody' : secondsWords(oldest)} formula={def('oldestWaitingSince')} band={bandOf(oldest, c.oldestWaitSec)} testId="fig-oldest" />
      <Figure
        label="Service level"
        value={percentWords(t.serviceLevel)}
        formula={def('serviceLevel')}
        band={bandOf(t.serviceLevel, c.serviceLevel)}
        note={`${t.answeredWithinT} of ${t.slDecided} in time`}
        testId="fig-sl"
        onDrill={t.answeredWithinT > 0 ? () => onDrill({ metric: 'answered_within_t', title: 'Answered in time' }) : undefined}
      />
      <Figure
        label="Speed of answer"
        value={t.asaLive.answered > 0 ? secondsWords(t.asaLive.sec) : 'none answered'}
        formula={def('asaLive')}
        band={bandOf(t.asaLive.sec, c.asaSec)}
        note="calls and chats"
        testId="fig-asa"
      />
      <Figure
        label="First reply"
        value={t.asaMessages.answered > 0 ? secondsWords(t.asaMessages.sec) : 'none answered'}
        formula={def('asaMessages')}
        band={bandAgainstGoal(t.asaMessages.sec, t.asaMessages.thresholdSec)}
        note={t.asaMessages.byChannel.length > 1 ? t.asaMessages.byChannel.map((c) => `${CHANNEL_LABEL[c.channel]} ${secondsWords(c.sec)}`).join(' · ') : 'email and SMS'}
        testId="fig-first-reply"
      />
      <Figure label="Offered" value={t.offered.toLocaleString()} formula={def('offered')} testId="fig-offered" onDrill={t.offered > 0 ? () => onDrill({ metric: 'offered', title: 'Offered' }) : undefined} />
      <Figure label="Answered" value={t.answered.toLocaleString()} formula={def('answered')} testId="fig-answered" onDrill={t.answered > 0 ? () => onDrill({ metric: 'answered', title: 'Answered' }) : undefined} />
      <Figure
        label="Abandoned"
        value={t.abandoned.toLocaleString()}
        formula={def('abandoned')}
        band={bandOf(t.abandonmentRate, c.abandonmentRate)}
        note={`${percentWords(t.abandonmentRate)} of offered · ${t.shortAbandoned} short apart`}
        testId="fig-abandoned"
        onDrill={t.abandoned > 0 ? () => onDrill({ metric: 'abandoned', title: 'Abandoned' }) : undefined}
      />
    </div>
  );
}
