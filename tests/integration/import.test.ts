import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it, vi } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { STAGED_ROWS_MIN, StagedBuckets } from '../../src/main/core/corpus/near-index.ts';
import { fsMessage } from '../../src/main/core/corpus/files.ts';
import { createParser } from '../../src/main/core/corpus/parsers.ts';
import {
  OLD_GENERATION_MB,
  parseWorker,
  startParseWorkerFor,
  WORKER_THRESHOLD,
} from '../../src/main/core/corpus/parse-thread.ts';
import { checkProject } from '../../src/main/core/db/check.ts';
import { openProject, type Db } from '../../src/main/core/db/open.ts';
import { getDocument, listDocuments } from '../../src/main/core/documents/documents.ts';
import type { ImportProgress } from '../../src/shared/api.ts';
import { ARTICLE_EXTENSIONS } from '../../src/shared/methods.ts';
import { supportedExtensions } from '../../src/main/core/corpus/importers/index.ts';
import { createTestProject, SEEDS_DIR, seedPath, tempDir } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { VariantIndex } from '../../src/main/core/search/variants.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ARTICLE =
  'Minsk, Belarus — The opposition leader said on Monday that the talks had failed.\n\nShe spoke to reporters outside the court.';

function byPath(report: Awaited<ReturnType<typeof importFiles>>, name: string) {
  const found = report.files.find((f) => f.path.endsWith(name));
  if (!found) throw new Error(`no result for ${name}`);
  return found;
}

describe('importing the seed articles', () => {
  it('imports all five with their metadata, whole and indexed', async () => {
    const { db } = await createTestProject({ seeds: false });
    const progress: ImportProgress[] = [];
    const report = await importFiles(db, [SEEDS_DIR], { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ imported: 5, duplicates: 0, failed: 0, skipped: 0, cancelled: false });
    expect(progress.at(-1)).toEqual({ done: 5, total: 5, current: '' });
    expect(progress.slice(0, 5).map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    const docs = listDocuments(db, { sort: 'imported', descending: false, offset: 0, limit: 10 }, everyone()).documents;
    const times = docs.find((d) => d.filename?.startsWith('002'))!;
    expect(times).toMatchObject({
      source: 'The Washington Times',
      published: '2022-12-19',
      author: 'Mike Glenn',
      title: null,
    });
    // No headline in the text: the title is derived from its first sentence (after the outlet and date line), and said to be.
    expect(times.displayTitle).toBe(
      'Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…',
    );
    expect(times.titleDerived).toBe(true);
    expect(docs.filter((d) => d.titleDerived).map((d) => d.filename)).toEqual([
      '000_7711b91fd1944c02.txt',
      '001_b5026d01219ff992.txt',
      '002_c202183df8046a46.txt',
      '004_39d982df22f1a969.txt',
    ]);
    expect(docs.find((d) => d.filename?.startsWith('003'))).toMatchObject({
      title: 'Putin goes to Lukashenka. Will they show where the attack was coming from?',
      titleDerived: false,
    });
    const nyt = docs.find((d) => d.filename?.startsWith('004'))!;
    expect(nyt).toMatchObject({ published: '2022-12-18', author: 'Andrew Higgins' });
    expect(checkProject(db).ok).toBe(true);
  });

  it('stores the text normalised and keeps provenance of the original bytes', async () => {
    const { db } = await createTestProject();
    const bytes = readFileSync(seedPath('003'));
    const doc = getDocument(db, 4, everyone());
    expect(doc.filename).toBe('003_29810c2c97c00281.txt');
    expect(doc.originalHash).toBe(sha(bytes));
    expect(doc.originalSize).toBe(bytes.length);
    expect(doc.body).toBe(doc.body.normalize('NFC'));
    expect(doc.body).not.toMatch(/\r|^\uFEFF/);
    expect(doc.charCount).toBe([...doc.body].length);
    expect(doc.guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('detects duplicates by content and names the existing document', async () => {
    const { db } = await createTestProject();
    const dir = tempDir();
    writeFileSync(join(dir, 'copy.txt'), readFileSync(seedPath('003')));
    writeFileSync(join(dir, 'copy-crlf.txt'), readFileSync(seedPath('003'), 'utf8').replace(/\n/g, '\r\n'));
    const report = await importFiles(db, [dir, SEEDS_DIR]);
    expect(report).toMatchObject({ imported: 0, duplicates: 7, failed: 0 });
    expect(byPath(report, 'copy.txt').message).toMatch(/Already in the project as “Putin goes to Lukashenka/);
    expect(byPath(report, 'copy-crlf.txt').documentId).toBe(4);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get() as number).toBe(5);
  });
});

describe('parsing in a worker thread', () => {
  it('gives exactly what parsing inline gives', async () => {
    const paths = ['000', '001', '002', '003', '004'].map(seedPath);
    const inline = createParser(paths, { maxBytes: 1e6 });
    const worker = createParser(
      Array.from({ length: WORKER_THRESHOLD }, () => 'a.txt'),
      { maxBytes: 1e6 },
    );
    try {
      const [a, b] = await Promise.all([
        Promise.all(paths.map((p) => inline.parse(p))),
        Promise.all(paths.map((p) => worker.parse(p))),
      ]);
      expect(a.every((r) => r.ok)).toBe(true);
      expect(b).toEqual(a);
      const missing = await worker.parse('/nonexistent/file.txt');
      expect(missing).toEqual({
        ok: false,
        message: 'The file or folder does not exist (it may have been moved or deleted).',
      });
    } finally {
      await Promise.all([inline.close(), worker.close()]);
    }
  });
});

describe('reading files for the worker while waiting for it', () => {
  const many = () => Array.from({ length: WORKER_THRESHOLD }, () => 'a.txt');

  it('reads the last file asked for first, each file once, as the worker would have read it', async () => {
    const dir = tempDir();
    const paths = Array.from({ length: 40 }, (_, i) => {
      const path = join(dir, `a${String(i).padStart(2, '0')}.txt`);
      writeFileSync(path, `Article ${i}\n\n${ARTICLE} It was number ${i} of forty.`);
      return path;
    });
    const inline = createParser(paths.slice(0, 2), { maxBytes: 1e6 });
    const parser = createParser(many(), { maxBytes: 1e6 });
    try {
      const answered = new Set<number>();
      const answers = paths.map((p, i) => parser.parse(p).then((r) => (answered.add(i), r)));
      // The worker is still loading its modules: the last file asked for is read here, at once.
      expect(await parser.help!()).toBe(true);
      await Promise.resolve();
      expect([...answered]).toEqual([39]);
      // The worker reads from the first on; the two meet in the middle.
      await answers[0];
      while (await parser.help!());
      const expected = await Promise.all(paths.map((p) => inline.parse(p)));
      expect(await Promise.all(answers)).toEqual(expected);
      expect(answered.size).toBe(40);
    } finally {
      await Promise.all([inline.close(), parser.close()]);
    }
  });

  it('leaves to the worker what it isolates and what is large', async () => {
    const dir = tempDir();
    const large = join(dir, 'large.txt');
    writeFileSync(large, `Large\n\n${'word '.repeat(60_000)}`);
    const pdf = join(dir, 'paper.pdf');
    writeFileSync(pdf, '%PDF-1.4 not really');
    const parser = createParser(many(), { maxBytes: 1e6 });
    try {
      // Its size as the caller read it (ParseAhead) is taken as it is: this small file was large then.
      const grown = join(dir, 'grown.txt');
      writeFileSync(grown, `Grown\n\n${ARTICLE}`);
      const answers = [parser.parse(large), parser.parse(grown, 300_000), parser.parse(pdf)];
      expect(await parser.help!()).toBe(false);
      const [a, b, c] = await Promise.all(answers);
      expect(a!.ok).toBe(true);
      expect(b!.ok).toBe(true);
      expect(c!.ok).toBe(false);
    } finally {
      await parser.close();
    }
  });

  it('an import with a worker gives the same documents as one read here', async () => {
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD * 3; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `Article ${i}\n\n${ARTICLE} No. ${i}.`);
    const rows = async (batchSize: number) => {
      const { db } = await createTestProject({ seeds: false });
      const report = await importFiles(db, [dir], { batchSize });
      expect(report.imported).toBe(WORKER_THRESHOLD * 3);
      return db.prepare('SELECT id, title, body, content_hash FROM documents ORDER BY id').all();
    };
    const documents = await rows(500);
    // In file order, whoever read each file.
    expect(documents.map((d) => (d as { title: string }).title)).toEqual(
      Array.from({ length: WORKER_THRESHOLD * 3 }, (_, i) => `Article ${i}`),
    );
    expect(await rows(7)).toEqual(documents);
  });
});

describe('the parse worker started ahead', () => {
  it('starts for a folder or many files, and the next import takes it', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD; i++) writeFileSync(join(dir, `a${i}.txt`), `Article ${i}\n\n${ARTICLE}`);
    const one = join(dir, 'a0.txt');
    // A few files are read inline: no worker.
    expect(startParseWorkerFor([one, one])).toBe(false);
    expect(startParseWorkerFor([dir])).toBe(true);
    // One is waiting already.
    expect(startParseWorkerFor(Array.from({ length: WORKER_THRESHOLD }, () => one))).toBe(false);
    const report = await importFiles(db, [dir]);
    expect(report.imported).toBe(WORKER_THRESHOLD);
    // The import took it, so another starts.
    expect(startParseWorkerFor(Array.from({ length: WORKER_THRESHOLD }, () => one))).toBe(true);
    const again = await importFiles(db, [dir]);
    expect(again.duplicates).toBe(WORKER_THRESHOLD);
    expect(startParseWorkerFor([dir])).toBe(true);
    // Whoever takes none leaves it to end with the process: it keeps nothing alive (parse-thread.ts spawn).
  });

  it('starts for a folder only when it holds enough files to be parsed in one, in its subfolders too', async () => {
    const { db } = await createTestProject({ seeds: false });
    const few = tempDir();
    for (let i = 0; i < 5; i++) writeFileSync(join(few, `a${i}.txt`), `Article ${i}\n\n${ARTICLE}`);
    // Hidden entries are not counted, as the import skips them.
    mkdirSync(join(few, '.git'));
    for (let i = 0; i < WORKER_THRESHOLD; i++) writeFileSync(join(few, '.git', `o${i}`), 'x');
    // One left waiting by the test before is taken first.
    await parseWorker(OLD_GENERATION_MB).terminate();
    expect(startParseWorkerFor([few])).toBe(false);
    // The import reads them on its own thread, and no worker was left waiting: the next large import starts one.
    expect((await importFiles(db, [few])).imported).toBe(5);
    // With the files spread over subfolders, and beside a file given on its own.
    const many = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD - 1; i++) {
      mkdirSync(join(many, `d${i % 4}`, `e${i % 3}`), { recursive: true });
      writeFileSync(join(many, `d${i % 4}`, `e${i % 3}`, `b${i}.txt`), `Report ${i}\n\n${ARTICLE}`);
    }
    expect(startParseWorkerFor([many])).toBe(false);
    const another = join(few, 'a0.txt');
    expect(startParseWorkerFor([many, another])).toBe(true);
    const report = await importFiles(db, [many, another]);
    expect(report.imported).toBe(WORKER_THRESHOLD - 1);
    expect(report.duplicates).toBe(1);
  });
});

describe('the index rows an import writes itself', () => {
  it('are exactly what the triggers make, in every script, and the triggers are there again afterwards', async () => {
    const { db } = await createTestProject({ seeds: false });
    const triggers = () => db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
    const before = triggers();
    const dir = tempDir();
    const texts = [
      'Лукашенко и Киев\n\nBy Анна Петрова\n\nМинск заявил о нейтралитете. Беларусь, Россия и Украина.',
      '北京的消息\n\n北京今天发布了新的消息，关于能源价格。',
      'ข่าวเศรษฐกิจ\n\nราคาน้ำมันสูงขึ้นในวันนี้',
      'Café society\n\nBy Zoë Brontë\n12 March 2022\n\nThe naïve coöperation of Œuvre façades.',
    ];
    // At least WORKER_THRESHOLD files, so they are parsed in the worker as a large import is.
    for (let i = 0; i < WORKER_THRESHOLD + 8; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `${texts[i % texts.length]} ${ARTICLE} No. ${i}.`);
    writeFileSync(join(dir, 'untitled.txt'), '');
    const report = await importFiles(db, [dir]);
    expect(report.imported).toBe(WORKER_THRESHOLD + 8);
    expect(triggers()).toEqual(before);
    const rows = () => ({
      words: db.prepare('SELECT * FROM document_words ORDER BY id').all(),
      buckets: db.prepare('SELECT * FROM near_buckets ORDER BY document_id, bucket').all(),
      sketches: db.prepare('SELECT * FROM near_sketches ORDER BY document_id').all(),
    });
    const written = rows();
    expect(written.words).toHaveLength(WORKER_THRESHOLD + 8);
    expect(written.buckets.length).toBeGreaterThan(0);
    // Staged while it imported, and moved into the index when it ended.
    expect(db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBe(0);
    // Every document with word sequences has its sketch (the empty one has neither buckets nor sketch).
    expect(written.sketches).toHaveLength(WORKER_THRESHOLD + 8);
    // What the triggers would have written: the same documents written again through them.
    db.transaction(() => {
      db.exec('DELETE FROM near_buckets');
      db.exec('DELETE FROM near_sketches');
      db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('delete-all')");
      db.exec('DELETE FROM document_words');
      db.exec('CREATE TEMP TABLE copy AS SELECT * FROM documents');
      db.exec('DELETE FROM documents');
      db.exec('INSERT INTO documents SELECT * FROM temp.copy');
    })();
    expect(rows()).toEqual(written);
    db.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
    expect(db.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?').pluck().get('минск')).toBe(10);
    expect(checkProject(db).ok).toBe(true);
  });
});

describe('the vocabulary an import keeps', () => {
  const terms = (db: Db, sql = 'SELECT term FROM search_terms ORDER BY term') => db.prepare(sql).pluck().all();
  const vocabulary = (db: Db) => terms(db, 'SELECT term FROM documents_vocab ORDER BY term');

  it('is exactly the index’s terms, also for a batch written again file by file', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    // Words only in a title, a byline, a dateline's place or an article's text, in several scripts.
    const texts = [
      (i: number) => `Titlewordalpha ${i}\n\nBy Bylinebeta Gammason\n\nМинск заявил о нейтралитете ${i}.`,
      (i: number) => `北京的消息 ${i}\n\n北京今天发布了新的消息，关于能源价格。Deltaword ${i}.`,
      (i: number) =>
        `Café society ${i}\n\nBy Zoë Brontë\n12 March 2022\n\nThe naïve coöperation of Œuvre façades ${i}.`,
    ];
    for (let i = 0; i < WORKER_THRESHOLD + 8; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), texts[i % texts.length]!(i));
    // Words only in the title, the author or the source (front matter is not part of the text).
    writeFileSync(
      join(dir, 'a041.md'),
      '---\ntitle: Frontitleword talks\nauthor: Ann Frontauthorword\nsource: Frontsourceword notes\n---\nThe text.\n',
    );
    // A file with a BOM keeps its original bytes; saving them fails, so its batch is written again file by file.
    writeFileSync(join(dir, 'a010.txt'), '\uFEFFEpsilonword with a BOM\r\n\r\nIts original is kept.');
    db.exec(`CREATE TRIGGER fail_original BEFORE INSERT ON document_originals
             WHEN (SELECT filename FROM documents WHERE id = NEW.document_id) = 'a010.txt'
             BEGIN SELECT RAISE(ABORT, 'simulated failure while saving the original'); END`);
    const report = await importFiles(db, [dir], { batchSize: 8 });
    expect(report).toMatchObject({ imported: WORKER_THRESHOLD + 8, failed: 1 });
    const kept = terms(db);
    expect(kept).toEqual(vocabulary(db));
    expect(kept).toEqual(
      expect.arrayContaining(['frontitleword', 'frontauthorword', 'frontsourceword', 'titlewordalpha', 'минск', 'zoe']),
    );
    expect(kept).not.toContain('epsilonword');
  });

  it('holds every word, also when the first document to hold it was a duplicate or failed', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD + 8; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `Article ${i}\n\n${ARTICLE} Common ${i}.`);
    // The first to hold these words: a duplicate of a text (its title from its front matter, not hashed with it)…
    writeFileSync(join(dir, 'a002.md'), '---\ntitle: Kappatitleword talks\n---\nThe same text.\n');
    writeFileSync(join(dir, 'a001.md'), '---\ntitle: Plain\n---\nThe same text.\n');
    // …and a file that fails (saving its original), in an earlier batch than those that hold them again.
    writeFileSync(join(dir, 'a003.txt'), '\uFEFFThetaword and Iotaword\r\n\r\nIts original is kept.');
    db.exec(`CREATE TRIGGER fail_original BEFORE INSERT ON document_originals
             WHEN (SELECT filename FROM documents WHERE id = NEW.document_id) = 'a003.txt'
             BEGIN SELECT RAISE(ABORT, 'simulated failure while saving the original'); END`);
    writeFileSync(join(dir, 'a030.md'), '---\ntitle: Kappatitleword again\n---\nAnother text with Thetaword.\n');
    writeFileSync(join(dir, 'a031.txt'), 'Iotaword\n\nIn a later batch.');
    const report = await importFiles(db, [dir], { batchSize: 8 });
    // Its files and three more, less the duplicate and the failure.
    expect(report).toMatchObject({ imported: WORKER_THRESHOLD + 9, duplicates: 1, failed: 1 });
    const kept = terms(db);
    expect(kept).toEqual(vocabulary(db));
    expect(kept).toEqual(expect.arrayContaining(['kappatitleword', 'thetaword', 'iotaword']));
  });

  it('brings the vocabulary up to date on the way, every so many documents, and as it ends', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD + 8; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `Article ${i}\n\n${ARTICLE} Batchword${i}.`);
    const seen: { through: number; newest: number; terms: unknown[] }[] = [];
    const report = await importFiles(db, [dir], {
      batchSize: 8,
      vocabularyEvery: 16,
      check: {
        settle: async () => undefined,
        // Told of each batch once it is committed (before the vocabulary may be brought up to date after it).
        add: (ids) =>
          seen.push({
            through: db.prepare('SELECT document_id FROM search_terms_through').pluck().get() as number,
            newest: Math.max(...ids),
            terms: terms(db),
          }),
      },
    });
    expect(report.imported).toBe(WORKER_THRESHOLD + 8);
    // A batch also ends after 250 ms, so there are at least five.
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const batch of seen) {
      // Never more than 16 documents and a batch behind; what it holds, it holds whole (document n is file n - 1).
      expect(batch.newest - batch.through).toBeLessThan(16 + 8);
      if (batch.through > 0) expect(batch.terms).toContain(`batchword${batch.through - 1}`);
      expect(batch.terms).not.toContain(`batchword${batch.through}`);
    }
    // On the way, not only at the end.
    expect(seen.some((b, i) => i > 0 && b.through > seen[0]!.through)).toBe(true);
    expect(db.prepare('SELECT document_id FROM search_terms_through').pluck().get()).toBe(WORKER_THRESHOLD + 8);
    expect(terms(db)).toEqual(vocabulary(db));
  });

  it('misses no word when the vocabulary could not be brought up to date as it ended', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `Article ${i}\n\n${ARTICLE} Laggingword${i}.`);
    db.exec(`CREATE TRIGGER fail_terms BEFORE UPDATE ON search_terms_through
             BEGIN SELECT RAISE(ABORT, 'simulated failure while keeping the vocabulary'); END`);
    const report = await importFiles(db, [dir]);
    // The documents are kept, the vocabulary is behind and says so.
    expect(report.imported).toBe(WORKER_THRESHOLD);
    expect(db.prepare('SELECT document_id FROM search_terms_through').pluck().get()).toBe(0);
    expect(terms(db)).not.toContain('laggingword7');
    db.exec('DROP TRIGGER fail_terms');
    // The next variant lookup takes what is behind first.
    expect(new VariantIndex(db).resolve('laggingword7', 0)).toEqual(['laggingword7']);
    expect(terms(db)).toEqual(vocabulary(db));
  });

  it('takes the terms of a document another connection wrote during the import, under an id it had passed', async () => {
    const file = join(tempDir(), 'p.quire');
    const db = openProject(file, { create: true });
    const other = openProject(file);
    const dir = tempDir();
    for (let i = 0; i < WORKER_THRESHOLD + 4; i++)
      writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), `Article ${i}\n\n${ARTICLE} Number ${i}.`);
    let replaced = false;
    const report = await importFiles(db, [dir], {
      batchSize: WORKER_THRESHOLD,
      check: {
        settle: async () => undefined,
        add: (ids) => {
          if (replaced) return;
          replaced = true;
          // The import's newest document deleted, and its id given to another's.
          const last = Math.max(...ids);
          other.prepare('DELETE FROM documents WHERE id = ?').run(last);
          other
            .prepare(
              `INSERT INTO documents (id, guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
             VALUES (?, 'other', NULL, 'Otherwriterword', 'txt', 'utf-8', 'other', '', 0, 0, '2024-01-01')`,
            )
            .run(last);
        },
      },
    });
    expect(report.imported).toBe(WORKER_THRESHOLD + 4);
    expect(terms(db)).toContain('otherwriterword');
    // Every term of the index; the deleted document's words stay, as any deleted document's do.
    expect(terms(db)).toEqual(expect.arrayContaining(vocabulary(db)));
    other.close();
    db.close();
  });
});

describe('text encodings', () => {
  const sample = 'Café in Zürich: a naïve façade costs £5 — “quoted” Лукашенко 😀 e\u0301';

  it('reads UTF-8 with and without BOM, and UTF-16 with BOM, to the same text', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    const utf8 = Buffer.from(`${sample}\n`, 'utf8');
    writeFileSync(join(dir, 'plain.txt'), utf8);
    writeFileSync(
      join(dir, 'bom.txt'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${sample} bom\n`)]),
    );
    writeFileSync(
      join(dir, 'le.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${sample} le\r\n`, 'utf-16le')]),
    );
    writeFileSync(
      join(dir, 'be.txt'),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(`${sample} be\r\n`, 'utf-16be')]),
    );
    const report = await importFiles(db, [dir]);
    expect(report.imported).toBe(4);
    const expected = sample.normalize('NFC');
    for (const [name, suffix] of [
      ['plain.txt', ''],
      ['bom.txt', ' bom'],
      ['le.txt', ' le'],
      ['be.txt', ' be'],
    ] as const) {
      const doc = getDocument(db, byPath(report, name).documentId!, everyone());
      expect(doc.body).toBe(`${expected}${suffix}\n`);
      expect(doc.body).not.toContain('\uFFFD');
    }
    const le = getDocument(db, byPath(report, 'le.txt').documentId!, everyone());
    expect(le.encoding).toBe('utf-16le');
    const stored = db
      .prepare('SELECT bytes FROM document_originals WHERE document_id = ?')
      .pluck()
      .get(le.id) as Buffer;
    expect(sha(stored)).toBe(le.originalHash);
    // The sample is not in NFC, so even the UTF-8 file's original bytes are kept.
    const plain = getDocument(db, byPath(report, 'plain.txt').documentId!, everyone());
    expect(plain.originalHash).toBe(sha(utf8));
    expect(plain.originalHash).not.toBe(plain.contentHash);
  });

  it('keeps no second copy of a file stored byte for byte', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'clean.txt'), `${ARTICLE}\n`);
    const report = await importFiles(db, [dir]);
    const doc = getDocument(db, report.files[0]!.documentId!, everyone());
    expect(doc.body).toBe(`${ARTICLE}\n`);
    expect(db.prepare('SELECT count(*) FROM document_originals WHERE document_id = ?').pluck().get(doc.id)).toBe(0);
    expect(doc.originalHash).toBe(doc.contentHash);
  });

  it('reads a legacy Latin-1 file without mojibake', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    const text = 'The café in Zürich served crème brûlée; the naïve señor paid £3 for it.\n'.repeat(3);
    writeFileSync(join(dir, 'latin1.txt'), iconv.encode(text, 'latin1'));
    const report = await importFiles(db, [dir]);
    const doc = getDocument(db, report.files[0]!.documentId!, everyone());
    expect(doc.body).toBe(text);
    expect(doc.encoding).toMatch(/iso-8859-1|windows-1252/);
  });

  it('reads mostly-valid UTF-8 as UTF-8: stray bytes become U+FFFD, and the note says how many and on which lines', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    // Valid UTF-8 in three scripts; a Windows-1252 "é" on line 3, an overlong "/" and a lone continuation byte on line 5, a NUL on line 6.
    const lines = [
      'Лукашенко’s “plan”',
      'Η Αθήνα, 卢卡申科, 👩‍👩‍👧',
      ['It was ', [0xe9], 'vident.'],
      'Minsk',
      ['A path ', [0xc0, 0xaf], 'x ', [0x80]],
      ['End', [0]],
    ] as const;
    const bytes = Buffer.concat(
      lines
        .flatMap((l) => [...(typeof l === 'string' ? [l] : l), '\n'])
        .map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
    );
    writeFileSync(join(dir, 'mixed.txt'), bytes);
    const report = await importFiles(db, [dir]);
    const result = report.files[0]!;
    expect(result.status).toBe('imported');
    expect(result.warnings).toEqual([
      '4 bytes that are not valid UTF-8 were replaced by “�” (U+FFFD), on lines 3 and 5.',
      '1 control character (NUL) is not text and was left out, on line 6.',
    ]);
    const doc = getDocument(db, result.documentId!, everyone());
    expect(doc.encoding).toBe('utf-8');
    expect(doc.body).toBe(
      'Лукашенко’s “plan”\nΗ Αθήνα, 卢卡申科, 👩‍👩‍👧\nIt was \uFFFDvident.\nMinsk\nA path \uFFFD\uFFFDx \uFFFD\nEnd\n',
    );
    expect(doc.importNotes).toEqual(result.warnings);
  });

  it('names the encoding in the import report whenever it is not UTF-8', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    const russian =
      'Президент Белоруссии Александр Лукашенко заявил, что не намерен вводить войска на территорию Украины.\n';
    writeFileSync(join(dir, 'cyrillic.txt'), iconv.encode(russian, 'windows-1251'));
    writeFileSync(
      join(dir, 'wide.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Talks in Minsk on Monday.\n', 'utf-16le')]),
    );
    writeFileSync(
      join(dir, 'page.html'),
      iconv.encode(
        `<html><head><meta charset="windows-1251"><title>Минск</title></head><body><p>${russian}</p></body></html>`,
        'windows-1251',
      ),
    );
    writeFileSync(join(dir, 'plain.txt'), 'Talks in Minsk on Tuesday.\n');
    const report = await importFiles(db, [dir]);
    expect(byPath(report, 'cyrillic.txt').warnings).toEqual([
      'The file is not in UTF-8; it was read as Windows-1251, the encoding its bytes fit best. If the text looks wrong, save the file as UTF-8 and import it again.',
    ]);
    expect(byPath(report, 'wide.txt').warnings).toEqual([
      'The file is in UTF-16 (little-endian), as its byte order mark says.',
    ]);
    expect(byPath(report, 'page.html').warnings).toEqual([
      'The page is not in UTF-8; it was read as Windows-1251, the encoding it declares.',
    ]);
    expect(byPath(report, 'plain.txt').warnings).toEqual([]);
    expect(getDocument(db, byPath(report, 'cyrillic.txt').documentId!, everyone()).body).toBe(russian);
  });

  it('stores text with CRLF line ends and combining marks as LF and NFC', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'crlf.txt'), 'Line one with cafe\u0301\r\nLine two 👍🏽\r\n');
    const report = await importFiles(db, [dir]);
    const doc = getDocument(db, report.files[0]!.documentId!, everyone());
    expect(doc.body).toBe('Line one with café\nLine two 👍🏽\n');
    expect(doc.charCount).toBe(31);
  });
});

describe('bad input', () => {
  it('fails each bad file with a reason and imports the rest of the batch', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'a-good.txt'), ARTICLE);
    writeFileSync(join(dir, 'b-empty.txt'), '');
    writeFileSync(join(dir, 'c-blank.txt'), ' \n\t\n ');
    writeFileSync(
      join(dir, 'd-image.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    writeFileSync(join(dir, 'e-binary.html'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(dir, 'f-good.md'), `# Second\n\n${ARTICLE} Again.`);
    const report = await importFiles(db, [dir]);
    expect(report).toMatchObject({ imported: 2, failed: 4 });
    expect(byPath(report, 'b-empty.txt').message).toBe('The file is empty.');
    expect(byPath(report, 'c-blank.txt').message).toBe('The file contains no text.');
    expect(byPath(report, 'd-image.txt').message).toMatch(/binary file.*PNG|PNG.*binary/i);
    expect(byPath(report, 'e-binary.html').message).toMatch(/binary/i);
    expect(checkProject(db).ok).toBe(true);
  });

  it('refuses a 200 MB file by its size, without reading it', async () => {
    const { db } = await createTestProject({ seeds: false });
    const file = join(tempDir(), 'huge.txt');
    writeFileSync(file, '');
    truncateSync(file, 200 * 1024 * 1024);
    const started = performance.now();
    const report = await importFiles(db, [file]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(report.files[0]).toMatchObject({ status: 'failed' });
    expect(report.files[0]!.message).toBe(
      'The file is 200 MB; Quire imports files up to 50 MB. Split it into smaller files first.',
    );
  });

  it('explains unreadable paths: missing, dangling link, link loop, not a regular file, wrong type', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    symlinkSync(join(dir, 'nowhere.txt'), join(dir, 'dangling.txt'));
    symlinkSync(join(dir, 'loop-b.txt'), join(dir, 'loop-a.txt'));
    symlinkSync(join(dir, 'loop-a.txt'), join(dir, 'loop-b.txt'));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    writeFileSync(join(dir, 'clip.mp4'), 'not really');
    const report = await importFiles(db, [
      join(dir, 'missing.txt'),
      join(dir, 'dangling.txt'),
      join(dir, 'loop-a.txt'),
      join(dir, 'pipe.txt'),
      join(dir, 'clip.mp4'),
    ]);
    expect(report.failed).toBe(5);
    const messages = report.files.map((f) => f.message);
    expect(messages[0]).toMatch(/does not exist/);
    expect(messages[1]).toMatch(/does not exist/);
    expect(messages[2]).toMatch(/link that leads back to itself/);
    expect(messages[3]).toMatch(/not a regular file/);
    expect(messages[4]).toMatch(/does not import \.mp4 files/);
  });

  it('words file-system failures for a person (permission, I/O, too many files)', () => {
    // Running as root, the tests cannot provoke EACCES for real; the wording is checked here.
    const error = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
    expect(fsMessage(error('EACCES'))).toBe('Quire is not allowed to read this (permission denied).');
    expect(fsMessage(error('EPERM'))).toBe('Quire is not allowed to read this (permission denied).');
    expect(fsMessage(error('EIO'))).toMatch(/input\/output error/);
    expect(fsMessage(error('EMFILE'))).toMatch(/Too many files are open/);
    expect(fsMessage(error('EWEIRD'))).toBe('The file could not be read (EWEIRD): EWEIRD: failed');
  });

  it('walks folders recursively, skips hidden files and link cycles, and reports other file types', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a', 'one.txt'), `${ARTICLE} One.`);
    writeFileSync(join(dir, 'a', 'b', 'c', 'two.html'), `<p>${ARTICLE} Two.</p>`);
    writeFileSync(join(dir, '.git', 'three.txt'), `${ARTICLE} Three.`);
    writeFileSync(join(dir, 'a', '.DS_Store'), 'x');
    writeFileSync(join(dir, 'a', 'b', 'cover.gif'), 'x');
    // A saved web page's pictures (beside it in "Page_files") are not articles to read by OCR.
    writeFileSync(join(dir, 'a', 'Page.html'), `<p>${ARTICLE} Four.</p>`);
    mkdirSync(join(dir, 'a', 'Page_files'));
    writeFileSync(join(dir, 'a', 'Page_files', 'logo.png'), 'x');
    symlinkSync(dir, join(dir, 'a', 'b', 'up'));
    const report = await importFiles(db, [dir]);
    expect(report).toMatchObject({ imported: 3, skipped: 2, failed: 0 });
    expect(byPath(report, 'cover.gif')).toMatchObject({ status: 'skipped' });
    expect(byPath(report, 'logo.png')).toMatchObject({
      status: 'skipped',
      message: 'A picture of the saved web page “Page.html”, not an article: not read by OCR.',
    });
  });
});

describe('atomicity, cancellation, full disk', () => {
  /** Counts the rows written into near_buckets (a move from the staging table included) and near_staging from now on, by temporary triggers. */
  function countBucketWrites(db: Db): () => Record<'near_buckets' | 'near_staging', number> {
    db.exec(`CREATE TEMP TABLE bucket_writes (into_table TEXT PRIMARY KEY, rows INTEGER NOT NULL);
      INSERT INTO bucket_writes VALUES ('near_buckets', 0), ('near_staging', 0);
      CREATE TEMP TRIGGER count_buckets AFTER INSERT ON main.near_buckets BEGIN
        UPDATE bucket_writes SET rows = rows + 1 WHERE into_table = 'near_buckets';
      END;
      CREATE TEMP TRIGGER count_staged AFTER INSERT ON main.near_staging BEGIN
        UPDATE bucket_writes SET rows = rows + 1 WHERE into_table = 'near_staging';
      END;`);
    const read = db.prepare<[], { into_table: 'near_buckets' | 'near_staging'; rows: number }>(
      'SELECT * FROM bucket_writes',
    );
    return () =>
      Object.fromEntries(read.all().map((r) => [r.into_table, r.rows])) as Record<
        'near_buckets' | 'near_staging',
        number
      >;
  }

  function articles(dir: string, n: number): void {
    for (let i = 0; i < n; i++)
      writeFileSync(join(dir, `article-${String(i).padStart(5, '0')}.txt`), `Article ${i}\n\n${ARTICLE} Number ${i}.`);
  }

  it('a failure while storing one file undoes that file only', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    articles(dir, 3);
    writeFileSync(
      join(dir, 'article-00001.txt'),
      '\uFEFFArticle one with a BOM\r\n\r\nSo its original bytes are kept separately.',
    );
    db.exec(`CREATE TRIGGER fail_original BEFORE INSERT ON document_originals
             BEGIN SELECT RAISE(ABORT, 'simulated failure while saving the original'); END`);
    const report = await importFiles(db, [dir]);
    expect(report).toMatchObject({ imported: 2, failed: 1 });
    expect(byPath(report, 'article-00001.txt').message).toMatch(/simulated failure/);
    expect(db.prepare("SELECT count(*) FROM documents WHERE filename = 'article-00001.txt'").pluck().get()).toBe(0);
    db.exec('DROP TRIGGER fail_original');
    expect(checkProject(db).ok).toBe(true);
  });

  it('stops cleanly when the disk fills, keeping only whole documents and saying which files were not imported', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < 60; i++)
      writeFileSync(
        join(dir, `big-${String(i).padStart(3, '0')}.txt`),
        `Big ${i}\n\n${`${ARTICLE} ${i} `.repeat(300)}`,
      );
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 400}`);
    const report = await importFiles(db, [dir], { batchSize: 5 });
    expect(report.imported).toBeGreaterThan(0);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.imported + report.failed).toBe(60);
    expect(report.files.find((f) => f.status === 'failed')!.message).toMatch(/disk is full/);
    const stored = db.prepare('SELECT filename FROM documents ORDER BY filename').pluck().all();
    expect(stored).toEqual(
      report.files
        .filter((f) => f.status === 'imported')
        .map((f) => f.path.split('/').at(-1))
        .sort(),
    );
    db.pragma('max_page_count = 1073741823');
    expect(checkProject(db).ok).toBe(true);
  });

  it("copies the write-ahead log on a thread of its own while it writes, and leaves SQLite's setting as it was, also when it stops", async () => {
    const file = join(tempDir(), 'p.quire');
    const db = openProject(file, { create: true });
    const dir = tempDir();
    articles(dir, 12);
    const during: number[] = [];
    const checkpointPages = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;
    expect(checkpointPages()).toBe(1000);
    await importFiles(db, [dir], { batchSize: 4, onProgress: () => void during.push(checkpointPages()) });
    expect(during.length).toBeGreaterThan(0);
    // SQLite copies nothing itself meanwhile: the import's checkpoints run on a thread of their own (db/checkpoints.ts).
    expect(new Set(during.slice(0, -1))).toEqual(new Set([0]));
    expect(checkpointPages()).toBe(1000);
    // Stopped by a full disk, too.
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);
    articles(dir, 40);
    const stopped = await importFiles(db, [dir], { batchSize: 4 });
    expect(stopped.stopped?.code).toBe('disk_full');
    expect(checkpointPages()).toBe(1000);
    db.close();
  });

  it('can be cancelled, keeping the documents already imported', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    articles(dir, 40);
    const controller = new AbortController();
    const report = await importFiles(db, [dir], {
      batchSize: 4,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 10) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.imported).toBeGreaterThanOrEqual(10);
    expect(report.imported).toBeLessThan(40);
    expect(report.skipped).toBe(40 - report.imported);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(report.imported);
    // The near-duplicate buckets of what it saved moved into their index, also though it was cancelled.
    expect(db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(DISTINCT document_id) FROM near_buckets').pluck().get()).toBe(report.imported);
    expect(checkProject(db).ok).toBe(true);
  });

  it('writes a new project’s near-duplicate buckets straight into their index, and stages them once it is large', async () => {
    const { db } = await createTestProject({ seeds: false });
    const written = countBucketWrites(db);
    const dir = tempDir();
    articles(dir, 40);
    await importFiles(db, [dir], { batchSize: 8 });
    expect(written()).toEqual({ near_buckets: 40 * 24, near_staging: 0 });
    // Where each batch goes, decided batch by batch: once the index holds as much as a move is worth, or anything
    // is staged, the buckets are staged.
    const staged = new StagedBuckets(db, 40 * 24 + 24);
    expect(staged.table).toBe('near_buckets');
    staged.add(24, 'near_buckets');
    expect(staged.table).toBe('near_staging');
    expect(new StagedBuckets(db, 40 * 24).table).toBe('near_staging');
    db.exec(
      'INSERT INTO near_staging SELECT * FROM near_buckets WHERE document_id = 1; DELETE FROM near_buckets WHERE document_id = 1',
    );
    expect(new StagedBuckets(db).table).toBe('near_staging');
  });

  it('moves near-duplicate buckets an unfinished import left staged into their index', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    articles(dir, 6);
    await importFiles(db, [join(dir, 'article-00000.txt')]);
    // As an import that stopped before moving its buckets leaves them (the process ended, say).
    db.exec('INSERT INTO near_staging SELECT * FROM near_buckets; DELETE FROM near_buckets');
    const left = db.prepare('SELECT count(*) FROM near_staging').pluck().get();
    expect(left).toBe(24);
    await importFiles(db, [dir]);
    expect(db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM near_buckets').pluck().get()).toBe(6 * 24);
  });

  it('imports a folder of 10,000 files', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    for (let i = 0; i < 100; i++) mkdirSync(join(dir, `d${i}`));
    for (let i = 0; i < 10_000; i++)
      writeFileSync(
        join(dir, `d${i % 100}`, `n${i}.txt`),
        `Note ${i}: ${i % 7 ? 'Minsk' : 'Kyiv'} report number ${i}.`,
      );
    let events = 0;
    const merges = vi.spyOn(StagedBuckets.prototype, 'merge');
    const written = countBucketWrites(db);
    const report = await importFiles(db, [dir], { onProgress: () => events++ });
    expect(report).toMatchObject({ imported: 10_000, failed: 0, duplicates: 0 });
    expect(events).toBe(10_001);
    // Its near-duplicate buckets went straight into their index until it held as much as a move is worth (a batch
    // of up to 500 documents past STAGED_ROWS_MIN rows), then were staged and moved into it every few thousand
    // documents, and at its end.
    const { near_buckets, near_staging } = written();
    const direct = 10_000 * 24 - near_staging;
    expect(direct).toBeGreaterThanOrEqual(STAGED_ROWS_MIN);
    expect(direct).toBeLessThan(STAGED_ROWS_MIN + 500 * 24);
    // The staged rows were moved in too.
    expect(near_buckets).toBe(direct + near_staging);
    expect(merges.mock.calls.length).toBeGreaterThanOrEqual(4);
    merges.mockRestore();
    expect(db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM near_buckets').pluck().get()).toBe(10_000 * 24);
    expect(db.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?').pluck().get('kyiv')).toBe(1429);
  }, 120_000);
});

describe('formats', () => {
  it('offers the user exactly the file types the importers read', () => {
    // The file pickers (renderer) use the shared list; the engine's registry is the truth.
    expect([...ARTICLE_EXTENSIONS].sort()).toEqual(supportedExtensions().sort());
  });

  it('reads a saved web page without scripts, navigation or comment forms, with its metadata', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'page.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Site | Home</title>
      <meta property="og:title" content="Belarus hosts Putin">
      <meta property="og:site_name" content="Example News">
      <meta name="author" content="Jane Doe">
      <meta property="article:published_time" content="2022-12-19T08:00:00Z">
      <link rel="canonical" href="https://news.example/belarus">
      <script>alert('x')</script><style>p{color:red}</style></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Belarus hosts Putin</h1><p>Putin met <b>Lukashenko</b> in Minsk &amp; talked.</p>
      <p>Second paragraph.<br>Same paragraph, new line.</p><script>document.write('evil')</script></article>
      <div class="comments"><form><textarea>Leave a reply</textarea></form><p>Comment by troll</p></div>
      <footer>Copyright Example News</footer></body></html>`,
    );
    const report = await importFiles(db, [dir]);
    const doc = getDocument(db, report.files[0]!.documentId!, everyone());
    expect(doc.body).toBe(
      'Belarus hosts Putin\n\nPutin met Lukashenko in Minsk & talked.\n\nSecond paragraph.\nSame paragraph, new line.',
    );
    expect(doc).toMatchObject({
      title: 'Belarus hosts Putin',
      source: 'Example News',
      author: 'Jane Doe',
      published: '2022-12-19',
      url: 'https://news.example/belarus',
      language: 'en',
      format: 'html',
    });
  });

  it('reads Markdown as its visible text, with front matter as metadata', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'note.md'),
      '---\ntitle: Minsk talks\nauthor: Ann Lee\ndate: 2022-03-01\nsource: Field notes\n---\n# Heading\n\nSome **bold** and a [link](https://x.example).\n\n- item one\n- item two\n',
    );
    const report = await importFiles(db, [dir]);
    const doc = getDocument(db, report.files[0]!.documentId!, everyone());
    expect(doc.body).toBe('Heading\n\nSome bold and a link.\n\nitem one\nitem two');
    expect(doc).toMatchObject({
      title: 'Minsk talks',
      author: 'Ann Lee',
      published: '2022-03-01',
      source: 'Field notes',
      format: 'md',
    });
  });
});
