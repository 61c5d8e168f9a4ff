import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CustomerProfile, TimelineItemEvent } from '../../../shared/index.js';
import { qk } from '../api/query-keys.js';
import { getBridge } from '../env/bridge.js';
import { CHANNEL_LABEL } from '../lib/channel-meta.js';
import { rowTitle } from '../lib/row-facts.js';
import { useLive } from '../state/live.js';
import { useSession } from '../state/session.js';
import { useUi } from '../state/ui.js';
import { applyCustomerMerged, applyCustomerUpdated, applyTimelineItem } from './apply-live.js';
import { applyCustomerSplit } from '../components/duplicates/apply-split.js';
import { actionsKey } from '../components/actions/keys.js';
import { connectLive, type LiveConnection } from './connection.js';
import { seenSeq } from './live-buffer.js';

const FLASH_MS = 4000;

/** Opens the one socket for this session and routes its events into the caches and UI state. */
export function useLiveSync(hubUrl: string, token: string): LiveConnection | null {
  const qc = useQueryClient();
  const [conn, setConn] = useState<LiveConnection | null>(null);

  useEffect(() => {
    useLive.getState().reset();
    const onItem = (e: TimelineItemEvent) => {
      const ui = useUi.getState();
      const activeKey = ui.customerId === e.customerId ? qk.timeline(e.customerId, ui.channels) : undefined;
      const outcome = applyTimelineItem(qc, e, activeKey);
      if (!outcome.isNew) return;
      const name = qc.getQueryData<CustomerProfile>(qk.profile(e.customerId))?.displayName ?? 'customer';
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
    };
    const c = connectLive({
      hubUrl,
      token,
      sinceSeq: seenSeq,
      handlers: {
        status: (s) => useLive.getState().setStatus(s),
        item: onItem,
        updated: (e) => applyCustomerUpdated(qc, e),
        merged: (e) => {
          const ui = useUi.getState();
          const next = applyCustomerMerged(qc, e, ui.customerId);
          if (next && next !== ui.customerId) ui.replaceCustomer(next);
        },
        split: (e) => applyCustomerSplit(qc, e),
        // The payload is ranked for the agent role; refetch so this user's role and feedback apply.
        actions: (e) => void qc.invalidateQueries({ queryKey: actionsKey(e.customerId) }),
        watching: (requestedId, ack) => {
          if (!ack.ok) return;
          const ui = useUi.getState();
          if (ui.customerId !== requestedId) return;
          // A merged-away id is watched as its survivor: follow it.
          if (ack.customerId !== requestedId) ui.replaceCustomer(ack.customerId);
          else useLive.getState().setWatching(requestedId);
          // Replayed items were patched in one by one; one profile refetch re-syncs the stats exactly.
          if ((ack.replayed ?? 0) > 0) void qc.invalidateQueries({ queryKey: qk.profile(ack.customerId) });
        },
        unauthorized: () => useSession.getState().signOut(),
      },
    });
    setConn(c);
    return () => {
      c.close();
      setConn(null);
    };
  }, [hubUrl, token, qc]);

  return conn;
}
