import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, type IngestEvent } from '../../shared/index.js';
import { chatConnector } from '../connectors/chat/chat-connector.js';
import { emailConnector } from '../connectors/email/email-connector.js';
import { twilioMessagingConnector, twilioVoiceConnector } from '../connectors/twilio/twilio-connector.js';
import { twilioSignature } from '../connectors/twilio/verify.js';
import type { Connector, ConnectorOutput, ConnectorSettings } from '../connectors/types.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain } from '../storage/test-domain.js';
import { groupingIntent } from './grouping-rules.js';
import { convDb } from './tables.js';

/*
 * One vocabulary: the real email and Twilio connectors' parsed events go through the grouping reader
 * (and then through ingest), so a connector renaming a type, a direction or a thread field fails here.
 */

const SETTINGS: ConnectorSettings = { twilioAuthToken: 'tw-token', publicUrl: 'https://hub.example', maxAttachmentBytes: 1024, defaultRegion: 'US' };

async function run(connector: Connector, body: Buffer, contentType: string, url = '/'): Promise<ConnectorOutput> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    headers['x-twilio-signature'] = twilioSignature(SETTINGS.twilioAuthToken!, SETTINGS.publicUrl + url, [...new URLSearchParams(body.toString())]);
  }
  return connector.handle({ headers, body, url, query: {}, contentType }, { domain: null as never, settings: SETTINGS, actor: systemActor('test') });
}

const now = new Date();
const rfc822 = (lines: string[]) => Buffer.from([...lines, `Date: ${now.toUTCString()}`, 'Content-Type: text/plain', '', 'Hello, my order has not arrived.', ''].join('\r\n'));
const form = (p: Record<string, string>) => Buffer.from(new URLSearchParams(p).toString());
const intentOf = (e: IngestEvent) => groupingIntent({ channel: e.channel, type: e.type, summary: e.summary ?? null, data: e.data ?? {} });

describe('grouping reads the connectors as they write', () => {
  it('email: an inbound message opens; a reply with In-Reply-To carries the first message id as a key', async () => {
    const first = (await run(emailConnector, rfc822(['From: Ann Lee <ann@example.com>', 'To: help@shop.example', 'Subject: Order 1001', 'Message-ID: <M1@Mail.Example>']), 'message/rfc822')).events[0]!;
    const reply = (await run(emailConnector, rfc822(['From: ann@example.com', 'To: help@shop.example', 'Subject: Re: Order 1001', 'Message-ID: <m2@mail.example>', 'In-Reply-To: <m1@mail.example>']), 'message/rfc822')).events[0]!;
    expect(intentOf(first)).toMatchObject({ channel: 'email', direction: 'inbound', opens: true, customerMessage: true, subject: 'Order 1001' });
    expect(intentOf(first)!.keys).toContain('email:<m1@mail.example>');
    expect(intentOf(reply)!.keys).toContain('email:<m1@mail.example>');
    const bounce = (await run(emailConnector, rfc822(['From: mailer-daemon@example.com', 'Subject: Undeliverable', 'Auto-Submitted: auto-replied', 'Message-ID: <b1@x>', 'In-Reply-To: <m1@mail.example>']), 'message/rfc822')).events[0]!;
    expect(intentOf(bounce)).toMatchObject({ opens: false, customerMessage: false });
  });

  it('twilio: an inbound text opens, an outbound status is a response, a no-answer call opens, a ringing one does not', async () => {
    const sms = (await run(twilioMessagingConnector, form({ MessageSid: 'SM1', From: '+14155550142', To: '+18005550100', Body: 'Is my order shipped?', SmsStatus: 'received', AccountSid: 'AC1' }), 'application/x-www-form-urlencoded', '/api/v1/connectors/twilio/messaging')).events[0]!;
    expect(intentOf(sms)).toMatchObject({ channel: 'sms', direction: 'inbound', opens: true, customerMessage: true, byChannel: true });
    const sent = (await run(twilioMessagingConnector, form({ MessageSid: 'SM2', From: '+18005550100', To: '+14155550142', MessageStatus: 'delivered', AccountSid: 'AC1' }), 'application/x-www-form-urlencoded', '/api/v1/connectors/twilio/messaging')).events[0]!;
    expect(intentOf(sent)).toMatchObject({ channel: 'sms', direction: 'outbound', opens: false, response: true });
    const voice = (status: string) => run(twilioVoiceConnector, form({ CallSid: 'CA9', From: '+14155550142', To: '+18005550100', Direction: 'inbound', CallStatus: status, AccountSid: 'AC1' }), 'application/x-www-form-urlencoded', '/api/v1/connectors/twilio/voice');
    expect(intentOf((await voice('ringing')).events[0]!)).toMatchObject({ channel: 'phone', opens: false });
    expect(intentOf((await voice('no-answer')).events[0]!)).toMatchObject({ channel: 'phone', opens: true, customerMessage: true, subject: 'Missed call' });
  });

  describe('through ingest', () => {
    let domain: SqlDomain;
    beforeEach(async () => {
      ({ domain } = await openTestDomain('sqlite'));
    });
    afterEach(async () => {
      await domain.close();
    });

    it('a ringing then no-answer Twilio call (one upserted item) ends in one missed-call conversation', async () => {
      const voice = (status: string) => run(twilioVoiceConnector, form({ CallSid: 'CA10', From: '+14155550142', To: '+18005550100', Direction: 'inbound', CallStatus: status, AccountSid: 'AC1' }), 'application/x-www-form-urlencoded', '/api/v1/connectors/twilio/voice');
      for (const status of ['ringing', 'no-answer']) {
        const out = await voice(status);
        await domain.ingest.ingest(systemActor('test'), out.events, out.merge ? { merge: out.merge } : {});
      }
      const rows = await convDb(domain.database.db).selectFrom('conversations').select(['subject', 'channels', 'item_count', 'status']).execute();
      expect(rows).toEqual([{ subject: 'Missed call', channels: '["phone"]', item_count: 1, status: 'open' }]);
    });

    it('a live chat (one item growing by upserts) waits, is answered, waits again', async () => {
      const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
      const post = async (messages: { role: 'customer' | 'agent'; text: string; at: string }[]) => {
        const body = Buffer.from(JSON.stringify({ conversationId: 'chat-77', visitor: { email: 'vis@example.com', name: 'Vi Sitor' }, messages: messages.map((m) => ({ author: m.role === 'agent' ? 'Ana' : 'Vi', ...m })) }));
        const out = await chatConnector.handle({ headers: {}, body, url: '/', query: {}, contentType: 'application/json' }, { domain, settings: SETTINGS, actor: systemActor('test') });
        await domain.ingest.ingest(systemActor('test'), out.events, out.merge ? { merge: out.merge } : {});
        return convDb(domain.database.db).selectFrom('conversations').select(['item_count', 'waiting_since_us', 'first_response_at_us', 'status']).execute();
      };
      const hello = { role: 'customer' as const, text: 'Hello?', at: at(10) };
      const [waiting] = await post([hello]);
      expect(waiting).toMatchObject({ item_count: 1, waiting_since_us: Date.parse(hello.at) * 1000, first_response_at_us: null, status: 'open' });
      const answer = { role: 'agent' as const, text: 'Hi, how can I help?', at: at(8) };
      const [answered] = await post([answer]);
      expect(answered).toMatchObject({ item_count: 1, waiting_since_us: null, first_response_at_us: Date.parse(answer.at) * 1000 });
      const again = { role: 'customer' as const, text: 'My parcel', at: at(5) };
      const rows = await post([again]);
      expect(rows).toEqual([{ item_count: 1, waiting_since_us: Date.parse(again.at) * 1000, first_response_at_us: Date.parse(answer.at) * 1000, status: 'open' }]);
    });
  });
});
