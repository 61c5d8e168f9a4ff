/**
 * Day line between timeline rows ("Today", "Yesterday", "Mon 3 Mar 2025"). Visual only: a feed may hold
 * only articles (a heading in it is an axe violation); each row's time carries its full date instead.
 */
export function DaySeparator({ label }: { label: string }) {
  return (
    <div className="tl-day" data-testid="timeline-day" aria-hidden="true">
      <span>{label}</span>
    </div>
  );
}
