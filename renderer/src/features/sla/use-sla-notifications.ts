import { useEffect, useRef } from 'react';
import type { SlaAlert } from '../../../../shared/index.js';
import { useSession } from '../auth/session-store.js';
import { useSlaAlerts } from './sla-alerts.js';
import { alertWords } from './words.js';

/** Whether this notice is the current user's business: theirs, or unassigned work in a queue they are in (the hub only sends it to those rooms). */
export function isMine(alert: SlaAlert, userId: string | null): boolean {
  return alert.assigneeId === null || alert.assigneeId === userId;
}

function notify(alert: SlaAlert): void {
  if (typeof Notification === 'undefined') return;
  const { title, body } = alertWords(alert);
  const show = () => {
    try {
      // One per clock, level and deadline: the same notice twice replaces itself instead of stacking.
      const n = new Notification(title, { body, tag: `${alert.conversationId}:${alert.kind}:${alert.level}:${alert.dueAt}` });
      n.onclick = () => {
        window.focus();
        window.location.hash = `#/conversations/${encodeURIComponent(alert.conversationId)}`;
      };
    } catch {
      // Some shells refuse notifications from the page: the inbox still shows the state.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}

/** Raises a desktop notification (Web Notification API; Electron shows it natively) for each new `sla:warning` / `sla:breached` of the current user. */
export function useSlaNotifications(): void {
  const userId = useSession((s) => s.user?.id ?? null);
  const alerts = useSlaAlerts((s) => s.alerts);
  const seen = useRef(new Set<SlaAlert>());
  useEffect(() => {
    for (const a of alerts) {
      if (seen.current.has(a)) continue;
      seen.current.add(a);
      if (isMine(a, userId)) notify(a);
    }
  }, [alerts, userId]);
}

/** A shell part that only runs the hook (mounted once in the console). */
export function SlaNotifier() {
  useSlaNotifications();
  return null;
}
