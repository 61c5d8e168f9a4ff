import { ActivityBadge } from '../../collision/index.js';

/* Who is on a conversation: its assignee, and helper B's live `<ActivityBadge>` (viewing, replying, on a call, in a store). */

export function RowActivity({ customerId, assigneeName }: { customerId: string; assigneeName: string | null }) {
  return (
    <span className="inbox-who-cell">
      <span className="inbox-who" data-testid="row-who">
        {assigneeName === null ? 'Nobody yet' : assigneeName === 'You' ? 'You are on it' : `${assigneeName} is on it`}
      </span>
      <ActivityBadge customerId={customerId} />
    </span>
  );
}
