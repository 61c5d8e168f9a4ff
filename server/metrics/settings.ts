import { DEFAULT_SHORT_ABANDON_SEC, DEFAULT_SL_TARGET, DEFAULT_SL_THRESHOLD_SEC, MetricsSettingsSchema, type Channel, type MetricsSettings } from '../../shared/index.js';

/* The lead's settings with the defaults: T and target per channel (and queue), short abandons, colours. */

export const DEFAULT_METRICS_SETTINGS: MetricsSettings = {
  shortAbandonSec: DEFAULT_SHORT_ABANDON_SEC,
  colours: {
    serviceLevel: { warn: 0.8, bad: 0.6, higherIsBetter: true },
    asaSec: { warn: 30, bad: 60, higherIsBetter: false },
    abandonmentRate: { warn: 0.05, bad: 0.1, higherIsBetter: false },
    occupancy: { warn: 0.85, bad: 0.95, higherIsBetter: false },
    oldestWaitSec: { warn: 60, bad: 180, higherIsBetter: false },
    waiting: { warn: 5, bad: 15, higherIsBetter: false },
  },
  serviceLevel: {
    phone: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.phone, target: DEFAULT_SL_TARGET },
    chat: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.chat, target: DEFAULT_SL_TARGET },
    web: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.chat, target: DEFAULT_SL_TARGET },
    social: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.chat, target: DEFAULT_SL_TARGET },
    sms: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.sms, target: DEFAULT_SL_TARGET },
    email: { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.email, target: DEFAULT_SL_TARGET },
  },
  queueServiceLevel: {},
};

/** Stored JSON over the defaults (a missing or unreadable row = defaults; a channel not set keeps its default). */
export function settingsFrom(json: string | null): MetricsSettings {
  if (!json) return DEFAULT_METRICS_SETTINGS;
  const parsed = MetricsSettingsSchema.safeParse(JSON.parse(json));
  if (!parsed.success) return DEFAULT_METRICS_SETTINGS;
  return withDefaults(parsed.data);
}

export function withDefaults(s: MetricsSettings): MetricsSettings {
  return {
    shortAbandonSec: s.shortAbandonSec,
    ...(s.afterCallWorkSec !== undefined ? { afterCallWorkSec: s.afterCallWorkSec } : {}),
    colours: { ...DEFAULT_METRICS_SETTINGS.colours, ...s.colours },
    serviceLevel: { ...DEFAULT_METRICS_SETTINGS.serviceLevel, ...s.serviceLevel },
    queueServiceLevel: s.queueServiceLevel,
  };
}

/** T (seconds), target and short-abandon seconds for one queue x channel. Channels without a default use email's (back-office work). */
export function rulesOf(s: MetricsSettings, queueId: string | null, channel: Channel): { thresholdSec: number; target: number; shortAbandonSec: number } {
  const sl = (queueId ? s.queueServiceLevel[queueId]?.[channel] : undefined) ?? s.serviceLevel[channel] ?? s.serviceLevel.email ?? { thresholdSec: DEFAULT_SL_THRESHOLD_SEC.email, target: DEFAULT_SL_TARGET };
  return { thresholdSec: sl.thresholdSec, target: sl.target, shortAbandonSec: s.shortAbandonSec };
}
