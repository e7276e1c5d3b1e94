// The concordance reads a query's hits from the index's instances where it can (search/instances.ts) and from
// highlight() elsewhere. Both must give the very same hits, for every query and document: these tests run many
// queries over generated documents in many scripts (and over documents whose index no longer counts their words
// as their word maps do) both ways and compare.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../fixtures/random.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject, type Db } from '../../src/main/core/db/open.ts';
import { setScopes } from '../../src/main/core/documents/sets.ts';
import { bodyInstances, foundRows, placeInstances } from '../../src/main/core/search/instances.ts';
import { compileQuery, parseQuery } from '../../src/main/core/search/query.ts';
import { hitsEverywhere } from '../../src/main/core/search/search.ts';
import { kwic, kwicTexts, leftContext, rightContext } from '../../src/main/core/analysis/kwic.ts';
import { spansToUtf16 } from '../../src/shared/codepoints.ts';
import { KWIC_TEXT_BLOCK } from '../../src/shared/kwic.ts';
import type { KwicTexts } from '../../src/shared/api.ts';
import { variantIndexFor } from '../../src/main/core/search/variants.ts';
import { everyone } from '../../src/main/core/viewer.ts';

/** Words as sources write them: stems of one word, accents and ё, apostrophes, ligatures, full-width Latin, astral letters, Chinese, a soft hyphen. */
const POOL = [
  'Minsk',
  'minister',
  'ministers',
  'Minister',
  'running',
  'runs',
  'ran',
  'run',
  'sanction',
  'sanctions',
  'sanctioned',
  'Лукашенко',
  'Лукашенка',
  'Беларусь',
  'ёлка',
  'елка',
  'café',
  'cafe',
  'CAFÉ',
  'naïve',
  'l’armée',
  "don't",
  "Putin's",
  'co-operation',
  'ﬁnance',
  'finance',
  'Ｇｏｏｇｌｅ',
  'Google',
  '😀',
  '𝔘𝔫𝔦',
  'πόλις',
  'ΠΌΛΙΣ',
  '人工智能',
  '東京大学',
  'Zürich',
  'zurich',
  'speed',
  'speeds',
  'speedy',
  '3.5',
  '2022',
  'a',
  'the',
  'of',
  'Straße',
  'strasse',
  'co\u00ADoperate',
  'e\u0301cole',
  'école',
  'Kyiv',
  'Kiev',
  'Kyjiw',
  'troops',
  'troop',
];
const GLUE = [' ', ' ', ' ', ' ', ', ', '. ', '.\r\n', ' — ', '\r\n\r\n', ' "', '" ', ' (', ') ', ' 😀 ', '\t', '’s '];

const QUERIES = [
  ...POOL,
  ...['min*', 'minister*', 'san*', 'run*', 'лук*', 'caf*', 'спе*', 'speed*', 'e*', 'z*', '東*'],
  'minister OR sanctions',
  'minister AND sanctions',
  'minister sanctions',
  'speed OR speed*',
  'run OR running OR ran',
  'minister -sanctions',
  'minister NOT speed',
  'speed NOT title:minister',
  '(speed OR troops) minister',
  '(speed OR troops) (minister OR café)',
  'speed OR (minister AND run)',
  'speed OR (minister -run)',
  '"prime minister"',
  '"minister running"',
  '"cafe zurich"',
  'NEAR(minister speed, 5)',
  'NEAR(minister*)',
  'title:minister',
  'title:minister speed',
  'title:speed OR speed',
  'author:someone speed',
  'minister~',
  'lukashenko~',
  'kiev~',
  'cafe~ OR troops',
  'date:2022 speed',
  '-speed',
  'nowhere',
  'speed nowhere',
  'nowhere*',
];

let db: Db;
const SKEWED = [3, 7];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-kwic-'));
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const random = prng(18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  for (let d = 0; d < 120; d++) {
    const words = Array.from({ length: 20 + Math.floor(random() * 200) }, () => pick(POOL));
    let text = '';
    for (const w of words) text += w + pick(GLUE);
    const title = Array.from({ length: 3 }, () => pick(POOL)).join(' ');
    writeFileSync(join(dir, `doc-${d}.txt`), `${title}\r\n\r\n${text}\r\n`);
  }
  db = openProject(':memory:');
  const report = await importFiles(db, [dir]);
  expect(report.imported).toBeGreaterThan(100);
  const ids = db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
  // Documents whose index no longer counts their words as their word maps do, as a damaged file or a hand edit
  // leaves them: a map missing its last word; an index text and map made anew (longer) without indexing them again.
  const [short, stale] = SKEWED.map((k) => ids[k]!);
  const sameCount = ids[11]!;
  const map = db.prepare<[number], Buffer>('SELECT body_map FROM document_words WHERE id = ?').pluck().get(short!)!;
  db.prepare('UPDATE document_words SET body_map = ? WHERE id = ?').run(map.subarray(0, map.length - 2), short);
  db.prepare(
    "UPDATE document_words SET body = quire_words('Speed minister, speed! ' || b), body_map = quire_word_map('Speed minister, speed! ' || b) FROM (SELECT body AS b FROM documents WHERE id = ?) WHERE id = ?",
  ).run(stale, stale);
  // And one whose index text and map were made anew with as many words (letters changed): the index's offsets are
  // still its words' numbers, so it is read from the instances, and must read as highlight() reads it.
  db.prepare(
    "UPDATE document_words SET body = quire_words(b), body_map = quire_word_map(b) FROM (SELECT replace(replace(body, 'e', 'o'), 'Л', 'Б') AS b FROM documents WHERE id = ?) WHERE id = ?",
  ).run(sameCount, sameCount);
});

const both = (query: string, variants: boolean) => {
  const input = { query, variants };
  return [
    hitsEverywhere(db, input, everyone(), setScopes, 'instances'),
    hitsEverywhere(db, input, everyone(), setScopes, 'highlight'),
  ] as const;
};

describe('the concordance’s hits from the index’s instances', () => {
  it('are highlight()’s very hits, for every query, with and without spelling variants', () => {
    let hits = 0;
    for (const query of QUERIES)
      for (const variants of [false, true]) {
        const [ours, reference] = both(query, variants);
        expect(ours, `${query} (variants ${variants})`).toEqual(reference);
        hits += reference.documents.reduce((n, d) => n + d.hits.length, 0);
      }
    // The queries find much, and the damaged documents are told of as highlight() tells of them.
    expect(hits).toBeGreaterThan(20_000);
    expect(both('minister', false)[0].unplaced).toHaveLength(1);
  });

  it('are read from the instances for all but the documents whose counts differ, which go by highlight()', () => {
    let placed = 0;
    for (const query of ['minister', 'speed OR café', 'san*', 'title:speed OR speed', 'minister -sanctions']) {
      const compiled = compileQuery(parseQuery(query), {
        resolveVariants: (term, distance) => variantIndexFor(db).resolve(term, distance),
      });
      expect(compiled.terms, query).not.toBeNull();
      const rows = foundRows(db, compiled.match!, '', {});
      const offsets = bodyInstances(
        db,
        compiled.terms!,
        rows.map((r) => r.id),
      )!;
      const reference = new Map(
        hitsEverywhere(db, { query, variants: false }, everyone(), setScopes, 'highlight').documents.map((d) => [
          d.id,
          d.hits,
        ]),
      );
      const ids = db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
      const skewed = new Set(SKEWED.map((k) => ids[k]!));
      for (const row of rows) {
        const marks = placeInstances(row, offsets.get(row.id)!);
        if (skewed.has(row.id)) expect(marks, `${query} in ${row.id}`).toBeNull();
        else {
          expect(marks, `${query} in ${row.id}`).toEqual(reference.get(row.id) ?? []);
          placed++;
        }
      }
    }
    expect(placed).toBeGreaterThan(300);
  });

  it('are not read from the instances for phrases, NEAR, a phrase of several index words, or an AND inside an OR', () => {
    const terms = (q: string) => compileQuery(parseQuery(q)).terms;
    for (const q of ['NEAR(minister speed)', 'speed OR (minister AND run)', 'speed OR (a -b)', 'x OR (y OR (z w))'])
      expect(terms(q), q).toBeNull();
    expect(terms('speed OR (minister OR run*) title:x -y')).toEqual([
      { words: 'speed', field: null, prefix: false },
      { words: 'minister', field: null, prefix: false },
      { words: 'run', field: null, prefix: true },
      { words: 'x', field: 'title', prefix: false },
    ]);
    // A phrase, or one word the index holds as several (FTS5 reads it as a phrase): highlight() places them.
    for (const q of ['"prime minister"', '人工智能', 'speed OR "a b"']) {
      expect(terms(q), q).not.toBeNull();
      expect(bodyInstances(db, terms(q)!, [1]), q).toBeNull();
    }
    expect(bodyInstances(db, terms('speed OR a*')!, [1])).not.toBeNull();
  });
});

describe('the concordance’s lines from the text around each hit', () => {
  it('are the lines the documents’ whole texts give, at every width and in every order', () => {
    const bodies = new Map(
      db
        .prepare<[], { id: number; body: string }>('SELECT id, body FROM documents')
        .all()
        .map((d) => [d.id, d.body]),
    );
    let compared = 0;
    const orders = new Map<string, string[]>();
    for (const query of ['minister', 'speed OR café', 'Лукашенко', 'e*', '𝔘𝔫𝔦', 'ran'])
      for (const width of [200, 10, 39, 41, 60]) {
        // The lines as the whole texts give them, in the documents' order.
        const reference = hitsEverywhere(db, { query, variants: false }, everyone(), setScopes, 'highlight')
          .documents.flatMap((d) => d.hits.map((h) => [d.id, h] as const))
          .map(([id, [start, end]]) => {
            const body = bodies.get(id)!;
            const [a, b] = spansToUtf16(body, [[start, end]])[0]!;
            return {
              key: `${id}:${start}`,
              left: leftContext(body, a, width),
              hit: body.slice(a, b).replace(/\s+/gu, ' '),
              right: rightContext(body, b, width),
            };
          });
        const byKey = new Map(reference.map((l) => [l.key, l]));
        for (const sort of ['document', 'left', 'right'] as const) {
          const r = kwic(db, { query, variants: false, width, sort, limit: 100_000 }, everyone());
          const lines = r.lines.map((l) => ({
            key: `${l.documentId}:${l.start}`,
            left: l.left,
            hit: l.hit,
            right: l.right,
          }));
          expect(lines.length, query).toBe(reference.length);
          if (sort === 'document') expect(lines).toEqual(reference);
          else {
            for (const l of lines) expect(l, `${query} ${width} ${sort}`).toEqual(byKey.get(l.key));
            // Sorted by the words either side, whatever the width: the order is the widest lines' order.
            const order = lines.map((l) => l.key);
            if (width === 200) orders.set(`${query} ${sort}`, order);
            else expect(order, `${query} ${width} ${sort}`).toEqual(orders.get(`${query} ${sort}`));
          }
          compared += lines.length;
        }
      }
    expect(compared).toBeGreaterThan(20_000);
  });
});

describe('the concordance’s lines brought in parts', () => {
  it('are the whole concordance’s lines: its first lines with their text, the rest by place with kwicTexts’ text', () => {
    let compared = 0;
    for (const query of ['minister', 'speed OR café', 'Лукашенко', 'e*', '𝔘𝔫𝔦', 'ran', '"prime minister"'])
      for (const width of [10, 41, 60])
        for (const sort of ['document', 'left', 'right'] as const) {
          const input = { query, variants: false, width, sort, limit: 100_000 };
          const whole = kwic(db, input, everyone());
          for (const texts of [0, 1, 17]) {
            const part = kwic(db, { ...input, texts }, everyone());
            // Asked for as the screen asks: block by block, each with its stamp.
            const rest = { texts: [] as KwicTexts['texts'], titles: {} as KwicTexts['titles'] };
            part.stamps.forEach((stamp, b) => {
              const t = part.lines.length;
              const block = part.more.slice(Math.max(0, b * KWIC_TEXT_BLOCK - t), (b + 1) * KWIC_TEXT_BLOCK - t);
              if (!block.length) return expect(stamp).toBe('');
              const got = kwicTexts(db, { lines: block.map(([d, s, e]) => [d, s, e] as const), width, stamp });
              rest.texts.push(...got.texts);
              Object.assign(rest.titles, got.titles);
            });
            // Each line as the screen puts it together: by place, then its text.
            const joined = [
              ...part.lines,
              ...part.more.map(([documentId, start, end, codingId], k) => ({
                documentId,
                start,
                end,
                codingId,
                ...rest.texts[k]!,
              })),
            ];
            expect(joined, `${query} ${width} ${sort} ${texts}`).toEqual(whole.lines);
            expect(part.lines).toHaveLength(Math.min(texts, whole.lines.length));
            expect({ ...part.titles, ...rest.titles }).toEqual(whole.titles);
            expect([part.total, part.documents, part.notes]).toEqual([whole.total, whole.documents, whole.notes]);
            compared += joined.length;
          }
        }
    expect(compared).toBeGreaterThan(20_000);
  });
});
