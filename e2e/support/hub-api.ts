import { expect, type APIRequestContext } from '@playwright/test';
import type { IngestEvent, IngestResponse, LoginResponse } from '../../shared/index.js';
import { E2E_HUB } from './env.js';

/** Talks to the hub the way a connector would: ingest key for events, a session for console routes. */
export class HubApi {
  constructor(private readonly request: APIRequestContext) {}

  async ingest(events: IngestEvent[]): Promise<IngestResponse> {
    const res = await this.request.post('/api/v1/events', {
      headers: { authorization: `Bearer ${E2E_HUB.ingestKey}` },
      data: { events },
    });
    expect(res.status(), await res.text()).toBe(202);
    return (await res.json()) as IngestResponse;
  }

  async login(): Promise<LoginResponse> {
    const res = await this.request.post('/api/v1/auth/login', { data: { email: E2E_HUB.adminEmail, password: E2E_HUB.adminPassword } });
    expect(res.status()).toBe(200);
    return (await res.json()) as LoginResponse;
  }
}

let counter = 0;

/** A customer nobody else in the run uses, so tests never see each other's (or the simulator's) events. */
export function uniqueCustomer(tag: string) {
  const t = Date.now() + counter++;
  const n = `${t}${Math.floor(Math.random() * 1000)}`;
  // A valid, run-unique US number: exchange and line come from the clock (no two customers share a phone).
  const exchange = String(200 + (Math.floor(t / 10_000) % 800));
  const line = String(t % 10_000).padStart(4, '0');
  return {
    name: `E2e ${tag} ${line}`,
    email: `e2e.${tag}.${n}@example.com`,
    phoneE164: `+1206${exchange}${line}`,
    phoneFormatted: `(206) ${exchange}-${line}`,
    phoneDotted: `206.${exchange}.${line}`,
    loyaltyId: `LOY-E2E-${n}`,
  };
}
