import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Proves the layer rules in eslint.config.js really fail the lint (not just prose in a README).
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('renderer may not import server/ or main/ or electron', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { startHub } from '../../server/hub.js';\nexport const a = startHub;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { a } from '../../main/window.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const b = ipcRenderer;\n")).toHaveLength(1);
  });

  it('server may not import electron, main/ or renderer/', async () => {
    expect(await restrictedImports('server/http/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('server/http/x.ts', "import { a } from '../../renderer/src/a.js';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('shared may not import anything of ours or node built-ins', async () => {
    expect(await restrictedImports('shared/x.ts', "import { a } from '../server/domain.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const b = readFileSync;\n")).toHaveLength(1);
  });

  it('allowed imports pass', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { CHANNELS } from '../../shared/index.js';\nexport const a = CHANNELS;\n")).toEqual([]);
    expect(await restrictedImports('main/x.ts', "import { startHub } from '../server/hub.js';\nexport const a = startHub;\n")).toEqual([]);
  });
});
