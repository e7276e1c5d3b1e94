// End-to-end tests of the `quire` command line: every test runs the CLI as a
// user would, as a child process (`node bin/quire.js …`, `npm run quire -- …`),
// with QUIRE_HOME pointing at a fresh folder so the default project is its own.
//
// Suites whose tests do not depend on each other run concurrently: each CLI
// start costs about half a second of CPU, and the file must stay well under a
// minute on two cores. Their folders come from scratch(), not tempDir().
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli.ts';
import { findDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import { openOrCreateProject } from '../../src/main/core/project.ts';
import {
  CheckReport,
  DocumentDetail,
  ExportFormat,
  ImportReport,
  ListDocumentsOutput,
  SearchOutput,
} from '../../src/shared/api.ts';
import {
  cliEnv,
  collect,
  committedDocuments,
  exec,
  exited,
  expectNoStackTrace,
  json,
  quire,
  sha256,
  startQuire,
  writeArticles,
  type Run,
} from '../helpers/cli.ts';
import { SEEDS_DIR, seedPath, tempDir } from '../helpers/project.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';
import { clip } from '../../src/shared/text.ts';

/** How `show` prints one metadata field: the name padded to 13, a space, the value. */
const field = (name: string, value: string) =>
  new RegExp(`^${name.padEnd(13)} ${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm');

const defaultProject = (home: string) => join(home, 'Default.quire');
const lastLine = (s: string) => s.trimEnd().split('\n').at(-1) ?? '';

async function init(home: string): Promise<string> {
  const r = await quire(home, 'init');
  expect(r.status).toBe(EXIT.ok);
  return home;
}

function documentCount(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The text of the document whose file name is LIKE `pattern`. */
function bodyOf(path: string, pattern: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT body FROM documents WHERE filename LIKE ?').pluck().get(pattern) as string;
  } finally {
    db.close();
  }
}

// tempDir() removes its folder when "the current test" finishes, which
// concurrent tests confuse (a folder can vanish under another test), so they
// take theirs from one folder removed after the whole file.
let scratchRoot = '';
beforeAll(() => {
  scratchRoot = mkdtempSync(join(tmpdir(), 'quire-cli-'));
});
afterAll(() => rmSync(scratchRoot, { recursive: true, force: true }));
const scratch = () => mkdtempSync(join(scratchRoot, 'd-'));

/** A home folder with an initialised default project, shared by a suite's read-only tests. */
function suiteHome(): { get: () => string } {
  let home = '';
  beforeAll(async () => {
    home = await init(scratch());
  });
  return { get: () => home };
}

describe.concurrent('quire init', () => {
  it('creates the default project in QUIRE_HOME with the five sample articles', async () => {
    const home = scratch();
    const r = await quire(home, '--json', 'init');
    expect(r.status).toBe(EXIT.ok);
    const info = JSON.parse(r.stdout) as { created: boolean; documents: number; path: string; schemaVersion: number };
    expect(info).toMatchObject({ created: true, documents: 5, path: defaultProject(home) });
    expect(info.schemaVersion).toBeGreaterThan(0);
    expect(documentCount(defaultProject(home))).toBe(5);
  });

  it('leaves an existing project alone and says so', async () => {
    const home = await init(scratch());
    const file = defaultProject(home);
    const before = sha256(file);

    const again = await quire(home, 'init');
    expect(again.status).toBe(EXIT.ok);
    expect(again.stdout).toBe(`${file} already exists (5 documents); nothing changed.\n`);
    expect(again.stderr).toBe('');
    const asJson = await quire(home, 'init', '--json');
    expect(JSON.parse(asJson.stdout)).toMatchObject({ created: false, documents: 5 });
    expect(sha256(file)).toBe(before);
  });

  it('--empty --project creates an empty project at that path, not the default one', async () => {
    const home = scratch();
    const file = join(scratch(), 'sub', 'Empty.quire');
    const r = await quire(home, 'init', '--empty', '--project', file);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toBe(`Created ${file} with 0 documents.\n`);
    expect(documentCount(file)).toBe(0);
    expect(existsSync(defaultProject(home))).toBe(false);
    const list = await quire(home, '--project', file, 'list', '--json');
    expect(json(list, ListDocumentsOutput)).toEqual({ total: 0, documents: [] });
    expect(list.stderr).toBe('');
  });
});

describe.concurrent('a missing default project', () => {
  it('is created with the seeds by the first command, which says so on stderr (npm run quire)', async () => {
    const home = scratch();
    const r = await exec('npm', ['run', '--silent', 'quire', '--', 'list'], cliEnv(home));
    expect(r.status).toBe(EXIT.ok);
    expect(r.stderr).toContain(`Created a new project at ${defaultProject(home)} with 5 sample articles.`);
    expect(lastLine(r.stdout)).toBe('5 documents');
    expect(documentCount(defaultProject(home))).toBe(5);
    // The next command finds it and does not create it again.
    const again = await quire(home, 'list');
    expect(again.stderr).not.toContain('Created a new project');
    expect(lastLine(again.stdout)).toBe('5 documents');
  });

  it('is created before a search (node src/main/cli.ts)', async () => {
    const home = scratch();
    const r = await exec(process.execPath, ['src/main/cli.ts', 'search', 'Putin'], cliEnv(home));
    expect(r.status).toBe(EXIT.ok);
    expect(r.stderr).toBe(`Created a new project at ${defaultProject(home)} with 5 sample articles.\n`);
    expect(r.stdout).toMatch(/^5 documents match “Putin”$/m);
  });
});

const ARTICLE = (n: number) =>
  `Minsk, Belarus — Opposition statement number ${n}.\n\nThe court heard the case on Monday; reporters waited outside for hours (${n}).\n`;

describe.concurrent('quire import', () => {
  /** Four good articles (one in a subfolder), an empty file and a photo. */
  function mixedFolder(): string {
    const dir = scratch();
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'a.txt'), ARTICLE(1));
    writeFileSync(join(dir, 'b.md'), `# A markdown article\n\n${ARTICLE(2)}`);
    writeFileSync(
      join(dir, 'c.html'),
      `<html><head><title>An HTML article</title></head><body><p>${ARTICLE(3)}</p></body></html>`,
    );
    writeFileSync(join(dir, 'nested', 'd.txt'), ARTICLE(4));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'clip.mp4'), Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]));
    return dir;
  }

  it('lists each problem file, prints a summary, and exits 1 because a file failed', async () => {
    const home = scratch();
    const dir = mixedFolder();
    await init(home);
    const r = await quire(home, 'import', dir);
    expect(r.status).toBe(EXIT.partial);
    expectNoStackTrace(r);
    expect(lastLine(r.stdout)).toBe('4 imported, 0 duplicates, 1 failed, 1 skipped.');
    expect(r.stdout).toMatch(
      new RegExp(`^FAILED {4}${join(dir, 'empty.txt')}\\n {10}The file (is empty|contains no text)\\.$`, 'm'),
    );
    expect(r.stdout).toMatch(
      new RegExp(`^skipped {3}${join(dir, 'clip.mp4')}\\n {10}Quire does not import \\.mp4 files`, 'm'),
    );
    // Files that imported cleanly are not listed one by one.
    expect(r.stdout).not.toContain('a.txt');
    const list = json(await quire(home, 'list', '--json'), ListDocumentsOutput);
    expect(list.total).toBe(9);
    expect(
      list.documents
        .slice(5)
        .map((d) => d.filename)
        .sort(),
    ).toEqual(['a.txt', 'b.md', 'c.html', 'd.txt']);
  });

  it('exits 0 when every file imports', async () => {
    const home = scratch();
    const dir = scratch();
    writeFileSync(join(dir, 'one.txt'), ARTICLE(10));
    writeFileSync(join(dir, 'two.md'), ARTICLE(11));
    await init(home);
    const r = await quire(home, 'import', join(dir, 'one.txt'), join(dir, 'two.md'));
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toBe('2 imported, 0 duplicates, 0 failed, 0 skipped.\n');
    expect(r.stderr).toBe('');
    expect(documentCount(defaultProject(home))).toBe(7);
  });

  it('--json prints the ImportReport; a duplicate names the existing document', async () => {
    const home = scratch();
    const dir = mixedFolder();
    copyFileSync(seedPath('003'), join(dir, 'copy-of-003.txt'));
    await init(home);
    const r = await quire(home, '--json', 'import', dir);
    expect(r.status).toBe(EXIT.partial);
    expect(r.stderr).toBe('');
    const report = json(r, ImportReport.strict());
    expect(report).toMatchObject({ imported: 4, duplicates: 1, failed: 1, skipped: 1, cancelled: false });
    expect(report.files).toHaveLength(7);
    const byName = (name: string) => report.files.find((f) => f.path === join(dir, name));
    expect(byName('copy-of-003.txt')).toMatchObject({
      status: 'duplicate',
      documentId: 4,
      message: expect.stringContaining('Putin goes to Lukashenka'),
    });
    expect(byName('empty.txt')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^The file (is empty|contains no text)\.$/),
    });
    expect(byName('clip.mp4')).toMatchObject({ status: 'skipped' });
    expect(byName('a.txt')).toMatchObject({ status: 'imported', documentId: expect.any(Number) });
  });

  it('reports re-imported seeds as duplicates and adds nothing', async () => {
    const home = scratch();
    await init(home);
    const r = await quire(home, 'import', SEEDS_DIR);
    expect(r.status).toBe(EXIT.ok);
    expect(lastLine(r.stdout)).toBe('0 imported, 5 duplicates, 0 failed, 0 skipped.');
    expect(r.stdout).toContain(
      `duplicate ${seedPath('003')}\n          Already in the project as “Putin goes to Lukashenka.`,
    );
    expect(documentCount(defaultProject(home))).toBe(5);
  });

  it('fails (exit 1) on a path that does not exist and on an unsupported file named directly', async () => {
    const home = scratch();
    const dir = scratch();
    writeFileSync(join(dir, 'clip.mp4'), 'not really a film');
    await init(home);
    const r = await quire(home, 'import', join(dir, 'missing.txt'), join(dir, 'clip.mp4'));
    expect(r.status).toBe(EXIT.partial);
    expectNoStackTrace(r);
    expect(r.stdout).toContain(`FAILED    ${join(dir, 'missing.txt')}\n          The file or folder does not exist`);
    expect(r.stdout).toContain(`FAILED    ${join(dir, 'clip.mp4')}\n          Quire does not import .mp4 files`);
    expect(lastLine(r.stdout)).toBe('0 imported, 0 duplicates, 2 failed, 0 skipped.');
  });
});

describe.concurrent('quire clean and import --clean', () => {
  const SCRAPE =
    'Minsk denies it\n\nBelarus says its troops will stay at home, officials in Minsk told reporters on Friday.\n\nSEE ALSO: Another story\n\nPrint\n\nThe army has not moved, the defence ministry added in a statement.\n';

  it('shows the lines the rules find, removes them only with --apply, and undo puts them back', async () => {
    const home = await init(scratch());
    const preview = await quire(home, 'clean', '--documents', '003_29810c2c97c00281.txt');
    expect(preview.status).toBe(EXIT.ok);
    expect(preview.stdout).toMatch(/^ {2}line 47 +comments +Leave a Reply$/m);
    expect(preview.stdout).toMatch(/3 lines in 1 document would go\. Run again with --apply/);
    const body = () => bodyOf(defaultProject(home), '003%');
    const before = body();
    expect(before).toContain('Leave a Reply');

    const applied = await quire(
      home,
      'clean',
      '--documents',
      '003_29810c2c97c00281.txt',
      '--rules',
      'comments',
      '--apply',
    );
    expect(applied.stdout).toMatch(/Removed 2 lines from 1 document/);
    expect(body()).not.toContain('Leave a Reply');
    expect(body()).toContain('Military exercises on the border'); // a caption: not a chosen rule

    const undone = await quire(home, 'undo');
    expect(undone.stdout).toMatch(/^Undone: Remove 2 boilerplate lines/);
    expect(body()).toBe(before);
  });

  it('import --clean removes the furniture from the new articles only; an unknown rule is a usage error listing the rules', async () => {
    const home = await init(scratch());
    const dir = scratch();
    writeFileSync(join(dir, 'scrape.txt'), SCRAPE);
    const r = await quire(home, 'import', '--clean', join(dir, 'scrape.txt'));
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toBe(
      '1 imported, 0 duplicates, 0 failed, 0 skipped.\nRemoved 2 lines of page furniture from 1 article (`quire undo` puts them back).\n',
    );
    expect(bodyOf(defaultProject(home), 'scrape.txt')).toBe(
      SCRAPE.replace('SEE ALSO: Another story\n\n', '').replace('Print\n\n', ''),
    );
    // The seeds' own furniture stays: only the new article was cleaned.
    expect(bodyOf(defaultProject(home), '002%')).toContain('Sponsored Stories');

    const bad = await quire(home, 'import', '--clean', '--rules', 'see-also,nope', join(dir, 'scrape.txt'));
    expect(bad.status).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/There is no cleanup rule “nope”\. The rules are:\n {2}see-also/);
    expectNoStackTrace(bad);
  });
});

describe.concurrent('quire search', () => {
  const home = suiteHome();
  const search = (...args: string[]) => quire(home.get(), 'search', ...args);
  const ids = async (...args: string[]) =>
    json(await search('--json', ...args), SearchOutput).results.map((h) => h.document.id);

  it('shows the spelling variants of word~ and the number of matches', async () => {
    const r = await search('Lukashenko~');
    expect(r.status).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^variants of “Lukashenko”: .*\blukashenka\b/);
    expect(lines[0]).toMatch(/\blukashenkko\b/);
    expect(lines[1]).toBe('5 documents match “Lukashenko~”');
    for (const n of [1, 2, 3, 4, 5]) expect(r.stdout).toMatch(new RegExp(`^ {2}${n}\\. .+ {2}\\[\\d\\]$`, 'm'));
    expect(r.stdout).toMatch(/^ {5}The Washington Times · 2022-12-19 · Mike Glenn$/m);
  });

  it('marks the hits with [brackets] when stdout is not a terminal', async () => {
    const r = await search('Lukashenka');
    expect(r.stdout).toMatch(/^2 documents match “Lukashenka”$/m);
    expect(r.stdout).not.toContain('\x1b[');
    // Every bracketed word (document numbers aside) is the word searched for.
    const marked = [...r.stdout.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]).filter((m) => !/^\d+$/.test(m!));
    expect(marked.length).toBeGreaterThanOrEqual(2);
    expect(new Set(marked)).toEqual(new Set(['Lukashenka']));
  });

  it('--json prints the SearchOutput with the expansions', async () => {
    const r = await search('--json', 'Lukashenko~');
    expect(r.status).toBe(EXIT.ok);
    const out = json(r, SearchOutput.strict());
    expect(out.total).toBe(5);
    expect(out.results).toHaveLength(5);
    expect(out.expansions).toHaveLength(1);
    expect(out.expansions[0]!.term).toBe('Lukashenko');
    expect(out.expansions[0]!.variants).toEqual(expect.arrayContaining(['lukashenka', 'lukashenkko']));
    for (const hit of out.results) {
      expect(hit.snippet.marks.length).toBeGreaterThan(0);
      const cps = [...hit.snippet.text];
      for (const [a, b] of hit.snippet.marks) expect(cps.slice(a, b).join('')).toMatch(/^lukashenk/i);
    }
  });

  it('--source, --from and --to filter the results', async () => {
    expect(await ids('Putin')).toHaveLength(5);
    expect(await ids('Putin', '--source', 'the washington times')).toEqual([3]);
    expect(await ids('Putin', '--from', '2022-12-19')).toEqual([3]);
    expect(await ids('Putin', '--to', '2022-12-18')).toEqual([5]);
    expect((await ids('Putin', '--from', '2022-12', '--to', '2022-12')).sort()).toEqual([3, 5]);
    expect(await ids('Putin', '--source', 'Pravda')).toEqual([]);
  });

  it('--limit and --offset page through the results', async () => {
    const all = await ids('Putin');
    const page = json(await search('--json', 'Putin', '--limit', '2', '--offset', '1'), SearchOutput);
    expect(page.total).toBe(5);
    expect(page.results.map((h) => h.document.id)).toEqual(all.slice(1, 3));
    const human = await search('Putin', '--limit', '2', '--offset', '1');
    const numbered = [...human.stdout.matchAll(/^ {2}(\d)\. .*\[(\d)\]$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(numbered).toEqual([
      [2, all[1]],
      [3, all[2]],
    ]);
    expect(lastLine(human.stdout)).toBe('(2 more: use --offset 3)');
  });

  it('rejects a non-numeric --limit as a usage error, without a stack trace', async () => {
    const r = await search('Putin', '--limit', 'ten');
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/option '--limit <n>' argument 'ten' is invalid\. Give a whole number/);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r);
  });

  it('reads a malformed query sensibly: a note on stderr, exit 0, never a stack trace', async () => {
    const unclosed = await search('"Alexander Lukashenko');
    expect(unclosed.status).toBe(EXIT.ok);
    expectNoStackTrace(unclosed);
    expect(unclosed.stderr).toMatch(/^note: .*quotation mark/m);
    // Read as the phrase "Alexander Lukashenko", which some seeds contain.
    expect(unclosed.stdout).toMatch(/^[1-5] documents? match “"Alexander Lukashenko”$/m);
    expect(unclosed.stdout).toContain('[Alexander Lukashenko]');

    const near = await search('NEAR(');
    expect(near.status).toBe(EXIT.ok);
    expectNoStackTrace(near);
    expect(near.stderr).toMatch(/^note: /m);
    expect(near.stdout).toBe('0 documents match “NEAR(”\n');

    const withWord = await search('--json', 'Putin NEAR(');
    expect(withWord.status).toBe(EXIT.ok);
    const out = json(withWord, SearchOutput);
    expect(out.total).toBe(5);
    expect(out.warnings.length).toBeGreaterThan(0);
  });
});

describe.concurrent('quire list and show', () => {
  const home = suiteHome();
  const cli = (...args: string[]) => quire(home.get(), ...args);

  it('lists the documents with number, date, source and title', async () => {
    const r = await cli('list');
    expect(r.status).toBe(EXIT.ok);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    // No headline in its text: listed by the title derived from its first sentence.
    expect(lines[2]).toMatch(
      /^ {4}3 {2}2022-12-19 {2}The Washington Times {6}Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…$/,
    );
    expect(lines[3]).toMatch(/^ {4}4 {2}.*Putin goes to Lukashenka\./);
    expect(lines[5]).toBe('5 documents');
  });

  it('--json, --sort title and --desc order the list', async () => {
    const order = async (...args: string[]) =>
      json(await cli('list', '--json', ...args), ListDocumentsOutput.strict()).documents.map((d) => d.id);
    expect(await order()).toEqual([1, 2, 3, 4, 5]);
    // Titles: “Putin goes to Lukashenka…”; the others have none and sort by the opening of their text (“- The Washington
    // Times…”, “date 2022-12-18…”, “No Russian…”, “Russian President…”), where their derived titles come from.
    expect(await order('--sort', 'title')).toEqual([3, 5, 2, 4, 1]);
    expect(await order('--sort', 'title', '--desc')).toEqual([1, 4, 2, 5, 3]);
    expect((await order('--sort', 'published', '--desc')).slice(0, 2)).toEqual([3, 5]);
    expect(await order('--source', 'The Washington Times')).toEqual([3]);
  });

  it('refuses an unknown sort field as a usage error', async () => {
    const r = await cli('list', '--sort', 'colour');
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/Allowed choices are title, source, published, imported/);
  });

  it('shows a document by number: its metadata, then its text', async () => {
    const r = await cli('show', '3');
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout.split('\n')[0]).toBe(
      '# Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…  [3]',
    );
    expect(r.stdout).toMatch(field('Title', 'none in the text; the heading is its opening, shortened'));
    expect(r.stdout).toMatch(field('Source', 'The Washington Times'));
    expect(r.stdout).toMatch(field('Published', '2022-12-19'));
    expect(r.stdout).toMatch(field('Author', 'Mike Glenn'));
    expect(r.stdout).toMatch(field('File', seedPath('002')));
    // The metadata block, an empty line, then the text as stored.
    const text = r.stdout.slice(r.stdout.indexOf('\n\n') + 2);
    expect(text.startsWith('- The Washington Times - Monday, December 19, 2022\n\nRussia launched dozens')).toBe(true);
    const lastSentence = readFileSync(seedPath('002'), 'utf8').trim().split('\n').at(-1)!.trim();
    expect(text.trimEnd().endsWith(lastSentence)).toBe(true);
  });

  it('shows a document by file name exactly as by number', async () => {
    const [byNumber, byName, asJson] = await Promise.all([
      cli('show', '3'),
      cli('show', '002_c202183df8046a46.txt'),
      cli('show', '--json', '002_c202183df8046a46.txt'),
    ]);
    expectNoStackTrace(byName);
    expect(byName.status).toBe(EXIT.ok);
    expect(byName.stdout).toBe(byNumber.stdout);
    expect(json(asJson, DocumentDetail.strict())).toMatchObject({
      id: 3,
      source: 'The Washington Times',
      published: '2022-12-19',
    });
  });

  it('show --meta leaves the text out', async () => {
    const r = await cli('show', '3', '--meta');
    expect(r.stdout).toMatch(field('Published', '2022-12-19'));
    expect(r.stdout).not.toContain('ill-fated first stage');
  });

  it('a missing document is a clear error with a non-zero exit and no stack trace', async () => {
    const r = await cli('show', '999');
    expect(r.status).toBe(EXIT.usage); // a document that does not exist is an input error, not a project error
    expect(r.stderr).toBe('quire: There is no document 999 in this project.\n');
    expect(r.stdout).toBe('');
    const byName = await cli('show', 'no-such-file.txt');
    expectNoStackTrace(byName);
    expect(byName.status).toBe(EXIT.usage);
    expect(byName.stderr).toBe('quire: There is no document “no-such-file.txt” in this project.\n');
  });

  it('stops quietly when the reader of its output goes away (quire show 3 | head -1)', async () => {
    const child = startQuire(home.get(), ['show', '3']);
    // Our end of the pipe closes before the CLI has even started, so its first write meets EPIPE.
    child.stdout!.destroy();
    const stderr = collect(child, 'stderr');
    expect(await exited(child)).toEqual({ code: EXIT.ok, signal: null });
    expect(await stderr).toBe('');
  });
});

describe.concurrent('names with hidden characters', () => {
  // A right-to-left override makes "…\u202Eskaet" read as "…teaks"; a line break in a name would start a row of its own.
  const TITLE = 'Minsk \u202Eskaet\nsecond line';
  const SHOWN = 'Minsk ⟨U+202E⟩skaet⏎second line';
  const BAD_NAME = 'bad\nname\u202Etxt.exe.txt';

  async function project(): Promise<{ home: string; file: string; dir: string; imported: Run }> {
    const home = scratch();
    const dir = scratch();
    const file = join(scratch(), 'Names.quire');
    writeFileSync(
      join(dir, 'titled.md'),
      `---\ntitle: ${JSON.stringify(TITLE)}\n---\n\nThe talks in Minsk went on \u202Ewell\u202C into the night.\n`,
    );
    writeFileSync(join(dir, BAD_NAME), '');
    expect((await quire(home, '--project', file, 'init', '--empty')).status).toBe(EXIT.ok);
    return { home, file, dir, imported: await quire(home, '--project', file, 'import', dir) };
  }

  /** Nothing printed holds a bidi control or a control character other than the line ends. */
  const expectClean = (r: Run) => {
    expect(r.stdout).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000-\u0009\u000B-\u001F]/);
    expect(r.stderr).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  };

  it('import, list, show and search write them out visibly, one line per row; the stored title is unchanged', async () => {
    const { home, file, dir, imported } = await project();
    expectClean(imported);
    expect(imported.stdout).toContain(
      `FAILED    ${join(dir, 'bad⏎name⟨U+202E⟩txt.exe.txt')}\n          The file is empty.\n`,
    );

    const list = await quire(home, '--project', file, 'list');
    expectClean(list);
    expect(list.stdout.split('\n')).toEqual([
      `${'1'.padStart(5)}  ${''.padEnd(10)}  ${''.padEnd(24)}  ${SHOWN}`,
      '1 document',
      '',
    ]);

    const show = await quire(home, '--project', file, 'show', '1');
    expect(show.stdout).toMatch(new RegExp(`^# ${SHOWN.replace(/[()+]/g, '\\$&')}  \\[1\\]$`, 'm'));
    expect(show.stdout).toMatch(field('Title', SHOWN));
    // The document's own text is printed as it is stored.
    expect(show.stdout.endsWith('\nThe talks in Minsk went on \u202Ewell\u202C into the night.\n')).toBe(true);

    const search = await quire(home, '--project', file, 'search', 'minsk');
    expectClean(search);
    expect(search.stdout).toContain(`  1. ${SHOWN}  [1]`);
    expect(search.stdout).toContain('went on ⟨U+202E⟩well⟨U+202C⟩ into');

    // JSON keeps the exact data, escaped so that no terminal acts on it.
    const asJson = await quire(home, '--project', file, '--json', 'list');
    expect(asJson.stdout).toContain('"displayTitle": "Minsk \\u202eskaet\\nsecond line"');
    expect(json(asJson, ListDocumentsOutput).documents[0]!.title).toBe(TITLE);
  });

  it('an error naming a document writes the name out too', async () => {
    const { home, file } = await project();
    const r = await quire(home, '--project', file, 'show', 'no\u202Esuch');
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toContain('no⟨U+202E⟩such');
    expectClean(r);
  });
});

describe.concurrent('quire export', () => {
  it('writes a PDF report of the chosen documents and codes, its format read from the file name', async () => {
    const home = scratch();
    const out = join(home, 'Belarus report.pdf');
    const r = await quire(
      home,
      'export',
      '--out',
      out,
      '--documents',
      '1,002_c202183df8046a46.txt',
      '--codes',
      'belarus complicit,Sanctions',
      '--title',
      'Two sources',
      '--paper',
      'Letter',
    );
    expectNoStackTrace(r);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Wrote .*Belarus report\.pdf \(pdf, \d+ KB\)\.$/m);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('adds the agreement table, the stance overview and the co-occurrence matrix when asked, and writes the agreement table alone as CSV', async () => {
    const home = await init(scratch());
    // Two coders code the same sentence of 002, with different stances.
    const project = await openOrCreateProject(defaultProject(home), {});
    try {
      const doc = findDocument(project.db, '002_c202183df8046a46.txt');
      const { codes } = await call(project, 'getCodebook', {});
      const id = (name: string) => codes.find((c) => c.name === name)!.id;
      project.coder = 'Anna';
      await call(project, 'applyCode', { documentId: doc, codeId: id('Belarus complicit'), start: 0, end: 120 });
      await call(project, 'applyCode', {
        documentId: doc,
        codeId: id('Russian troops in Belarus'),
        start: 40,
        end: 90,
      });
      project.coder = 'Ben';
      await call(project, 'applyCode', { documentId: doc, codeId: id('Belarus neutral'), start: 0, end: 120 });
    } finally {
      project.db.close();
    }
    const md = join(home, 'report.md');
    const r = await quire(
      home,
      'export',
      '--out',
      md,
      '--no-text',
      '--agreement',
      '--coders',
      'Anna,Ben',
      '--stance',
      'Belarus role',
      '--by',
      'source',
      '--cooccurrence',
      'overlap',
    );
    expectNoStackTrace(r);
    expect(r.status).toBe(EXIT.ok);
    const report = readFileSync(md, 'utf8');
    expect(report).toMatch(/Intercoder agreement/);
    expect(report).toMatch(/Anna.*Ben/);
    expect(report).toMatch(/Stance overview/);
    expect(report).toMatch(/The Washington Times/);
    expect(report).toMatch(/co-occurrence/i);

    const csv = join(home, 'agreement.csv');
    const c = await quire(
      home,
      'export',
      '--out',
      csv,
      '-f',
      'agreement-csv',
      '--coders',
      'Anna,Ben',
      '--level',
      'segment',
      '--overlap',
      '80',
    );
    expect(c.status).toBe(EXIT.ok);
    const rows = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(rows[0]).toMatch(/level/i);
    expect(rows.find((row) => row.includes('Belarus neutral'))).toMatch(/segment/);
    expect(rows.join('\n')).toMatch(/0\.8|80/);

    const bad = await quire(home, 'export', '--out', md, '--stance', 'Nope');
    expect(bad.status).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/There is no code group “Nope”\. The groups are: “Belarus role”/);

    // Ben codes blind: from then on every command shows him his own work only, and the project remembers it.
    expect((await quire(home, 'coder', 'Ben', '--blind')).stdout).toBe(
      'Coder: Ben (coding blind: only your own codings, counts and memos show)\n',
    );
    const own = join(home, 'ben.md');
    expect(
      (await quire(home, 'export', '--out', own, '--no-text', '--stance', 'Belarus role', '--cooccurrence', 'overlap'))
        .status,
    ).toBe(EXIT.ok);
    const bens = readFileSync(own, 'utf8');
    expect(bens).toMatch(/Belarus neutral/);
    expect(bens).not.toMatch(/Anna/);
    const refused = await quire(home, 'export', '--out', csv, '-f', 'agreement-csv', '--coders', 'Anna,Ben');
    expect(refused.status).toBe(EXIT.usage);
    expect(refused.stderr).toMatch(/not available while you code blind/);
    expectNoStackTrace(refused);
    expect((await quire(home, 'coder')).stdout).toMatch(/^Coder: Ben \(coding blind/);
    expect((await quire(home, 'coder', '--no-blind')).stdout).toBe('Coder: Ben\n');
  });

  it('carries a project to another through REFI-QDA: export --out x.qdpx, then import-qdpx', async () => {
    const home = scratch();
    const file = join(home, 'belarus.qdpx');
    expect((await quire(home, 'export', '--out', file)).status).toBe(EXIT.ok);
    const other = join(home, 'other.quire');
    expect((await quire(home, '--project', other, 'init', '--empty')).status).toBe(EXIT.ok);
    const r = await quire(home, '--project', other, 'import-qdpx', file);
    expectNoStackTrace(r);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toContain('Imported 5 documents, 7 codes, 1 code group, 0 codings, 0 memos, 0 coders from');
    const list = json(await quire(home, '--project', other, '--json', 'list'), ListDocumentsOutput);
    expect(list.total).toBe(5);
    const broken = join(home, 'broken.qdpx');
    writeFileSync(broken, 'PK\u0003\u0004 not really a zip');
    const bad = await quire(home, '--project', other, 'import-qdpx', broken);
    expect(bad.status).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/^quire: .*broken\.qdpx/);
    expectNoStackTrace(bad);
  });

  it('says which formats there are when neither --format nor the file name tells (exit 2), and names an unknown code', async () => {
    const home = scratch();
    const unknown = await quire(home, 'export', '--out', join(home, 'report.txt'));
    expect(unknown.status).toBe(EXIT.usage);
    expect(unknown.stderr).toContain(`Say which format to write with --format (${ExportFormat.options.join(', ')})`);
    const code = await quire(home, 'export', '--out', join(home, 'r.html'), '--codes', 'Belarus amused');
    expect(code.status).toBe(EXIT.usage);
    expect(code.stderr).toBe('quire: There is no code “Belarus amused”.\n');
    const folder = await quire(home, 'export', '--format', 'html', '--out', join(home, 'missing', 'r.html'));
    expect(folder.status).toBe(EXIT.usage);
    expect(folder.stderr).toContain('does not exist');
    for (const r of [unknown, code, folder]) expectNoStackTrace(r);
    expect(existsSync(join(home, 'r.html'))).toBe(false);
  });
});

describe('quire check', () => {
  it('finds a damaged search index, and --repair rebuilds it', async () => {
    const home = await init(tempDir());
    const ok = await quire(home, 'check');
    expect(ok.status).toBe(EXIT.ok);
    expect(ok.stdout).toBe('OK: 5 documents; index, hashes and exclusive groups agree.\n');

    const db = new Database(defaultProject(home));
    db.exec('DROP TRIGGER documents_fts_delete; DROP TRIGGER near_buckets_delete; DELETE FROM documents WHERE id = 2');
    db.close();

    const [bad, asJson] = await Promise.all([quire(home, 'check'), quire(home, 'check', '--json')]);
    expect(bad.status).toBe(EXIT.partial);
    expect(bad.stdout).toMatch(/^problem: Search index: .*--repair/m);
    expect(lastLine(bad.stdout)).toMatch(/^\d+ problems? found\.$/);
    expect(asJson.status).toBe(EXIT.partial);
    const report = json(asJson, CheckReport.strict());
    expect(report.ok).toBe(false);
    expect(report.documents).toBe(4);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems).toContain(
      'Schema: the trigger documents_fts_delete is missing; run check with --repair to restore it.',
    );
    // The deleted document's near-duplicate buckets stay behind without their trigger: check counts them too.
    expect(report.problems).toContainEqual(
      expect.stringMatching(/^Near-duplicate index: it holds \d+ entries made of texts no document has now/),
    );
    expect(
      report.problems
        .filter((p) => !p.startsWith('Schema:'))
        .every((p) => p.startsWith('Search index:') || p.startsWith('Near-duplicate index:')),
    ).toBe(true);

    const repaired = await quire(home, 'check', '--repair');
    expect(repaired.status).toBe(EXIT.ok);
    expect(repaired.stdout).toBe('OK: 4 documents; index, hashes and exclusive groups agree.\n');
    // The rebuilt index was saved.
    expect((await quire(home, 'check')).status).toBe(EXIT.ok);
  });

  it('finds a passage holding two values of an exclusive group by one coder, planted in the database past the engine', async () => {
    const home = await init(tempDir());
    const db = new Database(defaultProject(home));
    const plant = db.prepare(
      `INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at)
       VALUES (?, 3, (SELECT id FROM codes WHERE name = ?), (SELECT id FROM coders WHERE name = 'Quire'), ?, ?, substr((SELECT body FROM documents WHERE id = 3), ? + 1, ? - ?), '', '', ?)`,
    );
    plant.run('planted-1', 'Belarus neutral', 0, 40, 0, 40, 0, '2026-01-01');
    plant.run('planted-2', 'Belarus complicit', 30, 60, 30, 60, 30, '2026-01-02');
    const [title, shared] = [
      db.prepare('SELECT coalesce(title, filename) FROM documents WHERE id = 3').pluck().get() as string,
      db.prepare('SELECT substr(body, 31, 10) FROM documents WHERE id = 3').pluck().get() as string,
    ];
    db.close();
    const r = await quire(home, 'check');
    expect(r.status).toBe(EXIT.partial);
    expect(r.stdout).toBe(
      `problem: Exclusive group ‘Belarus role’: in ‘${title}’, “${shared.replace(/\s+/g, ' ').trim()}” holds both ‘Belarus neutral’ and ‘Belarus complicit’ by Quire. ` +
        'Apply the value it should keep to that passage again (the other gives way), or remove one of them.\n1 problem found.\n',
    );
  });
});

describe.concurrent('bad projects and bad usage', () => {
  it('a text file is not a Quire project (exit 3), and is left as it was', async () => {
    const home = scratch();
    const file = join(scratch(), 'notes.txt');
    writeFileSync(file, 'my notes, not a project\n');
    const r = await quire(home, '--project', file, 'list');
    expect(r.status).toBe(EXIT.project);
    expect(r.stderr).toBe(`quire: ${file} is not a Quire project (it is not an SQLite database).\n`);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('my notes, not a project\n');
  });

  it("another program's SQLite database is not a Quire project (exit 3)", async () => {
    const home = scratch();
    const file = join(scratch(), 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const r = await quire(home, '--project', file, 'search', 'x');
    expect(r.status).toBe(EXIT.project);
    expect(r.stderr).toBe(`quire: ${file} is an SQLite database, but not a Quire project.\n`);
  });

  it('a project from a newer Quire is refused (exit 3) and not changed', async () => {
    const home = scratch();
    const copy = join(scratch(), 'Newer.quire');
    await init(home);
    copyFileSync(defaultProject(home), copy);
    const db = new Database(copy);
    db.pragma('user_version = 99');
    db.close();
    const before = sha256(copy);
    const r = await quire(home, '--project', copy, 'list');
    expect(r.status).toBe(EXIT.project);
    expect(r.stderr).toMatch(/^quire: .*Newer\.quire was saved by a newer version of Quire/);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r);
    expect(sha256(copy)).toBe(before);
  });

  it('QUIRE_PROJECT chooses the project when --project is not given', async () => {
    const home = scratch();
    const file = join(scratch(), 'FromEnv.quire');
    expect((await quire(home, 'init', '--empty', '--project', file)).status).toBe(EXIT.ok);
    const r = await exec(process.execPath, ['bin/quire.js', 'list'], cliEnv(home, { QUIRE_PROJECT: file }));
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toBe('0 documents\n');
    expect(existsSync(defaultProject(home))).toBe(false);
  });

  it.each([
    [['bogus'], /^error: unknown command 'bogus'/, /^Usage: quire \[options\] \[command\]/m],
    [['search'], /^error: missing required argument 'query'/, /^Usage: quire search \[options\] <query>/m],
    [['import'], /^error: missing required argument 'paths'/, /^Usage: quire import \[options\] <paths\.\.\.>/m],
    [['list', '--colour'], /^error: unknown option '--colour'/, /^Usage: quire list \[options\]/m],
  ])('quire %j is a usage error (exit 2) with help on stderr', async (args, error, usage) => {
    const home = scratch();
    const r = await quire(home, ...args);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toMatch(error);
    expect(r.stderr).toMatch(usage);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r);
    // A mistyped command does not create the default project.
    expect(existsSync(defaultProject(home))).toBe(false);
  });

  it('--help prints the commands on stdout and exits 0', async () => {
    const r = await quire(scratch(), '--help');
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Usage: quire /);
    for (const c of ['init', 'import', 'search', 'list', 'show', 'check'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
});

// ---- long imports, interrupted ----------------------------------------------

const MANY = 3000;

describe('interrupted imports', () => {
  let articles = '';
  beforeAll(() => {
    articles = mkdtempSync(join(tmpdir(), 'quire-cli-many-'));
    writeArticles(articles, MANY);
  });
  afterAll(() => rmSync(articles, { recursive: true, force: true }));

  async function emptyProject(home: string): Promise<string> {
    const file = join(home, 'Big.quire');
    expect((await quire(home, 'init', '--empty', '--project', file)).status).toBe(EXIT.ok);
    return file;
  }

  const startImport = (home: string, file: string, ...options: string[]) =>
    startQuire(home, ['--project', file, ...options, 'import', articles]);

  it('kill -9 mid-import leaves only whole documents, and importing again completes it', async () => {
    const home = tempDir();
    const file = await emptyProject(home);
    const child = startImport(home, file, '--json');
    const stdout = collect(child, 'stdout');
    await committedDocuments(file, 1, child);
    child.kill('SIGKILL');
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await stdout).toBe(''); // it never got as far as its report

    const check = await quire(home, '--project', file, 'check', '--json');
    expect(check.status).toBe(EXIT.ok);
    const report = json(check, CheckReport);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const n = report.documents;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(MANY);
    const db = new Database(file, { readonly: true });
    const saved = (db.prepare('SELECT path FROM documents ORDER BY id').all() as { path: string }[]).map((r) => r.path);
    db.close();
    expect(saved).toHaveLength(n);

    const again = await quire(home, '--project', file, '--json', 'import', articles);
    expect(again.status).toBe(EXIT.ok);
    const second = json(again, ImportReport);
    expect(second).toMatchObject({ imported: MANY - n, duplicates: n, failed: 0, skipped: 0, cancelled: false });
    // The duplicates are exactly the documents the killed import had committed.
    expect(
      second.files
        .filter((f) => f.status === 'duplicate')
        .map((f) => f.path)
        .sort(),
    ).toEqual([...saved].sort());
    expect(json(await quire(home, '--project', file, 'check', '--json'), CheckReport)).toEqual({
      ok: true,
      documents: MANY,
      problems: [],
    });
  });

  it('Ctrl-C (SIGINT) mid-import stops it with a cancelled summary and exit 1', async () => {
    const home = tempDir();
    const file = await emptyProject(home);
    const child = startImport(home, file);
    const stdout = collect(child, 'stdout');
    const stderr = collect(child, 'stderr');
    await committedDocuments(file, 1, child);
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: EXIT.partial, signal: null });
    const out = await stdout;
    expect(await stderr).toBe('');
    // Counts as the summary writes them: "1,250".
    const summary = /^Cancelled: ([\d,]+) imported, 0 duplicates, 0 failed, ([\d,]+) skipped\.$/.exec(lastLine(out));
    expect(summary, lastLine(out)).not.toBeNull();
    const imported = Number(summary![1]!.replaceAll(',', ''));
    expect(imported).toBeGreaterThan(0);
    expect(imported + Number(summary![2]!.replaceAll(',', ''))).toBe(MANY);
    expect(out).toMatch(new RegExp(`^${summary![2]} files: Not imported: the import was cancelled\\.$`, 'm'));
    expect(out.split('\n').length).toBeLessThan(10);

    expect(json(await quire(home, '--project', file, 'check', '--json'), CheckReport)).toEqual({
      ok: true,
      documents: imported,
      problems: [],
    });
  });
});

describe('quire attributes', () => {
  it('adds an attribute, reads a spreadsheet of values saying what it refused and could not match (exit 1), and lists them', async () => {
    const home = await init(tempDir());
    expect(
      (await quire(home, 'attributes', '--add', 'Outlet type', '--type', 'choice', '--choices', 'state,independent'))
        .status,
    ).toBe(EXIT.ok);
    const sheet = join(home, 'outlets.csv');
    writeFileSync(
      sheet,
      'File;Outlet type;Country\r\n000_7711b91fd1944c02.txt;state;Belarus\r\n001_b5026d01219ff992.txt;tabloid;Lithuania\r\nnope.txt;state;Poland\r\n',
    );
    const r = await quire(home, 'attributes', '--import', sheet);
    expect(r.status).toBe(EXIT.partial);
    expect(r.stdout.split('\n')).toEqual([
      `From ${sheet}: 3 values set in 2 attributes.`,
      'New attribute “Country”: it holds text.',
      'not matched: row 4 (“nope.txt”): no document has this File',
      'refused: “tabloid” is not one of the choices for “Outlet type” (“state”, “independent”).',
      '',
    ]);
    expect((await quire(home, 'attributes')).stdout).toBe(
      'Outlet type  (choice: state, independent)  1 document with a value\nCountry  (text)  2 documents with a value\n',
    );
    const out = join(home, 'attributes.csv');
    expect((await quire(home, 'export', '-f', 'attributes-csv', '-o', out)).status).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).toMatch(
      /^\uFEFFDocument,Title,GUID,Outlet type,Country\r\n000_7711b91fd1944c02\.txt,,[0-9a-f-]+,state,Belarus\r\n/,
    );
  });
});

describe('quire journal and quire memos', () => {
  it('writes and reads the journal, writes a linked free memo, and lists every memo in one place, searched', async () => {
    const home = await init(tempDir());
    expect((await quire(home, 'journal')).stdout).toBe(
      'The journal is empty: quire journal "what you decided and why"\n',
    );
    expect((await quire(home, 'journal', 'Decided:', 'code', 'denials', 'as', 'neutral.')).stdout).toBe(
      'Written in the journal: “Decided: code denials as neutral.”\n',
    );
    const journal = await quire(home, 'journal');
    expect(journal.stdout).toMatch(
      /^# Journal: Decided: code denials as neutral\. — [^,]+, \d{4}-\d\d-\d\d\nDecided: code denials as neutral\.\n/,
    );

    const added = await quire(
      home,
      'memos',
      '--add',
      'Spelling',
      '--text',
      'Lukašenka and Lukashenko are one man.',
      '--codes',
      'Lukashenko and Putin',
      '--documents',
      '000_7711b91fd1944c02.txt',
    );
    expect(added.status).toBe(EXIT.ok);
    expect(added.stdout).toMatch(
      /^Memo written: “Spelling”, linked to Belarus – Russia’s only ally.*; Lukashenko and Putin\n$/,
    );
    const found = await quire(home, 'memos', '--search', 'lukasenka');
    expect(found.stdout).toContain('# Memo: Spelling — ');
    expect(found.stdout).toContain('  linked to the code “Lukashenko and Putin”');
    expect(lastLine(found.stdout)).toBe('1 memo with “lukasenka”');
    expect(lastLine((await quire(home, 'memos')).stdout)).toBe('2 memos');
    // A code that is not there: nothing written, and said.
    const wrong = await quire(home, 'memos', '--add', 'x', '--codes', 'Belarus neural');
    expect(wrong.status).toBe(EXIT.usage);
    expect(wrong.stderr).toContain('There is no code “Belarus neural”.');
    expect(lastLine((await quire(home, 'memos')).stdout)).toBe('2 memos');
  });
});

describe('quire sets', () => {
  it('makes sets by hand and from a search, lists them with counts, scopes list, search and export with --set, and refuses an unknown name naming the sets', async () => {
    const home = await init(tempDir());
    let r = await quire(
      home,
      'set',
      'create',
      'My sample',
      '--documents',
      '1,000_7711b91fd1944c02.txt,3',
      '--description',
      'Read first',
    );
    expect(r.stdout).toBe('Made the set “My sample”:\nMy sample  2 documents  by hand\n  Read first\n');
    r = await quire(home, 'set', 'create', 'Lukashenka spelling', '--query', 'Lukashenka');
    expect(r.stdout).toBe(
      'Made the set “Lukashenka spelling”:\nLukashenka spelling  2 documents  saved search: search “Lukashenka”\n',
    );
    expect((await quire(home, 'set', 'add', 'my sample', '2', '3')).stdout).toBe(
      `Added “${clip(SEED_TITLES['001'], 60)}” to “My sample”. 1 document was already in it.\n`,
    );
    expect((await quire(home, 'sets')).stdout).toBe(
      'Lukashenka spelling  2 documents  saved search: search “Lukashenka”\nMy sample  3 documents  by hand\n  Read first\n',
    );
    const listed = json(await quire(home, 'list', '--set', 'Lukashenka spelling', '--json'), ListDocumentsOutput);
    expect(listed.documents.map((d) => d.id)).toEqual([2, 4]);
    const found = json(await quire(home, 'search', 'Putin', '--set', 'my sample', '--json'), SearchOutput);
    expect(found.results.map((h) => h.document.id).sort()).toEqual([1, 2, 3]);
    const csv = join(home, 'segments.csv');
    expect((await quire(home, 'export', '-o', csv, '--set', 'My sample')).status).toBe(EXIT.ok);
    r = await quire(home, 'export', '-o', csv, '--set', 'Nope');
    expect(r.status).not.toBe(EXIT.ok);
    expect(r.stderr).toContain(
      'There is no document set called “Nope” (the sets are "Lukashenka spelling", "My sample").',
    );
    expectNoStackTrace(r);
    expect((await quire(home, 'set', 'rename', 'My sample', 'Core sample')).stdout).toBe(
      'Renamed “My sample” to “Core sample”.\n',
    );
    expect((await quire(home, 'set', 'freeze', 'Lukashenka spelling')).stdout).toBe(
      '“Lukashenka spelling” is now a set by hand of 2 documents.\n',
    );
    r = await quire(home, 'set', 'show', 'core sample');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['Core sample  3 documents  by hand', '  Read first']);
    expect(r.stdout.split('\n').filter((l) => /^\s+\d+ /.test(l))).toHaveLength(3);
    expect((await quire(home, 'set', 'delete', 'Core sample')).stdout).toBe(
      'Deleted the set “Core sample” (it held 3 documents; they stay in the project).\n',
    );
    expect((await quire(home, 'undo')).stdout).toBe('Undone: Delete document set “Core sample”\n');
    expect((await quire(home, 'sets')).stdout).toContain('Core sample  3 documents  by hand');
  }, 120_000);
});
