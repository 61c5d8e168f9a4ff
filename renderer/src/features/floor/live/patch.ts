import type { LiveMetrics, QueueFigures } from '../../../../../shared/metrics.js';
import type { FloorFilter } from '../api.js';

const rowKey = (r: Pick<QueueFigures, 'queueId' | 'channel'>) => `${r.queueId ?? ''}|${r.channel}`;

/**
 * A pushed set of 15-minute rows folded into a cached 15-minute answer: rows of the pushed queues are
 * replaced (a queue x channel no longer pushed is gone), others are kept; the filter decides what belongs.
 * Older pushes (lower version) leave the cache alone.
 */
export function patchLive(cached: LiveMetrics, filter: FloorFilter, pushed: { queueIds: readonly (string | null)[]; rows: readonly QueueFigures[]; version: number; eventAt: string }): LiveMetrics {
  if (cached.window !== '15m' || pushed.version < cached.version) return cached;
  const changedQueues = new Set(pushed.queueIds.map((q) => q ?? ''));
  const fits = (r: QueueFigures) => (filter.queue === null || (r.queueId ?? 'none') === filter.queue) && (filter.channel === null || r.channel === filter.channel);
  const kept = cached.rows.filter((r) => !changedQueues.has(r.queueId ?? ''));
  const fresh = pushed.rows.filter(fits);
  const byKey = new Map([...kept, ...fresh].map((r) => [rowKey(r), r]));
  const rows = [...byKey.values()].sort((a, b) => a.queueName.localeCompare(b.queueName) || a.channel.localeCompare(b.channel));
  return { ...cached, rows, version: pushed.version, generatedAt: pushed.eventAt > cached.generatedAt ? pushed.eventAt : cached.generatedAt };
}
