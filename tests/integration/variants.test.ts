import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { foldTerm, VariantIndex } from '../../src/main/core/search/variants.ts';
import { addNewTerms, type TermsWay } from '../../src/main/core/search/terms.ts';
import type { Db } from '../../src/main/core/db/open.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

// The reference: spelling variants as Quire found them before the vocabulary lived in the project,
// by reading every term of FTS5's vocabulary into a lunr TokenSet and intersecting it with the fuzzy automaton.
interface TokenSet {
  intersect(other: TokenSet): TokenSet;
  toArray(): string[];
}
const LunrSet = lunr.TokenSet as unknown as {
  fromArray(words: string[]): TokenSet;
  fromFuzzyString(word: string, d: number): TokenSet;
};
const stemOf = (word: string) => lunr.stemmer(new lunr.Token(word, {})).toString();
const skeletonOf = (word: string) => (word[0] + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/g, '$1');

function resolvedByReadingEveryTerm(db: Db, term: string, distance?: number): string[] {
  const key = foldTerm(term);
  if (!key) return [];
  const stem = stemOf(key);
  const terms = (db.prepare('SELECT term FROM documents_vocab').pluck().all() as string[])
    .filter((t) => /^[\p{L}\p{M}]/u.test(t))
    .sort();
  const vocabulary = LunrSet.fromArray(terms);
  const within = (d: number) => vocabulary.intersect(LunrSet.fromFuzzyString(stem, d)).toArray();
  const skeleton = skeletonOf(stem);
  const found =
    distance !== undefined
      ? within(Math.max(0, Math.min(distance, 3)))
      : [...(stem.length >= 5 ? within(1) : []), ...within(2).filter((c) => skeletonOf(c) === skeleton)];
  const unique = [...new Set(found)].sort();
  return (unique.includes(stem) ? [stem, ...unique.filter((c) => c !== stem)] : unique).slice(0, 32);
}

// Spellings as news in several languages and programs leave them: transliterations, a typo, Cyrillic,
// accents decomposed and composed, Greek, a CJK run, a character beyond the BMP, numbers and mixed tokens.
const TEXTS = [
  'Lukashenko met Lukashenka in Minsk; Lukashenkko is a typo. Лукашенко и Лукашэнка встретились в Минске.',
  'Kiev Kyiv Kyyiv Kijów Київ Киев Odessa Odesa Kharkiv Kharkov Zelensky Zelenskyy Zelenskiy Tsikhanouskaya Tikhanovskaya',
  'Café cafe café naïve naive São Paulo Sao Paolo Dvořák Dvorak Łódź Lodz Gdańsk Gdansk Ærø Straße strasse',
  'Αθήνα Αθηνα Athens Athina 北京 北京市 Beijing Peking 𠀀𠀁 emoji 😀 covid-19 COVID19 g7 G20 2024 3rd',
  'troops troop trooping government governments governor said says saying elections election elected',
];
const QUERIES = [
  'Lukashenko',
  'lukashenka',
  'Лукашенко',
  'Kiev',
  'Kyiv',
  'Київ',
  'Odessa',
  'Kharkov',
  'Zelensky',
  'Tsikhanouskaya',
  'cafe',
  'Café',
  'naive',
  'Dvorak',
  'Lodz',
  'Gdansk',
  'strasse',
  'Athina',
  'Αθηνα',
  'Beijing',
  'troops',
  'government',
  'said',
  'election',
  'g7',
  'covid',
  'a',
  'ab',
  'zzzz',
  'Peking',
];

describe('spelling variants from the vocabulary kept in the project', () => {
  it('finds exactly what reading every term of the index found, for every distance, on text in many scripts', async () => {
    const p = await createTestProject();
    const dir = tempDir();
    TEXTS.forEach((text, i) => writeFileSync(join(dir, `${i}.txt`), `Variants ${i}\n\n${text}\n`));
    await call(p, 'importFiles', { paths: [dir] });
    const index = new VariantIndex(p.db);
    let nonEmpty = 0;
    for (const query of QUERIES) {
      for (const distance of [undefined, 0, 1, 2, 3]) {
        const expected = resolvedByReadingEveryTerm(p.db, query, distance);
        expect(index.resolve(query, distance), `${query}~${distance ?? ''}`).toEqual(expected);
        if (expected.length > 1) nonEmpty++;
      }
    }
    // The comparison has teeth: most queries find several variants.
    expect(nonEmpty).toBeGreaterThan(40);
    expect(index.resolve('Lukashenko')).toEqual(expect.arrayContaining(['lukashenko', 'lukashenka', 'lukashenkko']));
  });

  it('is kept by every import, and by a merge before the next lookup; deleted documents only ever find nothing', async () => {
    const p = await createTestProject();
    const terms = () => p.db.prepare('SELECT count(*) FROM search_terms').pluck().get() as number;
    const before = terms();
    expect(before).toBeGreaterThan(500);
    const dir = tempDir();
    writeFileSync(join(dir, 'new.txt'), 'Lukashenkaa and Tsikhanouskaya spoke.');
    await call(p, 'importFiles', { paths: [dir] });
    // Added by the import itself, before anyone searches.
    expect(
      p.db
        .prepare("SELECT term FROM search_terms WHERE term IN ('lukashenkaa', 'tsikhanouskaya') ORDER BY term")
        .pluck()
        .all(),
    ).toEqual(['lukashenkaa', 'tsikhanouskaya']);
    // Every term of the index, and only those.
    const all = (sql: string) => p.db.prepare(sql).pluck().all();
    expect(all('SELECT term FROM search_terms ORDER BY term')).toEqual(
      all('SELECT term FROM documents_vocab ORDER BY term'),
    );
    // A document written by another path (as a merge or a redo writes) is taken in at the next lookup.
    p.db
      .prepare(
        `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
         VALUES ('merged', 'Merged', 'Lukaschenko in German spelling.', 'txt', 'utf-8', 'h', 'h', 0, 0, '2024-01-01')`,
      )
      .run();
    const index = new VariantIndex(p.db);
    expect(index.resolve('Lukashenko')).toContain('lukaschenko');
    expect(index.resolve('Lukashenko')).toEqual(resolvedByReadingEveryTerm(p.db, 'Lukashenko'));
    const search = await call(p, 'search', { query: 'Lukashenko~' });
    expect(search.results.map((r) => r.document.title)).toContain('Merged');
    // Deleted, its words stay in the vocabulary and find nothing.
    const added = p.db.prepare("SELECT id FROM documents WHERE filename = 'new.txt'").pluck().get() as number;
    await call(p, 'deleteDocuments', { ids: [added] });
    expect(index.resolve('Tsikhanouskaya')).toContain('tsikhanouskaya');
    const after = await call(p, 'search', { query: 'Tsikhanouskaya~' });
    expect(after.results.map((r) => r.document.id)).not.toContain(added);
    expect(after.total).toBe(after.results.length);
  });

  it('takes the words of an edited title, source and author, and of a new document given a deleted one’s id', async () => {
    const p = await createTestProject();
    const index = new VariantIndex(p.db);
    const terms = () => p.db.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all();
    const indexed = () => p.db.prepare('SELECT term FROM documents_vocab ORDER BY term').pluck().all();
    // Words the index takes in only through the edit: every lookup brings the vocabulary up to date first.
    await call(p, 'updateDocument', {
      id: 1,
      title: 'Qwertzovich edited',
      source: 'Zyxsource Daily',
      author: 'Ann Zyxauthor',
    });
    expect(index.resolve('Qwertzovitch')).toContain('qwertzovich');
    expect(terms()).toEqual(expect.arrayContaining(indexed()));
    // The newest document deleted outright, and its id given to another written as a merge writes one.
    const newest = p.db.prepare('SELECT max(id) FROM documents').pluck().get() as number;
    p.db.prepare('DELETE FROM documents WHERE id = ?').run(newest);
    const id = p.db
      .prepare(
        `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
         VALUES ('reused', 'Reused', 'Plovdivskaya spoke.', 'txt', 'utf-8', 'r', 'r', 0, 0, '2024-01-01')`,
      )
      .run().lastInsertRowid;
    expect(Number(id)).toBe(newest);
    expect(index.resolve('Plovdivskaja')).toContain('plovdivskaya');
    expect(terms()).toEqual(expect.arrayContaining(indexed()));
    // Nothing waits once the vocabulary has taken them.
    expect(p.db.prepare('SELECT count(*) FROM search_terms_pending').pluck().get()).toBe(0);
  });
  it('takes the same terms either way: cutting the texts behind, or reading the index’s vocabulary', async () => {
    const p = await createTestProject();
    const terms = () => p.db.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all();
    const indexed = () => p.db.prepare('SELECT term FROM documents_vocab ORDER BY term').pluck().all();
    await call(p, 'updateDocument', { id: 2, title: 'Qwertzovich edited' });
    // Two documents behind, and an edited one waiting.
    p.db.exec('DELETE FROM search_terms');
    p.db.prepare('UPDATE search_terms_through SET document_id = 3').run();
    expect(p.db.prepare('SELECT document_id FROM search_terms_pending').pluck().all()).toEqual([2]);
    const taken = (way: TermsWay) => {
      p.db.exec('SAVEPOINT either');
      addNewTerms(p.db, way);
      const kept = {
        terms: terms(),
        through: p.db.prepare('SELECT document_id FROM search_terms_through').pluck().get(),
      };
      p.db.exec('ROLLBACK TO either');
      p.db.exec('RELEASE either');
      return kept;
    };
    const texts = taken('texts');
    const index = taken('index');
    // From the texts: the words of documents 2, 4 and 5 only (the vocabulary was emptied here, not by an import).
    expect(texts.terms).toContain('qwertzovich');
    expect(texts.terms.length).toBeLessThan(indexed().length);
    expect(index.terms).toEqual(indexed());
    expect(index.through).toBe(texts.through);
    // Both hold every term of the documents behind.
    expect(index.terms).toEqual(expect.arrayContaining(texts.terms));
    // And with nothing missing before, both come to the index's terms exactly.
    p.db.exec('DELETE FROM search_terms');
    p.db.prepare('UPDATE search_terms_through SET document_id = 0').run();
    expect(taken('texts').terms).toEqual(indexed());
    expect(taken('index').terms).toEqual(indexed());
  });
});
