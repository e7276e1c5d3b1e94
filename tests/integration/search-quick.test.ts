import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import type { Db } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { compileQuery, parseQuery } from '../../src/main/core/search/query.ts';
import { search } from '../../src/main/core/search/search.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { SearchInput, type SearchInput as SearchArgs } from '../../src/shared/api.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

// A varied corpus: articles of very different lengths, the words at very different rates (a few in nearly every
// article, most in some), some in titles, a phrase that recurs, and repeated words, as in news text. Made from a fixed
// seed so every run ranks the same articles.
const WORDS = ['market', 'grain', 'harvest', 'minister', 'export', 'price', 'farmer', 'rain', 'port', 'ship', 'wheat'];
const FILLER = ['the', 'said', 'on', 'a', 'in', 'of', 'was', 'with', 'after', 'before', 'today', 'week'];
const ARTICLES = 90;

function corpus(dir: string): void {
  let seed = 11;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let n = 0; n < ARTICLES; n++) {
    const length = 15 + Math.floor(next() ** 2 * 600);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      // Word k of WORDS is about 1/(k+1) as frequent as the first, so "market" is in most articles and "wheat" in few.
      const r = next();
      const k = Math.floor(WORDS.length * r * r * r);
      words.push(next() < 0.25 ? WORDS[k]! : FILLER[Math.floor(next() * FILLER.length)]!);
      if (next() < 0.02) words.push('prime', 'minister');
    }
    const title = `${n % 7 === 0 ? 'Grain ' : ''}Report ${n + 1}${n % 11 === 0 ? ' on the market' : ''}`;
    writeFileSync(join(dir, `article-${String(n).padStart(3, '0')}.txt`), `${title}\n\n${words.join(' ')}.\n`);
  }
}

async function project(): Promise<Db> {
  const { db } = await createTestProject({ seeds: false });
  const dir = tempDir();
  corpus(dir);
  const report = await importFiles(db, [dir]);
  expect(report.imported).toBe(ARTICLES);
  return db;
}

const QUERIES = [
  'market',
  'grain',
  'minister',
  'grain harvest',
  '"prime minister"',
  'wheat OR ship',
  'harv*',
  'title:grain',
];

/** Today's ranking, straight from FTS5: every hit, best first, and how many. */
function rankedByFts(db: Db, query: string): number[] {
  const match = compileQuery(parseQuery(query), { resolveVariants: () => [] }).match!;
  return db
    .prepare<[string], number>('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank')
    .pluck()
    .all(match);
}

const run = (db: Db, input: SearchArgs, window?: number) =>
  search(db, SearchInput.parse(input), everyone(), undefined, window);

/** Every result of a search, page by page. */
function allPages(db: Db, input: SearchArgs, window?: number) {
  const first = run(db, { ...input, limit: 7 }, window);
  const results = [...first.results];
  while (results.length < (first.quick ? Math.min(first.quick.rankedAmong, first.total) : first.total)) {
    const page = run(db, { ...input, limit: 7, offset: results.length }, window);
    if (!page.results.length) break;
    results.push(...page.results);
  }
  return { ...first, results };
}

describe('quick search: a first look ranked among the newest hits', () => {
  it('leaves the exact search as it was: every hit, in FTS5 rank order, counted', async () => {
    const db = await project();
    for (const query of QUERIES) {
      const expected = rankedByFts(db, query);
      const found = allPages(db, { query });
      expect(found.quick, query).toBeUndefined();
      expect(found.total, query).toBe(expected.length);
      expect(
        found.results.map((r) => r.document.id),
        query,
      ).toEqual(expected);
    }
  });

  it('answers a query with no more hits than the window exactly, as the exact search does', async () => {
    const db = await project();
    for (const query of QUERIES) {
      const hits = rankedByFts(db, query).length;
      const quick = run(db, { query, quick: true, limit: 50 }, hits);
      expect(quick.quick, query).toBeUndefined();
      expect(quick, query).toEqual(run(db, { query, limit: 50 }));
    }
  });

  it('ranks the newest hits of a common word with the scores of the full ranking, and estimates the total', async () => {
    const db = await project();
    const window = 12;
    for (const query of ['market', 'minister', 'grain', 'wheat OR ship']) {
      const expected = rankedByFts(db, query);
      expect(expected.length, query).toBeGreaterThan(window * 2);
      const exact = new Map(allPages(db, { query }).results.map((r) => [r.document.id, r.score]));
      const quick = allPages(db, { query, quick: true }, window);
      expect(quick.quick, query).toEqual({ rankedAmong: window });
      // The window is the newest hits; within it the order is the full ranking's order, with its very scores.
      const newest = [...expected].sort((a, b) => b - a).slice(0, window);
      expect(
        quick.results.map((r) => r.document.id),
        query,
      ).toEqual(expected.filter((id) => newest.includes(id)));
      for (const r of quick.results) expect(r.score, query).toBe(exact.get(r.document.id));
      // The estimate is near the count (the corpus has no trend over time), never below the hits seen.
      expect(quick.total, query).toBeGreaterThan(window);
      expect(Math.abs(quick.total - expected.length) / expected.length, query).toBeLessThan(0.4);
      // It has highlights and snippets like any result.
      expect(
        quick.results.every((r) => r.hits.length + r.titleHits.length > 0),
        query,
      ).toBe(true);
    }
  });

  it('pages within the window and has nothing after it', async () => {
    const db = await project();
    const all = run(db, { query: 'market', quick: true, limit: 10 }, 10);
    const second = run(db, { query: 'market', quick: true, limit: 5, offset: 5 }, 10);
    expect(second.results.map((r) => r.document.id)).toEqual(all.results.slice(5).map((r) => r.document.id));
    expect(run(db, { query: 'market', quick: true, offset: 10 }, 10).results).toEqual([]);
  });

  it('is asked for through the contract, and an exact search is the default', async () => {
    const p = await createTestProject();
    const quick = await call(p, 'search', { query: 'Belarus', quick: true });
    const exact = await call(p, 'search', { query: 'Belarus' });
    expect(quick).toEqual(exact);
    expect(exact.total).toBeGreaterThan(0);
  });
});
