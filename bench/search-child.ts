// The search benchmark, run in its own process on the project our importer
// built. Usage: node bench/search-child.ts <project file> <runs> <result.json>
//
// For each query: quick = search() as the workbench asks while typing (the
// first page of 50, ranked among the newest hits when there are more than the
// ranking window, the total estimated; the newest hits unranked when ranking
// would count too many documents, and then the ranked look, timed too, follows); exact = search() with every hit ranked
// and counted (the default, and the CLI's); both with snippets and hit offsets.
// Raw floor = the FTS5 expression our compiler produced (variants resolved by
// the same resolver) run as plain `SELECT rowid … MATCH ? ORDER BY rank LIMIT 50`
// and `SELECT count(*) … MATCH ?` on the same connection; raw shown = what a bare
// page needs to show the same results: that page with highlight() of title and
// text, the count, and the 50 documents' title, source and date. After a warm-up
// they alternate run by run. Then a breakdown repeats the
// steps of search() one by one (same SQL as search.ts) to show where ours spends.
import { writeFileSync } from 'node:fs';
import { SearchInput, type SearchOutput } from '../src/shared/api.ts';
import { openProject } from '../src/main/core/db/open.ts';
import { SUMMARY_COLUMNS } from '../src/main/core/documents/documents.ts';
import { compileQuery, parseQuery } from '../src/main/core/search/query.ts';
import { placeMarks, search, snippetOf } from '../src/main/core/search/search.ts';
import { variantIndexFor } from '../src/main/core/search/variants.ts';
import { summarise, timed, type Timing } from './util.ts';
import { everyone, viewerParam } from '../src/main/core/viewer.ts';

export const QUERIES: readonly { label: string; query: string }[] = [
  { label: 'most common word', query: 'said' },
  { label: 'common word (a third)', query: 'government' },
  { label: 'common word', query: 'russia' },
  { label: 'very common word', query: 'minister' },
  { label: 'rare word', query: 'gazprom' },
  { label: 'two-word AND', query: 'oil prices' },
  { label: 'phrase', query: '"prime minister"' },
  { label: 'OR', query: 'china OR india' },
  { label: 'prefix', query: 'sanction*' },
  { label: 'NEAR', query: 'NEAR(economy growth, 10)' },
  { label: 'field filter', query: 'title:election' },
  { label: 'fuzzy', query: 'lukashenko~' },
  { label: 'fuzzy (short)', query: 'kiev~' },
];

const PAGE = 50;
const WARMUP = 3;

export interface Breakdown {
  compile: number;
  count: number;
  /** The page statement, with highlight() of title and text for its rows. */
  page: number;
  rows: number;
  /** Placing the highlights of the index text on the stored text by the word maps, and cutting the snippets. */
  snippets: number;
  sum: number;
}

export interface QueryResult {
  label: string;
  query: string;
  match: string | null;
  variants: string[];
  total: number;
  rawTotal: number;
  samePage: boolean;
  /** The very first search() of this query (the fuzzy one builds the vocabulary then). */
  firstMs: number;
  /** search() with every hit ranked and counted. */
  ours: Timing;
  /**
   * search() as typing asks for it: a first page, ranked among the newest hits when there are many, or the newest
   * hits unranked when ranking would count too many documents (then `unranked`, and the ranked look follows).
   */
  quick: Timing;
  /** The first look's newest hits were unranked: the words whose documents ranking counts, each with about how many. */
  unranked: SearchOutput['unranked'] | null;
  /** search() ranked among the newest hits (quick, without rankLater): what follows an unranked first look. */
  rankedLook: Timing;
  /** The quick search's total (an estimate when rankedAmong is set). */
  quickTotal: number;
  rankedAmong: number | null;
  raw: Timing;
  /** The raw floor with what a bare page needs to show the page: highlight() of title and text, and each row's title, source and date. */
  rawShown: Timing;
  /** p50 of each step of search(), in ms. */
  breakdown: Breakdown;
}

export interface SearchResult {
  runs: number;
  queries: QueryResult[];
  maxRssBytes: number;
}

function main(): void {
  const [dbFile, runsArg, out] = process.argv.slice(2);
  if (!dbFile || !out) throw new Error('usage: search-child.ts <project> <runs> <out.json>');
  const runs = Math.max(1, Number(runsArg || 30));
  const db = openProject(dbFile);
  const variants = variantIndexFor(db);
  const resolveVariants = (term: string, distance: number | undefined) => variants.resolve(term, distance);
  const rawPage = db.prepare<[string], { id: number }>(
    `SELECT rowid AS id FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ${PAGE}`,
  );
  const rawCount = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?',
  );
  const rawShownPage = db.prepare<[string], { id: number; title: string | null; body: string }>(
    `SELECT rowid AS id, highlight(documents_fts, 0, char(2), char(3)) AS title, highlight(documents_fts, 1, char(2), char(3)) AS body
     FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ${PAGE}`,
  );
  const rawShownRows = db.prepare<
    [string],
    { id: number; title: string | null; source: string | null; published: string | null }
  >('SELECT id, title, source, published FROM documents WHERE id IN (SELECT value FROM json_each(?))');

  const queries: QueryResult[] = [];
  for (const { label, query } of QUERIES) {
    const input = SearchInput.parse({ query, limit: PAGE });
    const quickInput = SearchInput.parse({ query, limit: PAGE, quick: true, rankLater: true });
    const rankedInput = SearchInput.parse({ query, limit: PAGE, quick: true });
    const first = timed(() => search(db, input, everyone()));
    const compiled = compileQuery(parseQuery(query), { resolveVariants });
    const match = compiled.match;
    if (!match) throw new Error(`${query} compiled to no MATCH expression`);
    const runRaw = () => ({ page: rawPage.all(match), total: rawCount.get(match)!.n });
    const runRawShown = () => {
      const page = rawShownPage.all(match);
      return { page, rows: rawShownRows.all(JSON.stringify(page.map((r) => r.id))), total: rawCount.get(match)!.n };
    };

    for (let i = 0; i < WARMUP; i++) {
      search(db, input, everyone());
      search(db, quickInput, everyone());
      search(db, rankedInput, everyone());
      runRaw();
      runRawShown();
    }
    const oursMs: number[] = [];
    const quickMs: number[] = [];
    const rankedMs: number[] = [];
    const rawMs: number[] = [];
    const shownMs: number[] = [];
    let last = first.value;
    let lastQuick = search(db, quickInput, everyone());
    let lastRaw = runRaw();
    for (let i = 0; i < runs; i++) {
      const a = timed(() => search(db, input, everyone()));
      const q = timed(() => search(db, quickInput, everyone()));
      const r = timed(() => search(db, rankedInput, everyone()));
      const b = timed(runRaw);
      const c = timed(runRawShown);
      oursMs.push(a.ms);
      quickMs.push(q.ms);
      rankedMs.push(r.ms);
      rawMs.push(b.ms);
      shownMs.push(c.ms);
      last = a.value;
      lastQuick = q.value;
      lastRaw = b.value;
    }
    const ids = last.results.map((r) => r.document.id);
    queries.push({
      label,
      query,
      match,
      variants: compiled.expansions.flatMap((e) => e.variants),
      total: last.total,
      rawTotal: lastRaw.total,
      samePage: ids.length === lastRaw.page.length && ids.every((id, i) => id === lastRaw.page[i]!.id),
      firstMs: first.ms,
      ours: summarise(oursMs),
      quick: summarise(quickMs),
      quickTotal: lastQuick.total,
      rankedAmong: lastQuick.quick?.rankedAmong ?? null,
      unranked: lastQuick.unranked ?? null,
      rankedLook: summarise(rankedMs),
      raw: summarise(rawMs),
      rawShown: summarise(shownMs),
      breakdown: breakdown(db, query, resolveVariants, runs),
    });
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  db.close();
  const result: SearchResult = { runs, queries, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  writeFileSync(out, JSON.stringify(result, null, 2));
}

/** The exact search()'s steps one at a time; mirrors ranked() in search.ts (no filters, first page). */
function breakdown(
  db: ReturnType<typeof openProject>,
  query: string,
  resolveVariants: (term: string, distance: number | undefined) => string[],
  runs: number,
): Breakdown {
  const document = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents AS d WHERE d.id = @id`);
  const stored = db.prepare<
    [number],
    { title: string | null; body: string; titleMap: Uint8Array | null; bodyMap: Uint8Array }
  >(
    'SELECT d.title, d.body, w.title_map AS titleMap, w.body_map AS bodyMap FROM documents d JOIN document_words w ON w.id = d.id WHERE d.id = ?',
  );
  const count = db.prepare('SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH @match');
  const page = db.prepare<{ match: string; limit: number }, { id: number; title: string | null; body: string }>(
    `SELECT rowid AS id, rank, highlight(documents_fts, 0, char(2), char(3)) AS title,
       highlight(documents_fts, 1, char(2), char(3)) AS body
     FROM documents_fts WHERE documents_fts MATCH @match ORDER BY rank LIMIT @limit OFFSET 0`,
  );
  const samples: Record<keyof Breakdown, number[]> = {
    compile: [],
    count: [],
    page: [],
    rows: [],
    snippets: [],
    sum: [],
  };
  for (let i = 0; i < runs + WARMUP; i++) {
    const t0 = performance.now();
    const match = compileQuery(parseQuery(query), { resolveVariants }).match!;
    const t1 = performance.now();
    count.get({ match });
    const t2 = performance.now();
    const rows = page.all({ match, limit: PAGE });
    const t3 = performance.now();
    const texts = rows.map(({ id }) => (document.get({ id, viewer: viewerParam(everyone()) }), stored.get(id)!));
    const t4 = performance.now();
    rows.forEach((row, k) => {
      snippetOf(placeMarks(row.body, texts[k]!.bodyMap, texts[k]!.body)!);
      if (row.title) placeMarks(row.title, texts[k]!.titleMap!, texts[k]!.title!);
    });
    const t5 = performance.now();
    if (i < WARMUP) continue;
    samples.compile.push(t1 - t0);
    samples.count.push(t2 - t1);
    samples.page.push(t3 - t2);
    samples.rows.push(t4 - t3);
    samples.snippets.push(t5 - t4);
    samples.sum.push(t5 - t0);
  }
  const p50 = (k: keyof Breakdown) => summarise(samples[k]).p50;
  return {
    compile: p50('compile'),
    count: p50('count'),
    page: p50('page'),
    rows: p50('rows'),
    snippets: p50('snippets'),
    sum: p50('sum'),
  };
}

main();
