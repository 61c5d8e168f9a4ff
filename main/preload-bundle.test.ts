import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSection } from './build-section.js';

// Builds the real preload with electron.vite.config.ts and runs it the way a sandboxed renderer does: CommonJS,
// and `require` that knows only 'electron'. Catches a preload that is ESM or pulls in an external module.
let dir: string;
let code: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omni-preload-'));
  await buildSection('preload', dir);
  code = readFileSync(join(dir, 'preload', 'preload.cjs'), 'utf8');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(answers: Record<string, unknown>) {
  const exposed: Record<string, unknown> = {};
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: { invoke: async (channel: string) => answers[channel], on: () => undefined, removeListener: () => undefined },
  };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id !== 'electron') throw new Error(`Cannot find module '${id}' (sandboxed preload)`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console, URL });
  return { exposed, required };
}

describe('built preload (out/preload/preload.cjs)', () => {
  it('is CommonJS that requires nothing but electron', () => {
    expect(code).not.toMatch(/^\s*import\s/m);
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('exposes a validating window.omni when run sandboxed', async () => {
    const { exposed, required } = load({ 'app:get-info': { hubUrl: 'http://127.0.0.1:4100', platform: 'linux', version: '0.1.0', desktop: true }, 'app:notify': { shown: 'nope' } });
    expect(required).toEqual(['electron']);
    const omni = exposed['omni'] as { getInfo(): Promise<unknown>; notify(r: unknown): Promise<unknown> };
    expect(Object.keys(omni).sort()).toEqual(['getInfo', 'notify', 'onOpenCustomer', 'openExternal']);
    await expect(omni.getInfo()).resolves.toMatchObject({ hubUrl: 'http://127.0.0.1:4100', desktop: true });
    await expect(omni.notify({ title: 't', body: 'b' })).rejects.toThrow(/malformed app:notify/);
  });
});
