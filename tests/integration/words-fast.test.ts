// Word frequencies read from the search index's vocabulary give exactly the
// counts of cutting every text again, on a corpus of several scripts and
// languages, spelling variants, apostrophes and numbers; long counts tell
// their progress and leave the event loop free between batches.
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  detectLanguageOfText,
  wordFrequencies,
  type WordsOptions,
} from '../../src/main/core/analysis/words.ts';
import { indexText } from '../../src/main/core/search/words.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { createTestProject } from '../helpers/project.ts';

const TEXTS: Record<string, string> = {
  // Three spellings of one name, as outlets write it, with straight and typographic apostrophes.
  'minsk-1.txt':
    "Lukashenko said on Monday that Belarus's army would stay home. Lukashenka's critics doubt it; Lukashenkko, as one wire misspelt him, met Putin in the 1990s and again in 2024.\n\nThe opposition’s leaders, in exile, called it theatre.",
  'minsk-2.txt':
    'Lukashenka met the ministers. Sanctioned firms and sanctions on potash were discussed; the sanction list grew in 2022.\n\nCOVID-19 was not mentioned.',
  // Russian: ё and a stress mark folded, stop words of Russian.
  'moskva-1.txt':
    'Президент Белоруссии заявил, что ёлка на главной площади Минска будет установлена, несмотря на санкции. Лукашенко и Пу́тин встретились в Сочи.\n\nСанкции не изменят курс, сказал он.',
  'moskva-2.txt':
    'В Минске прошла встреча. Лукашенко заявил, что елка будет стоять, а санкции не помешают. Это было в 2023 году.',
  // French: diacritics and elided articles.
  'paris-1.txt':
    "L'économie biélorusse dépend de la Russie, a déclaré aujourd'hui le ministre. Les sanctions de l'Union européenne visent l'industrie de la potasse; l’économie souffre.",
};

async function corpus(): Promise<ProjectHandle> {
  const p = await createTestProject();
  const files = Object.entries(TEXTS).map(([name, text]) => ({ name, base64: Buffer.from(text).toString('base64') }));
  const report = await call(p, 'importUploads', { files });
  expect(report.imported).toBe(files.length);
  // One Russian text says its language, the other is told by its words.
  const id = p.db.prepare<[], number>("SELECT id FROM documents WHERE filename = 'moskva-1.txt'").pluck().get()!;
  await call(p, 'updateDocument', { id, language: 'ru' });
  return p;
}

const options = (more: Partial<WordsOptions> = {}): WordsOptions => ({
  scope: {},
  keepStopWords: false,
  top: 100_000,
  ...more,
});
/** Both ways to the counts: as the engine answers (the vocabulary where it can), and every text cut again. */
async function bothWays(p: ProjectHandle, more: Partial<WordsOptions> = {}) {
  const viewer = everyone();
  return [
    await wordFrequencies(p.db, options(more), viewer),
    await wordFrequencies(p.db, options({ ...more, readText: true }), viewer),
  ];
}

describe('word frequencies from the search index', () => {
  it('counts every document as cutting every text again would, stop words left out per language', async () => {
    const p = await corpus();
    const [fast, slow] = await bothWays(p);
    expect(fast).toEqual(slow);
    expect(fast.scope).toMatchObject({ label: 'All documents', documents: 10 });
    expect(fast.languages).toEqual([
      { code: 'en', documents: 7, detected: 7 },
      { code: 'ru', documents: 2, detected: 1 },
      { code: 'fr', documents: 1, detected: 1 },
    ]);
    // What the texts above add to the seeds' counts, by the index's terms.
    const seeds = new Map(
      (await call(await createTestProject(), 'wordFrequencies', { top: 10_000 })).rows.map((r) => [r.stem, r]),
    );
    const rows = new Map(
      fast.rows.map((r) => [
        r.stem,
        {
          count: r.count - (seeds.get(r.stem)?.count ?? 0),
          documents: r.documents - (seeds.get(r.stem)?.documents ?? 0),
        },
      ]),
    );
    // The three spellings are three words (a search for one does not find the others); the possessive's s is a word of its own.
    expect(rows.get('lukashenko')).toMatchObject({ count: 1, documents: 1 });
    expect(rows.get('lukashenka')).toMatchObject({ count: 2, documents: 2 });
    expect(rows.get('lukashenkko')).toMatchObject({ count: 1, documents: 1 });
    // Cyrillic folded as search folds it: ёлка and елка are one word, Пу́тин is путин, лукашенко is counted apart from the Latin spelling.
    expect(rows.get('елка')).toMatchObject({ count: 2, documents: 2 });
    expect(rows.get('путин')).toMatchObject({ count: 1 });
    expect(rows.get('лукашенко')).toMatchObject({ count: 2, documents: 2 });
    // Diacritics folded, and the elided article cut off by its apostrophe, straight or typographic.
    expect(rows.get('economi')).toMatchObject({ count: 2, documents: 1 });
    // English stems as the index stems them: sanctions, sanctioned and sanction are one row.
    expect(fast.rows.find((r) => r.stem === 'sanction')!.count - seeds.get('sanction')!.count).toBe(4);
    // Stop words of each text's language: и, на, в (Russian), la, de (French) and the (English) are left out.
    for (const stop of ['и', 'на', 'в', 'la', 'de', 'the']) expect(rows.has(stop), stop).toBe(false);
    // Numbers are no words: 2024 is not counted, nor 1990s (whose stem is 1990).
    expect(fast.rows.some((r) => /^\d+$/.test(r.stem))).toBe(false);
  });

  it('counts most of the documents as the vocabulary less the rest, and the rest by reading it', async () => {
    const p = await corpus();
    const ids = p.db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
    for (const scope of [{ documentIds: ids.slice(1) }, { documentIds: ids.slice(0, 3) }]) {
      const [fast, slow] = await bothWays(p, { scope, compare: { documentIds: ids.slice(2) } });
      expect(fast).toEqual(slow);
    }
    // A set (the Russian and French texts) against the rest (all English): the rest is the vocabulary less the set.
    const [set, setSlow] = await bothWays(p, {
      scope: { documentIds: ids.slice(7) },
      compare: { documentIds: ids.slice(0, 7) },
    });
    expect(set).toEqual(setSlow);
    expect(set.compare!.documents).toBe(ids.length - 3);
    const [kept, keptSlow] = await bothWays(p, { keepStopWords: true });
    expect(kept).toEqual(keptSlow);
    expect(kept.rows[0]!.word).toBe('the');
  });

  it('tells a text’s language read in place as from its words, over its first 100 words', () => {
    const texts = [
      ...Object.values(TEXTS),
      'the of and '.repeat(40) + 'и в на '.repeat(40),
      'и в на '.repeat(40) + 'the of and '.repeat(40),
      'Lukashenko Minsk Putin',
      '',
    ].map(indexText);
    for (const text of texts)
      expect(detectLanguageOfText(text), text).toBe(detectLanguage(text ? text.split(' ') : []));
    expect(detectLanguageOfText(texts[5]!)).toBe('en');
  });

  it('tells its progress batch by batch and frees the event loop between batches', async () => {
    const p = await createTestProject();
    const insert = p.db.prepare(
      `INSERT INTO documents (guid, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
       VALUES (?, ?, 'text', 'utf-8', ?, ?, 0, ?, '')`,
    );
    p.db.transaction(() => {
      for (let i = 0; i < 1200; i++) {
        const body = `Report ${i}: the minister said sanctions would stay while prices rose in the provinces.`;
        insert.run(`g${i}`, body, `h${i}`, `h${i}`, body.length);
      }
    })();
    const heard: { done: number; total: number }[] = [];
    let ticks = 0;
    const tick = setInterval(() => void ticks++, 0);
    const seen: number[] = [];
    const r = await call(
      p,
      'wordFrequencies',
      { top: 10 },
      { onProgress: (e) => void (heard.push(e), seen.push(ticks)) },
    );
    clearInterval(tick);
    expect(r.scope.documents).toBe(1205);
    expect(heard.length).toBeGreaterThan(3);
    expect(heard.at(-1)!.done).toBe(heard.at(-1)!.total);
    // The bar only goes forward, in steps of a fixed whole.
    for (let i = 1; i < heard.length; i++) {
      expect(heard[i]!.total).toBe(heard[0]!.total);
      expect(heard[i]!.done).toBeGreaterThanOrEqual(heard[i - 1]!.done);
    }
    expect(heard.some((e) => e.done > 0 && e.done < e.total)).toBe(true);
    // Timers ran while the count was under way, not only after it.
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThan(0);
  });
});
