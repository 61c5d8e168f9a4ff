import { useEffect, useState } from 'react';
import type { Conversation, SlaClock } from '../../../../shared/index.js';
import { BADGE_LABEL, badgeOfClocks, badgeOfConversation } from './words.js';
import './sla.css';

type Props = { clocks: readonly SlaClock[]; conversation?: never; now?: never } | { conversation: Pick<Conversation, 'status' | 'nextDueAt'>; clocks?: never; now?: number };

/**
 * On track / at risk / breached / paused with the time left in words. From a conversation (inbox rows: the
 * nearest deadline, ticking every 30 s) or from the hub's explained clocks (the conversation screen).
 */
export function SlaBadge(props: Props) {
  const ticking = props.conversation !== undefined && props.now === undefined;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, [ticking]);
  const badge = props.clocks ? badgeOfClocks(props.clocks) : badgeOfConversation(props.conversation, props.now ?? now);
  if (badge.state === 'none') return null;
  return (
    <span className={`sla-badge is-${badge.state}`} data-testid="sla-badge" data-state={badge.state} title={badge.title}>
      <span className="sla-badge-state">{BADGE_LABEL[badge.state]}</span>
      {badge.words && <span className="sla-badge-left">{badge.words}</span>}
    </span>
  );
}
