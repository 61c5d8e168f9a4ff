import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BODY_LIMIT, loadConfig } from './config.js';

const renderer = mkdtempSync(join(tmpdir(), 'omni-config-renderer-'));
writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
afterAll(() => rmSync(renderer, { recursive: true, force: true }));

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, []);
    expect(c).toMatchObject({
      port: 4100,
      host: '127.0.0.1',
      dataDir: join(homedir(), '.omni-console'),
      demo: false,
      adminEmail: 'admin@omni.local',
      defaultRegion: 'US',
      logLevel: 'info',
      bodyLimit: DEFAULT_BODY_LIMIT,
      corsOrigins: [],
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.ingestKey).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
  });

  it('reads every variable from the environment', () => {
    const c = loadConfig(
      {
        OMNI_PORT: '5000',
        OMNI_HOST: '0.0.0.0',
        OMNI_DATA_DIR: './some-dir',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        REDIS_URL: 'redis://127.0.0.1:6379',
        OMNI_DEMO: 'true',
        OMNI_INGEST_KEY: 'k'.repeat(20),
        OMNI_ADMIN_EMAIL: 'boss@example.com',
        OMNI_ADMIN_PASSWORD: 'correct horse battery',
        OMNI_DEFAULT_REGION: 'gb',
        OMNI_RENDERER_DIR: renderer,
        OMNI_PUBLIC_URL: 'https://omni.example.com/',
        OMNI_LOG_LEVEL: 'warn',
        OMNI_BODY_LIMIT: '1048576',
        OMNI_CORS_ORIGINS: 'http://localhost:5173, http://127.0.0.1:5173/',
        OMNI_SHARED_IDENTIFIERS: 'loyalty, phone',
      },
      [],
    );
    expect(c).toEqual({
      port: 5000,
      host: '0.0.0.0',
      dataDir: resolve('./some-dir'),
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      redisUrl: 'redis://127.0.0.1:6379',
      demo: true,
      ingestKey: 'k'.repeat(20),
      adminEmail: 'boss@example.com',
      adminPassword: 'correct horse battery',
      defaultRegion: 'GB',
      rendererDir: renderer,
      publicUrl: 'https://omni.example.com',
      logLevel: 'warn',
      bodyLimit: 1048576,
      corsOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
      sharedIdentifiers: ['loyalty', 'phone'],
    });
  });

  it('lets CLI flags override the environment (both --flag value and --flag=value)', () => {
    const c = loadConfig({ OMNI_PORT: '5000', OMNI_DEMO: '1' }, ['--port', '6000', '--host=::1', '--data-dir', '/tmp/x', '--no-demo', '--default-region=de']);
    expect(c.port).toBe(6000);
    expect(c.host).toBe('::1');
    expect(c.dataDir).toBe('/tmp/x');
    expect(c.demo).toBe(false);
    expect(c.defaultRegion).toBe('DE');
    expect(loadConfig({}, ['--demo']).demo).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ OMNI_PORT: '', DATABASE_URL: ' ' }, []).port).toBe(4100);
  });

  it.each([
    [{ OMNI_PORT: 'abc' }, /^OMNI_PORT must be a number/],
    [{ OMNI_PORT: '70000' }, /^OMNI_PORT must be between 0 and 65535/],
    [{ OMNI_PORT: '41.5' }, /^OMNI_PORT must be an integer/],
    [{ OMNI_DEMO: 'maybe' }, /^OMNI_DEMO must be one of/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a URL \(postgres:\/\//],
    [{ REDIS_URL: 'not a url' }, /^REDIS_URL must be a URL/],
    [{ OMNI_ADMIN_EMAIL: 'nope' }, /^OMNI_ADMIN_EMAIL must be an email/],
    [{ OMNI_ADMIN_PASSWORD: 'short' }, /^OMNI_ADMIN_PASSWORD must be at least 8/],
    [{ OMNI_INGEST_KEY: 'short' }, /^OMNI_INGEST_KEY must be at least 16/],
    [{ OMNI_DEFAULT_REGION: 'USA' }, /^OMNI_DEFAULT_REGION must be a two-letter region/],
    [{ OMNI_RENDERER_DIR: '/definitely/not/here' }, /^OMNI_RENDERER_DIR must be an existing directory/],
    [{ OMNI_LOG_LEVEL: 'loud' }, /^OMNI_LOG_LEVEL must be one of/],
    [{ OMNI_BODY_LIMIT: '10' }, /^OMNI_BODY_LIMIT must be at least 1024/],
    [{ OMNI_CORS_ORIGINS: 'file:///x' }, /^OMNI_CORS_ORIGINS "file:\/\/\/x" is not an http\(s\) origin/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(errorOf(() => loadConfig(env, []))).toMatch(message);
  });

  it('never echoes secrets in errors', () => {
    const msg = errorOf(() => loadConfig({ OMNI_ADMIN_PASSWORD: 'secret1' }, []));
    expect(msg).not.toContain('secret1');
  });

  it('names the flag when a flag is invalid, and rejects unknown flags and missing values', () => {
    expect(errorOf(() => loadConfig({}, ['--port', 'x']))).toMatch(/^--port must be a number/);
    expect(errorOf(() => loadConfig({}, ['--prot', '1']))).toMatch(/unknown flag --prot/);
    expect(errorOf(() => loadConfig({}, ['--port']))).toMatch(/--port needs a value/);
    expect(errorOf(() => loadConfig({}, ['--port', '--demo']))).toMatch(/--port needs a value/);
    expect(errorOf(() => loadConfig({}, ['serve']))).toMatch(/unexpected argument "serve"/);
  });

  it('loads connector secrets like any other setting (the HTTP edge reads no env)', () => {
    const c = loadConfig({ OMNI_SHOPIFY_SECRET: 'shp-secret', OMNI_TWILIO_AUTH_TOKEN: '' }, ['--twilio-auth-token', 'tw-token']);
    expect(c.shopifySecret).toBe('shp-secret');
    expect(c.twilioAuthToken).toBe('tw-token');
    expect(loadConfig({ OMNI_SHOPIFY_SECRET: '  ' }, []).shopifySecret).toBeUndefined();
  });
});
