/*
 * The real hub in its own process, configured from the environment exactly like `npm run hub`
 * (OMNI_* variables). Prints `{url, ingestKey}` when listening; answers `rss` and `close`.
 */
import { loadConfig } from '../server/config.js';
import { startHub } from '../server/hub.js';
import { memory, serveCommands } from './child.js';

const hub = await startHub(loadConfig(process.env, []));
serveCommands(async (command) => {
  if (command === 'rss') return memory();
  if (command === 'close') {
    await hub.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ url: hub.url, ingestKey: hub.bootstrap.ingestKey, ...memory() })}\n`);
