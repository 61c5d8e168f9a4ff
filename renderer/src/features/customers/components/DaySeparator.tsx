/** Day heading between timeline rows ("Today", "Yesterday", "Mon 3 Mar 2025"). */
export function DaySeparator({ label }: { label: string }) {
  return (
    <div className="tl-day" data-testid="timeline-day" role="heading" aria-level={3}>
      <span>{label}</span>
    </div>
  );
}
