import { describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../shared/index.js';
import { MODULES } from './modules.js';
import { collectMigrations } from './storage/migrations.js';

describe('feature modules', () => {
  it('have unique names', () => {
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('handle every client -> hub socket event of shared/socket.ts, each in exactly one module', () => {
    // The factories only capture their services; the handlers are built per socket.
    const handled = MODULES.flatMap((m) => Object.keys(m.socket?.({ services: {}, limits: { replayCap: 1, maxWatches: 1 } }) ?? {}));
    expect(handled.sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });

  it.each(['sqlite', 'postgres'] as const)('contribute the migrations existing databases recorded, under the same names, in name order (%s)', (dialect) => {
    const names = Object.keys(collectMigrations(dialect));
    // Renaming one would make every existing database run it again: these names are history.
    expect(names.slice(0, 13)).toEqual([
      '0001_init',
      '0002_merges_undo',
      '0003_actions',
      '0004_dead_letters',
      '0005_sqlite_one_timeline_index',
      '0006_identity_links',
      '0007_held_deliveries',
      '0008_dead_letters_by_connector',
      '0009_search_index',
      '0010_clv',
      '0011_match_index',
      '0012_customer_stats',
      '0013_general_audit',
    ]);
    for (const n of names) expect(n).toMatch(/^\d{4}_[a-z0-9_]+$/);
    expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(names.length);
  });
});
