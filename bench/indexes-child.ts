// The indexes an import keeps beside the search index, measured in their own
// process on the project our importer built, each beside its floor:
//
//   node bench/indexes-child.ts <project file> <runs> <new documents dir> <result.json>
//
// Near-duplicates: an import's check of each new document (ImportCheck, as
// the parse worker makes it: its buckets looked up where the filter the
// project keeps says some document may hold them, the candidates measured
// exactly), for new documents written as an import writes them, in a
// transaction rolled back after; beside it the check looking every bucket up
// and the floor: the 24 bucket lookups as bare SQL. Each way checks new
// documents of its own, so that none finds pages another has just read.
// Reading the filter and the index's upkeep (a document's buckets) are timed
// on their own.
//
// Spelling variants: the first `word~` lookup of a fresh process and later
// ones, beside the floor (one read of FTS5's vocabulary table, which any
// vocabulary held in memory starts from) and the way before this index (that
// read and a lunr TokenSet built from it, at the first fuzzy query of every
// process and after every import). The CLI is timed whole: `quire search word~`
// beside `quire search` of a rare word, in new processes.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import { ImportCheck } from '../src/main/core/corpus/bucket-filter.ts';
import { INSERT_DOCUMENT } from '../src/main/core/corpus/import.ts';
import { nearBuckets, nearDuplicatesOf } from '../src/main/core/corpus/near-index.ts';
import { documentIndex, withIndexWrittenDirectly, writeDocumentIndex } from '../src/main/core/db/search-index.ts';
import { newGuid } from '../src/main/core/guid.ts';
import { textFiles } from './corpus.ts';
import { openProject } from '../src/main/core/db/open.ts';
import { VariantIndex } from '../src/main/core/search/variants.ts';
import { ROOT, summarise, timed, type Timing } from './util.ts';

export interface IndexesResult {
  documents: number;
  nearDuplicates: {
    /** New documents timed each way. */
    sampled: number;
    /** Of ours, those flagged; of the every-bucket check's own, those it flagged. */
    flagged: number;
    flaggedEveryBucket: number;
    ours: Timing;
    /** Ours apart for the new articles and for the copies (which share every bucket with their original, so look all 24 up). */
    oursByKind: { articles: Timing; copies: Timing };
    /** The check looking every bucket up (as before the project kept a filter). */
    everyBucket: Timing;
    floor: Timing;
    upkeep: Timing;
    /** Reading the project's filter, once per import. */
    filterMs: number;
    /** Buckets the check with the filter looked up, and left out. */
    buckets: { lookedUp: number; leftOut: number };
    bucketRows: number;
  };
  variants: {
    terms: number;
    firstMs: number;
    ours: Timing;
    floorMs: number;
    beforeMs: number;
    cli: { fuzzy: Timing; plain: Timing; adds: Timing; written: string };
  };
}

/** Checks made, untimed, before the sample's. */
const WARM_UP = 20;
/** New documents timed each way. */
const SAMPLED = 200;
/** Whether the new document at this place is a copy of one in the project (every tenth, in each way's share too). */
const isCopy = (k: number) => k % 10 === 9;

const FUZZY = ['lukashenko', 'kiev', 'government', 'minister', 'economy', 'zelensky', 'election', 'sanctions'];

function main(): void {
  const [dbFile, runsArg, newDir, out] = process.argv.slice(2);
  if (!dbFile || !newDir || !out)
    throw new Error('usage: indexes-child.ts <project> <runs> <new documents> <out.json>');
  const runs = Math.max(1, Number(runsArg || 30));
  const db = openProject(dbFile);
  const documents = db.prepare<[], number>('SELECT count(*) FROM documents').pluck().get()!;

  // Spelling variants first, while the process is fresh: nothing read or prepared yet.
  const index = new VariantIndex(db);
  const first = timed(() => index.resolve('lukashenko'));
  const fuzzy: number[] = [];
  for (let i = 0; i < runs; i++) for (const term of FUZZY) fuzzy.push(timed(() => index.resolve(term)).ms);
  const floor = timed(() => db.prepare<[], string>('SELECT term FROM documents_vocab').pluck().all());
  const before = timed(() => {
    const terms = db
      .prepare<[], string>('SELECT term FROM documents_vocab')
      .pluck()
      .all()
      .filter((t) => /^[\p{L}\p{M}]/u.test(t))
      .sort();
    return (lunr.TokenSet as unknown as { fromArray(words: string[]): unknown }).fromArray(terms);
  });
  const cliRun = (query: string) => {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ['--no-warnings', join(ROOT, 'bin', 'quire.js'), '--project', dbFile, '--json', 'search', query],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`quire search ${query} failed (exit ${r.status ?? r.signal})`);
    return performance.now() - t0;
  };
  // word~ beside the same variants written out with OR (the same hits, ranked alike): what is left between the two
  // is finding the variants. Taken in turns, so that neither has the warmer page cache.
  const written = index.resolve('lukashenko').join(' OR ');
  const cliPair = () => {
    const fuzzy: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 11; i++) {
      fuzzy.push(cliRun('lukashenko~'));
      plain.push(cliRun(written));
    }
    // What word~ adds, run by run (each with the written-out query run just after it).
    const adds = fuzzy.map((f, i) => f - plain[i]!);
    return { fuzzy: summarise(fuzzy), plain: summarise(plain), adds: summarise(adds), written };
  };

  // Near-duplicates: an import of new documents into the project, checked one by one as the import's parse worker
  // checks them. Written as the import writes them (its documents, their index rows worked out ahead, their buckets
  // staged), in a transaction rolled back at the end, so the project is left as it was; most are new articles made
  // by the generator with another seed, every tenth a copy of a document there with a few words changed (a story
  // updated since). The check reads the filter of buckets the project keeps (timed on its own, as an import reads
  // it once), then looks up only the buckets some document may hold; beside it the check looking every bucket up
  // (as it did before the project kept a filter) and the floor: those 24 lookups as bare SQL.
  const ids = db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
  const body = db.prepare<[number], string>('SELECT body FROM documents WHERE id = ?').pluck();
  const lookup = db
    .prepare('SELECT document_id FROM near_buckets WHERE bucket = ? AND document_id != ? LIMIT 64')
    .pluck();
  const generated = textFiles(newDir).map((f) => readFileSync(f, 'utf8'));
  if (generated.length !== WARM_UP + 3 * SAMPLED)
    throw new Error(
      `${newDir} holds ${generated.length} new documents, not the ${WARM_UP + 3 * SAMPLED} the bench times`,
    );
  const texts = generated.map((text, k) => {
    if (!isCopy(k)) return text;
    const original = body.get(ids[Math.floor((k * ids.length) / generated.length)]!)!;
    return original.replace(/\b(\w+)\b/g, (w, _g, at: number) => (at % 97 < 3 ? `${w}s` : w));
  });
  const insert = db.prepare(INSERT_DOCUMENT);
  db.exec('BEGIN IMMEDIATE');
  const added = withIndexWrittenDirectly(
    db,
    () =>
      texts.map((text, k) => {
        const [title, ...rest] = text.split('\n');
        const doc = { title: title!.trim(), body: rest.join('\n').trim(), source: null, author: null };
        const id = Number(
          insert.run({
            guid: newGuid(),
            ...doc,
            published: null,
            url: null,
            language: null,
            filename: `new-${k}.txt`,
            path: null,
            format: 'text',
            encoding: 'utf-8',
            contentHash: `bench-new-${k}`,
            originalHash: `bench-new-${k}`,
            originalSize: text.length,
            charCount: doc.body.length,
            importedAt: new Date().toISOString(),
            importNotes: null,
            details: null,
            ocr: null,
          }).lastInsertRowid,
        );
        const index = documentIndex(doc);
        writeDocumentIndex(db, id, index);
        return { id, buckets: index.buckets };
      }),
    // Staged, as an import into a project of this size stages them (near-index.ts StagedBuckets.table).
    'near_staging',
  );
  const check = new ImportCheck(db);
  const kept = timed(() => check.prepare(added.length, added[0]!.id));
  if (kept.value !== 'kept') throw new Error(`the project keeps no filter of its buckets to read (${kept.value})`);
  const scope = { alone: true, toCome: 0 };
  // First, untimed, what an import has long done by the time most of its documents are checked: its first checks
  // (statements prepared, the sketches' table of least agreements worked out, the code compiled), made here on
  // the first WARM_UP documents, all three ways. Timed, the first checks took up to 18 ms.
  for (const { id, buckets } of added.slice(0, WARM_UP)) {
    check.check([id], [buckets], scope);
    nearDuplicatesOf(db, id, { earlierOnly: true, buckets });
    for (const b of buckets) lookup.all(b, id);
  }
  // Then each way on new documents of its own (SAMPLED each, the first for ours, as the import checks them in
  // order), in turns: each finds the pages of its documents' buckets and candidates as cold as the others do.
  const batch = (n: number) => added.slice(WARM_UP + n * SAMPLED, WARM_UP + (n + 1) * SAMPLED);
  const [forOurs, forEveryBucket, forFloor] = [batch(0), batch(1), batch(2)];
  const ours: number[] = [];
  const everyBucket: number[] = [];
  const bare: number[] = [];
  let flagged = 0;
  let flaggedEvery = 0;
  for (let k = 0; k < SAMPLED; k++) {
    const mine = forOurs[k]!;
    const found = timed(() => check.check([mine.id], [mine.buckets], scope));
    ours.push(found.ms);
    if (found.value.length) flagged++;
    const other = forEveryBucket[k]!;
    const all = timed(() => nearDuplicatesOf(db, other.id, { earlierOnly: true, buckets: other.buckets }));
    everyBucket.push(all.ms);
    if (all.value.length) flaggedEvery++;
    const { id, buckets } = forFloor[k]!;
    bare.push(timed(() => buckets.forEach((b) => lookup.all(b, id))).ms);
  }
  const upkeep = forOurs.map(({ id }) => {
    const text = body.get(id)!;
    return timed(() => nearBuckets(text)).ms;
  });
  const buckets = { ...check.buckets };
  db.exec('ROLLBACK');
  // An import moves its staged rows into near_buckets as it ends; any still staged are counted too.
  const bucketRows = db
    .prepare<[], number>('SELECT (SELECT count(*) FROM near_buckets) + (SELECT count(*) FROM near_staging)')
    .pluck()
    .get()!;
  const terms = db.prepare<[], number>('SELECT count(*) FROM search_terms').pluck().get()!;
  db.close();

  const result: IndexesResult = {
    documents,
    nearDuplicates: {
      sampled: SAMPLED,
      flagged,
      flaggedEveryBucket: flaggedEvery,
      ours: summarise(ours),
      oursByKind: {
        articles: summarise(ours.filter((_, k) => !isCopy(WARM_UP + k))),
        copies: summarise(ours.filter((_, k) => isCopy(WARM_UP + k))),
      },
      everyBucket: summarise(everyBucket),
      floor: summarise(bare),
      upkeep: summarise(upkeep),
      filterMs: kept.ms,
      buckets,
      bucketRows,
    },
    variants: {
      terms,
      firstMs: first.ms,
      ours: summarise(fuzzy),
      floorMs: floor.ms,
      beforeMs: before.ms,
      cli: cliPair(),
    },
  };
  writeFileSync(out, JSON.stringify(result, null, 2));
}

main();
