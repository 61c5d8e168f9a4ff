import { randomBytes } from 'node:crypto';
import type { ConnectorSettings } from '../connectors/types.js';
import { deliver } from '../connectors/deliver.js';
import { twilioVoiceConnector } from '../connectors/twilio/twilio-connector.js';
import { twilioSignature } from '../connectors/twilio/verify.js';
import type { Domain } from '../domain.js';
import { dayShape, seededRandom, type FloorQueue } from './floor-history.js';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, identityAt } from './generator.js';
import { DEMO_PERSONAS } from './personas.js';

/*
 * Phone calls on the demo floor (issue 13): callers wait in a queue and are answered or hang up, told to the
 * hub the way Twilio tells it: signed form posts to the voice webhook's connector (CallStatus, QueueSid,
 * QueueTime, QueueResult; our queue named in `?queue=`), delivered in-process through the same connector
 * code (signature check, parsing, upserts, dead letters) that `POST /api/v1/connectors/twilio/voice` runs.
 * The `call.queue` items they make are the floor's voice legs (server/metrics/twilio-legs.ts): offered,
 * answered, abandoned, ASA, and talk time once the call completes.
 */

/** One Twilio voice callback for our queue `queueId`. */
export type VoiceCallback = (params: Record<string, string>, queueId: string) => Promise<void>;

const DEMO_LINE = '+18005550100';
const WEBHOOK = '/api/v1/connectors/twilio/voice';
/** The demo's own address for the signature (any URL works: the connector signs what it is told it was called on). */
const DEMO_PUBLIC_URL = 'http://demo-floor.omni.local';

/** Posts each callback, signed with a token of this demo run, through the Twilio voice connector and ingest. */
export function twilioVoiceCallbacks(domain: Domain, defaultRegion = 'US'): VoiceCallback {
  const token = randomBytes(18).toString('base64url');
  const settings: ConnectorSettings = { twilioAuthToken: token, publicUrl: DEMO_PUBLIC_URL, maxAttachmentBytes: 0, defaultRegion };
  return async (params, queueId) => {
    const url = `${WEBHOOK}?queue=${encodeURIComponent(queueId)}`;
    const list = Object.entries(params);
    const body = Buffer.from(new URLSearchParams(list).toString(), 'utf8');
    const signature = twilioSignature(token, DEMO_PUBLIC_URL + url, list);
    await deliver(twilioVoiceConnector, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, host: 'demo-floor.omni.local' }, body, url, query: { queue: queueId }, contentType: 'application/x-www-form-urlencoded' }, { domain, settings });
  };
}

export interface VoiceTrafficOptions {
  post: VoiceCallback;
  queues: readonly FloorQueue[];
  /** Calls per hour over the whole floor at the busiest time of day; default 20. */
  peakPerHour?: number;
  minShare?: number;
  /** Scales every pause (wait, patience, talk); tests use a small factor. */
  timeScale?: number;
  /** Mean seconds in the queue before an agent picks up (default 25), a caller's mean patience (90), mean talk time (240). */
  meanWaitSec?: number;
  patienceSec?: number;
  talkSec?: number;
  seed?: number;
  customers?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface VoiceTraffic {
  stop(): Promise<void>;
  readonly calls: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly completed: number;
}

export function startVoiceTraffic(o: VoiceTrafficOptions): VoiceTraffic {
  const peak = o.peakPerHour ?? 20;
  const minShare = o.minShare ?? 0.35;
  const scale = o.timeScale ?? 1;
  const seed = o.seed ?? DEFAULT_SEED;
  const customers = o.customers ?? DEFAULT_CUSTOMERS;
  const now = o.now ?? (() => new Date());
  const log = o.log ?? ((line: string) => console.warn(line));
  const random = seededRandom((Date.now() + 17) % 2_147_483_647);
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<unknown>>();
  const counts = { calls: 0, answered: 0, abandoned: 0, completed: 0 };
  let stopped = false;

  const later = (ms: number, fn: () => Promise<void>) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopped) return;
      const p = fn()
        .catch((err: unknown) => log(`demo floor (calls): ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    }, Math.max(1, Math.round(ms)));
    t.unref?.();
    timers.add(t);
  };
  const exp = (meanMs: number) => -Math.log(1 - random()) * meanMs;
  const at = () => now().toUTCString();

  const nextCall = () => {
    const t = now();
    const share = Math.max(minShare, dayShape(t.getHours() + t.getMinutes() / 60));
    later(exp(3_600_000 / (peak * share)) * scale, ring);
  };
  const ring = async () => {
    nextCall();
    const total = o.queues.reduce((s, q) => s + q.weight, 0);
    let r = random() * total;
    const queue = o.queues.find((q) => (r -= q.weight) < 0) ?? o.queues[o.queues.length - 1];
    if (!queue) return;
    const who = identityAt(seed, DEMO_PERSONAS.length + Math.floor(random() * Math.max(1, customers - DEMO_PERSONAS.length)));
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const queueSid = `QU${randomBytes(16).toString('hex')}`;
    // Status callbacks carry the call; <Enqueue> callbacks (waitUrl, action) also the queue.
    const base = { CallSid: callSid, AccountSid: 'AC0000000000000000000000000000de00', From: who.phoneE164, To: DEMO_LINE, Direction: 'inbound' };
    const queued = { ...base, QueueSid: queueSid };
    // Enqueued: the caller hears the hold music (waitUrl callback, position 1, no result yet).
    await o.post({ ...queued, CallStatus: 'in-progress', QueueTime: '0', QueuePosition: '1', Timestamp: at() }, queue.id);
    counts.calls++;
    const waitMs = exp((o.meanWaitSec ?? 25) * 1000);
    const patienceMs = exp((o.patienceSec ?? 90) * 1000);
    if (patienceMs < waitMs) {
      // The caller hangs up before anyone answers (Twilio: QueueResult=hangup), then the call completes.
      later(patienceMs * scale, async () => {
        const sec = String(Math.max(1, Math.round(patienceMs / 1000)));
        await o.post({ ...queued, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: sec, CallDuration: sec, Timestamp: at() }, queue.id);
        counts.abandoned++;
      });
      return;
    }
    later(waitMs * scale, async () => {
      const waited = Math.max(0, Math.round(waitMs / 1000));
      // An agent picked up: the <Enqueue> action callback says bridged and how long the caller waited.
      await o.post({ ...queued, CallStatus: 'in-progress', QueueResult: 'bridged', QueueTime: String(waited), Timestamp: at() }, queue.id);
      counts.answered++;
      const talkMs = exp((o.talkSec ?? 240) * 1000);
      later(talkMs * scale, async () => {
        await o.post({ ...base, CallStatus: 'completed', CallDuration: String(waited + Math.max(1, Math.round(talkMs / 1000))), Timestamp: at() }, queue.id);
        counts.completed++;
      });
    });
  };
  nextCall();

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...pending]);
    },
    get calls() {
      return counts.calls;
    },
    get answered() {
      return counts.answered;
    },
    get abandoned() {
      return counts.abandoned;
    },
    get completed() {
      return counts.completed;
    },
  };
}
