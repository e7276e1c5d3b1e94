// The command line starts like a command-line tool: `quire` runs its compiled build, and a command loads only
// what it needs (no importer's or exporter's libraries to list, show or search); a build older than the
// sources is never run silently.
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, exec, type Run } from '../helpers/cli.ts';
import { ROOT } from '../helpers/project.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// What only an import of another format, an export or a REFI-QDA exchange needs.
const HEAVY = [
  'linkedom',
  'yaml',
  'fast-xml-parser',
  'pdfjs-dist',
  'docx',
  'mammoth',
  'marked',
  'postal-mime',
  'xmllint-wasm',
];

let home: string;
let project: string;

/**
 * `node bin/quire.js <args>` on the test project, with what it loaded: the packages, and "source: …" for each .ts
 * file (its path from the repository's root). From the sources, each module the command loads is named (the build
 * puts several in one file, and zod in with them).
 */
async function quireLoading(
  args: string[],
  { fromSources = false } = {},
): Promise<Run & { loaded: string[]; sources: string[] }> {
  const list = join(home, `loaded-${fromSources ? 'sources-' : ''}${args.join('-').replace(/\W+/g, '_')}.txt`);
  const r = await exec(
    process.execPath,
    ['--import', './tests/helpers/loaded-modules.mjs', 'bin/quire.js', '--project', project, ...args],
    cliEnv(home, { QUIRE_LOADED_MODULES: list, ...(fromSources ? { QUIRE_FROM_SOURCES: '1' } : {}) }),
  );
  const loaded = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const sources = loaded
    .filter((m) => m.startsWith('source: '))
    .map((m) => relative(ROOT, m.slice('source: '.length)).split(sep).join('/'));
  return { ...r, loaded, sources };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'quire-startup-'));
  project = join(home, 'Project.quire');
  const made = await exec(process.execPath, ['bin/quire.js', '--project', project, 'init'], cliEnv(home));
  expect(made.status).toBe(0);
});

describe('quire starts with only what the command needs', () => {
  it('--version prints the version from package.json, loading no project library', async () => {
    const r = await quireLoading(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.stderr).toBe('');
    expect(r.loaded).not.toContain('chrono-node');
    for (const heavy of HEAVY) expect(r.loaded).not.toContain(heavy);
  });

  it('search, list and show run the build (no TypeScript source) and load none of the importers’ or exporters’ libraries', async () => {
    const search = await quireLoading(['search', 'Lukashenko']);
    expect(search.status).toBe(0);
    expect(search.stdout).toMatch(/documents? match(es)? “Lukashenko”/);
    for (const r of [search, await quireLoading(['list']), await quireLoading(['show', '1', '--meta'])]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.loaded.filter((m) => m.startsWith('source:'))).toEqual([]);
      expect(r.loaded).toContain('better-sqlite3');
      for (const heavy of HEAVY) expect(r.loaded).not.toContain(heavy);
      // Nor what reading a CSV of attributes needs (the parser, the encoding detection) or writing one.
      for (const csv of ['csv-parse', 'csv-stringify', 'chardet']) expect(r.loaded).not.toContain(csv);
    }
  });

  it('importing a text file loads the text importer only, not the parsers of other formats', async () => {
    const file = join(home, 'note.txt');
    writeFileSync(file, 'Minsk talks\n\nThe talks in Minsk ended on 3 March 2022 without an agreement.\n');
    const r = await quireLoading(['import', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 imported');
    for (const heavy of HEAVY) expect(r.loaded).not.toContain(heavy);
  });
});

describe('declaring the commands loads no engine, and a command only the schemas of what it calls', () => {
  // The engine's code, its schemas (zod) and the project's libraries: what a command loads when it runs.
  const ENGINE = ['src/main/core/engine.ts', 'src/main/core/project.ts', 'src/main/cli/engine.ts'];

  it('--version and --help load only the commands’ declarations: no engine, schema, zod or SQLite', async () => {
    const help = await quireLoading(['--help'], { fromSources: true });
    expect(help.status).toBe(0);
    for (const name of ['search', 'import', 'export', 'words', 'restore']) expect(help.stdout).toContain(`  ${name}`);
    const version = await quireLoading(['--version'], { fromSources: true });
    expect(version.stdout.trim()).toBe(VERSION);
    for (const r of [help, version]) {
      expect(r.sources).toContain('src/main/cli/search.ts');
      for (const module of ENGINE) expect(r.sources).not.toContain(module);
      expect(r.sources.filter((m) => m.startsWith('src/shared/api'))).toEqual([]);
      for (const name of ['zod', 'better-sqlite3', 'lunr']) expect(r.loaded).not.toContain(name);
    }
  });

  it('search builds the schemas of the search and of the documents it lists, not every domain’s; lunr only for word~', async () => {
    const search = await quireLoading(['search', 'Lukashenko'], { fromSources: true });
    expect(search.status).toBe(0);
    expect(search.stdout).toMatch(/documents? match(es)? “Lukashenko”/);
    expect(search.sources.filter((m) => m.startsWith('src/shared/api')).sort()).toEqual([
      'src/shared/api/common.ts',
      'src/shared/api/documents.ts',
      'src/shared/api/search.ts',
    ]);
    expect(search.sources.filter((m) => m.startsWith('src/main/core/export/handlers'))).toEqual([]);
    expect(search.loaded).not.toContain('lunr');
    // What --version and --help leave out is what a command loads (so those tests see it when it is there).
    for (const module of ENGINE) expect(search.sources).toContain(module);
    expect(search.loaded).toContain('zod');
    const fuzzy = await quireLoading(['search', 'Lukashenko~'], { fromSources: true });
    expect(fuzzy.status).toBe(0);
    expect(fuzzy.stdout).toContain('variants of “Lukashenko”: lukashenko, lukashenka');
    expect(fuzzy.loaded).toContain('lunr');
  });
});

describe('the compile cache', () => {
  it('keeps what V8 compiled of the command line in the temporary folder, for the next command', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'quire-compile-cache-'));
    const env = cliEnv(home, { TMPDIR: tmp });
    delete env.NODE_COMPILE_CACHE;
    const r = await exec(process.execPath, ['bin/quire.js', '--project', project, 'list'], env);
    expect(r.status).toBe(0);
    const cached = readdirSync(join(tmp, 'node-compile-cache'), { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    // The build's modules, each cached.
    expect(cached.length).toBeGreaterThan(5);
  });
});

describe('a build older than the sources', () => {
  /** A copy of the repository's bin/ beside the real sources, with `built` as its out/main/cli.js (or none). */
  function checkout(built: 'old' | 'none'): string {
    const root = mkdtempSync(join(tmpdir(), 'quire-checkout-'));
    cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
    for (const linked of ['src', 'node_modules', 'seeds']) symlinkSync(join(ROOT, linked), join(root, linked));
    for (const file of ['package.json', 'electron.vite.config.ts']) copyFileSync(join(ROOT, file), join(root, file));
    if (built === 'old') {
      mkdirSync(join(root, 'out', 'main'), { recursive: true });
      const cli = join(root, 'out', 'main', 'cli.js');
      writeFileSync(cli, 'export async function main() { console.log("stale build ran"); return 0; }\n');
      utimesSync(cli, new Date('2001-01-01'), new Date('2001-01-01'));
    }
    return root;
  }

  it('is not run: the sources are, and stderr says why and what makes it quick again', async () => {
    const root = checkout('old');
    const r = await exec(process.execPath, [join(root, 'bin', 'quire.js'), '--version'], cliEnv(home));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.stdout).not.toContain('stale build ran');
    expect(r.stderr).toMatch(
      /^quire: note: running from the sources, which is slower to start: .* because \S+ changed after it was built\. `npm run build` compiles it again\.\n$/,
    );
  });

  it('missing, the sources run and say there is no build yet; QUIRE_FROM_SOURCES=1 runs them without the note', async () => {
    const root = checkout('none');
    const missing = await exec(process.execPath, [join(root, 'bin', 'quire.js'), '--version'], cliEnv(home));
    expect(missing.stdout.trim()).toBe(VERSION);
    expect(missing.stderr).toContain('because there is no build of it yet');
    const chosen = await exec(
      process.execPath,
      [join(root, 'bin', 'quire.js'), '--version'],
      cliEnv(home, { QUIRE_FROM_SOURCES: '1' }),
    );
    expect(chosen.stdout.trim()).toBe(VERSION);
    expect(chosen.stderr).toBe('');
  });
});
