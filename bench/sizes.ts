/** How big each bench is: `full` is the target scale, `10m` ten times it (issue 15), `quick` a smoke run, `tiny` for the harness test. */
export interface BenchSizes {
  customers: number;
  events: number;
  heavyCustomers: number;
  heavyShare: number;
  fragmentEvery: number;
  /** Timeline queries per variant (domain and floor each). */
  timelineSamples: number;
  watchers: number;
  eventsPerSecond: number;
  liveSeconds: number;
  /** Events ingested through the Postgres domain to time Postgres ingest (the rest is copied). */
  pgIngestEvents: number;
  /** Timeline pages the RSS hub serves before it is measured. */
  rssPages: number;
  /** Connector deliveries per connector sent one at a time, then with `connectorConcurrency` in flight. */
  connectorSequential: number;
  connectorConcurrent: number;
  connectorConcurrency: number;
  /** Demo customers seeded for the next-action recompute bench. */
  actionsCustomers: number;
  /** Cost of durability (NORMAL vs FULL): events ingested in batches of 1000 into each database. */
  durabilityBulkEvents: number;
  /** ...and single-event ingest calls per database, one at a time and again with `connectorConcurrency` in flight. */
  durabilityRequests: number;
  /** Customers searched over HTTP (by email, phone and name each) in the search bench. */
  searchSamples: number;
}

export const SIZES = {
  full: { customers: 100_000, events: 1_000_000, heavyCustomers: 100, heavyShare: 0.2, fragmentEvery: 25, timelineSamples: 1000, watchers: 200, eventsPerSecond: 200, liveSeconds: 20, pgIngestEvents: 50_000, rssPages: 300, connectorSequential: 1000, connectorConcurrent: 4000, connectorConcurrency: 8, actionsCustomers: 400, searchSamples: 300, durabilityBulkEvents: 100_000, durabilityRequests: 2_000 },
  quick: { customers: 2_000, events: 20_000, heavyCustomers: 10, heavyShare: 0.2, fragmentEvery: 25, timelineSamples: 200, watchers: 20, eventsPerSecond: 50, liveSeconds: 3, pgIngestEvents: 2_000, rssPages: 50, connectorSequential: 200, connectorConcurrent: 800, connectorConcurrency: 8, actionsCustomers: 100, searchSamples: 100, durabilityBulkEvents: 5_000, durabilityRequests: 400 },
  /**
   * Issue 15's scale check (`npm run bench -- --size 10m`): ten times `full`, same shape (1,000 heavy customers
   * keep ~2,000 events each, the rest ~8). Not part of the default run: building it takes tens of minutes.
   */
  '10m': { customers: 1_000_000, events: 10_000_000, heavyCustomers: 1_000, heavyShare: 0.2, fragmentEvery: 25, timelineSamples: 1000, watchers: 200, eventsPerSecond: 200, liveSeconds: 20, pgIngestEvents: 50_000, rssPages: 300, connectorSequential: 1000, connectorConcurrent: 4000, connectorConcurrency: 8, actionsCustomers: 400, searchSamples: 300, durabilityBulkEvents: 100_000, durabilityRequests: 2_000 },
  tiny: { customers: 200, events: 2_000, heavyCustomers: 4, heavyShare: 0.3, fragmentEvery: 10, timelineSamples: 20, watchers: 4, eventsPerSecond: 20, liveSeconds: 1, pgIngestEvents: 300, rssPages: 10, connectorSequential: 10, connectorConcurrent: 40, connectorConcurrency: 8, actionsCustomers: 20, searchSamples: 20, durabilityBulkEvents: 1_000, durabilityRequests: 40 },
} satisfies Record<string, BenchSizes>;
export type SizeName = keyof typeof SIZES;

/**
 * Issue 11's inbox and fan-out benches (bench/inbox-bench.ts, bench/fanout-bench.ts): open conversations seeded over the
 * size's data set (`full`: the issue's 100k over 1M events), rounds of pages, console sockets and fan-out rounds.
 */
export interface InboxFanoutSizes {
  inboxConversations: number;
  inboxRounds: number;
  inboxNextPages: number;
  fanoutAgents: number;
  fanoutRounds: number;
}
export const INBOX_FANOUT_SIZES: Record<SizeName, InboxFanoutSizes> = {
  full: { inboxConversations: 100_000, inboxRounds: 100, inboxNextPages: 4, fanoutAgents: 200, fanoutRounds: 40 },
  quick: { inboxConversations: 2_000, inboxRounds: 40, inboxNextPages: 3, fanoutAgents: 50, fanoutRounds: 20 },
  '10m': { inboxConversations: 1_000_000, inboxRounds: 100, inboxNextPages: 4, fanoutAgents: 200, fanoutRounds: 40 },
  tiny: { inboxConversations: 200, inboxRounds: 4, inboxNextPages: 1, fanoutAgents: 4, fanoutRounds: 3 },
};
