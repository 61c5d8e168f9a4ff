// Layer rules live here (not in prose): each folder may import only what the architecture allows.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (files, patterns, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [...patterns, ...extra] }],
  },
});
const up = (dir) => ({ group: [`**/${dir}/*`, `**/${dir}`, `../${dir}/*`, `../../${dir}/*`], message: `this layer must not import ${dir}/` });
const pkg = (name, why) => ({ group: [name, `${name}/*`], message: why });

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', '.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // shared/ is the contract: it imports nothing of ours and nothing platform-specific.
  layer(['shared/**/*.ts'], [up('server'), up('main'), up('renderer'), up('e2e'), pkg('electron', 'shared/ is platform-neutral'), pkg('node:*', 'shared/ runs in the browser too')]),
  // renderer/ talks HTTP + socket.io to the hub and to Electron only via the preload bridge.
  layer(['renderer/**/*.{ts,tsx}'], [up('server'), up('main'), pkg('electron', 'use window.omni (the preload bridge)'), pkg('fastify', 'the renderer is a client of the hub')]),
  // server/ is the hub: it runs headless, never inside Electron-only APIs.
  layer(['server/**/*.ts'], [up('main'), up('renderer'), pkg('electron', 'the hub runs without Electron')]),
  // main/ hosts the window and may start the hub in-process, but never reaches into the renderer.
  layer(['main/**/*.ts'], [up('renderer')]),
  // Inside server/, HTTP is an edge: only server/http/ knows status codes, requests and routes. The
  // domain throws domain errors (server/errors.ts); the hub entry builds the app; tests may drive it.
  {
    files: ['server/**/*.ts'],
    ignores: ['server/http/**', 'server/hub.ts', 'server/**/*.test.ts', 'server/**/test-*.ts', 'server/**/test/**', 'server/**/fuzz/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/*', '**/main', '../main/*', '../../main/*', '**/renderer/*', '**/renderer', '../renderer/*', '../../renderer/*'], message: 'server/ must not import main/ or renderer/' },
            { group: ['electron', 'electron/*'], message: 'the hub runs without Electron' },
            { group: ['**/http/*', '**/http'], message: 'only server/http/ is the HTTP edge: throw a domain error (server/errors.ts) instead of importing it' },
          ],
        },
      ],
    },
  },
);
