import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { CustomerProfile } from '../../../shared/index.js';
import { describeError, HubError } from '../api/hub-error.js';
import { ChannelFilter } from '../features/customers/components/ChannelFilter.js';
import { ProfileHeader } from '../features/customers/components/ProfileHeader.js';
import { Timeline } from '../features/customers/components/Timeline.js';
import type { CustomerPanel } from '../features/feature-module.js';
import { useProfile } from '../features/customers/hooks.js';
import { useCustomerNavigation } from '../features/customers/navigation.js';
import { channelsFromSearch, type CustomerSearch } from '../features/customers/route-search.js';
import { useLive } from '../live/live-status.js';
import { FEATURES } from './features.js';

const PANELS = FEATURES.flatMap((f) => (f.customerPanels ?? []).map((p, i) => ({ ...p, key: `${f.name}-${i}` })));

/** Other features' panels for one slot, remounted per customer (their local state belongs to that customer). */
function Slot({ slot, profile }: { slot: CustomerPanel['slot']; profile: CustomerProfile }) {
  return (
    <>
      {PANELS.filter((p) => p.slot === slot).map(({ key, Panel }) => (
        <Panel key={`${key}-${profile.id}`} profile={profile} />
      ))}
    </>
  );
}

/** One customer (`/customers/$customerId`): profile header, feature panels, channel filter (in the URL), live timeline. */
export function CustomerScreen({ customerId, search }: { customerId: string; search: CustomerSearch }) {
  const profile = useProfile(customerId);
  // Other features' panels mount a render later (and start their own reads then): the header and the
  // timeline's first rows are painted without waiting on a dozen panels.
  const deferred = useDeferredValue(profile.data);
  // Never the previous customer's panels under this one's header (the deferred value lags a render behind).
  const panelProfile = deferred && deferred.id === profile.data?.id ? deferred : undefined;
  const channels = useMemo(() => channelsFromSearch(search), [search]);
  const nav = useCustomerNavigation();
  const [asideOpen, setAsideOpen] = useState(false);
  const live = useLive((s) => (s.status === 'connected' && s.watching === customerId ? 'connected' : 'reconnecting'));

  // Asked for a merged-away id: the hub answered with the survivor; show (and watch) that.
  const survivorId = profile.data?.id;
  const { follow } = nav;
  useEffect(() => {
    if (survivorId && survivorId !== customerId) follow(survivorId);
  }, [survivorId, customerId, follow]);

  useEffect(() => {
    if (profile.data) document.title = `${profile.data.displayName} · Omni Console`;
  }, [profile.data]);

  if (profile.isError) {
    const notFound = profile.error instanceof HubError && profile.error.status === 404;
    return (
      <div className="workspace-empty" role="alert">
        <p>{notFound ? 'This customer no longer exists.' : `Could not load the customer: ${describeError(profile.error)}`}</p>
      </div>
    );
  }
  const toggleChannel = (c: (typeof channels)[number]) => nav.setChannels(customerId, channels.includes(c) ? channels.filter((x) => x !== c) : [...channels, c]);
  return (
    <div className="workspace-inner">
      {profile.data ? (
        <ProfileHeader profile={profile.data}>
          <Slot slot="header" profile={profile.data} />
        </ProfileHeader>
      ) : (
        <div className="profile-header is-loading" aria-busy="true" />
      )}
      {/* Compact summaries (duplicates, merges, consent, viewers) in one strip: each expands on demand, the timeline stays above the fold. */}
      {panelProfile && (
        <div className="profile-panels" data-testid="profile-panels">
          <Slot slot="profile" profile={panelProfile} />
        </div>
      )}
      <div className="filter-row">
        <ChannelFilter counts={profile.data?.stats.channelCounts} selected={channels} onToggle={toggleChannel} onClear={() => nav.setChannels(customerId, [])} />
        <button type="button" className="btn aside-toggle" aria-expanded={asideOpen} aria-controls="workspace-aside" data-testid="aside-toggle" onClick={() => setAsideOpen((o) => !o)}>
          {asideOpen ? 'Hide next actions' : 'Next actions'}
        </button>
      </div>
      <div className="workspace-body">
        <Timeline key={customerId} customerId={customerId} channels={channels} live={live} />
        {/* Beside the timeline on wide screens; a drawer (toggled above) on tablets and phones (styles.css). */}
        <div id="workspace-aside" className={`workspace-aside${asideOpen ? ' is-open' : ''}`} onKeyDown={(e) => e.key === 'Escape' && setAsideOpen(false)}>
          {panelProfile && <Slot slot="aside" profile={panelProfile} />}
        </div>
      </div>
    </div>
  );
}
