// The indexes an import keeps beside the search index, measured in their own
// process on the project our importer built, each beside its floor:
//
//   node bench/indexes-child.ts <project file> <runs> <result.json>
//
// Near-duplicates: the check an import makes of each new document
// (nearDuplicatesOf: its buckets looked up, the candidates measured exactly),
// for documents spread over the project, beside the floor: the same bucket
// lookups as bare SQL. The index's upkeep (a document's buckets, computed by
// the insert trigger) is timed on its own.
//
// Spelling variants: the first `word~` lookup of a fresh process and later
// ones, beside the floor (one read of FTS5's vocabulary table, which any
// vocabulary held in memory starts from) and the way before this index (that
// read and a lunr TokenSet built from it, at the first fuzzy query of every
// process and after every import). The CLI is timed whole: `quire search word~`
// beside `quire search` of a rare word, in new processes.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import { nearDuplicatesOf } from '../src/main/core/corpus/near-index.ts';
import { nearBuckets } from '../src/main/core/corpus/near-index.ts';
import { openProject } from '../src/main/core/db/open.ts';
import { VariantIndex } from '../src/main/core/search/variants.ts';
import { ROOT, summarise, timed, type Timing } from './util.ts';

export interface IndexesResult {
  documents: number;
  nearDuplicates: { sampled: number; flagged: number; ours: Timing; floor: Timing; upkeep: Timing; bucketRows: number };
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

const FUZZY = ['lukashenko', 'kiev', 'government', 'minister', 'economy', 'zelensky', 'election', 'sanctions'];

function main(): void {
  const [dbFile, runsArg, out] = process.argv.slice(2);
  if (!dbFile || !out) throw new Error('usage: indexes-child.ts <project> <runs> <out.json>');
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

  // Near-duplicates: documents spread evenly over the project, each checked as an import checks a new one.
  const ids = db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
  const sample = Array.from(
    { length: Math.min(200, ids.length) },
    (_, i) => ids[Math.floor((i * ids.length) / Math.min(200, ids.length))]!,
  );
  const body = db.prepare<[number], string>('SELECT body FROM documents WHERE id = ?').pluck();
  const lookup = db
    .prepare('SELECT document_id FROM near_buckets WHERE bucket = ? AND document_id != ? LIMIT 64')
    .pluck();
  // First, untimed, what an import has long done by the time most of its documents are checked: its first checks
  // (statements prepared, the sketches' table of least agreements worked out, the code compiled), made here on
  // documents outside the sample, ours and the floor alike. Timed, the sample's first checks took up to 18 ms.
  for (let w = 0; w < WARM_UP; w++) {
    const id = ids[Math.floor(((w + 0.5) * ids.length) / WARM_UP)]!;
    if (sample.includes(id)) continue;
    const buckets = nearBuckets(body.get(id)!);
    nearDuplicatesOf(db, id, { buckets });
    for (const b of buckets) lookup.all(b, id);
  }
  const ours: number[] = [];
  const bare: number[] = [];
  const upkeep: number[] = [];
  let flagged = 0;
  // The check as an import makes it: the document's buckets come from the parse worker (their making is the
  // upkeep row), and it looks them up and measures what it finds. Ours and the floor take turns going first on
  // the pages of the buckets, which the first finds cold.
  sample.forEach((id, k) => {
    const text = body.get(id)!;
    const made = timed(() => nearBuckets(text));
    upkeep.push(made.ms);
    const buckets = made.value;
    const floor = () => bare.push(timed(() => buckets.forEach((b) => lookup.all(b, id))).ms);
    if (k % 2) floor();
    const found = timed(() => nearDuplicatesOf(db, id, { buckets }));
    ours.push(found.ms);
    if (found.value.length) flagged++;
    if (!(k % 2)) floor();
  });
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
      sampled: sample.length,
      flagged,
      ours: summarise(ours),
      floor: summarise(bare),
      upkeep: summarise(upkeep),
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
