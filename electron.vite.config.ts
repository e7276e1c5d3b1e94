import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The REFI-QDA schemas incoming files are checked against, beside the main bundle where exchange/validate.ts looks for them. */
const SCHEMAS = 'src/main/core/exchange/schemas';
const schemas = (): Plugin => ({
  name: 'quire-refi-schemas',
  generateBundle() {
    for (const file of readdirSync(SCHEMAS))
      this.emitFile({ type: 'asset', fileName: `schemas/${file}`, source: readFileSync(resolve(SCHEMAS, file)) });
  },
});

export default defineConfig({
  main: {
    plugins: [schemas()],
    build: {
      externalizeDeps: { exclude: ['zod', 'commander'] },
      // The import's parse and checkpoint workers are loaded by URL from beside the main bundle (corpus/parsers.ts, db/checkpoints.ts).
      rollupOptions: {
        input: {
          index: resolve('src/main/app/index.ts'),
          // The command line, run by bin/quire.js: compiled once here rather than type-stripped on every run.
          cli: resolve('src/main/cli.ts'),
          'parse-worker': resolve('src/main/core/corpus/parse-worker.ts'),
          // An import's checkpoints run on a thread of their own (db/checkpoints.ts), loaded the same way.
          'checkpoint-worker': resolve('src/main/core/db/checkpoint-worker.ts'),
        },
        // Every chunk beside the entries: the engine's code the app and the command line share finds the parse
        // worker (corpus/parsers.ts) and the REFI-QDA schemas (exchange/validate.ts) by URL from beside itself.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react()],
  },
});
