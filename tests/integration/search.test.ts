import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import { search } from '../../src/main/core/search/search.ts';
import { VariantIndex } from '../../src/main/core/search/variants.ts';
import { SearchInput, type SearchInput as SearchArgs, type Span } from '../../src/shared/api.ts';
import type { Db } from '../../src/main/core/db/open.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';

// Seed documents are numbered in file order: 000 → 1 … 004 → 5.
const run = (db: Db, input: SearchArgs) => search(db, SearchInput.parse(input), everyone());
const ids = (db: Db, query: string, extra: Partial<SearchArgs> = {}) =>
  run(db, { query, limit: 50, ...extra })
    .results.map((r) => r.document.id)
    .sort();

/** The text a span covers, counting code points. */
const cover = (text: string, [start, end]: Span) => [...text].slice(start, end).join('');

describe('search over the seed articles', () => {
  it('finds a word in the documents that contain it, with a total', async () => {
    const { db } = await createTestProject();
    const result = run(db, { query: 'Lukashenka' });
    expect(result.total).toBe(2);
    expect(result.results.map((r) => r.document.id).sort()).toEqual([2, 4]);
    expect(result.expansions).toEqual([]);
  });

  it('expands a fuzzy term to its spelling variants and shows the expansion', async () => {
    const { db } = await createTestProject();
    const result = run(db, { query: 'Lukashenko~' });
    expect(result.expansions).toHaveLength(1);
    expect(result.expansions[0]!.term).toBe('Lukashenko');
    expect(result.expansions[0]!.variants).toEqual(expect.arrayContaining(['lukashenko', 'lukashenka', 'lukashenkko']));
    expect(result.total).toBe(5);
    const kiev = run(db, { query: 'Kiev~' });
    expect(kiev.expansions[0]!.variants).toEqual(expect.arrayContaining(['kiev', 'kyiv']));
    expect(kiev.expansions[0]!.variants).not.toContain('kill');
    expect(kiev.results.map((r) => r.document.id).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(ids(db, 'Kiev')).toEqual([1]);
  });

  it('keeps transliteration variants and leaves other near words out', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'words.txt'),
      'Kiev Kyiv Akaev kill king knew Odessa Odesa Kharkiv Kharkov Zelensky Zelenskyy Zelenskiy troops troop',
    );
    await importFiles(db, [dir]);
    const index = new VariantIndex(db);
    expect(index.resolve('Kiev')).toEqual(['kiev', 'kyiv']);
    expect(index.resolve('Odessa')).toEqual(['odessa', 'odesa']);
    expect(index.resolve('Kharkov')).toEqual(['kharkov', 'kharkiv']);
    // The vocabulary holds the index's Porter stems: Zelensky → zelenski, Zelenskyy → zelenskyi, Zelenskiy → zelenskii.
    expect(index.resolve('Zelensky')).toEqual(['zelenski', 'zelenskii', 'zelenskyi']);
    expect(index.resolve('kiev', 2)).toEqual(expect.arrayContaining(['kiev', 'kyiv', 'kill', 'king', 'knew']));
    expect(index.resolve('Kyiv')).not.toContain('akaev');
    // A new document's words are found without reopening the project.
    writeFileSync(join(dir, 'more.txt'), 'Kyiev appears in a later file.');
    await importFiles(db, [join(dir, 'more.txt')]);
    expect(index.resolve('Kiev')).toContain('kyiev');
  });

  it('expands every word with the variants switch', async () => {
    const { db } = await createTestProject();
    const result = run(db, { query: 'Lukashenkko', variants: true });
    expect(result.expansions[0]!.variants).toEqual(expect.arrayContaining(['lukashenko', 'lukashenka']));
    expect(result.total).toBe(5);
    expect(ids(db, 'Lukashenkko')).toEqual([3]);
  });

  it('returns hit offsets in code points that cover the matched words', async () => {
    const { db } = await createTestProject();
    const result = run(db, { query: 'Lukashenka~' });
    for (const hit of result.results) {
      const body = getDocument(db, hit.document.id, everyone()).body;
      expect(hit.hits.length).toBeGreaterThan(0);
      for (const span of hit.hits) expect(cover(body, span)).toMatch(/^Lukashenk(o|a|ko)$/i);
      for (const span of hit.snippet.marks) expect(cover(hit.snippet.text, span)).toMatch(/^Lukashenk(o|a|ko)$/i);
    }
    const doc3 = result.results.find((r) => r.document.id === 3)!;
    expect(doc3.hits).toHaveLength(11);
  });

  it('counts offsets in code points past emoji and combining marks', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'emoji.txt'), '😀👍🏽 Cafe\u0301 𝒳 then Lukashenko spoke, 中文 Lukashenko again.');
    await importFiles(db, [dir]);
    const hit = run(db, { query: 'lukashenko' }).results[0]!;
    const body = getDocument(db, hit.document.id, everyone()).body;
    expect(hit.hits).toEqual([
      [16, 26],
      [37, 47],
    ]);
    for (const span of hit.hits) expect(cover(body, span)).toBe('Lukashenko');
  });

  it('ranks a match in the title above matches in the text', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.md'),
      '# Notes on the border\n\nGrodno, Grodno and Grodno again: the exercise was near Grodno.',
    );
    writeFileSync(join(dir, 'b.md'), '# Grodno summit\n\nPutin travelled to the city for a forum.');
    await importFiles(db, [dir]);
    const result = run(db, { query: 'grodno' });
    expect(result.results.map((r) => r.document.displayTitle)).toEqual(['Grodno summit', 'Notes on the border']);
    expect(result.results[0]!.titleHits).toEqual([[0, 6]]);
  });

  it('supports phrases, exclusion, OR, prefixes, NEAR and fields', async () => {
    const { db } = await createTestProject();
    expect(ids(db, '"special military operation"')).toEqual([1, 3]);
    expect(ids(db, 'Lukashenka -Grodno')).toEqual([2]);
    expect(ids(db, 'Zyabrovka OR Grodno')).toEqual([2, 4]);
    expect(ids(db, 'Zyabrov*')).toEqual([2]);
    expect(ids(db, 'NEAR(Tsikhanouskaya alarm, 12)')).toEqual([3]);
    expect(ids(db, 'source:"washington times"')).toEqual([3]);
    expect(ids(db, 'author:higgins')).toEqual([5]);
    expect(ids(db, 'title:Lukashenka')).toEqual([4]);
  });

  it('filters by date from the query and from the options, and by source', async () => {
    const { db } = await createTestProject();
    expect(ids(db, 'date:2022-12')).toEqual([3, 5]);
    expect(ids(db, 'Lukashenko date:2022-12-19')).toEqual([3]);
    expect(ids(db, 'Lukashenko', { dateFrom: '2022-12-19' })).toEqual([3]);
    expect(ids(db, 'Lukashenko', { dateTo: '2022-12-18' })).toEqual([5]);
    expect(ids(db, 'Lukashenko', { source: 'the washington times' })).toEqual([3]);
    expect(ids(db, 'Lukashenko date:2021')).toEqual([]);
  });

  it('lists documents for a query of exclusions only', async () => {
    const { db } = await createTestProject();
    const result = run(db, { query: '-Lukashenka' });
    expect(result.total).toBe(3);
    expect(result.results.map((r) => r.document.id).sort()).toEqual([1, 3, 5]);
    expect(result.results[0]!.snippet.text.length).toBeGreaterThan(0);
  });

  it('pages through results with a stable total', async () => {
    const { db } = await createTestProject();
    const all = run(db, { query: 'Belarus', limit: 10 });
    expect(all.total).toBe(5);
    const first = run(db, { query: 'Belarus', limit: 2, offset: 0 });
    const second = run(db, { query: 'Belarus', limit: 2, offset: 2 });
    expect(first.total).toBe(5);
    expect(second.total).toBe(5);
    expect([...first.results, ...second.results].map((r) => r.document.id)).toEqual(
      all.results.slice(0, 4).map((r) => r.document.id),
    );
  });

  it('reads malformed queries sensibly instead of failing', async () => {
    const { db } = await createTestProject();
    for (const query of [
      '"unclosed phrase',
      'OR',
      ')(',
      'NEAR(',
      'title:',
      '***',
      '😀',
      '-',
      'a AND',
      '"',
      'date:2022-13',
      '\u0000\u0002',
    ]) {
      expect(() => run(db, { query }), query).not.toThrow();
    }
    const unclosed = run(db, { query: '"special military' });
    expect(unclosed.total).toBe(2);
    expect(unclosed.warnings.length).toBeGreaterThan(0);
  });

  it('is reachable through the engine, which validates its input', async () => {
    const project = await createTestProject();
    const result = await call(project, 'search', { query: 'Grodno' });
    expect(result.results[0]!.document.id).toBe(4);
    await expect(call(project, 'search', { query: 'x', limit: 0 })).rejects.toThrow(/Invalid input for search/);
    await expect(call(project, 'search', { query: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
