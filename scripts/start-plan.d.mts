// Types for start-plan.mjs (plain Node ESM so `npm start` needs no TypeScript loader).
export declare const DEFAULT_HOST: string;
export declare const DEFAULT_PORT: string;
export type Env = Record<string, string | undefined>;
export interface BinaryLookup {
  path: string | null;
  reason?: string;
}
export interface FsLike {
  existsSync(p: string): boolean;
  readFileSync(p: string, encoding: 'utf8'): string;
}
export declare function hubUrlFromEnv(env: Env): string;
export declare const HUB_NODE_FLAGS: readonly string[];
export declare const HUB_MALLOC_ENV: Readonly<Record<string, string>>;
export declare function hubCommandArgs(root: string): string[];
export declare function hubEnv(env: Env): Env;
export declare function findElectronBinary(root: string, env?: Env, fs?: FsLike): BinaryLookup;
export declare function mayDownloadElectron(env: Env): boolean;
export declare function displayProblem(platform: string, env: Env): string | null;
export declare function downloadFailureReason(stderr: string | null | undefined, timedOut?: boolean): string;
export declare function fallbackMessage(reason: string, url: string): string;
export type StartPlan =
  | { mode: 'serve'; hubUrl: string; hubEnv: Env; message: string }
  | { mode: 'electron'; hubUrl: string; hubEnv: Env | null; electronPath: string; electronArgs: string[]; electronEnv: Env; message: string };
export declare function planStart(input: { argv?: string[]; env?: Env; platform?: string; binary?: BinaryLookup; uid?: number }): StartPlan;
