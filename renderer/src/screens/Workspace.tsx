import { useEffect } from 'react';
import { useProfile } from '../api/hooks.js';
import { describeError, HubError } from '../api/hub-error.js';
import { ActionsPanel } from '../components/actions/ActionsPanel.js';
import { ChannelFilter } from '../components/ChannelFilter.js';
import { DuplicatesPanel } from '../components/duplicates/DuplicatesPanel.js';
import { MergeHistory } from '../components/duplicates/MergeHistory.js';
import { ProfileHeader } from '../components/ProfileHeader.js';
import { Timeline } from '../components/Timeline.js';
import { useLive } from '../state/live.js';
import { useUi } from '../state/ui.js';

/** One customer: profile header, channel filter, live timeline. */
export function Workspace({ customerId }: { customerId: string }) {
  const profile = useProfile(customerId);
  const channels = useUi((s) => s.channels);
  const toggleChannel = useUi((s) => s.toggleChannel);
  const clearChannels = useUi((s) => s.clearChannels);
  const replaceCustomer = useUi((s) => s.replaceCustomer);
  const live = useLive((s) => (s.status === 'connected' && s.watching === customerId ? 'connected' : 'reconnecting'));

  // Asked for a merged-away id: the hub answered with the survivor; show (and watch) that.
  const survivorId = profile.data?.id;
  useEffect(() => {
    if (survivorId && survivorId !== customerId) replaceCustomer(survivorId);
  }, [survivorId, customerId, replaceCustomer]);

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
  return (
    <div className="workspace-inner">
      {profile.data ? <ProfileHeader profile={profile.data} /> : <div className="profile-header is-loading" aria-busy="true" />}
      {profile.data && <MergeHistory profile={profile.data} />}
      {profile.data && <DuplicatesPanel key={profile.data.id} customerId={profile.data.id} displayName={profile.data.displayName} />}
      <ChannelFilter counts={profile.data?.stats.channelCounts} selected={channels} onToggle={toggleChannel} onClear={clearChannels} />
      <div className="workspace-body">
        <Timeline key={customerId} customerId={customerId} channels={channels} live={live} />
        {profile.data && <ActionsPanel key={`actions-${profile.data.id}`} customerId={profile.data.id} />}
      </div>
    </div>
  );
}
