import { z } from 'zod';

/** Presence timings (ms). Defaults meet "a dropped connection is away, then offline, within 30 s". */
export interface PresenceSettings {
  /** How often a hub stamps the users it holds a live connection of. */
  heartbeatMs: number;
  /** Online with no stamp for this long: away (the connection was lost). */
  awayAfterMs: number;
  /** No stamp for this long: offline. */
  offlineAfterMs: number;
  /** How often a hub runs the staleness sweep (safe on every hub: conditional updates). */
  sweepMs: number;
  /** A socket that sent `presence:heartbeat` once and then stays silent this long is treated as dropped. */
  silentSocketMs: number;
  /** Run the heartbeat and the sweep on this hub (off: tests and tools drive presence themselves). */
  auto: boolean;
}

const Ms = z.coerce.number().int().min(50).max(3_600_000);
const EnvSchema = z.object({
  OMNI_PRESENCE_HEARTBEAT_MS: Ms.default(5_000),
  OMNI_PRESENCE_AWAY_AFTER_MS: Ms.default(12_000),
  OMNI_PRESENCE_OFFLINE_AFTER_MS: Ms.default(25_000),
  OMNI_PRESENCE_SWEEP_MS: Ms.default(2_000),
  OMNI_PRESENCE_SILENT_SOCKET_MS: Ms.default(20_000),
  OMNI_PRESENCE_AUTO: z.enum(['0', '1']).default('1'),
});

/** From OMNI_PRESENCE_* (tests and hub processes shorten them); a bad value is a startup error naming it. */
export function presenceSettings(env: Record<string, string | undefined> = process.env, over: Partial<PresenceSettings> = {}): PresenceSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`presence settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    heartbeatMs: e.OMNI_PRESENCE_HEARTBEAT_MS,
    awayAfterMs: e.OMNI_PRESENCE_AWAY_AFTER_MS,
    offlineAfterMs: e.OMNI_PRESENCE_OFFLINE_AFTER_MS,
    sweepMs: e.OMNI_PRESENCE_SWEEP_MS,
    silentSocketMs: e.OMNI_PRESENCE_SILENT_SOCKET_MS,
    auto: e.OMNI_PRESENCE_AUTO === '1',
    ...over,
  };
}
