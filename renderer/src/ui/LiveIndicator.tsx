import type { LiveStatus } from '../live/live-status.js';

const TEXT: Record<LiveStatus, string> = { connected: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

/** Socket state for the agent; role=status so a drop is announced. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span className={`live-indicator is-${status}`} role="status" data-testid="live-indicator" data-status={status} title={status === 'connected' ? 'Receiving live updates' : 'Live updates paused; missed events will be replayed'}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{TEXT[status]}</span>
    </span>
  );
}
