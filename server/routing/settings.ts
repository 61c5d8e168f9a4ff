import { z } from 'zod';
import { RoleSchema, type Role } from '../../shared/index.js';

/** Routing timings and rules; defaults are the issue's. */
export interface RoutingSettings {
  /** An offer not answered within this goes to someone else (and never back to this agent). */
  offerTimeoutMs: number;
  /** An agent away or offline this long loses their open conversations back to the queue. */
  graceMs: number;
  /** Relationship first: the agent who last served the customer within this many days is preferred. */
  relationshipDays: number;
  /** How often each hub expires offers, releases work and offers what waits (safe on every hub at once). */
  sweepMs: number;
  /** Most waiting conversations one dispatch looks at (bounded work per run; the next run continues). */
  maxScan: number;
  /** Conversations without a queue go to online users of these roles. */
  unqueuedRoles: readonly Role[];
  /** Run the sweeps and react to facts on this hub (off: tests and tools drive routing themselves). */
  auto: boolean;
}

const Ms = z.coerce.number().int().min(50).max(24 * 3_600_000);
const EnvSchema = z.object({
  OMNI_ROUTING_OFFER_TIMEOUT_MS: Ms.default(30_000),
  OMNI_ROUTING_GRACE_MS: Ms.default(60_000),
  OMNI_ROUTING_RELATIONSHIP_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  OMNI_ROUTING_SWEEP_MS: Ms.default(1_000),
  OMNI_ROUTING_AUTO: z.enum(['0', '1']).default('1'),
  // Comma-separated roles offered conversations without a queue; empty: only queued work is pushed (e2e hubs
  // sharing the demo's unqueued backlog route just the queues their tests set up).
  OMNI_ROUTING_UNQUEUED_ROLES: z
    .string()
    .default('agent,lead')
    .transform((v) => v.split(',').map((r) => r.trim()).filter((r) => r !== ''))
    .pipe(z.array(RoleSchema)),
});

/** From OMNI_ROUTING_* (tests and hub processes shorten them); a bad value is a startup error naming it. */
export function routingSettings(env: Record<string, string | undefined> = process.env, over: Partial<RoutingSettings> = {}): RoutingSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`routing settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    offerTimeoutMs: e.OMNI_ROUTING_OFFER_TIMEOUT_MS,
    graceMs: e.OMNI_ROUTING_GRACE_MS,
    relationshipDays: e.OMNI_ROUTING_RELATIONSHIP_DAYS,
    sweepMs: e.OMNI_ROUTING_SWEEP_MS,
    maxScan: 2_000,
    unqueuedRoles: e.OMNI_ROUTING_UNQUEUED_ROLES,
    auto: e.OMNI_ROUTING_AUTO === '1',
    ...over,
  };
}
