// The analyst's toolkit: code queries, keyword in context, word frequencies.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { spansToCodePoints, toUtf16Index } from '../../src/shared/codepoints.ts';
import { paragraphRanges } from '../../src/shared/paragraphs.ts';
import { logLikelihood, logRatio } from '../../src/main/core/analysis/words.ts';
import { foldWord } from '../../src/main/core/search/fold.ts';
import { documentTitle } from '../../src/main/core/documents/documents.ts';
import { visible } from '../../src/shared/text.ts';
import { KWIC_TEXT_BLOCK } from '../../src/shared/kwic.ts';
import { outletTypes } from '../helpers/attributes.ts';
import { createTestProject } from '../helpers/project.ts';

/** Paragraph k of a document (its k-th non-blank line), in code points. */
async function paragraph(p: ProjectHandle, documentId: number, k: number): Promise<[number, number]> {
  const body = (await call(p, 'getDocument', { id: documentId })).body;
  return spansToCodePoints(body, paragraphRanges(body))[k]!;
}

/**
 * Document 1 coded by ana: “Belarus neutral” (N) and “Sanctions” (S) overlapping in paragraph 0; S alone later in
 * paragraph 0; “Russian troops in Belarus” (T) in paragraph 1 and in paragraph 3; N in paragraph 4. Document 2: N alone, by ben.
 */
async function coded() {
  const p = await createTestProject();
  p.coder = 'ana';
  const names = ['Belarus neutral', 'Sanctions', 'Russian troops in Belarus'];
  const [N, S, T] = await Promise.all(names.map((name) => call(p, 'createCode', { name })));
  const at = async (documentId: number, k: number, from: number, to: number, codeId: number) => {
    const [start] = await paragraph(p, documentId, k);
    return (await call(p, 'applyCode', { documentId, codeId, start: start + from, end: start + to })).coding.id;
  };
  const ids = {
    n0: await at(1, 0, 0, 40, N!.id),
    s0: await at(1, 0, 30, 60, S!.id),
    s0b: await at(1, 0, 100, 120, S!.id),
    t1: await at(1, 1, 0, 20, T!.id),
    t3: await at(1, 3, 0, 20, T!.id),
    n4: await at(1, 4, 5, 25, N!.id),
  };
  p.coder = 'ben';
  const n2 = await at(2, 0, 0, 30, N!.id);
  p.coder = 'ana';
  return { p, codes: { N: N!, S: S!, T: T! }, ids: { ...ids, n2 } };
}

const found = async (p: ProjectHandle, query: string, more: object = {}) =>
  (await call(p, 'codeQuery', { query, ...more })).segments.map((s) => s.coding.id).sort((a, b) => a - b);
const sorted = (...ids: number[]) => ids.sort((a, b) => a - b);

describe('code queries', () => {
  it('finds passages by their codes: AND, OR, NOT, NEAR and FOLLOWED BY over real codings', async () => {
    const { p, ids } = await coded();
    // OR: every coding of either code.
    expect(await found(p, '"Belarus neutral" OR Sanctions')).toEqual(sorted(ids.n0, ids.s0, ids.s0b, ids.n4, ids.n2));
    // AND: codings of each that overlap one of the other (the later Sanctions passage touches no “neutral”).
    expect(await found(p, '"Belarus neutral" AND Sanctions')).toEqual(sorted(ids.n0, ids.s0));
    // AND/P: in the same paragraph, overlapping or not.
    expect(await found(p, '"Belarus neutral" AND/P Sanctions')).toEqual(sorted(ids.n0, ids.s0, ids.s0b));
    // NOT: Sanctions passages overlapping no “neutral”; with /P none is left, all share its paragraph.
    expect(await found(p, 'Sanctions NOT "Belarus neutral"')).toEqual([ids.s0b]);
    expect(await found(p, 'Sanctions NOT/P "Belarus neutral"')).toEqual([]);
    // NEAR/1: troops in paragraph 1 is a paragraph from 0 (neutral) ; troops in paragraph 3 is one from 4.
    expect(await found(p, '"Russian troops in Belarus" NEAR/1 "Belarus neutral"')).toEqual(
      sorted(ids.n0, ids.t1, ids.t3, ids.n4),
    );
    expect(await found(p, '"Russian troops in Belarus" NEAR/0 "Belarus neutral"')).toEqual([]);
    // FOLLOWED BY: neutral (paragraph 0) followed within a paragraph by troops (1); troops (3) followed by neutral (4).
    expect(await found(p, '"Belarus neutral" FOLLOWED BY/1 "Russian troops in Belarus"')).toEqual(
      sorted(ids.n0, ids.t1),
    );
    expect(await found(p, '"Russian troops in Belarus" FOLLOWED BY "Belarus neutral"')).toEqual(sorted(ids.t3, ids.n4));
    // Characters: the two Sanctions passages are 40 characters apart.
    expect(await found(p, 'Sanctions NEAR/39C Sanctions')).toEqual([]);
    expect(await found(p, 'Sanctions NEAR/40C Sanctions')).toEqual(sorted(ids.s0, ids.s0b));
    // Grouping: OR binds loosest, parentheses change it.
    expect(await found(p, 'Sanctions NOT "Belarus neutral" OR "Russian troops in Belarus"')).toEqual(
      sorted(ids.s0b, ids.t1, ids.t3),
    );
    expect(await found(p, 'Sanctions NOT ("Belarus neutral" OR "Russian troops in Belarus")')).toEqual([ids.s0b]);
  });

  it('says how the query was read, and takes the builder’s defaults where the query gives none', async () => {
    const { p, ids } = await coded();
    const r = await call(p, 'codeQuery', {
      query: 'Belarus neutral AND Sanctions OR sanctions NEAR/300C "Russian troops in Belarus"',
    });
    expect(r.query).toBe('("Belarus neutral" AND Sanctions) OR (Sanctions NEAR/300C "Russian troops in Belarus")');
    expect(r.readAs).toBe(
      'Passages coded “Belarus neutral” that overlap passages coded “Sanctions” (both kept), or coded “Sanctions” within 300 characters of passages coded “Russian troops in Belarus” (both kept).',
    );
    expect(r.notes).toEqual(['Read “sanctions” as the code “Sanctions”.']);
    const paragraphs = await call(p, 'codeQuery', { query: '"Belarus neutral" AND Sanctions', within: 'paragraph' });
    expect(paragraphs.query).toBe('"Belarus neutral" AND/P Sanctions');
    expect(paragraphs.segments.map((s) => s.coding.id).sort()).toEqual(sorted(ids.n0, ids.s0, ids.s0b));
    expect(
      (
        await call(p, 'codeQuery', {
          query: '"Belarus neutral" NEAR "Russian troops in Belarus"',
          distance: { n: 0, unit: 'paragraph' },
        })
      ).readAs,
    ).toBe(
      'Passages coded “Belarus neutral” in the same paragraph of passages coded “Russian troops in Belarus” (both kept).',
    );
  });

  it('refuses a query it cannot read with a message pointing at the problem', async () => {
    const { p } = await coded();
    const refused = (query: string) =>
      call(p, 'codeQuery', { query }).then(
        () => '',
        (e: Error) => e.message,
      );
    expect(await refused('"Belarus neural" AND Sanctions')).toBe(
      'There is no code called “Belarus neural”. Did you mean “Belarus neutral”?',
    );
    expect(await refused('Belarus neutral and Sanctions')).toBe(
      'There is no code called “Belarus neutral and Sanctions”. Operators are written in capitals: AND, OR, NOT, NEAR, FOLLOWED BY.',
    );
    expect(await refused('"Belarus neutral" and Sanctions')).toBe(
      'Between “Belarus neutral” and “and Sanctions” there should be an operator, in capitals: AND, OR, NOT, NEAR or FOLLOWED BY.',
    );
    expect(await refused('Sanctions AND')).toBe('“AND” needs a code after it.');
    expect(await refused('AND Sanctions')).toBe('“AND” at the start needs a code before it.');
    expect(await refused('(Sanctions OR "Belarus neutral"')).toBe('A “(” is not closed before the end of the query.');
    expect(await refused('Sanctions)')).toBe('There is a “)” without its “(” after “Sanctions”.');
    expect(await refused('"Sanctions" "Belarus neutral"')).toBe(
      'Between “Sanctions” and “Belarus neutral” there should be an operator, in capitals: AND, OR, NOT, NEAR or FOLLOWED BY.',
    );
    expect(await refused('Sanctions NEAR/x Sanctions')).toBe(
      '“NEAR/x” has a distance Quire cannot read: write NEAR/2 (paragraphs) or NEAR/300C (characters).',
    );
    expect(await refused('Sanctions FOLLOWED "Belarus neutral"')).toMatch(/^“FOLLOWED” is written “FOLLOWED BY”/);
    expect(await refused('')).toBe('Write a code query, such as “Belarus neutral” AND Sanctions.');
  });

  it('is restricted to documents by an attribute and to chosen coders; a blind coder reads only their own codings', async () => {
    const { p, ids } = await coded();
    const outlet = await outletTypes(p);
    expect(await found(p, '"Belarus neutral"', { attribute: { id: outlet.id, value: 'state' } })).toEqual([ids.n2]);
    expect(await found(p, '"Belarus neutral"', { attribute: { id: outlet.id, value: 'independent' } })).toEqual(
      sorted(ids.n0, ids.n4),
    );
    expect(await found(p, '"Belarus neutral"', { coders: ['ben'] })).toEqual([ids.n2]);
    p.coder = 'ben';
    await call(p, 'setCoder', { blind: true });
    expect(await found(p, '"Belarus neutral" OR Sanctions')).toEqual([ids.n2]);
    expect(await found(p, '"Belarus neutral" OR Sanctions', { coders: ['ana'] })).toEqual([]);
  });

  it('lists coded segments with their context, the reader’s shape, and counts all while listing the first ones', async () => {
    const { p, ids } = await coded();
    const r = await call(p, 'codeQuery', { query: '"Belarus neutral" OR Sanctions', limit: 2 });
    expect([r.total, r.documents, r.segments.length]).toEqual([5, 2, 2]);
    const first = r.segments[0]!;
    expect(first.code.name).toBe('Belarus neutral');
    expect(first.coding.id).toBe(ids.n0);
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    expect(body).toContain(first.coding.quote + first.after.replace(/…$/, ''));
  });

  it('saves what a query finds as a new code in one step, joining overlapping results, and Undo takes it back whole', async () => {
    const { p } = await coded();
    const saved = await call(p, 'saveCodeQuery', {
      query: '"Belarus neutral" AND Sanctions',
      name: 'Neutral on sanctions',
    });
    // Neutral 0–40 and Sanctions 30–60 overlap: one passage, 0–60 of paragraph 0.
    expect([saved.passages, saved.documents]).toEqual([1, 1]);
    expect(saved.notes).toEqual(['2 results overlapping in the same text became 1 passage.']);
    const [start] = await paragraph(p, 1, 0);
    const codings = (await call(p, 'listCodings', { documentId: 1 })).filter((k) => k.codeId === saved.code.id);
    expect(codings.map((k) => [k.start, k.end, k.coder])).toEqual([[start, start + 60, 'ana']]);
    expect(saved.code).toMatchObject({ name: 'Neutral on sanctions', codingCount: 1 });
    expect((await call(p, 'undo', {})).undone).toMatchObject({
      command: 'saveCodeQuery',
      description: 'Code 1 passage found by “"Belarus neutral" AND Sanctions” as “Neutral on sanctions”',
    });
    expect((await call(p, 'getCodebook', {})).codes.some((c) => c.name === 'Neutral on sanctions')).toBe(false);
    expect((await call(p, 'listCodings', { documentId: 1 })).some((k) => k.codeId === saved.code.id)).toBe(false);
    await call(p, 'redo', {});
    expect((await call(p, 'listCodings', { documentId: 1 })).filter((k) => k.codeId === saved.code.id)).toHaveLength(1);
    await expect(
      call(p, 'saveCodeQuery', { query: 'Sanctions NOT/P "Belarus neutral"', name: 'Nothing' }),
    ).rejects.toThrow(
      '“Sanctions NOT/P "Belarus neutral"” finds no passages, so there is nothing to code as “Nothing”.',
    );
    await expect(call(p, 'saveCodeQuery', { query: 'Sanctions', name: 'sanctions' })).rejects.toThrow(
      'There is already a code “sanctions” at the top level.',
    );
  });

  it('exports its segments as CSV, every one of them', async () => {
    const { p } = await coded();
    const csv = await call(p, 'analysisCsv', {
      kind: 'query',
      input: { query: '"Belarus neutral" OR Sanctions', limit: 1 },
    });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFdocument,source,date,code,coder,before,quote,after,memo,start,end\r\n')).toBe(true);
    expect(csv.rows).toBe(5);
    expect(text.trim().split('\r\n').length).toBeGreaterThanOrEqual(6);
  });
});

describe('keyword in context', () => {
  it('gives a line per search hit, the very hits search marks, with whole words of context on each side', async () => {
    const p = await createTestProject();
    const r = await call(p, 'kwic', { query: 'sanction*', width: 40 });
    const fromSearch = [];
    for (const id of [1, 2, 3, 4, 5])
      for (const [start, end] of (await call(p, 'findInDocument', { id, query: 'sanction*' })).hits)
        fromSearch.push([id, start, end]);
    expect(r.lines.map((l) => [l.documentId, l.start, l.end])).toEqual(fromSearch);
    expect(r.total).toBe(fromSearch.length);
    // Each document's title comes once beside the lines, as the library shows it (a document without a title of its own included).
    p.db.prepare('UPDATE documents SET title = NULL WHERE id = 2').run();
    const titled = await call(p, 'kwic', { query: 'sanction*', width: 40 });
    const ids = [...new Set(titled.lines.map((l) => l.documentId))];
    expect(ids).toContain(2);
    expect(Object.keys(titled.titles).map(Number)).toEqual(ids);
    for (const id of ids) expect(titled.titles[id]).toBe(visible(documentTitle(p.db, id)));
    expect(titled.titles[2]).not.toBe('');
    expect(titled.lines[0]).not.toHaveProperty('title');
    for (const l of r.lines) {
      const body = (await call(p, 'getDocument', { id: l.documentId })).body;
      const [a, b] = [toUtf16Index(body, l.start), toUtf16Index(body, l.end)];
      expect(l.hit.toLowerCase()).toMatch(/^sanction/);
      expect(body.slice(a, b)).toBe(l.hit);
      expect(l.left.length).toBeLessThanOrEqual(40);
      expect(l.right.length).toBeLessThanOrEqual(40);
      // Whole words: the context ends where the text's words end, as the text reads with line breaks as spaces.
      const before = body.slice(0, a).replace(/\s+/g, ' ');
      expect(before.endsWith(l.left) || before.endsWith(`${l.left} `)).toBe(true);
      if (l.left) expect(before.slice(0, before.length - l.left.length)).toMatch(/(^|[^\p{L}\p{N}])$/u);
    }
  });

  it('sorts by the word nearest the hit on either side, and makes lines of a code’s passages', async () => {
    const p = await createTestProject();
    const left = (await call(p, 'kwic', { query: 'Belarus', sort: 'left' })).lines;
    // Lines compare by their words folded as search folds them (case, accents and apostrophes aside).
    const wordsOf = (s: string) => (s.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu) ?? []).map((w) => foldWord(w));
    const lastWord = (s: string) => wordsOf(s).at(-1) ?? '';
    const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const keys = left.map((l) => lastWord(l.left));
    expect(keys).toEqual([...keys].sort(byCodeUnits));
    const right = (await call(p, 'kwic', { query: 'Belarus', sort: 'right' })).lines;
    const firstWord = (s: string) => wordsOf(s)[0] ?? '';
    const rkeys = right.map((l) => firstWord(l.right));
    expect(rkeys).toEqual([...rkeys].sort(byCodeUnits));
    // Lines tied on the nearest word go by the next one (when both lie within the 40 characters read for sorting).
    const second = (s: string) =>
      (s.slice(0, 40).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*(?=[^\p{L}\p{N}\p{M}'’-])/gu) ?? []).map((w) =>
        foldWord(w),
      )[1];
    let tiesSeen = 0;
    for (let i = 1; i < right.length; i++) {
      const [x, y] = [right[i - 1]!.right, right[i]!.right];
      if (firstWord(x) !== firstWord(y) || second(x) === undefined || second(y) === undefined) continue;
      tiesSeen++;
      expect(byCodeUnits(second(x)!, second(y)!)).toBeLessThanOrEqual(0);
    }
    expect(tiesSeen).toBeGreaterThan(3);
    expect(new Set(right.map((l) => `${l.documentId}:${l.start}`))).toEqual(
      new Set(left.map((l) => `${l.documentId}:${l.start}`)),
    );

    const code = await call(p, 'createCode', { name: 'Troops' });
    await call(p, 'applyCode', { documentId: 2, codeId: code.id, start: 100, end: 130 });
    const byCode = await call(p, 'kwic', { codeId: code.id });
    expect(byCode.of).toBe('1 passage coded “Troops”');
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    expect(byCode.lines).toEqual([
      expect.objectContaining({
        documentId: 2,
        start: 100,
        end: 130,
        hit: body.slice(toUtf16Index(body, 100), toUtf16Index(body, 130)).replace(/\s+/g, ' '),
      }),
    ]);
    await expect(call(p, 'kwic', {})).rejects.toThrow('give either a search query or a code');
  });

  it('reads document sets: set: in the search and a set chosen beside it keep the lines to its members', async () => {
    const p = await createTestProject();
    const marchSet = await call(p, 'createSet', { name: 'March coverage', documentIds: [1, 3] });
    const saved = await call(p, 'createSet', { name: 'Troop stories', query: { query: 'troops' } });
    const all = await call(p, 'kwic', { query: 'Belarus' });
    const documentsOf = (r: { lines: { documentId: number }[] }) => [...new Set(r.lines.map((l) => l.documentId))];
    expect(documentsOf(all).length).toBeGreaterThan(2);
    // A set of chosen documents, by name in the query: only their lines, every one of them, and nothing said left out.
    const march = await call(p, 'kwic', { query: 'Belarus set:"March coverage"' });
    expect(documentsOf(march)).toEqual([1, 3]);
    expect(march.lines).toEqual(all.lines.filter((l) => [1, 3].includes(l.documentId)));
    expect(march.notes).toEqual([]);
    // A saved search's set, chosen beside the query, and a code's passages within a set.
    const troops = (await call(p, 'search', { query: 'troops', limit: 100 })).results.map((r) => r.document.id);
    const chosen = await call(p, 'kwic', { query: 'Belarus', setId: saved.id });
    expect(documentsOf(chosen)).toEqual(documentsOf(all).filter((id) => troops.includes(id)));
    const code = await call(p, 'createCode', { name: 'Troops' });
    for (const documentId of [1, 2]) await call(p, 'applyCode', { documentId, codeId: code.id, start: 10, end: 30 });
    expect(documentsOf(await call(p, 'kwic', { codeId: code.id, setId: marchSet.id }))).toEqual([1]);
    // A set the project does not have is said, and finds nothing rather than everything.
    const none = await call(p, 'kwic', { query: 'Belarus set:Nowhere' });
    expect(none.total).toBe(0);
    expect(none.notes.join(' ')).toContain('Nowhere');
  });

  it('says what a search of exclusions alone cannot show, and exports every line as CSV', async () => {
    const p = await createTestProject();
    expect((await call(p, 'kwic', { query: '-Putin' })).notes).toEqual([
      '“-Putin” only leaves documents out: it finds no words to show in context.',
    ]);
    const all = await call(p, 'kwic', { query: 'Belarus' });
    const few = await call(p, 'kwic', { query: 'Belarus', limit: 3 });
    expect(few.lines).toHaveLength(3);
    expect(few.notes).toEqual([`Showing the first 3 of ${all.total} lines; the CSV holds them all.`]);
    const csv = await call(p, 'analysisCsv', { kind: 'kwic', input: { query: 'Belarus', limit: 3 } });
    expect(csv.rows).toBe(all.total);
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toMatch(/^\uFEFFdocument,left,hit,right,start,end\r\n/);
    // Each row names its document by the title the lines' titles give it.
    const firstTitle = all.titles[all.lines[0]!.documentId]!;
    expect(text.split('\r\n')[1]!.startsWith(firstTitle.includes(',') ? `"${firstTitle}` : firstTitle)).toBe(true);
  });
});

describe('a concordance brought to the screen in parts', () => {
  it('gives the first lines with their text and the rest by their place; kwicTexts gives theirs exactly as the whole concordance does', async () => {
    const p = await createTestProject();
    for (const sort of ['document', 'left', 'right'] as const) {
      const whole = await call(p, 'kwic', { query: 'Belarus OR troops', sort, width: 45 });
      expect(whole.more).toEqual([]);
      expect(whole.lines.length).toBeGreaterThan(10);
      const part = await call(p, 'kwic', { query: 'Belarus OR troops', sort, width: 45, texts: 4 });
      expect(part.lines).toEqual(whole.lines.slice(0, 4));
      expect(part.total).toBe(whole.total);
      expect(part.documents).toBe(whole.documents);
      // The rest by their place, in the same order, their text given by kwicTexts (with their titles).
      expect(part.more).toEqual(whole.lines.slice(4).map((l) => [l.documentId, l.start, l.end, l.codingId]));
      expect(part.stamps).toHaveLength(1);
      const rest = await call(p, 'kwicTexts', {
        lines: part.more.map(([d, s, e]) => [d, s, e]),
        width: 45,
        stamp: part.stamps[0]!,
      });
      expect(rest.texts).toEqual(whole.lines.slice(4).map(({ left, hit, right }) => ({ left, hit, right })));
      expect({ ...part.titles, ...rest.titles }).toEqual(whole.titles);
      for (const l of part.lines) expect(part.titles[l.documentId]).toBe(whole.titles[l.documentId]);
    }
    // The CSV holds every line with its text, whatever the screen asked for.
    const csv = await call(p, 'analysisCsv', { kind: 'kwic', input: { query: 'Belarus', texts: 1 } });
    const all = await call(p, 'kwic', { query: 'Belarus' });
    expect(csv.rows).toBe(all.total);
    const rows = Buffer.from(csv.base64, 'base64').toString('utf8').split('\r\n');
    expect(rows[all.total]).toContain(all.lines.at(-1)!.hit);
  });

  it('says when lines asked for by their place are of documents deleted since', async () => {
    const p = await createTestProject();
    const part = await call(p, 'kwic', { query: 'Belarus', texts: 0 });
    const gone = part.more.find(([d]) => d !== part.more[0]![0])!;
    await call(p, 'deleteDocuments', { ids: [gone[0]] });
    await expect(
      call(p, 'kwicTexts', { lines: part.more.map(([d, s, e]) => [d, s, e]), stamp: part.stamps[0]! }),
    ).rejects.toThrow(
      /lines? of the concordance (is|are) of documents no longer in the project: show the concordance again/,
    );
  });

  it('refuses to give lines by their place from a text changed since the concordance was made, block by block', async () => {
    const p = await createTestProject();
    // Two blocks of lines by place: every hit of a common word, the first line with its text.
    const part = await call(p, 'kwic', { query: 'the OR of OR to', texts: 1, limit: 10_000 });
    expect(part.total).toBeGreaterThan(KWIC_TEXT_BLOCK);
    expect(part.stamps.length).toBe(Math.ceil(part.total / KWIC_TEXT_BLOCK));
    const blockOf = (b: number) => {
      const from = Math.max(0, b * KWIC_TEXT_BLOCK - 1);
      return part.more
        .slice(from, (b + 1) * KWIC_TEXT_BLOCK - 1)
        .map(([d, s, e]) => [d, s, e] as [number, number, number]);
    };
    const ask = (b: number, stamp = part.stamps[b]!) => call(p, 'kwicTexts', { lines: blockOf(b), stamp });
    expect((await ask(0)).texts).toHaveLength(KWIC_TEXT_BLOCK - 1);
    // A stamp of another block, or made up, is refused: it vouches for other texts.
    await expect(ask(0, part.stamps[1]!)).rejects.toThrow(/has changed since the concordance was made/);
    // Cleaning up a document changes its text: the blocks with lines of it are refused, the others still given.
    const cleanable = (await call(p, 'previewCleanup', {})).filter((d) => d.removed.length).map((d) => d.documentId);
    const changed = cleanable.find((id) => id !== part.lines[0]!.documentId)!;
    const ofChanged = part.stamps.map((_, b) => blockOf(b).some(([d]) => d === changed));
    const cleaned = await call(p, 'cleanupDocuments', { documentIds: [changed] });
    expect(cleaned.documents).toBe(1);
    for (const [b, touched] of ofChanged.entries())
      if (touched)
        await expect(ask(b)).rejects.toThrow(
          'The text of a document these concordance lines are of has changed since the concordance was made (cleaned up or replaced): show the concordance again.',
        );
      else expect((await ask(b)).texts.length).toBe(blockOf(b).length);
    expect(ofChanged).toContain(false);
    expect(ofChanged).toContain(true);
    // A concordance made again gives lines of the new text.
    const again = await call(p, 'kwic', { query: 'the OR of OR to', texts: 1, limit: 10_000 });
    const lastBlock = again.stamps.length - 1;
    const lines = again.more
      .slice(Math.max(0, lastBlock * KWIC_TEXT_BLOCK - 1))
      .map(([d, s, e]) => [d, s, e] as [number, number, number]);
    expect((await call(p, 'kwicTexts', { lines, stamp: again.stamps[lastBlock]! })).texts).toHaveLength(lines.length);
  });
});

describe('word frequencies', () => {
  it('counts words by stem as search stems them, without the stop words of the corpus’s language', async () => {
    const p = await createTestProject();
    const r = await call(p, 'wordFrequencies', { top: 2000 });
    const words = new Map(r.rows.map((row) => [row.stem, row]));
    const shown = new Set(r.rows.map((row) => row.word));
    for (const stop of ['the', 'of', 'and', 'in', 'that', 'has']) expect(shown.has(stop), stop).toBe(false);
    // sanctions (3 times in the seeds) is counted under its stem, shown as its most frequent form.
    expect(words.get('sanction')).toMatchObject({ word: 'sanctions', count: 3, documents: 2 });
    expect(r.rows.slice(0, 3).map((row) => [row.word, row.count])).toEqual([
      ['ukraine', 76],
      ['belarus', 62],
      ['russian', 59],
    ]);
    // Counted as search finds them: “Belarus” and “Belarus’s” are one word, as a search for belarus finds both.
    expect(words.get('belaru')!.documents).toBe(5);
    expect(r.scope).toMatchObject({ label: 'All documents', documents: 5 });
    expect(r.languages).toEqual([{ code: 'en', documents: 5, detected: 5 }]);
    expect(r.notes[0]).toBe('Left out the stop words of English (5 documents, all told by their words).');
    const kept = await call(p, 'wordFrequencies', { keepStopWords: true, top: 5 });
    expect(kept.rows[0]!.word).toBe('the');
    expect(kept.rows[0]!.per10k).toBeCloseTo((kept.rows[0]!.count * 10_000) / kept.scope.words, 1);
  });

  it('takes a document’s stated language over what its words suggest', async () => {
    const p = await createTestProject();
    await call(p, 'updateDocument', { id: 1, language: 'ru-RU' });
    const r = await call(p, 'wordFrequencies', { scope: { documentIds: [1] }, top: 5 });
    expect(r.languages).toEqual([{ code: 'ru', documents: 1, detected: 0 }]);
    // Russian stop words do not hold “the”: it is counted.
    expect(r.rows[0]!.word).toBe('the');
  });

  it('compares two attribute values with log-likelihood keyness and log ratio', async () => {
    const p = await createTestProject();
    const outlet = await outletTypes(p);
    const r = await call(p, 'wordFrequencies', {
      scope: { attribute: { id: outlet.id, value: 'independent' } },
      compare: { attribute: { id: outlet.id, value: 'state' } },
      top: 50,
    });
    expect(r.scope.label).toBe('Outlet type: independent');
    expect(r.compare!.label).toBe('Outlet type: state');
    expect([r.scope.documents, r.compare!.documents]).toEqual([2, 1]);
    const keyness = r.rows.map((row) => row.keyness!);
    expect(keyness).toEqual([...keyness].sort((a, b) => b - a));
    for (const row of r.rows) {
      expect(row.keyness).toBeCloseTo(logLikelihood(row.count, row.other!, r.scope.words, r.compare!.words), 1);
      expect(Math.sign(row.logRatio!)).toBe(Math.sign(row.keyness!) || Math.sign(row.logRatio!));
    }
    // Rayson and Garside's worked numbers: 10 in 1,000 words against 0 in 1,000.
    expect(logLikelihood(10, 0, 1000, 1000)).toBeCloseTo(13.86, 2);
    expect(logLikelihood(0, 10, 1000, 1000)).toBeCloseTo(-13.86, 2);
    expect(logRatio(20, 10, 1000, 1000)).toBeCloseTo(1, 5);
  });

  it('counts the text coded with a code only', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Quote' });
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    const at = body.indexOf('Belarus');
    await call(p, 'applyCode', { documentId: 2, codeId: code.id, start: at, end: at + 7 });
    const r = await call(p, 'wordFrequencies', { scope: { codeId: code.id } });
    expect(r.scope).toMatchObject({ label: 'Text coded “Quote”', documents: 1, words: 1 });
    expect(r.rows.map((row) => [row.word, row.count])).toEqual([['belarus', 1]]);
  });
});
