import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';

/*
 * The CDNOW sample (../shared/data/clv, see its SOURCES.md) and the fits published on it, for the tests
 * and `npm run eval:clv`. Not imported by the hub.
 */

export const CDNOW_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/clv');
export const CDNOW_TRANSACTIONS = join(CDNOW_DIR, 'CDNOW_sample.txt');
export const CDNOW_SUMMARY = join(CDNOW_DIR, 'cdnow_customers_summary_with_transactions.csv');
export const cdnowPresent = () => existsSync(CDNOW_TRANSACTIONS) && existsSync(CDNOW_SUMMARY);

/** Fader, Hardie & Lee (2005), 39-week calibration, weeks as the unit. */
export const PUBLISHED_BGNBD: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Gamma-Gamma on the 946 repeat customers of the summary file (lifetimes documentation). */
export const PUBLISHED_GAMMA_GAMMA: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.45 };

export interface CdnowSummaryRow {
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

export function readCdnowSummary(path = CDNOW_SUMMARY): CdnowSummaryRow[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  if (header?.trim() !== 'ID,x,t_x,T,zbar') throw new Error(`${path}: unexpected header ${header}`);
  return lines.map((l) => {
    const [, x, tx, T, zbar] = l.split(',').map(Number);
    return { x: x!, tx: tx!, T: T!, zbar: zbar! };
  });
}
