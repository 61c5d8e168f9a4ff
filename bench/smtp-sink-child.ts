/*
 * The outbox bench's SMTP server in its own process (a mail server is not part of the hub): the real
 * smtp-server package (SmtpSink). Commands: `count` -> mails received; `mails` -> the Message-IDs and arrival
 * times (ms, same machine clock) received since the last `mails`; `close`.
 */
import { SmtpSink } from '../server/outbound/smtp-sink.js';
import { serveCommands } from './child.js';

const sink = new SmtpSink();
const port = await sink.start();
let taken = 0;

serveCommands(async (command) => {
  if (command === 'count') return { count: sink.mails.length };
  if (command === 'mails') {
    const fresh = sink.mails.slice(taken).map((m) => [m.messageId, m.atMs]);
    taken = sink.mails.length;
    // Raw texts are not kept: thousands of mails would only grow this process.
    sink.mails.length = 0;
    taken = 0;
    return { mails: fresh };
  }
  if (command === 'close') {
    await sink.kill();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ port })}\n`);
