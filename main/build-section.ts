import { resolveConfig } from 'electron-vite';
import { build, type InlineConfig } from 'vite';

/**
 * Test support: builds one section of electron.vite.config.ts (as `electron-vite build` would) into
 * `<outDir>/<section>`, so bundle tests check the real output without touching out/.
 */
export async function buildSection(section: 'main' | 'preload', outDir: string): Promise<void> {
  const nodeEnv = process.env['NODE_ENV'];
  try {
    const { config } = await resolveConfig({ build: { outDir }, logLevel: 'silent' }, 'build', 'production');
    const sectionConfig = config?.[section];
    if (!sectionConfig) throw new Error(`electron.vite.config.ts has no ${section} section`);
    await build({ ...(sectionConfig as InlineConfig), configFile: false, logLevel: 'silent' });
  } finally {
    // resolveConfig sets NODE_ENV for the build; do not leak it into the rest of the test run.
    process.env['NODE_ENV'] = nodeEnv;
  }
}
