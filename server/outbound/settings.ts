import { z } from 'zod';

/** How replies leave the hub (read from the environment; tests and the demo set the same variables). */
export interface OutboundSettings {
  /** OMNI_SMTP_URL, e.g. smtp://user:pass@mail.example:587; unset: email replies are refused. */
  smtpUrl: string | null;
  /** OMNI_EMAIL_FROM: the default From; OMNI_EMAIL_FROM_BY_QUEUE: JSON { queueId: from }. */
  emailFrom: string;
  emailFromByQueue: Record<string, string>;
  /** Right side of our Message-IDs (from the default From address). */
  messageIdDomain: string;
  twilio: { accountSid: string; authToken: string; apiBase: string } | null;
  /** OMNI_TWILIO_FROM and OMNI_TWILIO_FROM_BY_QUEUE (JSON): the number a queue texts from. */
  smsFrom: string | null;
  smsFromByQueue: Record<string, string>;
  /** OMNI_PUBLIC_URL: where Twilio posts status callbacks. */
  publicUrl: string | null;
  /** OMNI_SMS_QUIET_HOURS `21-8` (local hours, end exclusive; empty = none) in the customer's zone, else OMNI_SMS_TIME_ZONE. */
  quietHours: { startHour: number; endHour: number } | null;
  defaultTimeZone: string;
  /** OMNI_SMS_MAX_PER_DAY: texts to one customer within 24 hours. */
  smsMaxPerDay: number;
  worker: { enabled: boolean; pollMs: number; leaseMs: number; maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; batch: number; concurrency: number };
}

const json = z.record(z.string(), z.string());
function jsonMap(raw: string | undefined, name: string): Record<string, string> {
  if (!raw || raw.trim() === '') return {};
  try {
    return json.parse(JSON.parse(raw));
  } catch {
    throw new Error(`${name} must be a JSON object of queue id -> value`);
  }
}

const int = (raw: string | undefined, dflt: number, name: string): number => {
  if (raw === undefined || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};

function quiet(raw: string | undefined): OutboundSettings['quietHours'] {
  const v = (raw ?? '21-8').trim();
  if (v === '' || v === 'off') return null;
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(v);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 24) throw new Error('OMNI_SMS_QUIET_HOURS must look like 21-8 (hours), or off');
  return { startHour: Number(m[1]), endHour: Number(m[2]) % 24 };
}

export function outboundSettings(env: NodeJS.ProcessEnv = process.env): OutboundSettings {
  const emailFrom = env['OMNI_EMAIL_FROM']?.trim() || 'Omni Support <support@omni.local>';
  const domain = /@([^>\s]+)>?\s*$/.exec(emailFrom)?.[1] ?? 'omni.local';
  const sid = env['OMNI_TWILIO_ACCOUNT_SID']?.trim();
  const token = env['OMNI_TWILIO_AUTH_TOKEN']?.trim();
  return {
    smtpUrl: env['OMNI_SMTP_URL']?.trim() || null,
    emailFrom,
    emailFromByQueue: jsonMap(env['OMNI_EMAIL_FROM_BY_QUEUE'], 'OMNI_EMAIL_FROM_BY_QUEUE'),
    messageIdDomain: domain.toLowerCase(),
    twilio: sid && token ? { accountSid: sid, authToken: token, apiBase: env['OMNI_TWILIO_API_BASE']?.trim() || 'https://api.twilio.com' } : null,
    smsFrom: env['OMNI_TWILIO_FROM']?.trim() || null,
    smsFromByQueue: jsonMap(env['OMNI_TWILIO_FROM_BY_QUEUE'], 'OMNI_TWILIO_FROM_BY_QUEUE'),
    publicUrl: env['OMNI_PUBLIC_URL']?.trim().replace(/\/+$/, '') || null,
    quietHours: quiet(env['OMNI_SMS_QUIET_HOURS']),
    defaultTimeZone: env['OMNI_SMS_TIME_ZONE']?.trim() || 'UTC',
    smsMaxPerDay: int(env['OMNI_SMS_MAX_PER_DAY'], 10, 'OMNI_SMS_MAX_PER_DAY'),
    worker: {
      enabled: env['OMNI_OUTBOX_WORKER'] !== 'off',
      pollMs: int(env['OMNI_OUTBOX_POLL_MS'], 500, 'OMNI_OUTBOX_POLL_MS'),
      leaseMs: int(env['OMNI_OUTBOX_LEASE_MS'], 60_000, 'OMNI_OUTBOX_LEASE_MS'),
      maxAttempts: int(env['OMNI_OUTBOX_MAX_ATTEMPTS'], 8, 'OMNI_OUTBOX_MAX_ATTEMPTS'),
      backoffBaseMs: int(env['OMNI_OUTBOX_BACKOFF_MS'], 2_000, 'OMNI_OUTBOX_BACKOFF_MS'),
      backoffMaxMs: int(env['OMNI_OUTBOX_BACKOFF_MAX_MS'], 15 * 60_000, 'OMNI_OUTBOX_BACKOFF_MAX_MS'),
      batch: int(env['OMNI_OUTBOX_BATCH'], 50, 'OMNI_OUTBOX_BATCH'),
      concurrency: int(env['OMNI_OUTBOX_CONCURRENCY'], 20, 'OMNI_OUTBOX_CONCURRENCY'),
    },
  };
}
