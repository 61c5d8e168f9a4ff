import type { Actor, CallLog, CallLogResult, CreateCallLogParsed } from '../../shared/index.js';
import type { Domain } from '../domain.js';

/** Calls agents log on conversations (server/call-logs): what routes and other features may use. */
export interface CallLogPort {
  /** Writes the call's timeline item in its conversation; the same idempotencyKey (per agent) answers the first log. */
  log(actor: Actor, conversationId: string, body: CreateCallLogParsed): Promise<CallLogResult>;
  /** The conversation's logged calls, oldest first (404 naming `id` for an unknown conversation). */
  list(conversationId: string): Promise<CallLog[]>;
}

/** The call-log port of a wired domain, or null when the module is not wired. */
export function callLogsOf(domain: Pick<Domain, 'features'>): CallLogPort | null {
  return (domain.features.get('call-logs') as { callLogs?: CallLogPort } | undefined)?.callLogs ?? null;
}
