import { describe, expect, it } from 'vitest';
import { parseFitArgs } from './fit-clv.js';

describe('fit:clv arguments', () => {
  it('reads the hub database from env or flags, rebuilds by default', () => {
    expect(parseFitArgs([], { OMNI_DATA_DIR: '/data/omni' })).toEqual({ dataDir: '/data/omni', rebuild: true });
    expect(parseFitArgs(['--database-url', 'postgres://x/y', '--no-rebuild'], {})).toMatchObject({ databaseUrl: 'postgres://x/y', rebuild: false });
  });
  it('names a bad argument', () => {
    expect(() => parseFitArgs(['--data-dir'], {})).toThrow(/--data-dir needs a value/);
    expect(() => parseFitArgs(['--fast'], {})).toThrow(/unknown argument --fast/);
  });
});
