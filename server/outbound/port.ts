import type { Domain } from '../domain.js';

/** A provider's delivery report for one outbox row (Twilio MessageStatus callback). */
export interface ProviderStatus {
  providerId: string | null;
  status: string;
  errorCode: string | null;
  errorText: string | null;
}

export interface OutboundStatusPort {
  /** false when no such row exists (the caller then treats the callback as an ordinary one). */
  applyProviderStatus(outboxId: string, report: ProviderStatus): Promise<boolean>;
}

/** The outbound module's status port of a wired domain, or null when it is not wired (connectors reach it this way). */
export function outboundStatusOf(domain: Pick<Domain, 'features'>): OutboundStatusPort | null {
  return (domain.features.get('outbound') as { outbox?: OutboundStatusPort } | undefined)?.outbox ?? null;
}
