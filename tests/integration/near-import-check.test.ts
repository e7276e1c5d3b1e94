// An import's near-duplicate check (corpus/bucket-filter.ts) leaves out the lookups of buckets no document before
// can hold, known from a filter of the buckets it has met: it must flag exactly what looking every bucket up flags,
// and trust its filter only while the import is the project's only writer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportCheck } from '../../src/main/core/corpus/bucket-filter.ts';
import { importFiles, type WrittenCheck } from '../../src/main/core/corpus/import.ts';
import { writeBegins } from '../../src/main/core/db/db.ts';
import { NearDuplicateCheck } from '../../src/main/core/corpus/near-check.ts';
import { nearDuplicatesOf } from '../../src/main/core/corpus/near-index.ts';
import { WORKER_THRESHOLD, type Parser } from '../../src/main/core/corpus/parsers.ts';
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
