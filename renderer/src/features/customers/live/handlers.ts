import type { CustomerProfile, TimelineItemEvent } from '../../../../../shared/index.js';
import { getBridge } from '../../../env/bridge.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { rowTitle } from '../../../lib/row-facts.js';
import type { FeatureLiveHandlers, LiveContext } from '../../../live/live-registry.js';
import { useLive } from '../../../live/live-status.js';
import { customerKeys } from '../keys.js';
import { applyCustomerMerged, applyCustomerUpdated, applyTimelineItem } from './apply-live.js';
import { applyChatPreviewEvent, applyChatRetractEvent } from './chat-preview.js';

const FLASH_MS = 4000;

/** A new item: patched into every cached timeline of that customer, flashed, announced, and notified when the window is in the background. */
function onItem(e: TimelineItemEvent, ctx: LiveContext): void {
  const view = ctx.view();
  const activeKey = view.customerId === e.customerId ? customerKeys.timeline(e.customerId, view.channels) : undefined;
  const outcome = applyTimelineItem(ctx.qc, e, activeKey);
  if (!outcome.isNew) return;
  const name = ctx.qc.getQueryData<CustomerProfile>(customerKeys.profile(e.customerId))?.displayName ?? 'customer';
  const title = rowTitle(e.item);
  useLive.getState().arrived({
    id: e.item.id,
    customerId: e.customerId,
    channel: e.item.channel,
    text: `New ${CHANNEL_LABEL[e.item.channel]} for ${name}: ${title}`,
    inserted: outcome.inserted,
  });
  setTimeout(() => useLive.getState().forget(e.item.id), FLASH_MS);
  const bridge = getBridge();
  if (bridge && (document.hidden || !document.hasFocus())) {
    void bridge.notify({ title: `${name} · new ${CHANNEL_LABEL[e.item.channel]}`.slice(0, 200), body: title.slice(0, 1000), customerId: e.customerId }).catch(() => undefined);
  }
}

/** Socket events -> the customers feature's caches (profile, timelines, search lists). */
export const customersLive: FeatureLiveHandlers = {
  'timeline:item': onItem,
  'widget:message-preview': (e, ctx) => applyChatPreviewEvent(ctx.qc, e),
  'widget:message-retract': (e, ctx) => applyChatRetractEvent(ctx.qc, e),
  'customer:updated': (e, ctx) => applyCustomerUpdated(ctx.qc, e),
  'customer:merged': (e, ctx) => {
    const open = ctx.view().customerId;
    const next = applyCustomerMerged(ctx.qc, e, open);
    if (next && next !== open) ctx.follow(next);
  },
  watching: (_requestedId, ack, ctx) => {
    // Replayed items were patched in one by one; one profile refetch re-syncs the stats exactly.
    if (ack.ok && (ack.replayed ?? 0) > 0) void ctx.qc.invalidateQueries({ queryKey: customerKeys.profile(ack.customerId) });
  },
};
