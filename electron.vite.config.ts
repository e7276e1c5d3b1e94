import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      // The import's parse worker is loaded by URL from beside the main bundle (see corpus/parsers.ts).
      rollupOptions: {
        input: { index: resolve('src/main/app/index.ts'), 'parse-worker': resolve('src/main/core/corpus/parse-worker.ts') },
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
