import type { Domain } from '../domain.js';
import type { PrivacyService } from './privacy-service.js';

/** The privacy service of a wired domain (connectors reach it through the domain they are given). */
export function privacyOf(domain: Pick<Domain, 'features'>): PrivacyService {
  const privacy = (domain.features.get('privacy') as { privacy?: PrivacyService } | undefined)?.privacy;
  if (!privacy) throw new Error('the privacy module is not wired (server/modules.ts)');
  return privacy;
}

export type { ConsentPort } from './privacy-service.js';
