/*
 * Headless hub: `npm run hub` / `tsx server/cli.ts [--port 4100] [--demo] …`.
 * Exit codes: 0 clean shutdown, 1 failed to start, 2 bad configuration.
 */
import { ConfigError, loadConfig, type HubConfig } from './config.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`omni hub: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  // Loaded after the config is known good: a typo in a flag answers instantly, without loading the hub.
  const { startHub } = await import('./hub.js');
  const hub = await startHub(config, { log });
  log(`Console: ${hub.url}`);
  log(`API docs: ${hub.url}/api/docs`);
  // Secrets are printed only when generated now; a stored or configured one is never echoed.
  if (hub.bootstrap.generatedAdminPassword) {
    log(`Admin login (shown once): ${hub.bootstrap.adminEmail} / ${hub.bootstrap.generatedAdminPassword}`);
  }
  if (hub.bootstrap.generatedIngestKey) {
    log(`Ingest key (shown once; stored in the database): ${hub.bootstrap.ingestKey}`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return process.exit(1); // second Ctrl-C: give up waiting
    stopping = true;
    log(`${signal}: shutting down…`);
    hub.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`omni hub: error during shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`omni hub: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
