import { describe, expect, it } from 'vitest';
import { CONNECTOR_ROUTES } from '../../connectors/registry.js';
import { FUZZ_ROUTES } from './route-cases.js';

describe('the ingest fuzz suite', () => {
  it('covers every connector route the hub serves, and POST /api/v1/events single and batch', () => {
    const served = CONNECTOR_ROUTES.filter((r) => r.path).map((r) => r.path);
    const fuzzed = new Set(FUZZ_ROUTES.map((r) => r.name.replace(/^POST /, '').replace(/ \(.*\)$/, '')));
    expect(served.filter((p) => !fuzzed.has(p!))).toEqual([]);
    expect(FUZZ_ROUTES.filter((r) => r.connector === 'events')).toHaveLength(2);
  });
});
