import { EVAL_FORMATS, type EvalFormat } from './transactions.js';

/* Arguments of `npm run eval:clv`; every error names the argument. */

export interface EvalArgs {
  file: string;
  format: EvalFormat;
  calibrationEnd?: string;
  holdoutEnd?: string;
  outDir?: string;
}

export class EvalArgError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date as UTC midnight; the error names `arg`. */
export function parseDateArg(arg: string, v: string): number {
  const m = DATE.exec(v);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3]) || new Date(ms).getUTCMonth() !== Number(m[2]) - 1) throw new EvalArgError(`${arg} must be a date as YYYY-MM-DD (got "${v}")`);
  return ms;
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  let file: string | undefined;
  let format: string | undefined;
  let calibrationEnd: string | undefined;
  let holdoutEnd: string | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new EvalArgError(`${name} needs a value`);
      return v;
    };
    if (name === '--format') format = value();
    else if (name === '--calibration-end') calibrationEnd = value();
    else if (name === '--holdout-end') holdoutEnd = value();
    else if (name === '--out-dir') outDir = value();
    else if (name.startsWith('--')) throw new EvalArgError(`unknown argument ${name} (use --format, --calibration-end, --holdout-end, --out-dir)`);
    else if (file === undefined) file = a;
    else throw new EvalArgError(`unexpected argument "${a}": give one transactions file`);
  }
  if (!file) throw new EvalArgError('<file>: give a transactions file (usage: npm run eval:clv -- <file> --format cdnow|jsonl|online-retail-csv [--calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD])');
  if (!format) throw new EvalArgError(`--format is required: one of ${EVAL_FORMATS.join(', ')}`);
  if (!(EVAL_FORMATS as readonly string[]).includes(format)) throw new EvalArgError(`--format must be one of ${EVAL_FORMATS.join(', ')} (got "${format}")`);
  if (calibrationEnd !== undefined) parseDateArg('--calibration-end', calibrationEnd);
  if (holdoutEnd !== undefined) parseDateArg('--holdout-end', holdoutEnd);
  if (calibrationEnd !== undefined && holdoutEnd !== undefined && parseDateArg('--calibration-end', calibrationEnd) >= parseDateArg('--holdout-end', holdoutEnd)) {
    throw new EvalArgError(`--calibration-end (${calibrationEnd}) must be before --holdout-end (${holdoutEnd})`);
  }
  return { file, format: format as EvalFormat, ...(calibrationEnd ? { calibrationEnd } : {}), ...(holdoutEnd ? { holdoutEnd } : {}), ...(outDir ? { outDir } : {}) };
}
