import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NEAR_DUPLICATE_THRESHOLD,
  nearBuckets,
  nearCandidates,
  nearDuplicatesOf,
  nearIndexOf,
  similarity,
} from '../../src/main/core/corpus/near-index.ts';
import { repairProject } from '../../src/main/core/db/check.ts';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject, SEEDS_DIR, seedPath, tempDir } from '../helpers/project.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

describe('near-duplicates', () => {
  it('flags the same story from another outlet at import, naming the document already there', async () => {
    const p = await createTestProject();
    const wire = readFileSync(seedPath('002'), 'utf8');
    // The same story as another site ran it: its own furniture, a changed headline, a few words edited.
    const other = `Belarus may yet join Putin's war, Ukraine warns\nBy Staff and wire reports\n\n${wire.replace('The Washington Times', 'The Daily Example').replace(/Mr\. Putin/g, 'President Putin')}\nShare this article\n`;
    const dir = tempDir();
    writeFileSync(join(dir, 'wire-copy.txt'), other);
    // Another story on the same subject shares words, not passages.
    writeFileSync(
      join(dir, 'unrelated.txt'),
      'Lukashenka and Putin met again in Minsk on Monday. Belarusian troops stayed at home, the defence ministry said, while Russian units continued exercises near the Ukrainian border. Analysts in Kyiv expect more pressure on Minsk to join the war before spring.\n',
    );
    const report = await call(p, 'importFiles', { paths: [dir] });
    const copy = report.files.find((f) => f.path.endsWith('wire-copy.txt'))!;
    expect(copy.status).toBe('imported');
    expect(copy.similar).toEqual([{ documentId: 3, title: SEED_TITLES['002'], similarity: expect.any(Number) }]);
    expect(copy.similar![0]!.similarity).toBeGreaterThan(0.7);
    expect(report.files.find((f) => f.path.endsWith('unrelated.txt'))!.similar).toBeUndefined();
  });

  it('checks every document a cancelled import saved: what stays in the project is never left unchecked', async () => {
    const p = await createTestProject();
    const dir = tempDir();
    const wire = readFileSync(seedPath('002'), 'utf8');
    for (let i = 0; i < 40; i++)
      writeFileSync(join(dir, `copy-${String(i).padStart(2, '0')}.txt`), `Copy ${i}\n\n${wire}`);
    const controller = new AbortController();
    const report = await call(
      p,
      'importFiles',
      { paths: [dir] },
      { signal: controller.signal, onProgress: (progress) => progress.done === 10 && controller.abort() },
    );
    expect(report.cancelled).toBe(true);
    const saved = report.files.filter((f) => f.status === 'imported');
    expect(saved.length).toBe(report.imported);
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThan(40);
    // Each saved copy is very like the sample article it copies (and the copies before it).
    for (const f of saved)
      expect(
        f.similar?.map((d) => d.title),
        f.path,
      ).toContain(SEED_TITLES['002']);
  });

  it('measures shared word sequences, so word order matters and case and accents do not', () => {
    expect(
      similarity('The quick brown fox jumps over the lazy dog', 'the QUICK brown fox jumps over the lázy dog'),
    ).toBe(1);
    expect(similarity('one two three four five six seven', 'seven six five four three two one')).toBe(0);
    expect(similarity('', 'anything at all here')).toBe(0);
  });
});

describe('deleting documents', () => {
  it('removes them with their codings and memos in one step that undo takes back', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Troops' });
    await call(p, 'applyCode', { documentId: 3, codeId: code.id, start: 100, end: 160 });
    await call(p, 'setMemo', { target: 'document', id: 3, text: 'Wire copy.' });
    const before = await call(p, 'getDocument', { id: 3 });
    expect(await call(p, 'deleteDocuments', { ids: [3] })).toEqual({ documents: 1, codings: 1 });
    await expect(call(p, 'getDocument', { id: 3 })).rejects.toThrow('There is no document 3 in this project.');
    expect((await call(p, 'search', { query: '"Mike Glenn"' })).total).toBe(0);
    expect((await call(p, 'getCodebook', {})).codes[0]!.codingCount).toBe(0);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
    expect((await call(p, 'history', { limit: 1 }))[0]!.description).toBe(
      'Delete “Russia launched dozens of explosive-lad…”',
    );
    await call(p, 'undo', {});
    expect(await call(p, 'getDocument', { id: 3 })).toEqual(before);
    expect(await call(p, 'listCodings', { documentId: 3 })).toHaveLength(1);
    expect((await call(p, 'getMemo', { target: 'document', id: 3 }))?.mine?.text).toBe('Wire copy.');
    expect((await call(p, 'search', { query: '"Mike Glenn"' })).total).toBe(1);
  });
});

/** Every document at least half alike to document `id`, by measuring it against every other one (what the index must find). */
function byBruteForce(
  db: import('../../src/main/core/db/open.ts').Db,
  id: number,
): { documentId: number; similarity: number }[] {
  const rows = db.prepare('SELECT id, body FROM documents ORDER BY id').all() as { id: number; body: string }[];
  const own = rows.find((r) => r.id === id)!.body;
  return rows
    .filter((r) => r.id !== id)
    .map((r) => ({ documentId: r.id, similarity: similarity(own, r.body) }))
    .filter((d) => d.similarity >= NEAR_DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity);
}

describe('the near-duplicate index', () => {
  // Copies of the seed articles as other programs and outlets leave them: furniture added, words edited here
  // and there (Windows line ends, curly quotes), half an article run with other text, paragraphs reordered, and texts
  // that share only a subject. Each must be flagged exactly when measuring against every document would flag it.
  async function importVariants() {
    const p = await createTestProject();
    const seeds = readdirSync(SEEDS_DIR)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'));
    const dir = tempDir();
    seeds.forEach((text, i) => {
      const words = text.split(' ');
      const edited = (every: number) => words.map((w, k) => (k % every === every - 1 ? `${w}s` : w)).join(' ');
      const paragraphs = text.split('\n\n');
      writeFileSync(
        join(dir, `${i}-furniture.txt`),
        `Home | World | Europe\r\n\r\n${text.replace(/\n/g, '\r\n').replace(/"/g, '“')}\r\nShare this article`,
      );
      // A word in 16, 20 or 30 edited leaves about 52%, 60% or 71% of the word sequences in common: around the threshold.
      for (const every of [16, 20, 30]) writeFileSync(join(dir, `${i}-edited-every-${every}th.txt`), edited(every));
      writeFileSync(
        join(dir, `${i}-half.txt`),
        `${text.slice(0, text.length / 2)}\n\n${seeds[(i + 1) % seeds.length]!.slice(0, text.length / 3)}`,
      );
      writeFileSync(join(dir, `${i}-reordered.txt`), [...paragraphs.reverse(), 'Related stories'].join('\n\n'));
      writeFileSync(
        join(dir, `${i}-subject.txt`),
        words
          .filter((w) => w.length > 6)
          .sort()
          .join(' '),
      );
    });
    const report = await call(p, 'importFiles', { paths: [dir] });
    expect(report.imported).toBe(seeds.length * 7);
    return { p, report };
  }

  it('flags exactly what measuring every document against every other flags, and the variants are flagged as intended', async () => {
    const { p, report } = await importVariants();
    const ids = p.db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    let flagged = 0;
    for (const id of ids) {
      const expected = byBruteForce(p.db, id);
      expect(nearDuplicatesOf(p.db, id)).toEqual(expected);
      // As an import's check asks, with the buckets the import worked out: the text is read only to compare it.
      const body = p.db.prepare('SELECT body FROM documents WHERE id = ?').pluck().get(id) as string;
      expect(nearDuplicatesOf(p.db, id, { buckets: nearBuckets(body) })).toEqual(expected);
      flagged += expected.length ? 1 : 0;
    }
    // The test has teeth: most copies are near-duplicates, the texts that share only a subject are not.
    expect(flagged).toBeGreaterThan(20);
    for (const f of report.files) {
      if (
        f.path.endsWith('-furniture.txt') ||
        f.path.endsWith('-edited-every-20th.txt') ||
        f.path.endsWith('-edited-every-30th.txt')
      )
        expect(f.similar?.length, f.path).toBeGreaterThan(0);
      if (f.path.endsWith('-subject.txt')) expect(f.similar, f.path).toBeUndefined();
    }
    // Measuring every pair of 40 documents takes a while on a loaded machine.
  }, 120_000);

  it('forgets a deleted document, finds it again when the deletion is undone, and is made anew by repair', async () => {
    const p = await createTestProject();
    const copy = (name: string) => {
      const dir = tempDir();
      writeFileSync(join(dir, name), `${readFileSync(seedPath('002'), 'utf8')}\nShare this article (${name})\n`);
      return dir;
    };
    const similarTo = async (name: string) =>
      (await call(p, 'importFiles', { paths: [copy(name)] })).files[0]!.similar?.map((s) => s.documentId);
    await call(p, 'deleteDocuments', { ids: [3] });
    expect(await similarTo('after-delete.txt')).toBeUndefined();
    const rows = () => p.db.prepare('SELECT count(*) FROM near_buckets WHERE document_id = 3').pluck().get();
    const sketch = () => p.db.prepare('SELECT shingles, sketch FROM near_sketches WHERE document_id = 3').get();
    // Every document's sketch is the one its text makes, whichever way it came or went.
    const sketchesAsText = () => {
      const docs = p.db.prepare('SELECT id, body FROM documents ORDER BY id').all() as { id: number; body: string }[];
      const stored = p.db.prepare('SELECT document_id, shingles, sketch FROM near_sketches ORDER BY document_id').all();
      expect(stored).toEqual(
        docs.flatMap(({ id, body }) => {
          const made = nearIndexOf(body).sketch;
          return made ? [{ document_id: id, shingles: made.shingles, sketch: Buffer.from(made.sketch) }] : [];
        }),
      );
    };
    expect(sketch()).toBeUndefined();
    sketchesAsText();
    await call(p, 'undo', {}); // the import of after-delete.txt
    await call(p, 'undo', {}); // the deletion
    expect(rows()).toBeGreaterThan(0);
    expect(sketch()).toBeDefined();
    sketchesAsText();
    expect(await similarTo('after-undo.txt')).toEqual([3]);
    await call(p, 'redo', {}).catch(() => undefined);
    p.db.prepare('DELETE FROM near_buckets').run();
    p.db.prepare('DELETE FROM near_sketches').run();
    expect(await similarTo('index-lost.txt')).toBeUndefined();
    repairProject(p.db);
    sketchesAsText();
    expect(await similarTo('after-repair.txt')).toEqual(expect.arrayContaining([3]));
  });

  it('finds the same candidates whether a bucket’s rows are staged by an import or moved into the index, also in a crowded bucket', async () => {
    const { db } = await createTestProject({ seeds: false });
    // Bucket 1 is crowded (150 documents: each lookup reads only 64 of them); the others hold a few documents each.
    const rows: [bucket: number, id: number][] = [];
    for (let id = 1; id <= 150; id++) {
      rows.push([1, id]);
      rows.push([2 + (id % 7), id]);
      if (id % 3 === 0) rows.push([10 + (id % 5), id]);
    }
    const place = (inStaging: (bucket: number, id: number) => boolean) =>
      db.transaction(() => {
        db.exec('DELETE FROM near_buckets; DELETE FROM near_staging');
        const main = db.prepare('INSERT INTO near_buckets (bucket, document_id) VALUES (?, ?)');
        const staged = db.prepare('INSERT INTO near_staging (bucket, document_id) VALUES (?, ?)');
        for (const [bucket, id] of rows) (inStaging(bucket, id) ? staged : main).run(bucket, id);
      })();
    const buckets = [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14];
    const candidates = () =>
      [1, 2, 40, 64, 65, 99, 100, 149, 150].flatMap((id) =>
        [false, true].flatMap((earlier) => [
          nearCandidates(db, id, buckets, 8, earlier),
          nearCandidates(db, id, [1], 100, earlier),
          nearCandidates(db, id, [1 + (id % 13)], 100, earlier),
        ]),
      );
    place(() => false);
    const indexed = candidates();
    // The crowded bucket gives the 64 newest earlier documents, or the first 64 others.
    expect(nearCandidates(db, 150, [1], 100, true)).toEqual(Array.from({ length: 64 }, (_, i) => 86 + i));
    expect(nearCandidates(db, 10, [1], 100)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => 1 + i),
      ...Array.from({ length: 55 }, (_, i) => 11 + i),
    ]);
    place(() => true);
    expect(candidates()).toEqual(indexed);
    // A bucket's rows split between the two tables, as an import leaves them between two moves.
    place((bucket, id) => (id * 7 + bucket) % 3 === 0);
    expect(db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBeGreaterThan(50);
    expect(candidates()).toEqual(indexed);
  });

  it('forgets a deleted document whose buckets are still staged, and finds it again when the deletion is undone', async () => {
    const p = await createTestProject();
    const rows = () =>
      p.db
        .prepare(
          'SELECT (SELECT count(*) FROM near_buckets WHERE document_id = 3) + (SELECT count(*) FROM near_staging WHERE document_id = 3)',
        )
        .pluck()
        .get();
    // Its rows where an import that has not moved them yet leaves them.
    p.db.exec(
      'INSERT INTO near_staging SELECT * FROM near_buckets WHERE document_id = 3; DELETE FROM near_buckets WHERE document_id = 3',
    );
    expect(rows()).toBe(24);
    await call(p, 'deleteDocuments', { ids: [3] });
    expect(rows()).toBe(0);
    await call(p, 'undo', {});
    expect(rows()).toBe(24);
    const dir = tempDir();
    writeFileSync(join(dir, 'copy.txt'), `${readFileSync(seedPath('002'), 'utf8')}\nShare this article\n`);
    const report = await call(p, 'importFiles', { paths: [dir] });
    expect(report.files[0]!.similar?.map((s) => s.documentId)).toEqual([3]);
    expect(p.db.prepare('SELECT count(*) FROM near_staging').pluck().get()).toBe(0);
  });

  it('reads a candidate only when its sketch says it may be alike enough, and measures a candidate that has none', async () => {
    const p = await createTestProject();
    const dir = tempDir();
    writeFileSync(join(dir, 'copy.txt'), `${readFileSync(seedPath('002'), 'utf8')}\nShare this article\n`);
    const copy = (await call(p, 'importFiles', { paths: [dir] })).files[0]!;
    expect(copy.similar?.map((s) => s.documentId)).toEqual([3]);
    const id = copy.documentId!;
    expect(nearDuplicatesOf(p.db, id).map((d) => d.documentId)).toEqual([3]);
    // A sketch that shares nothing with the copy's (each byte moved on by one): document 3 is set aside unread.
    const stored = p.db.prepare('SELECT sketch FROM near_sketches WHERE document_id = 3').pluck().get() as Buffer;
    const apart = Buffer.from(stored.map((b) => (b === 0 ? 0 : (b % 255) + 1)));
    p.db.prepare('UPDATE near_sketches SET sketch = ? WHERE document_id = 3').run(apart);
    expect(nearDuplicatesOf(p.db, id)).toEqual([]);
    // Far fewer word sequences than the copy: it cannot share half of them, and is set aside too.
    p.db.prepare('UPDATE near_sketches SET sketch = ?, shingles = 10 WHERE document_id = 3').run(stored);
    expect(nearDuplicatesOf(p.db, id)).toEqual([]);
    // Without a sketch it is measured, and found again.
    p.db.prepare('DELETE FROM near_sketches WHERE document_id = 3').run();
    expect(nearDuplicatesOf(p.db, id).map((d) => d.documentId)).toEqual([3]);
  });
});
