// Lint for Quire, started from electron-vite's react-ts template (@eslint/js and typescript-eslint recommended,
// react-hooks, Prettier last), with the few type-aware rules that catch real bugs here (a promise nobody awaits or
// catches), and the layer rules: the one place they are written down (README's Layout points here).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import quire from './lint/import-cycles.mjs';

/** Layers, as folders from the project root. */
const CORE = 'src/main/core';
const APP = 'src/main/app';
const RENDERER = 'src/renderer';
const PRELOAD = 'src/preload';
const SHARED = 'src/shared';

/** Everything of ours under `src` except the given folders (paths in `except` are relative to `from`). */
const srcExcept = (...folders) => ({ from: 'src', except: folders.map((f) => `./${f.replace(/^src\//, '')}`) });

/**
 * Who may import whom. import-x/no-restricted-paths resolves each import to a file and refuses it when the importing
 * file is in `target` and the imported one in `from` (less `except`).
 */
const layers = [
  {
    target: CORE,
    ...srcExcept(CORE, SHARED),
    message:
      'The engine (src/main/core) imports only the engine and src/shared: never the Electron shell, the renderer, the preload or the faces (cli.ts, web.ts).',
  },
  {
    target: RENDERER,
    ...srcExcept(RENDERER, SHARED),
    message:
      'The renderer talks only to the contract: it imports src/shared and packages, never the engine or the shell.',
  },
  {
    target: PRELOAD,
    ...srcExcept(PRELOAD, SHARED),
    message: 'The preload imports only src/shared and packages.',
  },
  {
    target: SHARED,
    ...srcExcept(SHARED),
    message: 'src/shared is shared by every layer, so it imports nothing of ours outside src/shared.',
  },
  { target: 'src', from: ['tests', 'bench'], message: 'The app never imports its tests or benchmarks.' },
  { target: 'tests', from: 'bench', message: 'Tests never import the benchmarks.' },
  {
    target: 'bench',
    from: 'tests',
    message: 'Benchmarks depend on src, not on the tests: a fixture both need lives in fixtures/.',
  },
];

/** Electron is the shell's business: only src/main/app and the preload may import it. */
const noElectron = {
  paths: [
    {
      name: 'electron',
      message:
        'Only the Electron shell (src/main/app) and the preload import electron; the engine and renderer run without it.',
    },
  ],
  patterns: [
    { group: ['electron/*'], message: 'Only the Electron shell (src/main/app) and the preload import electron.' },
  ],
};

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'release/', '.bench/', '.tmp/', 'node_modules/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX, quire },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    rules: {
      // A promise nobody awaits or catches fails silently: the rule of this release is that nothing fails silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      // No import circles. Type-only imports are left out: they are erased when compiled (verbatimModuleSyntax), so
      // they cannot change the order modules load in; the MobX root store and its child stores know each other's types.
      'quire/no-import-cycles': 'error',
      'no-restricted-imports': ['error', noElectron],
      // Quire reads, cleans and checks text from other programs: regular expressions match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: [`${APP}/**`, `${PRELOAD}/**`],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: [`${RENDERER}/**`],
    languageOptions: { globals: globals.browser },
    extends: [reactHooks.configs.flat['recommended-latest']],
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Plain JavaScript (the bin scripts, this file) has no type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
