// fmin ships no types; only what server/clv uses.
declare module 'fmin' {
  export interface NelderMeadOptions {
    maxIterations?: number;
    minErrorDelta?: number;
    minTolerance?: number;
    nonZeroDelta?: number;
    zeroDelta?: number;
  }
  export function nelderMead(f: (x: number[]) => number, initial: number[], options?: NelderMeadOptions): { x: number[]; fx: number };
}
