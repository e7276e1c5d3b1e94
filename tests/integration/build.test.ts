// Checks on what `electron-vite build` produced (npm test builds before it tests).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cidFont, handMadePdf } from '../helpers/pdfs.ts';
import { ROOT, seedPath, tempDir } from '../helpers/project.ts';
import { openProject } from '../../src/main/core/db/open.ts';

const out = (...p: string[]) => join(ROOT, 'out', ...p);
/**
 * The main process's bundle: its entries (the app's index.js, the command line's cli.js) and the chunks they
 * share, all in out/main itself, so code that finds files by URL from beside itself finds them wherever it landed.
 */
const mainBundle = () =>
  readdirSync(out('main'), { withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.js'))
    .map((f) => readFileSync(out('main', f.name), 'utf8'))
    .join('\n');

describe('the built app', () => {
  it('has been built (run npm run build)', () => {
    expect(existsSync(out('main', 'index.js'))).toBe(true);
  });

  it("bundles the import's parse worker beside the main bundle, and it parses a file", async () => {
    expect(
      readdirSync(out('main'), { withFileTypes: true })
        .filter((f) => f.isDirectory())
        .map((f) => f.name),
    ).toEqual(['schemas']);
    expect(mainBundle()).toContain('./parse-worker.js');
    const worker = new Worker(out('main', 'parse-worker.js'));
    try {
      const reply = await new Promise<{
        id: number;
        result: { ok: boolean; text?: string; metadata?: { source: string } };
      }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 7, path: seedPath('002'), maxBytes: 1e6 });
      });
      expect(reply.id).toBe(7);
      expect(reply.result.ok).toBe(true);
      expect(reply.result.metadata?.source).toBe('The Washington Times');
      expect(reply.result.text).toBe(readFileSync(seedPath('002'), 'utf8'));
    } finally {
      await worker.terminate();
    }
  });

  it("bundles the import's checkpoint worker beside the main bundle, and it copies a project's log into it", async () => {
    expect(mainBundle()).toContain('./checkpoint-worker.js');
    const file = join(tempDir(), 'p.quire');
    const db = openProject(file, { create: true });
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE filler (bytes BLOB)');
    db.prepare('INSERT INTO filler VALUES (randomblob(100000))').run();
    const worker = new Worker(out('main', 'checkpoint-worker.js'), { workerData: { file } });
    try {
      const reply = await new Promise<{ id: number; ok: boolean; log: number; checkpointed: number }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ id: 3 });
        },
      );
      expect(reply).toMatchObject({ id: 3, ok: true });
      expect(reply.log).toBeGreaterThan(20);
      expect(reply.checkpointed).toBe(reply.log);
    } finally {
      await worker.terminate();
      db.close();
    }
  });

  it('reads a BibTeX export in the built worker (Citation.js is bundled with it)', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'refs.bib'),
      '@article{a, title = {Luka{\\v s}enka and the war}, author = {M{\\"u}ller, J{\\"o}rg}, year = {2022}, abstract = {An abstract.}}\n',
    );
    const worker = new Worker(out('main', 'parse-worker.js'));
    try {
      const reply = await new Promise<{
        result: { ok: boolean; parts?: { ok: boolean; text: string; metadata: { title: string; author: string } }[] };
      }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, path: join(dir, 'refs.bib'), maxBytes: 1e6 });
      });
      expect(reply.result.parts?.map((p) => [p.ok, p.text, p.metadata.title, p.metadata.author])).toEqual([
        [true, 'An abstract.', 'Lukašenka and the war', 'Jörg Müller'],
      ]);
    } finally {
      await worker.terminate();
    }
  });

  it("finds pdfjs-dist's character maps from the built worker, so a Japanese PDF in a CID font is read", async () => {
    const pdf = handMadePdf([[[72, 720, '日本の首相は記者会見を開いた。']]], {
      font: cidFont('90ms-RKSJ-H', 'MS-Mincho', 'Japan1', 'Shift_JIS'),
    });
    const worker = new Worker(out('main', 'parse-worker.js'));
    try {
      const reply = await new Promise<{ result: { ok: boolean; text?: string; message?: string } }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ id: 1, name: 'ja.pdf', bytes: new Uint8Array(pdf), maxBytes: 1e6 });
        },
      );
      expect(reply.result).toMatchObject({ ok: true, text: '日本の首相は記者会見を開いた。' });
    } finally {
      await worker.terminate();
    }
  });

  it('ships the REFI-QDA schemas beside the main bundle, where the bundle looks for them, and loads xmllint-wasm from the dependencies', () => {
    const main = mainBundle();
    for (const file of ['Project-mrt2019.xsd', 'Codebook-mrt2019.xsd']) {
      expect(main).toContain(`new URL("./schemas/${file}", import.meta.url)`);
      const shipped = readFileSync(out('main', 'schemas', file), 'utf8');
      expect(shipped).toBe(readFileSync(join(ROOT, 'src', 'main', 'core', 'exchange', 'schemas', file), 'utf8'));
      expect(shipped).toContain('This specification is licensed under the MIT license.');
    }
    // Bundled, its worker would be looked for beside the bundle: it must stay a package the app installs.
    expect(main).toMatch(/^import \{ validateXML \} from "xmllint-wasm";$/m);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies['xmllint-wasm']).toBeDefined();
  });

  it('reads a picture by OCR from the built worker, with the language data installed with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-build-'));
    writeFileSync(
      join(dir, 'note.pdf'),
      handMadePdf([[[72, 720, 'Officials in Minsk said on Tuesday that the talks had ended.']]]),
    );
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', join(dir, 'note.pdf'), join(dir, 'note')]);
    const worker = new Worker(out('main', 'parse-worker.js'));
    try {
      const reply = await new Promise<{ result: { ok: boolean; text?: string; format?: string } }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({
            id: 2,
            path: join(dir, 'note.png'),
            maxBytes: 50e6,
            options: { ocrLanguages: ['eng'] },
          });
        },
      );
      expect(reply.result).toMatchObject({
        ok: true,
        format: 'image',
        text: 'Officials in Minsk said on Tuesday that the talks had ended.',
      });
    } finally {
      await worker.terminate();
    }
  });

  it('builds a sandbox-ready preload: one CommonJS file that needs only electron', () => {
    const preload = readFileSync(out('preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("quire"');
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('keeps zod out of the preload and the renderer: they call methods by name, the schemas stay in the main process', () => {
    // The name every zod schema class is made under: in zod itself, so in any bundle that carries it.
    expect(readFileSync(join(ROOT, 'node_modules', 'zod', 'v4', 'core', 'schemas.js'), 'utf8')).toContain('"$ZodType"');
    const assets = readdirSync(out('renderer', 'assets')).filter((f) => f.endsWith('.js'));
    expect(assets.length).toBeGreaterThan(0);
    for (const file of [out('preload', 'index.cjs'), ...assets.map((f) => out('renderer', 'assets', f))]) {
      expect(readFileSync(file, 'utf8'), file).not.toContain('$ZodType');
    }
  });

  it('builds the renderer page with its scripts and no inline script', () => {
    const html = readFileSync(out('renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.?\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
  });
});

describe('npm start where Electron cannot run', () => {
  // Where the Electron binary has been downloaded, npm start opens the app instead: nothing to check here then.
  const electronInstalled = existsSync(join(ROOT, 'node_modules', 'electron', 'dist'));
  it.skipIf(electronInstalled)('says why and points to npm run web', async () => {
    const { spawnSync } = await import('node:child_process');
    // Skipping the download makes this fail the same way on any machine, with or without network.
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'start-desktop.js')], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Quire's desktop app could not start: the Electron binary is not installed");
    expect(r.stderr).toContain('npm run web');
  });
});
