import { describe, expect, it } from 'vitest';
import { ScanDetector } from './scanner.js';

const feed = (d: ScanDetector, keys: string[], start: number, gap: number) => keys.map((k, i) => d.key(k, start + i * gap));

describe('scan detection', () => {
  it('a burst of keys and Enter within 30 ms each is a scan of exactly those keys', () => {
    const d = new ScanDetector();
    expect(feed(d, [...'100042', 'Enter'], 1000, 8).at(-1)).toBe('100042');
  });

  it('typing (slower keys) is not a scan, and neither is Enter after a pause', () => {
    const d = new ScanDetector();
    expect(feed(d, [...'100042', 'Enter'], 1000, 120).at(-1)).toBeNull();
    const e = new ScanDetector();
    expect([...feed(e, [...'100042'], 1000, 5), e.key('Enter', 2000)].at(-1)).toBeNull();
  });

  it('a scan after slow typing keeps only the scanned code', () => {
    const d = new ScanDetector();
    feed(d, [...'ann'], 0, 200);
    expect(feed(d, [...'LOY-100042', 'Enter'], 5000, 10).at(-1)).toBe('LOY-100042');
  });

  it('one key delivered late by a busy tablet does not cut the code in two', () => {
    const d = new ScanDetector();
    const at = [0, 5, 10, 75, 80, 85, 90, 95, 100];
    const keys = [...'LOY-B1149', 'Enter'];
    const out = keys.map((k, i) => d.key(k, at[i] ?? 100 + (i - at.length + 1) * 5));
    expect(out.at(-1)).toBe('LOY-B1149');
  });

  it('a fast typist (about 90 ms a key) is typing, not scanning', () => {
    const d = new ScanDetector();
    expect(feed(d, [...'100042', 'Enter'], 0, 90).at(-1)).toBeNull();
  });

  it('too short a burst is not a code', () => {
    const d = new ScanDetector();
    expect(feed(d, [...'12', 'Enter'], 0, 5).at(-1)).toBeNull();
  });
});
