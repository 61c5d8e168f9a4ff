import { useEffect, useState } from 'react';
import { CHANNELS, type Channel } from '../../../../../shared/index.js';
import { METRIC_WINDOWS, NO_QUEUE, type MetricWindow } from '../../../../../shared/metrics.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { formatTime } from '../../../lib/format.js';
import { useCan } from '../../auth/permissions.js';
import { useTeams } from '../../users/hooks.js';
import { createFloorApi, type FloorFilter } from '../api.js';
import { saveCsv } from '../download.js';
import { useFloorAgents, useLiveFigures, useMetricsSettings, useNow } from '../hooks.js';
import { floorTotals } from '../totals.js';
import { WINDOW_LABEL } from '../words.js';
import { AgentsTable } from './AgentsTable.js';
import { DrilldownDialog } from './DrilldownDialog.js';
import { HeadlineFigures } from './HeadlineFigures.js';
import { IntervalChart } from './IntervalChart.js';
import { QueueTable, type DrillTarget } from './QueueTable.js';
import { StaffingPanel } from './StaffingPanel.js';
import { ThresholdsDialog } from './ThresholdsDialog.js';
import '../floor.css';

const FLOOR_CHANNELS: readonly Channel[] = CHANNELS.filter((c) => ['phone', 'chat', 'sms', 'email', 'social', 'web'].includes(c));
type Drill = DrillTarget | Omit<DrillTarget, 'queueId' | 'channel'>;

/** Team leads' live floor at `/floor` (dashboard.view): queues, service level, agents and the staffing forecast, pushed live. */
export function FloorScreen() {
  const [filter, setFilter] = useState<FloorFilter>({ queue: null, channel: null, window: '15m' });
  const [drill, setDrill] = useState<Drill | null>(null);
  const [editing, setEditing] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const api = useFeatureApi(createFloorApi);
  const teams = useTeams();
  const live = useLiveFigures(filter);
  const agents = useFloorAgents(filter.queue === NO_QUEUE ? null : filter.queue);
  const settings = useMetricsSettings();
  const canManage = useCan('conversation.assign');
  const now = useNow(1000);
  useEffect(() => {
    document.title = 'Live floor · Omni Console';
  }, []);

  const exporting = async (run: () => Promise<string>, name: string) => {
    setExportError(null);
    try {
      saveCsv(await run(), name);
    } catch (err) {
      setExportError(describeError(err));
    }
  };
  const rows = live.data?.rows ?? [];
  return (
    <section className="floor-page" aria-labelledby="floor-title" data-testid="floor-page">
      <div className="floor-head">
        <h1 id="floor-title">Live floor</h1>
        <div className="floor-filters">
          <label>
            Queue{' '}
            <select value={filter.queue ?? ''} onChange={(e) => setFilter({ ...filter, queue: e.target.value || null })} data-testid="floor-queue">
              <option value="">All queues</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
              <option value={NO_QUEUE}>No queue</option>
            </select>
          </label>
          <label>
            Channel{' '}
            <select value={filter.channel ?? ''} onChange={(e) => setFilter({ ...filter, channel: (e.target.value || null) as Channel | null })} data-testid="floor-channel">
              <option value="">All channels</option>
              {FLOOR_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <div className="floor-windows" role="radiogroup" aria-label="Window">
            {METRIC_WINDOWS.map((w: MetricWindow) => (
              <button key={w} type="button" role="radio" aria-checked={filter.window === w} className={filter.window === w ? 'is-on' : ''} onClick={() => setFilter({ ...filter, window: w })} data-testid={`floor-window-${w}`}>
                {WINDOW_LABEL[w]}
              </button>
            ))}
          </div>
        </div>
        <div className="floor-head-actions">
          <span className="floor-updated muted" aria-live="off" data-testid="floor-updated">
            {live.data ? `Updated ${formatTime(live.data.generatedAt)}` : ''}
          </span>
          <button type="button" className="btn" disabled={!settings.data} onClick={() => setEditing(true)} data-testid="floor-edit-thresholds">
            Colours and targets
          </button>
        </div>
      </div>
      {(live.isError || agents.isError) && (
        <p className="form-error" role="alert">
          Could not load the floor: {describeError(live.error ?? agents.error)}
        </p>
      )}
      {exportError && (
        <p className="form-error" role="alert">
          Could not download: {exportError}
        </p>
      )}
      <HeadlineFigures totals={floorTotals(rows)} settings={settings.data} now={now} onDrill={setDrill} />
      <div className="floor-grid">
        <section className="floor-card floor-queues" aria-labelledby="floor-queues-title">
          <h2 id="floor-queues-title">
            Queues · {WINDOW_LABEL[filter.window].toLowerCase()}
          </h2>
          {live.isPending ? <p className="muted">Loading…</p> : <QueueTable rows={rows} settings={settings.data} now={now} onDrill={setDrill} />}
        </section>
        <StaffingPanel filter={filter} />
      </div>
      <IntervalChart queue={filter.queue} channel={filter.channel} now={now} onExport={() => void exporting(() => api.intervalsCsv(filter.queue, filter.channel), 'floor-intervals.csv')} />
      <section className="floor-card" aria-labelledby="floor-agents-title">
        <h2 id="floor-agents-title">Agents</h2>
        {agents.isPending ? <p className="muted">Loading…</p> : <AgentsTable agents={agents.data ?? []} settings={settings.data} now={now} canManage={canManage} />}
      </section>
      {drill && (
        <DrilldownDialog
          target={drill}
          filter={filter}
          onClose={() => setDrill(null)}
          onExport={(f, t) => void exporting(() => api.drilldownCsv(f, t.metric), `floor-${t.metric.replace(/_/g, '-')}.csv`)}
        />
      )}
      {editing && settings.data && <ThresholdsDialog settings={settings.data} onClose={() => setEditing(false)} />}
    </section>
  );
}
