import { CHANNELS, type Channel, type ChannelCounts } from '../../../../../shared/index.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { ChannelIcon } from '../../../ui/ChannelIcon.js';

/** Toggle chips per channel with counts; none selected = everything. Channels with no events are hidden unless selected. */
export function ChannelFilter({ counts, selected, onToggle, onClear }: { counts: ChannelCounts | undefined; selected: Channel[]; onToggle(c: Channel): void; onClear(): void }) {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const shown = CHANNELS.filter((c) => (counts?.[c] ?? 0) > 0 || selected.includes(c));
  return (
    <div className="channel-filter" role="group" aria-label="Filter timeline by channel">
      <button type="button" className="chip-toggle" aria-pressed={selected.length === 0} onClick={onClear} data-testid="channel-filter-all">
        All <span className="count">{total?.toLocaleString() ?? '–'}</span>
      </button>
      {shown.map((c) => (
        <button key={c} type="button" className={`chip-toggle ch-${c}`} aria-pressed={selected.includes(c)} onClick={() => onToggle(c)} data-testid={`channel-filter-${c}`}>
          <ChannelIcon channel={c} size={14} />
          {CHANNEL_LABEL[c]} <span className="count">{(counts?.[c] ?? 0).toLocaleString()}</span>
        </button>
      ))}
    </div>
  );
}
