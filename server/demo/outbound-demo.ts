import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HubConfig } from '../config.js';
import { SmtpSink } from '../outbound/smtp-sink.js';
import { TwilioStandIn } from '../outbound/twilio-standin.js';

/*
 * Demo hubs answer on every channel without real providers: an embedded SMTP sink (each mail kept as an
 * .eml file under <dataDir>/demo-mail, for a newcomer to open) and the local Twilio stand-in, which posts
 * signed delivery callbacks back through the hub's real Twilio webhook. Whatever the environment already
 * configures (OMNI_SMTP_URL, OMNI_TWILIO_*) is left alone: real providers win. OMNI_DEMO_OUTBOUND=off skips it.
 */

const DEMO_SID = 'AC0000000000000000000000000000de00';
/** Demo numbers ending in 99 are "unreachable", so the console shows what a failed text looks like. */
const UNREACHABLE = /99$/;

export interface DemoOutbound {
  /** The config to run the hub with (the stand-in's token for verifying its callbacks). */
  config: HubConfig;
  stop(): Promise<void>;
}

export async function startDemoOutbound(config: HubConfig, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<DemoOutbound> {
  const set: string[] = [];
  const put = (name: string, value: string) => {
    if (env[name] !== undefined && env[name]!.trim() !== '') return;
    env[name] = value;
    set.push(name);
  };
  const stops: (() => Promise<void>)[] = [];
  let out = config;
  if (env['OMNI_DEMO_OUTBOUND'] === 'off') return { config, stop: async () => {} };

  if (!env['OMNI_SMTP_URL']?.trim()) {
    const sink = new SmtpSink();
    const dir = join(config.dataDir, 'demo-mail');
    mkdirSync(dir, { recursive: true });
    sink.onMail = (m) => writeFileSync(join(dir, `${m.atMs}-${sink.mails.length}.eml`), m.raw);
    const port = await sink.start();
    put('OMNI_SMTP_URL', `smtp://127.0.0.1:${port}`);
    stops.push(() => sink.kill());
    log(`demo: email replies go to an embedded SMTP sink (127.0.0.1:${port}); each mail is kept in ${dir}`);
  }

  // Callbacks need the hub's own address, known up front only for a fixed port.
  const hubUrl = config.publicUrl ?? (config.port > 0 ? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}` : null);
  if (!env['OMNI_TWILIO_ACCOUNT_SID']?.trim() && hubUrl) {
    const token = config.twilioAuthToken ?? `demo-twilio-token-${Math.random().toString(36).slice(2)}`;
    const standIn = new TwilioStandIn({
      accountSid: DEMO_SID,
      authToken: token,
      fate: (m) => (UNREACHABLE.test(m.to) ? [{ status: 'sent' }, { status: 'undelivered', errorCode: '30003' }] : [{ status: 'sent' }, { status: 'delivered' }]),
    });
    const base = await standIn.start();
    put('OMNI_TWILIO_ACCOUNT_SID', DEMO_SID);
    put('OMNI_TWILIO_AUTH_TOKEN', token);
    put('OMNI_TWILIO_API_BASE', base);
    put('OMNI_TWILIO_FROM', '+14155550100');
    put('OMNI_PUBLIC_URL', hubUrl);
    // A demo is tried at any hour: quiet hours would refuse every text in the evening.
    put('OMNI_SMS_QUIET_HOURS', 'off');
    out = { ...out, twilioAuthToken: token };
    stops.push(() => standIn.stop());
    log(`demo: text replies go to a local Twilio stand-in (${base}); numbers ending in 99 come back undelivered`);
  }

  return {
    config: out,
    stop: async () => {
      for (const s of stops.reverse()) await s();
      for (const name of set) delete env[name];
    },
  };
}
