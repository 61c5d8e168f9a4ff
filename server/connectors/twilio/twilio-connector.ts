import { createHash } from 'node:crypto';
import { EVENT_TYPE, unstorableTextReason, type IngestEvent } from '../../../shared/index.js';
import type { MergeItem } from '../../domain.js';
import { arr, clip, cleanRef, isoDate, num, obj, str, type Json } from '../common.js';
import { ConnectorError, type Connector, type ConnectorContext, type ConnectorRequest } from '../types.js';
import { outboundStatusOf } from '../../outbound/port.js';
import { verifyTwilio } from './verify.js';

const SOURCE = 'twilio';
const TERMINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled', 'delivered', 'undelivered', 'read', 'received']);
const OUTCOME: Record<string, string> = { completed: 'completed', busy: 'busy', failed: 'failed', 'no-answer': 'missed', canceled: 'missed', 'in-progress': 'answered', answered: 'answered' };

/** Form params as sent (order kept for the signature), plus a last-wins map. */
function formParams(req: ConnectorRequest): { list: [string, string][]; p: Record<string, string> } {
  const type = (req.contentType ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new ConnectorError('unsupported_media_type', 'Twilio webhooks are application/x-www-form-urlencoded', [{ path: 'content-type', message: 'expected application/x-www-form-urlencoded' }]);
  }
  const list = [...new URLSearchParams(req.body.toString('utf8')).entries()];
  return { list, p: Object.fromEntries(list) };
}

/** `whatsapp:+1…`, `client:agent` and pre-encoded `%2B1…` to a plain address. */
function address(v: string | undefined): { value?: string; via?: string } {
  if (!v) return {};
  let s = v.trim();
  if (/^%2B/i.test(s)) {
    try {
      s = decodeURIComponent(s);
    } catch {
      // Malformed escapes: keep the text as sent (it will not normalize to a phone number).
    }
  }
  const m = /^(whatsapp|client|sip|messenger):(.*)$/i.exec(s);
  return m ? { value: m[2]!, via: m[1]!.toLowerCase() } : { value: s };
}

/** Fingerprint of one callback: an identical retry is recognised and changes nothing. */
function fingerprint(list: [string, string][]): string {
  return createHash('sha1').update(JSON.stringify([...list].sort())).digest('hex').slice(0, 16);
}

interface Step {
  status: string;
  at: string;
  key: string;
  seq?: number;
}

/** Upsert merge: statuses accumulate (retries ignored); the latest non-terminal status never overrides a terminal one. */
const mergeSteps: MergeItem = (stored, incoming) => {
  const s = stored.data;
  const n = incoming.data ?? {};
  const steps = arr(s['statuses']).map(obj).filter((x): x is Json => Boolean(x));
  const known = new Set(steps.map((x) => str(x['key'])));
  const fresh = arr(n['statuses']).map(obj).filter((x): x is Json => Boolean(x) && !known.has(str(x!['key'])));
  if (fresh.length === 0) return null;
  const all = [...steps, ...fresh];
  const storedTerminal = TERMINAL.has(str(s['status']) ?? '');
  const incomingStatus = str(n['status']) ?? '';
  const keepStatus = storedTerminal && !TERMINAL.has(incomingStatus);
  const data: Json = { ...s };
  for (const [k, v] of Object.entries(n)) if (v !== undefined && !(keepStatus && (k === 'status' || k === 'outcome'))) data[k] = v;
  data['statuses'] = all;
  if (!n['recordingUrl'] && s['recordingUrl']) data['recordingUrl'] = s['recordingUrl'];
  if (n['durationSec'] === undefined && s['durationSec'] !== undefined) data['durationSec'] = s['durationSec'];
  // A status callback without a Body must not replace the message text shown as summary.
  const keepSummary = keepStatus || (n['body'] === undefined && s['body'] !== undefined);
  return { type: stored.type, summary: keepSummary ? stored.summary : (incoming.summary ?? stored.summary), data };
};

/** A Sid becomes the item's id: refused (400 naming it) when it cannot be stored exactly, or is too long. */
function assertStorableId(field: string, sid: string): void {
  const reason = sid.length > 256 ? 'must be at most 256 characters' : unstorableTextReason(sid);
  if (reason) throw new ConnectorError('invalid_request', `${field} ${reason}`, [{ path: field, message: reason }]);
}

function verified(req: ConnectorRequest, settings: ConnectorContext['settings']) {
  const form = formParams(req);
  verifyTwilio(req, settings.twilioAuthToken, settings.publicUrl, form.list);
  return form;
}

/** Connector.verify for both Twilio endpoints: false for anything that is not a signed form post. */
function signatureVerifies(req: ConnectorRequest, settings: ConnectorContext['settings']): boolean {
  try {
    verified(req, settings);
    return true;
  } catch {
    return false;
  }
}

/** `POST /api/v1/connectors/twilio/voice`: status callbacks; every callback of one CallSid updates ONE item. */
export const twilioVoiceConnector: Connector = {
  name: 'twilio-voice',
  verify: signatureVerifies,
  async handle(req, ctx) {
    const { list, p } = verified(req, ctx.settings);
    const callSid = str(p['CallSid']);
    if (!callSid) throw new ConnectorError('invalid_request', 'CallSid is required', [{ path: 'CallSid', message: 'required' }]);
    assertStorableId('CallSid', callSid);
    const status = (str(p['CallStatus']) ?? str(p['DialCallStatus']) ?? 'unknown').toLowerCase();
    const rawDirection = (str(p['Direction']) ?? 'inbound').toLowerCase();
    const direction = rawDirection.startsWith('outbound') ? 'outbound' : 'inbound';
    const from = address(p['From'] ?? p['Caller']);
    const to = address(p['To'] ?? p['Called']);
    const customerSide = direction === 'inbound' ? from : to;
    const ourSide = direction === 'inbound' ? to : from;
    const ref = cleanRef({ phone: customerSide.value, ...(customerSide.via === 'client' ? {} : {}) }, ctx.settings.defaultRegion);
    if (!ref) throw new ConnectorError('invalid_request', `no valid customer phone number (${direction === 'inbound' ? 'From' : 'To'} = ${customerSide.value ?? 'missing'})`, [{ path: direction === 'inbound' ? 'From' : 'To', message: 'not a valid phone number' }]);
    const at = isoDate(p['Timestamp']) ?? new Date().toISOString();
    const seq = num(p['SequenceNumber']);
    const step: Step = { status, at, key: fingerprint(list), ...(seq !== undefined ? { seq } : {}) };
    const duration = num(p['CallDuration']) ?? num(p['DialCallDuration']);
    const recordingUrl = str(p['RecordingUrl']);
    const data: Json = {
      callSid,
      direction,
      status,
      ...(OUTCOME[status] ? { outcome: OUTCOME[status] } : {}),
      ...(duration !== undefined ? { durationSec: duration } : {}),
      ...(recordingUrl ? { recordingUrl } : {}),
      ...(str(p['AnsweredBy']) ? { answeredBy: str(p['AnsweredBy']) } : {}),
      ...(ourSide.value ? { line: ourSide.value } : {}),
      from: from.value,
      to: to.value,
      statuses: [step],
    };
    const who = customerSide.value ?? '';
    const event: IngestEvent = {
      source: SOURCE,
      sourceEventId: callSid,
      channel: 'phone',
      type: direction === 'inbound' ? EVENT_TYPE.callInbound : EVENT_TYPE.callOutbound,
      occurredAt: at,
      customer: ref,
      summary: clip(`${direction === 'inbound' ? 'Call from' : 'Call to'} ${who} · ${status}${duration !== undefined ? ` · ${duration}s` : ''}`),
      data,
    };
    const queued = queueStep(p, req.query['queue'], { callSid, at, ref, who, step });
    return { events: queued ? [event, queued] : [event], merge: mergeSteps };
  },
};

/**
 * Twilio <Enqueue> callbacks (action URL on dequeue, waitUrl while waiting) carry QueueSid / QueueTime /
 * QueueResult: one `call.queue` item per call and queue, the floor's voice waits (server/metrics). Our queue
 * (team id) is named in the callback URL (`?queue=`), which the signature covers.
 */
function queueStep(p: Record<string, string>, ourQueue: string | undefined, c: { callSid: string; at: string; ref: IngestEvent['customer']; who: string; step: Step }): IngestEvent | null {
  const queueSid = str(p['QueueSid']);
  const queueTime = num(p['QueueTime']);
  const result = str(p['QueueResult'])?.toLowerCase();
  if (!queueSid && queueTime === undefined && !result) return null;
  const queueId = ourQueue && !unstorableTextReason(ourQueue) && ourQueue.length <= 64 ? ourQueue : null;
  return {
    source: SOURCE,
    sourceEventId: `${c.callSid}:queue:${queueId ?? queueSid ?? 'default'}`,
    channel: 'phone',
    type: EVENT_TYPE.callQueue,
    occurredAt: c.at,
    customer: c.ref,
    summary: clip(`Call from ${c.who} ${result ? `left the queue (${result})` : 'waiting in the queue'}${queueTime !== undefined ? ` · ${queueTime}s` : ''}`),
    data: {
      callSid: c.callSid,
      queueId,
      ...(queueSid ? { queueSid } : {}),
      ...(result ? { queueResult: result } : {}),
      ...(queueTime !== undefined ? { queueTimeSec: queueTime } : {}),
      ...(num(p['QueuePosition']) !== undefined ? { queuePosition: num(p['QueuePosition']) } : {}),
      statuses: [c.step],
    },
  };
}

/** `POST /api/v1/connectors/twilio/messaging`: inbound SMS/WhatsApp and outbound status callbacks, one item per MessageSid. */
export const twilioMessagingConnector: Connector = {
  name: 'twilio-messaging',
  verify: signatureVerifies,
  async handle(req, ctx) {
    const { list, p } = verified(req, ctx.settings);
    const sid = str(p['MessageSid']) ?? str(p['SmsMessageSid']) ?? str(p['SmsSid']);
    if (!sid) throw new ConnectorError('invalid_request', 'MessageSid is required', [{ path: 'MessageSid', message: 'required' }]);
    assertStorableId('MessageSid', sid);
    const status = (str(p['MessageStatus']) ?? str(p['SmsStatus']) ?? 'received').toLowerCase();
    // A reply we sent (server/outbound) names its outbox row in the StatusCallback URL (signed with it): the row takes the report.
    const outboxId = req.query['outbox'];
    const outbound = outboxId ? outboundStatusOf(ctx.domain) : null;
    if (outboxId && outbound) {
      const report = { providerId: sid, status, errorCode: str(p['ErrorCode']) ?? null, errorText: str(p['ErrorMessage']) ?? null };
      if (await outbound.applyProviderStatus(outboxId, report)) return { events: [], handled: `status ${status} of outbound message ${outboxId}` };
    }
    const direction = status === 'received' || status === 'receiving' ? 'inbound' : 'outbound';
    const from = address(p['From']);
    const to = address(p['To']);
    const customerSide = direction === 'inbound' ? from : to;
    const ref = cleanRef({ phone: customerSide.value }, ctx.settings.defaultRegion);
    if (!ref) throw new ConnectorError('invalid_request', `no valid customer phone number (${direction === 'inbound' ? 'From' : 'To'} = ${customerSide.value ?? 'missing'})`, [{ path: direction === 'inbound' ? 'From' : 'To', message: 'not a valid phone number' }]);
    const body = p['Body'];
    const media: string[] = [];
    for (let i = 0; i < (num(p['NumMedia']) ?? 0) && i < 10; i++) {
      const url = str(p[`MediaUrl${i}`]);
      if (url) media.push(url);
    }
    const at = isoDate(p['Timestamp']) ?? new Date().toISOString();
    const data: Json = {
      messageSid: sid,
      direction,
      status,
      ...(body !== undefined ? { body } : {}),
      from: from.value,
      to: to.value,
      ...(customerSide.via ? { via: customerSide.via } : {}),
      ...(media.length ? { media } : {}),
      statuses: [{ status, at, key: fingerprint(list) }],
    };
    const event: IngestEvent = {
      source: SOURCE,
      sourceEventId: sid,
      channel: 'sms',
      type: direction === 'inbound' ? EVENT_TYPE.smsInbound : EVENT_TYPE.smsOutbound,
      occurredAt: at,
      customer: ref,
      summary: clip(body !== undefined && body !== '' ? body : `${customerSide.via === 'whatsapp' ? 'WhatsApp' : 'SMS'} ${status}`),
      data,
    };
    return { events: [event], merge: mergeSteps };
  },
};
