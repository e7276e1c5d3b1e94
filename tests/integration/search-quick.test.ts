import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import type { Db } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { compileQuery, parseQuery } from '../../src/main/core/search/query.ts';
import { SEARCH_LIMITS, search } from '../../src/main/core/search/search.ts';
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

const run = (db: Db, input: SearchArgs, window?: number, counted = SEARCH_LIMITS.counted) =>
  search(db, SearchInput.parse(input), everyone(), undefined, { window: window ?? SEARCH_LIMITS.window, counted });

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

describe('quick search asked to rank later: the newest hits at once when ranking would count too many documents', () => {
  it('lists the newest hits of a common word newest first, unranked, and says which words made it so', async () => {
    const db = await project();
    const window = 12;
    for (const query of ['market', 'minister', 'wheat OR ship']) {
      const expected = rankedByFts(db, query);
      expect(expected.length, query).toBeGreaterThan(window * 2);
      // Counting more than 10 documents is too many here: every one of these has more.
      const first = run(db, { query, quick: true, rankLater: true, limit: 5 }, window, 10);
      const newest = [...expected].sort((a, b) => b - a);
      expect(
        first.results.map((r) => r.document.id),
        query,
      ).toEqual(newest.slice(0, 5));
      expect(
        first.results.every((r) => Object.is(r.score, 0)),
        query,
      ).toBe(true);
      const words = first.unranked!.words;
      expect(
        words.map((w) => w.text),
        query,
      ).toEqual(expect.arrayContaining(query.split(' OR ')));
      expect(
        words.reduce((sum, w) => sum + w.documents, 0),
        query,
      ).toBeGreaterThan(10);
      // The total is estimated as a ranked first look's is, from the same window.
      const ranked = run(db, { query, quick: true, limit: 5 }, window, 10);
      expect(ranked.unranked, query).toBeUndefined();
      expect(first.quick, query).toEqual({ rankedAmong: window });
      expect(first.total, query).toBe(ranked.total);
      expect(
        first.results.every((r) => r.hits.length + r.titleHits.length > 0),
        query,
      ).toBe(true);
      // The next page goes on newest first.
      const next = run(db, { query, quick: true, rankLater: true, limit: 5, offset: 5 }, window, 10);
      expect(next.results.map((r) => r.document.id)).toEqual(newest.slice(5, 10));
    }
  });

  it('tells how many documents each common word is in, from its newest', async () => {
    const db = await project();
    const count = (word: string) =>
      db
        .prepare<[string], number>('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?')
        .pluck()
        .get(`"${word}"`)!;
    // "market" and "minister" (in most articles, and in a third or so), the commoner first, each near its count.
    const { words } = run(db, { query: 'minister market', quick: true, rankLater: true }, 12, 10).unranked!;
    expect(words.map((w) => w.text)).toEqual(
      count('market') > count('minister') ? ['market', 'minister'] : ['minister', 'market'],
    );
    for (const w of words) expect(Math.abs(w.documents - count(w.text)) / count(w.text), w.text).toBeLessThan(0.25);
  });

  it('counts exactly, and lists every hit newest first, when there are no more hits than the window', async () => {
    const db = await project();
    const query = 'market -grain';
    const expected = rankedByFts(db, query);
    const first = run(db, { query, quick: true, rankLater: true, limit: 500 }, expected.length, 10);
    expect(first.quick).toBeUndefined();
    expect(first.total).toBe(expected.length);
    expect(first.results.map((r) => r.document.id)).toEqual([...expected].sort((a, b) => b - a));
    // A phrase of the NOT counts too: ranking weighs every phrase of the query.
    expect(first.unranked?.words.map((w) => w.text)).toContain('grain');
  });

  it('ranks as before when the documents to count are within bounds, or when not asked to rank later', async () => {
    const db = await project();
    for (const query of QUERIES) {
      const ranked = run(db, { query, quick: true, limit: 50 }, 12);
      expect(run(db, { query, quick: true, rankLater: true, limit: 50 }, 12), query).toEqual(ranked);
      expect(run(db, { query, quick: true, limit: 50 }, 12, 10).unranked, query).toBeUndefined();
      expect(run(db, { query, rankLater: true, limit: 50 }, 12, 10).unranked, query).toBeUndefined();
    }
  });
});
