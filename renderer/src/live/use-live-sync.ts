import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { combineLiveHandlers, type FeatureLiveHandlers, type LiveContext } from './live-registry.js';
import { connectLive, type LiveConnection } from './connection.js';
import { useLive } from './live-status.js';

export interface LiveSyncOptions {
  hubUrl: string;
  token: string;
  /** Every feature's handlers (app/features.ts); fixed for the app's lifetime. */
  handlers: readonly FeatureLiveHandlers[];
  /** Highest seq seen per customer, sent on (re)watch so the hub replays what was missed. */
  sinceSeq(customerId: string): number | undefined;
  view: LiveContext['view'];
  follow: LiveContext['follow'];
  /** The hub refused the session (expired or revoked). */
  onUnauthorized(): void;
}

/** Opens the one socket for this session and hands its events to every feature's live handlers. */
export function useLiveSync(opts: LiveSyncOptions): LiveConnection | null {
  const qc = useQueryClient();
  const [conn, setConn] = useState<LiveConnection | null>(null);
  // The view and navigation change with every route; the socket must not reconnect for that.
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });
  const { hubUrl, token } = opts;

  useEffect(() => {
    useLive.getState().reset();
    const ctx: LiveContext = { qc, view: () => latest.current.view(), follow: (id) => latest.current.follow(id) };
    const features = combineLiveHandlers(latest.current.handlers, ctx);
    const c = connectLive({
      hubUrl,
      token,
      sinceSeq: (id) => latest.current.sinceSeq(id),
      handlers: {
        ...features.events,
        status: (s) => useLive.getState().setStatus(s),
        watching: (requestedId, ack) => {
          if (!ack.ok) return;
          if (ctx.view().customerId !== requestedId) return;
          // A merged-away id is watched as its survivor: follow it.
          if (ack.customerId !== requestedId) ctx.follow(ack.customerId);
          else useLive.getState().setWatching(requestedId);
          features.watching(requestedId, ack);
        },
        unauthorized: () => latest.current.onUnauthorized(),
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
