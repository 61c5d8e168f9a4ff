import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_SHARED_IDENTIFIERS, parseSharedIdentifiers, type IdentifierKindName } from '../shared/index.js';
import { findBuiltRenderer } from './renderer-dir.js';

/** Everything the hub reads from its environment, already validated. */
export interface HubConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  demo: boolean;
  ingestKey?: string;
  adminEmail?: string;
  adminPassword?: string;
  defaultRegion: string;
  /** Built console (electron-vite output). Unset: `GET /` explains how to build it. */
  rendererDir?: string;
  /** URL printed and reported when the bind address is not directly browsable (0.0.0.0). */
  publicUrl?: string;
  logLevel: LogLevel;
  /** Largest accepted request body, bytes (default 5 MB). */
  bodyLimit: number;
  /** Extra browser origins allowed to call the API / socket (dev servers). Same origin is always allowed. */
  corsOrigins: string[];
  /** Identifier kinds a household may share (link and suggest, never auto-merge disagreeing people). Default: loyalty. */
  sharedIdentifiers?: IdentifierKindName[];
  /** Shopify's webhook signing secret (connector secrets are config like any other: the HTTP edge reads no env). */
  shopifySecret?: string;
  /** Signs X-Twilio-Signature. */
  twilioAuthToken?: string;
  /** OMNI_REQUIRE_2FA=admin: admins must sign in with an authenticator app (and enrol before anything else). */
  require2fa?: 'admin';
  /** Seals TOTP secrets in the database (default: a key file in the data dir; several hubs must share one). */
  totpKey?: string;
  /** Idle timeout of associates' sessions, minutes (default 30: shared store terminals). */
  sessionIdleMinutesAssociate?: number;
  /** Idle timeout of every other role's sessions, minutes (default 480). */
  sessionIdleMinutesDefault?: number;
  /** Absolute session lifetime from login, hours (default 12). */
  sessionLifetimeHours?: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

/** A configuration value we cannot run with; the message names the variable or flag. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface Setting {
  key: keyof HubConfig;
  env: string;
  flag: string;
  /** Flag that takes no value (`--demo`, `--no-demo`). */
  boolean?: boolean;
}

// One table drives env and flags so they cannot drift apart.
const SETTINGS: Setting[] = [
  { key: 'port', env: 'OMNI_PORT', flag: '--port' },
  { key: 'host', env: 'OMNI_HOST', flag: '--host' },
  { key: 'dataDir', env: 'OMNI_DATA_DIR', flag: '--data-dir' },
  { key: 'databaseUrl', env: 'DATABASE_URL', flag: '--database-url' },
  { key: 'redisUrl', env: 'REDIS_URL', flag: '--redis-url' },
  { key: 'demo', env: 'OMNI_DEMO', flag: '--demo', boolean: true },
  { key: 'ingestKey', env: 'OMNI_INGEST_KEY', flag: '--ingest-key' },
  { key: 'adminEmail', env: 'OMNI_ADMIN_EMAIL', flag: '--admin-email' },
  { key: 'adminPassword', env: 'OMNI_ADMIN_PASSWORD', flag: '--admin-password' },
  { key: 'defaultRegion', env: 'OMNI_DEFAULT_REGION', flag: '--default-region' },
  { key: 'rendererDir', env: 'OMNI_RENDERER_DIR', flag: '--renderer-dir' },
  { key: 'publicUrl', env: 'OMNI_PUBLIC_URL', flag: '--public-url' },
  { key: 'logLevel', env: 'OMNI_LOG_LEVEL', flag: '--log-level' },
  { key: 'bodyLimit', env: 'OMNI_BODY_LIMIT', flag: '--body-limit' },
  { key: 'corsOrigins', env: 'OMNI_CORS_ORIGINS', flag: '--cors-origins' },
  { key: 'sharedIdentifiers', env: 'OMNI_SHARED_IDENTIFIERS', flag: '--shared-identifiers' },
  { key: 'shopifySecret', env: 'OMNI_SHOPIFY_SECRET', flag: '--shopify-secret' },
  { key: 'twilioAuthToken', env: 'OMNI_TWILIO_AUTH_TOKEN', flag: '--twilio-auth-token' },
  { key: 'require2fa', env: 'OMNI_REQUIRE_2FA', flag: '--require-2fa' },
  { key: 'totpKey', env: 'OMNI_TOTP_KEY', flag: '--totp-key' },
  { key: 'sessionIdleMinutesAssociate', env: 'OMNI_SESSION_IDLE_MINUTES_ASSOCIATE', flag: '--session-idle-minutes-associate' },
  { key: 'sessionIdleMinutesDefault', env: 'OMNI_SESSION_IDLE_MINUTES_DEFAULT', flag: '--session-idle-minutes-default' },
  { key: 'sessionLifetimeHours', env: 'OMNI_SESSION_LIFETIME_HOURS', flag: '--session-lifetime-hours' },
];

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

const urlWith = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.map((p) => p.replace(':', '://')).join(' or ')}…)`);

function positiveNumber(max: number, unit: string) {
  return z.coerce.number({ message: 'must be a number' }).positive(`must be more than 0 ${unit}`).max(max, `must be at most ${max} ${unit}`);
}

const FIELDS: { [K in keyof HubConfig]-?: z.ZodType<HubConfig[K]> } = {
  port: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535'),
  host: z.string().min(1),
  dataDir: z.string().min(1).transform((v) => resolve(v)),
  databaseUrl: urlWith(['postgres:', 'postgresql:']).optional(),
  redisUrl: urlWith(['redis:', 'rediss:']).optional(),
  demo: z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if (TRUE.includes(s)) return true;
    if (FALSE.includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `must be one of ${[...TRUE, ...FALSE].join(', ')}` });
    return z.NEVER;
  }) as unknown as z.ZodType<boolean>,
  ingestKey: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  adminEmail: z.email('must be an email address').optional(),
  adminPassword: z.string().min(8, 'must be at least 8 characters').max(1024).optional(),
  defaultRegion: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as US or GB')),
  rendererDir: z
    .string()
    .transform((v) => resolve(v))
    .refine((v) => isDir(v), 'must be an existing directory (the built console, e.g. out/renderer)')
    .optional(),
  publicUrl: urlWith(['http:', 'https:']).transform((v) => v.replace(/\/+$/, '')).optional(),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }),
  bodyLimit: z.coerce.number({ message: 'must be a number' }).int('must be an integer (bytes)').min(1024, 'must be at least 1024 bytes').max(1024 * 1024 * 1024, 'must be at most 1 GiB'),
  sharedIdentifiers: z.string().transform((v, ctx) => {
    try {
      return parseSharedIdentifiers(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }) as unknown as z.ZodType<IdentifierKindName[]>,
  shopifySecret: z.string().max(1024).optional(),
  twilioAuthToken: z.string().max(1024).optional(),
  require2fa: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(['admin', 'off', 'none', ''], { message: 'must be admin (admins need an authenticator app) or off' }))
    .transform((v) => (v === 'admin' ? ('admin' as const) : undefined))
    .optional() as unknown as z.ZodType<'admin' | undefined>,
  totpKey: z.string().min(16, 'must be at least 16 characters').max(1024).optional(),
  sessionIdleMinutesAssociate: positiveNumber(7 * 24 * 60, 'minutes').optional(),
  sessionIdleMinutesDefault: positiveNumber(7 * 24 * 60, 'minutes').optional(),
  sessionLifetimeHours: positiveNumber(30 * 24, 'hours').optional(),
  corsOrigins: z.string().transform((v, ctx) => {
    const out: string[] = [];
    for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      let origin: string;
      try {
        origin = new URL(part).origin;
      } catch {
        origin = 'null';
      }
      if (origin === 'null') {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not an http(s) origin` });
        return z.NEVER;
      }
      out.push(origin);
    }
    return out;
  }) as unknown as z.ZodType<string[]>,
};

function defaults(): Record<string, string> {
  return {
    port: '4100',
    host: '127.0.0.1',
    dataDir: join(homedir(), '.omni-console'),
    demo: '0',
    adminEmail: 'admin@omni.local',
    defaultRegion: 'US',
    logLevel: 'info',
    bodyLimit: String(DEFAULT_BODY_LIMIT),
    corsOrigins: '',
    sharedIdentifiers: DEFAULT_SHARED_IDENTIFIERS.join(','),
  };
}

/**
 * Reads env + CLI flags (flags win). Throws ConfigError naming the variable/flag for anything invalid,
 * including unknown flags: a typo should not silently start a hub with defaults.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): HubConfig {
  const raw: Record<string, string> = defaults();
  const origin: Record<string, string> = {};
  for (const s of SETTINGS) {
    const v = env[s.env];
    if (v !== undefined && v.trim() !== '') {
      raw[s.key] = v.trim();
      origin[s.key] = s.env;
    }
  }
  for (const [key, value, flag] of parseFlags(argv)) {
    raw[key] = value;
    origin[key] = flag;
  }
  if (raw['rendererDir'] === undefined) {
    const found = defaultRendererDir();
    if (found) raw['rendererDir'] = found;
  }

  const out: Record<string, unknown> = {};
  for (const key of Object.keys(FIELDS) as (keyof HubConfig)[]) {
    const parsed = FIELDS[key].safeParse(raw[key]);
    if (!parsed.success) {
      const name = origin[key] ?? SETTINGS.find((s) => s.key === key)!.env;
      const got = raw[key] === undefined ? '' : ` (got ${JSON.stringify(redact(key, raw[key]))})`;
      throw new ConfigError(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'}${got}`);
    }
    if (parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as unknown as HubConfig;
}

function parseFlags(argv: string[]): [keyof HubConfig, string, string][] {
  const out: [keyof HubConfig, string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument "${arg}" (flags look like --port 4100)`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const negated = name.startsWith('--no-') ? SETTINGS.find((s) => s.boolean && s.flag === `--${name.slice(5)}`) : undefined;
    if (negated) {
      out.push([negated.key, 'false', name]);
      continue;
    }
    const setting = SETTINGS.find((s) => s.flag === name);
    if (!setting) throw new ConfigError(`unknown flag ${name}; known flags: ${SETTINGS.map((s) => s.flag).join(', ')}`);
    if (setting.boolean) {
      out.push([setting.key, inline ?? 'true', name]);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new ConfigError(`${name} needs a value`);
    out.push([setting.key, value, name]);
  }
  return out;
}

/** The built console next to this module's build (or source tree), never looked up from the cwd. */
function defaultRendererDir(): string | undefined {
  return findBuiltRenderer(dirname(fileURLToPath(import.meta.url)));
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function redact(key: string, value: string | undefined): string | undefined {
  return key === 'adminPassword' || key === 'ingestKey' || key === 'databaseUrl' || key === 'redisUrl' || key === 'shopifySecret' || key === 'twilioAuthToken' || key === 'totpKey' ? '***' : value;
}
