// The layer rules in eslint.config.mjs, proved to fire: each test lints a small snippet as if it were a file of the
// given layer (an existing file, so the type-aware rules find it in its tsconfig) and asserts what ESLint says.
import { ESLint, type Linter } from 'eslint';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

// Type-aware linting builds the TypeScript program of each tsconfig once (the engine's, the renderer's): done here,
// where it may take its time on a busy machine, so each test then takes about a second.
beforeAll(async () => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: resolve(root, 'eslint.config.mjs') });
  for (const file of ['src/main/core/guid.ts', 'src/renderer/src/api.ts'])
    await eslint.lintText('export {};\n', { filePath: resolve(root, file) });
}, 180_000);

/** What ESLint says about `code` written at `filePath`, as "rule: message" lines, for the given rules only. */
async function lint(filePath: string, code: string, rules: string[]): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages.filter((m) => m.ruleId !== null && rules.includes(m.ruleId));
}

const LAYERS = ['import-x/no-restricted-paths', 'no-restricted-imports'];

/** The specifiers the layer rules refused, in order. */
async function refused(filePath: string, imports: string[]): Promise<string[]> {
  const code =
    imports.map((spec, i) => `import * as m${i} from '${spec}';\n`).join('') +
    `export const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;
  const messages = await lint(filePath, code, LAYERS);
  expect(messages.every((m) => m.severity === 2)).toBe(true);
  return messages.map((m) => imports[m.line - 1]);
}

describe('layer rules', () => {
  it('the engine imports neither electron, the shell, the renderer, the preload nor the faces; the engine and shared are fine', async () => {
    const imports = [
      'electron',
      '../app/menu.ts',
      '../../renderer/src/files.ts',
      '../../preload/index.ts',
      '../cli.ts',
      '../web.ts',
      './viewer.ts',
      '../../shared/text.ts',
    ];
    expect(await refused('src/main/core/guid.ts', imports)).toEqual(imports.slice(0, 6));
  });

  it('says why, in the words of the rule', async () => {
    const [message] = await lint(
      'src/main/core/guid.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      LAYERS,
    );
    expect(message.message).toContain('Only the Electron shell (src/main/app) and the preload import electron');
  });

  it('the renderer and the preload import only src/shared and packages', async () => {
    expect(
      await refused('src/renderer/src/api.ts', [
        '../../main/core/guid.ts',
        '../../main/app/menu.ts',
        '../../preload/index.ts',
        '../../shared/text.ts',
        'mobx',
      ]),
    ).toEqual(['../../main/core/guid.ts', '../../main/app/menu.ts', '../../preload/index.ts']);
    expect(
      await refused('src/preload/index.ts', [
        '../main/core/guid.ts',
        '../renderer/src/api.ts',
        '../shared/methods.ts',
        'electron',
      ]),
    ).toEqual(['../main/core/guid.ts', '../renderer/src/api.ts']);
  });

  it('src/shared imports nothing of ours outside src/shared', async () => {
    expect(
      await refused('src/shared/text.ts', [
        '../main/core/guid.ts',
        '../renderer/src/api.ts',
        '../main/exit.ts',
        './codepoints.ts',
      ]),
    ).toEqual(['../main/core/guid.ts', '../renderer/src/api.ts', '../main/exit.ts']);
  });

  it('src never imports the tests or the benchmarks, nor the tests the benchmarks; benchmarks never import the tests', async () => {
    expect(await refused('src/main/exit.ts', ['../../tests/helpers/project.ts', '../../bench/util.ts'])).toHaveLength(
      2,
    );
    expect(await refused('tests/unit/guid.test.ts', ['../../bench/util.ts', '../../src/main/core/guid.ts'])).toEqual([
      '../../bench/util.ts',
    ]);
    expect(await refused('bench/words.ts', ['../tests/helpers/project.ts', '../src/main/core/guid.ts'])).toEqual([
      '../tests/helpers/project.ts',
    ]);
  });

  it('electron is the shell’s and the preload’s only', async () => {
    expect(await refused('src/main/app/menu.ts', ['electron'])).toEqual([]);
    expect(await refused('src/main/web.ts', ['electron'])).toEqual(['electron']);
    expect(await refused('src/renderer/src/api.ts', ['electron'])).toEqual(['electron']);
    expect(await refused('tests/unit/guid.test.ts', ['electron'])).toEqual(['electron']);
  });
});

describe('no import circles', () => {
  it('refuses an import that closes a circle (export/comparison.ts already imports analysis/cooccurrence.ts)', async () => {
    const code = "import { stanceTable } from '../export/comparison.ts';\nexport const c = stanceTable;\n";
    const messages = await lint('src/main/core/analysis/cooccurrence.ts', code, ['quire/no-import-cycles']);
    expect(messages.map((m) => [m.line, m.severity])).toEqual([[1, 2]]);
  });

  it('lets a store know its root store’s type (a type-only import is erased when compiled), but not import the root store itself', async () => {
    const typeOnly = "import type { RootStore } from './RootStore.ts';\nexport type R = RootStore;\n";
    expect(await lint('src/renderer/src/stores/CodingStore.ts', typeOnly, ['quire/no-import-cycles'])).toEqual([]);
    const value = "import { RootStore } from './RootStore.ts';\nexport const R = RootStore;\n";
    expect(await lint('src/renderer/src/stores/CodingStore.ts', value, ['quire/no-import-cycles'])).toHaveLength(1);
  });
});

describe('promises and hooks', () => {
  it('refuses a promise nobody awaits or catches, in the engine and in the renderer', async () => {
    const code = 'export function f(p: Promise<void>): void {\n  p.then(() => undefined);\n}\n';
    for (const file of ['src/main/core/guid.ts', 'src/renderer/src/api.ts']) {
      const messages = await lint(file, code, ['@typescript-eslint/no-floating-promises']);
      expect(messages.map((m) => m.line)).toEqual([2]);
    }
    const caught =
      'export function f(p: Promise<void>): void {\n  p.then(() => undefined).catch(() => undefined);\n}\n';
    expect(await lint('src/main/core/guid.ts', caught, ['@typescript-eslint/no-floating-promises'])).toEqual([]);
  });

  it('a hook’s missing dependency is an error, not a warning', async () => {
    const code =
      "import { useEffect } from 'react';\nexport function useLog(text: string): void {\n  useEffect(() => console.log(text), []);\n}\n";
    const messages = await lint('src/renderer/src/components/download.ts', code, ['react-hooks/exhaustive-deps']);
    expect(messages.map((m) => m.severity)).toEqual([2]);
  });
});
