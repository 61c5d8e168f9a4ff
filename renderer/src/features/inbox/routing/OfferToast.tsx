import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { ChannelIcon } from '../../../ui/ChannelIcon.js';
import { useOpenConversation } from '../navigation.js';
import { notifyOffer, useOffer } from './offer-store.js';
import '../inbox.css';
import { createRoutingApi } from './routing-adapter.js';

/** An offered conversation: who, which channel, what about, how long is left; Accept opens it. */
export function OfferToast() {
  const api = useFeatureApi(createRoutingApi);
  const offer = useOffer((s) => s.offer);
  const clear = useOffer((s) => s.clear);
  const receive = useOffer((s) => s.receive);
  const open = useOpenConversation();
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState('');
  const accept = useRef<HTMLButtonElement>(null);

  // After a reload, a pending offer comes back (the socket only pushes new ones).
  useEffect(() => {
    const ctl = new AbortController();
    api.offers(ctl.signal).then((list) => list[0] && receive(list[0]), () => undefined);
    return () => ctl.abort();
  }, [api, receive]);

  useEffect(() => {
    if (!offer) return;
    setError('');
    notifyOffer(offer);
    // The toast takes focus unless the agent is typing: Accept is then one key away, and no typing is lost.
    const active = document.activeElement;
    if (!(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || (active instanceof HTMLElement && active.isContentEditable))) accept.current?.focus();
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [offer]);

  const left = offer ? Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000)) : 0;
  useEffect(() => {
    if (offer && left === 0) clear(offer.offerId);
  }, [offer, left, clear]);
  if (!offer) return null;

  const run = async (what: 'accept' | 'decline') => {
    try {
      if (what === 'accept') {
        const conversation = await api.accept(offer.offerId);
        clear(offer.offerId);
        open(conversation.id, conversation.customerId);
      } else {
        await api.decline(offer.offerId);
        clear(offer.offerId);
      }
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section className="offer-toast" role="alertdialog" aria-labelledby="offer-title" aria-describedby="offer-what" data-testid="offer-toast">
      <h2 id="offer-title" className="offer-title">
        New conversation for you
      </h2>
      <p id="offer-what" className="offer-what">
        <span className="offer-channel">
          <ChannelIcon channel={offer.channel} /> {CHANNEL_LABEL[offer.channel]}
        </span>
        <strong data-testid="offer-customer">{offer.customerName ?? 'A customer'}</strong>
        <span className="offer-subject">{offer.subject}</span>
      </p>
      <p className="offer-countdown" data-testid="offer-countdown">
        {left} s left to accept
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="offer-buttons">
        <button ref={accept} type="button" className="btn btn-primary" data-testid="offer-accept" onClick={() => void run('accept')}>
          Accept
        </button>
        <button type="button" className="btn" data-testid="offer-decline" onClick={() => void run('decline')}>
          Decline
        </button>
      </div>
    </section>
  );
}
