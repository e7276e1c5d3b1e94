// An import's near-duplicate check (corpus/bucket-filter.ts) leaves out the lookups of buckets no document before
// can hold, known from a filter of the buckets it has met: it must flag exactly what looking every bucket up flags,
// and trust its filter only while the import is the project's only writer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATCH_UP,
  FILTER_FORMAT,
  ImportCheck,
  keepFilter,
  keptFilter,
  PART_BITS,
} from '../../src/main/core/corpus/bucket-filter.ts';
import { importFiles, type WrittenCheck } from '../../src/main/core/corpus/import.ts';
import { writeBegins } from '../../src/main/core/db/db.ts';
import { NearDuplicateCheck } from '../../src/main/core/corpus/near-check.ts';
import { nearDuplicatesOf, rebuildNearBuckets } from '../../src/main/core/corpus/near-index.ts';
import type { Parser } from '../../src/main/core/corpus/parsers.ts';
import { WORKER_THRESHOLD } from '../../src/main/core/corpus/parse-thread.ts';
import { checkProject, repairProject } from '../../src/main/core/db/check.ts';
import { openProject, type Db } from '../../src/main/core/db/open.ts';
import { prng } from '../../fixtures/random.ts';
import { createTestProject, seedPath, tempDir } from '../helpers/project.ts';

/** Texts of made-up words (no two alike), copies of a sample article with a word in 20 edited, and of each other. */
function writeTexts(dir: string, count: number, seed: number): void {
  const random = prng(seed);
  const word = () =>
    Array.from({ length: 3 + Math.floor(random() * 6) }, () => 'abcdefghiklmnoprstuvw'[Math.floor(random() * 21)]).join(
      '',
    );
  const wire = readFileSync(seedPath('002'), 'utf8');
  const edited = (text: string, every: number) =>
    text
      .split(' ')
      .map((w, k) => (k % every === every - 1 ? `${w}s` : w))
      .join(' ');
  let made = '';
  for (let i = 0; i < count; i++) {
    const name = join(dir, `${String(i).padStart(3, '0')}.txt`);
    if (i % 9 === 4) writeFileSync(name, `Copy ${i}\n\n${edited(wire, 20 + i)}`);
    else if (i % 9 === 7 && made) writeFileSync(name, `Again ${i}\n\n${edited(made, 25)}`);
    else {
      made = Array.from({ length: 200 }, word).join(' ');
      writeFileSync(name, `Story ${i}\n\n${made}`);
    }
  }
}

const ids = (db: Db, after: number) =>
  db.prepare('SELECT id FROM documents WHERE id > ? ORDER BY id').pluck().all(after) as number[];
/** What looking up every bucket of the document finds among those before it. */
const lookedUp = (db: Db, id: number) => nearDuplicatesOf(db, id, { earlierOnly: true });

describe('an import’s near-duplicate check', () => {
  it('flags what looking up every bucket flags, and leaves out the lookups of buckets no document before holds', async () => {
    const { db } = await createTestProject();
    const check = new ImportCheck(db);
    // The filter is made at the first documents, from the index as it is then (the sample articles).
    expect(check.check(ids(db, 0), [null, null, null, null, null], { alone: true, toCome: 100 })).toEqual([]);
    const dir = tempDir();
    writeTexts(dir, 60, 1);
    await importFiles(db, [dir]);
    const written = ids(db, 5);
    expect(written).toHaveLength(60);
    // In two requests, as two batches would send them.
    const found = [
      ...check.check(written.slice(0, 25), Array(25).fill(null), { alone: true, toCome: 35 }),
      ...check.check(written.slice(25), Array(35).fill(null), { alone: true, toCome: 0 }),
    ];
    const expected = written.flatMap((id) => {
      const similar = lookedUp(db, id);
      return similar.length ? [[id, similar]] : [];
    });
    expect(found).toEqual(expected);
    // The test has teeth: the copies were flagged, and most buckets were never looked up.
    expect(expected.length).toBeGreaterThan(8);
    expect(check.buckets.leftOut).toBeGreaterThan(check.buckets.lookedUp);
  });

  it('fills its filter from the documents before the first it checks, not from the batch already written', async () => {
    const { db } = await createTestProject();
    // A project that keeps no filter: the check fills one from the index when its first batch comes, which that
    // batch (committed) is already in.
    db.prepare('DELETE FROM near_filter_state').run();
    const dir = tempDir();
    writeTexts(dir, 60, 5);
    await importFiles(db, [dir]);
    const written = ids(db, 5);
    const check = new ImportCheck(db);
    expect(check.prepare(written.length, written[0]!)).toBe('filled');
    const found = check.check(written, Array(written.length).fill(null), { alone: true, toCome: 0 });
    expect(found).toEqual(
      written.flatMap((id) => {
        const similar = lookedUp(db, id);
        return similar.length ? [[id, similar]] : [];
      }),
    );
    // Each document looks up the buckets a document before it holds, and about 1% more (the filter's false
    // positives), not every bucket of its own (all of them in the index as the filter was filled).
    const shared = db
      .prepare(
        `SELECT count(*) FROM near_buckets b WHERE b.document_id > 5
           AND EXISTS (SELECT 1 FROM near_buckets e WHERE e.bucket = b.bucket AND e.document_id < b.document_id)`,
      )
      .pluck()
      .get() as number;
    const all = check.buckets.lookedUp + check.buckets.leftOut;
    expect(shared).toBeGreaterThan(50);
    expect(check.buckets.lookedUp).toBeGreaterThanOrEqual(shared);
    expect(check.buckets.lookedUp).toBeLessThan(shared + 0.03 * all);
  });

  it('looks every bucket up once another connection has written to the project', async () => {
    const { db } = await createTestProject();
    const check = new ImportCheck(db);
    check.check(ids(db, 0), [null, null, null, null, null], { alone: true, toCome: 100 });
    // Another program adds an article after the filter was made (none of its buckets is in it); the import then
    // writes a copy of it.
    const dir = tempDir();
    writeTexts(dir, 1, 3);
    await importFiles(db, [dir]);
    const [theirs] = ids(db, 5);
    const text = db.prepare('SELECT body FROM documents WHERE id = ?').pluck().get(theirs) as string;
    const ours = tempDir();
    writeFileSync(join(ours, 'ours.txt'), `Ours\n\n${text} Print this.`);
    await importFiles(db, [ours]);
    const [mine] = ids(db, theirs!);
    const found = check.check([mine!], [null], { alone: false, toCome: 0 });
    expect(found).toEqual([[mine, lookedUp(db, mine!)]]);
    expect(found[0]![1].map((d) => d.documentId)).toContain(theirs);
  });

  it('tells its check to trust no filter once another call that writes began on its connection between batches', async () => {
    const { db } = await createTestProject();
    const dir = tempDir();
    writeTexts(dir, 20, 4);
    const scopes: boolean[] = [];
    const check: WrittenCheck = {
      add: (_ids, _buckets, _parser, scope) => {
        scopes.push(scope!.alone);
        // After the second batch, a cleanup (say) begins on the same connection: data_version does not see it.
        if (scopes.length === 2) writeBegins(db);
      },
      settle: async () => undefined,
    };
    await importFiles(db, [dir], { check, batchSize: 5 });
    expect(scopes).toEqual([true, true, false, false]);
  });

  it('checks a batch again, every bucket looked up, when something else wrote while the worker checked it with its filter', async () => {
    const file = join(tempDir(), 'project.quire');
    const db = openProject(file, { create: true });
    try {
      const dir = tempDir();
      writeTexts(dir, 20, 5);
      const report = await importFiles(db, [dir]);
      const written = ids(db, 0);
      const copies = written.filter((id) => lookedUp(db, id).length);
      expect(copies.length).toBeGreaterThan(1);
      // A worker whose filter missed what another writer added: it finds nothing while it trusts its filter.
      const asked: boolean[] = [];
      const parser = {
        near: async (_file: string, batch: number[], _buckets: unknown, scope: { alone: boolean }) => {
          asked.push(scope.alone);
          return scope.alone ? [] : batch.flatMap((id) => (lookedUp(db, id).length ? [[id, lookedUp(db, id)]] : []));
        },
      } as unknown as Parser;
      for (const stillAlone of [true, false]) {
        asked.length = 0;
        const check = new NearDuplicateCheck(db);
        // The batch is handed over while the import is alone; by the worker's answer, it may be no longer.
        let alone = true;
        check.add(written, undefined, parser, { alone: true, toCome: 0 }, () => alone);
        alone = stillAlone;
        const flagged = (await check.flag(report)).files.filter((f) => f.similar).map((f) => f.documentId);
        expect(asked).toEqual(stillAlone ? [true] : [true, false]);
        expect(flagged).toEqual(stillAlone ? [] : copies);
      }
    } finally {
      db.close();
    }
  });

  it('asks whether it is still alone when a check answers, and hears of a write begun since the batch was handed over', async () => {
    const { db } = await createTestProject();
    const dir = tempDir();
    writeTexts(dir, 10, 4);
    const asks: (() => boolean)[] = [];
    const check: WrittenCheck = {
      add: (_ids, _buckets, _parser, _scope, stillAlone) => void asks.push(stillAlone!),
      settle: async () => {
        expect(asks.map((ask) => ask())).toEqual([true, true]);
        writeBegins(db);
        expect(asks.map((ask) => ask())).toEqual([false, false]);
      },
    };
    await importFiles(db, [dir], { check, batchSize: 5 });
    expect(asks).toHaveLength(2);
  });

  it('flags the same in an import of files parsed and checked in the parse worker', async () => {
    const file = join(tempDir(), 'project.quire');
    const db = openProject(file, { create: true });
    try {
      const dir = tempDir();
      writeTexts(dir, WORKER_THRESHOLD + 40, 2);
      const check = new NearDuplicateCheck(db);
      // Small batches, so that the check is asked many times, as in a large import.
      const report = await check.flag(await importFiles(db, [dir], { check, batchSize: 7 }));
      expect(report.imported).toBe(WORKER_THRESHOLD + 40);
      const flagged = report.files.filter((f) => f.similar);
      expect(flagged.length).toBeGreaterThan(8);
      for (const f of report.files)
        expect(f.similar?.map((d) => [d.documentId, d.similarity]) ?? [], f.path).toEqual(
          lookedUp(db, f.documentId!).map((d) => [d.documentId, Math.round(d.similarity * 100) / 100]),
        );
    } finally {
      db.close();
    }
  });
});

/** The state of the filter the project keeps (bucket-filter.ts NEAR_FILTER_SQL), or undefined when it keeps none it vouches for. */
const filterState = (db: Db) =>
  db.prepare('SELECT parts, through FROM near_filter_state').get() as { parts: number; through: number } | undefined;

/** Every bucket row of the documents up to `through` that the filter read from the project may not hold (none should). */
function bucketsMissed(db: Db, through: number): number {
  const filter = keptFilter(db, through + 1);
  if (!filter) throw new Error('the project keeps no filter');
  const rows = db
    .prepare(
      'SELECT bucket FROM near_buckets WHERE document_id <= ? UNION ALL SELECT bucket FROM near_staging WHERE document_id <= ?',
    )
    .pluck()
    .all(through, through) as number[];
  expect(rows.length).toBeGreaterThan(0);
  return rows.filter((b) => !filter.mayHold(b)).length;
}

/** A row of documents, as SQL gives it. */
type DocumentRow = Record<string, unknown>;
const documentRow = (db: Db, id: number) => db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow;
/** Writes a document's row by SQL, as an undo or a merge writes one (its index rows by the triggers). */
const writeRow = (db: Db, row: DocumentRow) => {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO documents (${columns.join(', ')}) VALUES (${columns.map((k) => `@${k}`).join(', ')})`).run(
    row,
  );
};

const maxId = (db: Db) => db.prepare('SELECT max(id) FROM documents').pluck().get() as number;

describe('the filter of buckets the project keeps', () => {
  /** Runs `test` on a project file holding an import of `count` texts (parsed and checked in the parse worker). */
  async function withImported(count: number, seed: number, test: (db: Db) => Promise<void> | void) {
    const db = openProject(join(tempDir(), 'project.quire'), { create: true });
    try {
      const dir = tempDir();
      writeTexts(dir, count, seed);
      const check = new NearDuplicateCheck(db);
      await check.flag(await importFiles(db, [dir], { check, batchSize: 9 }));
      await test(db);
    } finally {
      db.close();
    }
  }

  it('is kept by an import that was the only writer, vouching for every bucket of its documents', async () => {
    await withImported(WORKER_THRESHOLD + 20, 6, async (db) => {
      const state = filterState(db);
      // A new project keeps one from the start (through 0); the import saved it as vouching for its last document.
      expect(state?.through).toBe(maxId(db));
      expect(bucketsMissed(db, state!.through)).toBe(0);
    });
  });

  it('is read by the next import, which flags exactly what looking every bucket up flags and saves it again', async () => {
    await withImported(WORKER_THRESHOLD + 10, 7, async (db) => {
      const before = maxId(db);
      expect(bucketsMissed(db, before)).toBe(0);
      // The next import: copies of documents of the first (and of each other), and new texts.
      const dir = tempDir();
      const bodies = db.prepare('SELECT body FROM documents ORDER BY id LIMIT 12').pluck().all() as string[];
      bodies.forEach((body, i) =>
        writeFileSync(join(dir, `copy-${i}.txt`), `Copy ${i}\n\n${body} Updated on ${i} May.`),
      );
      writeTexts(dir, WORKER_THRESHOLD, 8);
      expect(new ImportCheck(db).prepare(40, before + 1)).toBe('kept');
      const check = new NearDuplicateCheck(db);
      const report = await check.flag(await importFiles(db, [dir], { check, batchSize: 9 }));
      const flagged = report.files.filter((f) => f.similar);
      expect(flagged.length).toBeGreaterThanOrEqual(12);
      // (Files the first import held already are reported as its duplicates, not checked.)
      const imported = report.files.filter((f) => f.status === 'imported');
      expect(imported.length).toBeGreaterThan(36);
      for (const f of imported)
        expect(f.similar?.map((d) => [d.documentId, d.similarity]) ?? [], f.path).toEqual(
          lookedUp(db, f.documentId!).map((d) => [d.documentId, Math.round(d.similarity * 100) / 100]),
        );
      expect(filterState(db)?.through).toBe(maxId(db));
      expect(bucketsMissed(db, maxId(db))).toBe(0);
    });
  });

  it('adds documents written since it was saved from their texts, and is not read past CATCH_UP of them', async () => {
    await withImported(WORKER_THRESHOLD, 9, async (db) => {
      const through = filterState(db)!.through;
      // Written by something other than an import that saves the filter: a small import, parsed inline.
      const dir = tempDir();
      writeTexts(dir, 3, 10);
      await importFiles(db, [dir]);
      expect(filterState(db)?.through).toBe(through);
      expect(bucketsMissed(db, maxId(db))).toBe(0);
      // More documents written since than the check would read from their texts: none is read.
      const row = documentRow(db, through);
      const last = maxId(db);
      db.transaction(() => {
        for (let k = 1; k <= CATCH_UP; k++)
          writeRow(db, {
            ...row,
            id: last + k,
            guid: `more-${k}`,
            content_hash: `more-${k}`,
            body: `Short note ${k}.`,
          });
      })();
      // Before `before`: the import's 3, then as many as make CATCH_UP, then one more.
      const upTo = last + CATCH_UP - (last - through);
      expect(keptFilter(db, upTo + 1)).not.toBeNull();
      expect(keptFilter(db, upTo + 2)).toBeNull();
      expect(keptFilter(db, maxId(db) + 1)).toBeNull();
    });
  });

  it('is taken back when a document is written where it vouched for the buckets, or the index is made anew', async () => {
    await withImported(WORKER_THRESHOLD, 11, async (db) => {
      const through = filterState(db)!.through;
      const restore = () =>
        db.prepare(`INSERT INTO near_filter_state (one, format, parts, through) VALUES (1, ${FILTER_FORMAT}, ?, ?)`);
      const { parts } = filterState(db)!;
      // A document's id changes (its text cannot).
      db.prepare('UPDATE documents SET id = ? WHERE id = 3').run(through + 100);
      expect(filterState(db)).toBeUndefined();
      db.prepare('UPDATE documents SET id = 3 WHERE id = ?').run(through + 100);
      restore().run(parts, through);
      // The last document is deleted and its id given to a new one, with other buckets (as an undo might).
      const last = documentRow(db, through);
      db.prepare('DELETE FROM documents WHERE id = ?').run(through);
      expect(filterState(db)?.through).toBe(through);
      writeRow(db, {
        ...last,
        body: 'An altogether different text of more than five words, written where the last one was.',
      });
      expect(filterState(db)).toBeUndefined();
      restore().run(parts, through);
      // A new document after it leaves it as it is (it is added from its text when read).
      writeRow(db, { ...last, id: through + 1, guid: 'another', content_hash: 'another' });
      expect(filterState(db)?.through).toBe(through);
      // The index made anew.
      db.transaction(() => rebuildNearBuckets(db))();
      expect(filterState(db)).toBeUndefined();
      // With none kept, a small import into a small project fills one from the index.
      expect(new ImportCheck(db).prepare(1, maxId(db) + 1)).toBe('filled');
    });
  });

  it('is not kept by an import that was not the only writer', async () => {
    const file = join(tempDir(), 'project.quire');
    const db = openProject(file, { create: true });
    try {
      const dir = tempDir();
      writeTexts(dir, WORKER_THRESHOLD + 5, 12);
      const real = new NearDuplicateCheck(db);
      let batches = 0;
      const check: WrittenCheck = {
        add: (...args) => {
          real.add(...args);
          // After the first batch, another call that writes begins on the import's connection.
          if (++batches === 1) writeBegins(db);
        },
        settle: () => real.settle(),
      };
      await importFiles(db, [dir], { check, batchSize: 9 });
      expect(batches).toBeGreaterThan(2);
      expect(filterState(db)?.through).toBe(0);
    } finally {
      db.close();
    }
  });

  it('spares a small import the lookups of its own buckets, and vouches only for documents checked without a gap', async () => {
    await withImported(WORKER_THRESHOLD, 14, async (db) => {
      const through = filterState(db)!.through;
      const dir = tempDir();
      // Stories, and a copy of one (the fourth text of writeTexts would be the first import's copy again).
      writeTexts(dir, 4, 15);
      writeFileSync(join(dir, 'again.txt'), `Again\n\n${readFileSync(join(dir, '001.txt'), 'utf8')} And more.`);
      await importFiles(db, [dir]);
      const written = ids(db, through);
      expect(written).toHaveLength(5);
      const check = new ImportCheck(db);
      expect(check.prepare(5, written[0]!)).toBe('kept');
      const scope = { alone: true, toCome: 0 };
      expect(check.check(written, Array(5).fill(null), scope)).toEqual(
        written.flatMap((id) => (lookedUp(db, id).length ? [[id, lookedUp(db, id)]] : [])),
      );
      expect(written.filter((id) => lookedUp(db, id).length)).toHaveLength(1);
      expect(check.buckets.leftOut).toBeGreaterThan(4 * check.buckets.lookedUp);
      expect(check.take()?.through).toBe(written[4]);
      // Checked with one left out: it vouches only for the documents before the first.
      const gap = new ImportCheck(db);
      gap.prepare(5, written[0]!);
      gap.check([written[0]!, written[2]!], [null, null], scope);
      expect(gap.take()?.through).toBe(written[0]! - 1);
    });
  });

  it('writes only the parts a read filter changed, and is not read with a part missing', async () => {
    await withImported(WORKER_THRESHOLD, 13, async (db) => {
      const through = filterState(db)!.through;
      const read = keptFilter(db, through + 1)!;
      expect(read.changed.every((c) => c === 0)).toBe(true);
      read.add(2 ** 40 + 12345);
      const changed = [...read.changed.keys()].filter((p) => read.changed[p]);
      expect(changed).toHaveLength(1);
      // A part it did not change, blanked in the project: a save of the changed part alone leaves it blank.
      const other = changed[0] === 0 ? 1 : 0;
      const blank = Buffer.alloc(PART_BITS / 8);
      db.prepare('UPDATE near_filter SET bits = ? WHERE part = ?').run(blank, other);
      keepFilter(db, { words: read.words, changed: read.changed, read: true, through });
      expect(db.prepare('SELECT bits FROM near_filter WHERE part = ?').pluck().get(other)).toEqual(blank);
      expect(keptFilter(db, through + 1)!.mayHold(2 ** 40 + 12345)).toBe(true);
      // Check says what the blanked part lacks; repair fills the filter anew from the index.
      const lacking = checkProject(db).problems.filter((p) =>
        p.includes('the summary of it that an import reads first lacks'),
      );
      expect(lacking).toHaveLength(1);
      expect(lacking[0]).toMatch(
        /lacks \d+ entr(y|ies), so new documents like those they come from may not be flagged as near-duplicates; run check with --repair/,
      );
      repairProject(db);
      expect(checkProject(db).ok).toBe(true);
      expect(filterState(db)?.through).toBe(maxId(db));
      expect(bucketsMissed(db, maxId(db))).toBe(0);
      // Kept in another format (a later version's): not read.
      db.prepare('UPDATE near_filter_state SET format = ?').run(FILTER_FORMAT + 1);
      expect(keptFilter(db, through + 1)).toBeNull();
      expect(new ImportCheck(db).prepare(1, maxId(db) + 1)).toBe('filled');
      db.prepare('UPDATE near_filter_state SET format = ?').run(FILTER_FORMAT);
      // A part missing: the filter is not read.
      db.prepare('DELETE FROM near_filter WHERE part = ?').run(other);
      expect(keptFilter(db, through + 1)).toBeNull();
    });
  });
});
