import type { TimelineItem } from '../../../../../shared/index.js';

/*
 * Per-customer memory of the live stream: the highest `seq` seen (sent as `sinceSeq` on (re)watch so
 * the hub replays what we missed) and the last few live items, merged into a first page that was
 * already in flight when they arrived.
 */

const KEEP = 50;
const recent = new Map<string, TimelineItem[]>();
const highestSeq = new Map<string, number>();

export function noteSeq(customerId: string, seq: number): void {
  if (seq > (highestSeq.get(customerId) ?? -1)) highestSeq.set(customerId, seq);
}

export function seenSeq(customerId: string): number | undefined {
  return highestSeq.get(customerId);
}

export function rememberLive(customerId: string, item: TimelineItem): void {
  const list = recent.get(customerId) ?? [];
  list.push(item);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
  recent.set(customerId, list);
}

export function recentLive(customerId: string): readonly TimelineItem[] {
  return recent.get(customerId) ?? [];
}

export function clearLiveBuffer(): void {
  recent.clear();
  highestSeq.clear();
}
