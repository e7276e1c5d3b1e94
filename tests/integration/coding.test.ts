import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject, SEEDS_DIR, tempDir, recordState } from '../helpers/project.ts';
import { anchorFields } from '../../src/main/core/coding/anchor.ts';
import { wholeCharacters } from '../../src/main/core/coding/codings.ts';
import { prng } from '../../fixtures/random.ts';

const cp = (text: string, [a, b]: [number, number]) => [...text].slice(a, b).join('');

async function stanceProject() {
  const p = await createTestProject();
  p.coder = 'ana';
  const neutral = await call(p, 'createCode', { name: 'Belarus neutral' });
  const complicit = await call(p, 'createCode', { name: 'Belarus complicit' });
  const belligerent = await call(p, 'createCode', { name: 'Belarus co-belligerent' });
  const troops = await call(p, 'createCode', { name: 'Russian troops in Belarus' });
  const role = await call(p, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: true,
    codeIds: [neutral.id, complicit.id, belligerent.id],
  });
  return { p, neutral, complicit, belligerent, troops, role };
}

describe('the codebook', () => {
  it('keeps codes in a hierarchy with colours, descriptions and unique sibling names', async () => {
    const p = await createTestProject({ seeds: false });
    const stance = await call(p, 'createCode', {
      name: 'Stance',
      colour: '#AA0000',
      description: 'What the source claims',
    });
    const child = await call(p, 'createCode', { name: 'Neutral', parentId: stance.id });
    await call(p, 'createCode', { name: 'Neutral' }); // the same name elsewhere is fine
    await expect(call(p, 'createCode', { name: 'neutral', parentId: stance.id })).rejects.toThrow(
      /already a code “neutral” under that parent/,
    );
    await expect(call(p, 'createCode', { name: '  ' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call(p, 'createCode', { name: 'x', colour: 'red' })).rejects.toThrow(/#rrggbb/);
    expect(stance).toMatchObject({ colour: '#aa0000', description: 'What the source claims', parentId: null });
    expect(child.parentId).toBe(stance.id);
    expect(child.colour).toMatch(/^#[0-9a-f]{6}$/);
    const renamed = await call(p, 'updateCode', { id: child.id, name: 'Neutral stance', colour: '#00ff00' });
    expect(renamed).toMatchObject({ name: 'Neutral stance', colour: '#00ff00' });
  });

  it('counts each code’s codings, and a parent’s with those of every code under it', async () => {
    const p = await createTestProject();
    const stance = await call(p, 'createCode', { name: 'Stance' });
    const neutral = await call(p, 'createCode', { name: 'Neutral', parentId: stance.id });
    const hedged = await call(p, 'createCode', { name: 'Hedged', parentId: neutral.id });
    const other = await call(p, 'createCode', { name: 'Other' });
    await call(p, 'applyCode', { documentId: 1, codeId: stance.id, start: 0, end: 10 });
    await call(p, 'applyCode', { documentId: 1, codeId: neutral.id, start: 20, end: 30 });
    await call(p, 'applyCode', { documentId: 2, codeId: neutral.id, start: 20, end: 30 });
    await call(p, 'applyCode', { documentId: 1, codeId: hedged.id, start: 40, end: 50 });
    await call(p, 'applyCode', { documentId: 1, codeId: other.id, start: 40, end: 50 });
    const counts = Object.fromEntries(
      (await call(p, 'getCodebook', {})).codes.map((c) => [c.name, [c.codingCount, c.totalCount]]),
    );
    expect(counts).toEqual({ Stance: [1, 4], Neutral: [2, 3], Hedged: [1, 1], Other: [1, 1] });
  });

  it('moves codes to nest or reorder them, but never inside themselves', async () => {
    const p = await createTestProject({ seeds: false });
    const [a, b, c] = [
      await call(p, 'createCode', { name: 'A' }),
      await call(p, 'createCode', { name: 'B' }),
      await call(p, 'createCode', { name: 'C' }),
    ];
    await call(p, 'moveCode', { id: c.id, parentId: null, position: 0 });
    const top = (await call(p, 'getCodebook', {})).codes.filter((x) => x.parentId === null).map((x) => x.name);
    expect(top).toEqual(['C', 'A', 'B']);
    await call(p, 'moveCode', { id: b.id, parentId: a.id, position: 0 });
    await expect(call(p, 'moveCode', { id: a.id, parentId: b.id, position: 0 })).rejects.toThrow(/inside itself/);
    expect((await call(p, 'getCodebook', {})).codes.find((x) => x.id === b.id)!.parentId).toBe(a.id);
  });

  it('deletes a code with the codes under it and their codings, and says how many', async () => {
    const { p, neutral, troops } = await stanceProject();
    const child = await call(p, 'createCode', { name: 'Exercises', parentId: troops.id });
    await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: 0, end: 20 });
    await call(p, 'applyCode', { documentId: 2, codeId: child.id, start: 5, end: 30 });
    await call(p, 'applyCode', { documentId: 2, codeId: neutral.id, start: 5, end: 30 });
    expect(await call(p, 'deleteCode', { id: troops.id })).toEqual({ deletedCodes: 2, deletedCodings: 2 });
    const book = await call(p, 'getCodebook', {});
    expect(book.codes.map((x) => x.name).sort()).toEqual([
      'Belarus co-belligerent',
      'Belarus complicit',
      'Belarus neutral',
    ]);
    expect(book.codes.find((x) => x.id === neutral.id)!.codingCount).toBe(1);
  });
});

describe('coding passages', () => {
  it('stores the span in code points with its quote and context', async () => {
    const { p, complicit } = await stanceProject();
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    const found = await call(p, 'findInDocument', { id: 2, query: '"complicity of Belarus"' });
    const [start, end] = found.hits[0]!;
    const { coding } = await call(p, 'applyCode', { documentId: 2, codeId: complicit.id, start, end });
    expect(coding).toMatchObject({
      documentId: 2,
      codeId: complicit.id,
      coder: 'ana',
      start,
      end,
      quote: 'complicity of Belarus',
      memo: null,
    });
    const row = p.db.prepare('SELECT prefix, suffix FROM codings WHERE id = ?').get(coding.id) as {
      prefix: string;
      suffix: string;
    };
    expect(row.prefix).toBe(cp(body, [start - 32, start]));
    expect(row.suffix).toBe(cp(body, [end, end + 32]));
    expect(await call(p, 'listCodings', { documentId: 2 })).toEqual([coding]);
  });

  it('lists codings for the reader without their quotes, GUIDs or dates: each quote is the text at its span', async () => {
    const { p, complicit, troops } = await stanceProject();
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    const [start, end] = (await call(p, 'findInDocument', { id: 2, query: '"complicity of Belarus"' })).hits[0]!;
    const { coding } = await call(p, 'applyCode', { documentId: 2, codeId: complicit.id, start, end });
    await call(p, 'applyCode', { documentId: 2, codeId: troops.id, start: 0, end: 40 });
    await call(p, 'setMemo', { target: 'coding', id: coding.id, text: 'A memo on it' });
    const full = await call(p, 'listCodings', { documentId: 2 });
    const marks = await call(p, 'listCodingMarks', { documentId: 2 });
    expect(full).toHaveLength(2);
    // The same codings in the same order, each with exactly the fields the reader marks the text with.
    expect(marks).toEqual(
      full.map(({ id, documentId, codeId, coder, start, end, memo }) => ({
        id,
        documentId,
        codeId,
        coder,
        start,
        end,
        memo,
      })),
    );
    expect(marks.find((k) => k.id === coding.id)!.memo).toBe('A memo on it');
    const sent = JSON.stringify(marks);
    for (const k of full) {
      expect(sent).not.toContain(k.quote);
      expect(sent).not.toContain(k.guid);
      // What the reader shows as each coding's quote: the text at its span (code points).
      expect(cp(body, [k.start, k.end])).toBe(k.quote);
    }
    expect(sent).not.toMatch(/"(quote|guid|createdAt)"/);
  });

  it('never splits an emoji, a flag or a combining mark: spans widen to whole characters', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    // q + U+0301 has no precomposed form, so it stays two code points after NFC.
    writeFileSync(join(dir, 'e.txt'), 'Thumbs 👍🏽 up, flag 🇧🇾 here, q\u0301 mark and 中文.');
    await importFiles(p.db, [dir]);
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    const code = await call(p, 'createCode', { name: 'x' });
    const at = (s: string) => [...body].indexOf(s);
    const cases: [number, number, string][] = [
      [at('👍'), at('👍') + 1, '👍🏽'], // would cut the skin tone off
      [at('🇧'), at('🇧') + 1, '🇧🇾'], // half a flag
      [at('q'), at('q') + 1, 'q\u0301'], // would leave the accent out
      [at('\u0301'), at('\u0301') + 1, 'q\u0301'], // would start on the accent
      [at('中'), at('文') + 1, '中文'],
    ];
    for (const [start, end, quote] of cases) {
      const { coding } = await call(p, 'applyCode', { documentId: 1, codeId: code.id, start, end });
      expect(coding.quote).toBe(quote);
      expect(cp(body, [coding.start, coding.end])).toBe(quote);
    }
    await expect(call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 5, end: 999 })).rejects.toThrow(
      /not within the document/,
    );
  });

  it('reads only the text around a passage in a long article, and stores exactly what the whole text gives', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    // A long article with astral characters, flags and combining marks everywhere, right at its start and end too.
    const odd = ['👍🏽', '🇧🇾', 'q\u0301', '𝔘', '中文'];
    const words = Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? odd[i % odd.length]! : `word${i}`));
    writeFileSync(join(dir, 'long.txt'), `Long article\n\n🇧🇾${words.join(' ')}q\u0301`);
    await importFiles(p.db, [dir]);
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    const length = [...body].length;
    const code = await call(p, 'createCode', { name: 'x' });
    const random = prng(11);
    const spans: [number, number][] = [
      [0, 1],
      [1, 3],
      [length - 1, length],
      ...Array.from({ length: 60 }, (): [number, number] => {
        const start = Math.floor(random() * (length - 50));
        return [start, start + 1 + Math.floor(random() * 40)];
      }),
    ];
    for (const [start, end] of spans) {
      const { coding } = await call(p, 'applyCode', { documentId: 1, codeId: code.id, start, end });
      const whole = wholeCharacters(body, start, end);
      expect([coding.start, coding.end]).toEqual([whole.start, whole.end]);
      const row = p.db.prepare('SELECT start, "end", quote, prefix, suffix FROM codings WHERE id = ?').get(coding.id);
      expect(row).toEqual(anchorFields(body, whole.start, whole.end));
    }
    await expect(call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 5, end: length + 1 })).rejects.toThrow(
      `The passage 5–${length + 1} is not within the document (0–${length}).`,
    );
    // A text holding a NUL (SQLite counts such a text short): read whole, so the passage and its length are still right.
    // (Written here as a replacement would, with its new content hash; the importers take NULs out.)
    p.db.prepare("UPDATE documents SET body = ?, content_hash = 'with a NUL' WHERE id = 1").run(`a\u0000b ${body}`);
    const { coding } = await call(p, 'applyCode', {
      documentId: 1,
      codeId: code.id,
      start: length - 3,
      end: length + 4,
    });
    expect(coding.quote).toBe([...body].slice(length - 7, length).join(''));
    await expect(call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 5, end: length + 5 })).rejects.toThrow(
      `(0–${length + 4})`,
    );
  });

  it('holds one value of an exclusive group per passage and coder: applying another replaces it on its text', async () => {
    const { p, neutral, complicit, belligerent, troops } = await stanceProject();
    const span = { documentId: 3, start: 100, end: 180 };
    const first = await call(p, 'applyCode', { ...span, codeId: neutral.id });
    await call(p, 'applyCode', { ...span, codeId: troops.id }); // not in the group: stays
    const second = await call(p, 'applyCode', { ...span, codeId: complicit.id });
    expect(second.replaced).toEqual([first.coding.id]);
    expect(second.notes).toEqual([
      'Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’.',
    ]);
    expect(first.notes).toEqual([]);
    expect((await call(p, 'listCodings', { documentId: 3 })).map((c) => c.codeId).sort()).toEqual(
      [complicit.id, troops.id].sort(),
    );
    // Another coder may disagree on the same passage and on overlapping ones; one value may overlap itself.
    p.coder = 'ben';
    await call(p, 'applyCode', { ...span, codeId: neutral.id });
    await call(p, 'applyCode', { documentId: 3, start: 120, end: 200, codeId: neutral.id });
    expect((await call(p, 'listCodings', { documentId: 3 })).map((c) => `${c.coder}:${c.codeId}`).sort()).toEqual(
      [`ana:${complicit.id}`, `ana:${troops.id}`, `ben:${neutral.id}`, `ben:${neutral.id}`].sort(),
    );
    // For one coder, overlapping text is the same passage: another value there takes the shared text, and hers keeps the rest.
    p.coder = 'ana';
    const third = await call(p, 'applyCode', { documentId: 3, start: 150, end: 220, codeId: belligerent.id });
    expect(third.notes[0]).toMatch(
      /^Replaced ‘Belarus complicit’ with ‘Belarus co-belligerent’ on this passage — .*; ‘Belarus complicit’ keeps the text before it\.$/,
    );
    const anas = (await call(p, 'listCodings', { documentId: 3 })).filter(
      (c) => c.coder === 'ana' && c.codeId !== troops.id,
    );
    expect(anas.map((c) => [c.codeId, c.start, c.end])).toEqual([
      [complicit.id, 100, anas[0]!.end],
      [belligerent.id, 150, 220],
    ]);
    expect(anas[0]!.end).toBeLessThanOrEqual(150);
    // Undo brings the replaced values back, one step each.
    for (let i = 0; i < 4; i++) await call(p, 'undo', {});
    expect((await call(p, 'listCodings', { documentId: 3 })).map((c) => c.codeId).sort()).toEqual(
      [neutral.id, troops.id].sort(),
    );
  });

  it('codes a passage with a code once per coder', async () => {
    const { p, troops } = await stanceProject();
    const a = await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: 10, end: 40 });
    const logged = (await call(p, 'history', {})).length;
    const b = await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: 10, end: 40 });
    expect(b.coding.id).toBe(a.coding.id);
    expect((await call(p, 'history', {})).length).toBe(logged);
  });
});

describe('memos', () => {
  it('attach to documents, codes and codings; empty text removes them', async () => {
    const { p, troops } = await stanceProject();
    const { coding } = await call(p, 'applyCode', { documentId: 5, codeId: troops.id, start: 0, end: 50 });
    for (const [target, id] of [
      ['document', 5],
      ['code', troops.id],
      ['coding', coding.id],
    ] as const) {
      const memo = await call(p, 'setMemo', { target, id, text: `About ${target}` });
      expect(memo).toMatchObject({ mine: { target, targetId: id, text: `About ${target}`, coder: 'ana' }, others: [] });
      expect(await call(p, 'getMemo', { target, id })).toEqual(memo);
    }
    expect((await call(p, 'listCodings', { documentId: 5 }))[0]!.memo).toBe('About coding');
    expect(await call(p, 'setMemo', { target: 'code', id: troops.id, text: '   ' })).toEqual({
      mine: null,
      others: [],
    });
    await expect(call(p, 'setMemo', { target: 'coding', id: 999, text: 'x' })).rejects.toThrow(/no coding 999/);
  });

  it('belong to their writer: each coder keeps their own memo on the same document, code or coding', async () => {
    const { p, troops } = await stanceProject();
    const { coding } = await call(p, 'applyCode', { documentId: 5, codeId: troops.id, start: 0, end: 50 });
    await call(p, 'setMemo', { target: 'document', id: 5, text: 'Ana on the article.' });
    await call(p, 'setMemo', { target: 'coding', id: coding.id, text: 'Ana on her coding.' });
    p.coder = 'ben';
    // Ben writes on the same article and on Ana's coding: Ana's memos stay as they were.
    const ben = await call(p, 'setMemo', { target: 'document', id: 5, text: 'Ben on the article.' });
    expect(ben.mine).toMatchObject({ coder: 'ben', text: 'Ben on the article.' });
    expect(ben.others).toEqual([expect.objectContaining({ coder: 'ana', text: 'Ana on the article.' })]);
    await call(p, 'setMemo', { target: 'coding', id: coding.id, text: 'Ben on Ana’s coding.' });
    // A coding carries its own coder's memo; the others are with getMemo.
    expect((await call(p, 'listCodings', { documentId: 5 }))[0]!.memo).toBe('Ana on her coding.');
    expect((await call(p, 'getMemo', { target: 'coding', id: coding.id })).others.map((m) => m.text)).toEqual([
      'Ana on her coding.',
    ]);
    // Removing his own memo leaves Ana's.
    await call(p, 'setMemo', { target: 'document', id: 5, text: '' });
    p.coder = 'ana';
    expect(await call(p, 'getMemo', { target: 'document', id: 5 })).toMatchObject({
      mine: { text: 'Ana on the article.' },
      others: [],
    });
    // Undo brings Ben's back; removing the coding removes every memo on it.
    await call(p, 'undo', {});
    expect((await call(p, 'getMemo', { target: 'document', id: 5 })).others.map((m) => m.coder)).toEqual(['ben']);
    await call(p, 'removeCoding', { id: coding.id });
    expect(p.db.prepare("SELECT count(*) FROM memos WHERE target_type = 'coding'").pluck().get()).toBe(0);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes every command exactly', async () => {
    const { p, neutral, complicit, troops, role } = await stanceProject();
    const { coding } = await call(p, 'applyCode', { documentId: 2, codeId: neutral.id, start: 3, end: 60 });
    const commands: [string, () => Promise<unknown>][] = [
      ['createCode', () => call(p, 'createCode', { name: 'Sanctions' })],
      [
        'updateCode',
        () => call(p, 'updateCode', { id: troops.id, name: 'Troops', colour: '#123456', description: 'd' }),
      ],
      ['moveCode', () => call(p, 'moveCode', { id: troops.id, parentId: neutral.id, position: 0 })],
      ['deleteCode', () => call(p, 'deleteCode', { id: neutral.id })],
      ['createCodeGroup', () => call(p, 'createCodeGroup', { name: 'Themes', codeIds: [troops.id] })],
      ['updateCodeGroup', () => call(p, 'updateCodeGroup', { id: role.id, exclusive: false, codeIds: [neutral.id] })],
      ['deleteCodeGroup', () => call(p, 'deleteCodeGroup', { id: role.id })],
      ['applyCode', () => call(p, 'applyCode', { documentId: 2, codeId: complicit.id, start: 3, end: 60 })],
      ['removeCoding', () => call(p, 'removeCoding', { id: coding.id })],
      ['setMemo', () => call(p, 'setMemo', { target: 'coding', id: coding.id, text: 'A memo' })],
    ];
    for (const [name, run] of commands) {
      const before = recordState(p);
      await run();
      const after = recordState(p);
      expect(after, name).not.toEqual(before);
      expect((await call(p, 'undo', {})).undone?.command, name).toBe(name);
      expect(recordState(p), `${name} undone`).toEqual(before);
      expect((await call(p, 'redo', {})).redone?.command, name).toBe(name);
      expect(recordState(p), `${name} redone`).toEqual(after);
      await call(p, 'undo', {});
    }
  });

  it('clears redo when a new command follows an undo, and says when there is nothing to do', async () => {
    const p = await createTestProject({ seeds: false });
    expect(await call(p, 'undo', {})).toEqual({ undone: null });
    await call(p, 'createCode', { name: 'A' });
    await call(p, 'undo', {});
    await call(p, 'createCode', { name: 'B' });
    expect(await call(p, 'redo', {})).toEqual({ redone: null });
    expect((await call(p, 'getCodebook', {})).codes.map((c) => c.name)).toEqual(['B']);
    expect((await call(p, 'history', {})).map((h) => [h.description, h.undone])).toEqual([['Create code “B”', false]]);
  });

  it('works across restarts: the log is in the project', async () => {
    const file = join(tempDir(), 'p.quire');
    const first: ProjectHandle = { db: openProject(file, { create: true }), path: file, coder: 'ana' };
    await importFiles(first.db, [SEEDS_DIR]);
    const code = await call(first, 'createCode', { name: 'Sanctions' });
    await call(first, 'applyCode', { documentId: 4, codeId: code.id, start: 0, end: 30 });
    first.db.close();
    const again: ProjectHandle = { db: openProject(file), path: file, coder: 'ana' };
    const entry = (await call(again, 'undo', {})).undone!;
    expect(entry).toMatchObject({ command: 'applyCode', coder: 'ana', undone: true });
    expect(await call(again, 'listCodings', { documentId: 4 })).toEqual([]);
    await call(again, 'redo', {});
    expect(await call(again, 'listCodings', { documentId: 4 })).toHaveLength(1);
    again.db.close();
  });
});

describe('replacing a document’s text', () => {
  it('finds each coding again, moves it with its passage, and lists what it cannot place as orphans', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const code = await call(p, 'createCode', { name: 'Stance' });
    const old = (await call(p, 'getDocument', { id: 5 })).body;
    const place = async (quote: string) => {
      const start = [...old.slice(0, old.indexOf(quote))].length;
      return (await call(p, 'applyCode', { documentId: 5, codeId: code.id, start, end: start + [...quote].length }))
        .coding;
    };
    const early = await place('WARSAW, Poland');
    const later = await place('has so far resisted pressure from Moscow to send in his own troops');
    const gone = await place(
      'Lukashenko, Putin’s closest ally, relies on Moscow for finance, fuel and security assistance',
    );
    await call(p, 'setMemo', { target: 'coding', id: gone.id, text: 'Kept even when its passage is lost.' });
    const dir = tempDir();
    const revised = old
      .replace(
        'Lukashenko, Putin’s closest ally, relies on Moscow for finance, fuel and security assistance to maintain his 28-year grip on power.',
        '',
      )
      .replace(
        ' date 2022-12-18 Andrew Higgins',
        ' date 2022-12-18 Andrew Higgins (updated 2022-12-19, with a correction)',
      );
    writeFileSync(join(dir, 'v2.txt'), revised);
    const before = recordState(p);

    expect(await call(p, 'replaceDocument', { id: 5, path: join(dir, 'v2.txt') })).toEqual({
      unchanged: false,
      kept: 0,
      moved: 2,
      orphaned: 1,
    });
    const doc = await call(p, 'getDocument', { id: 5 });
    expect(doc.body).toBe(revised);
    const placed = await call(p, 'listCodings', { documentId: 5 });
    expect(placed.map((k) => [k.id, cp(doc.body, [k.start, k.end])])).toEqual([
      [early.id, 'WARSAW, Poland'],
      [later.id, 'has so far resisted pressure from Moscow to send in his own troops'],
    ]);
    const orphans = await call(p, 'listOrphans', { documentId: 5 });
    expect(orphans.map((k) => [k.id, k.quote, k.memo])).toEqual([
      [gone.id, gone.quote, 'Kept even when its passage is lost.'],
    ]);
    // Counts are of placed passages: the orphan is listed, not counted.
    expect((await call(p, 'getCodebook', {})).codes.find((c) => c.id === code.id)!.codingCount).toBe(2);
    expect((await call(p, 'getDocument', { id: 5 })).codingCount).toBe(2);
    expect((await call(p, 'findInDocument', { id: 5, query: 'correction' })).hits).toHaveLength(1);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);

    // The user places the orphan somewhere else; or undoes the whole replacement.
    const placedAgain = (await call(p, 'placeOrphan', { id: gone.id, start: 0, end: 10 })).coding;
    expect(placedAgain.quote).toBe(cp(doc.body, [0, 10]));
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    expect(recordState(p)).toEqual(before);
    expect((await call(p, 'getDocument', { id: 5 })).body).toBe(old);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
  });

  it('leaves a document alone when the new version is the same text, and refuses one already in the project', async () => {
    const p = await createTestProject();
    const dir = tempDir();
    writeFileSync(join(dir, 'same.txt'), (await call(p, 'getDocument', { id: 2 })).body);
    writeFileSync(join(dir, 'other.txt'), (await call(p, 'getDocument', { id: 3 })).body);
    expect(await call(p, 'replaceDocument', { id: 2, path: join(dir, 'same.txt') })).toEqual({
      unchanged: true,
      kept: 0,
      moved: 0,
      orphaned: 0,
    });
    await expect(call(p, 'replaceDocument', { id: 2, path: join(dir, 'other.txt') })).rejects.toThrow(
      /already in the project as/,
    );
    await expect(call(p, 'replaceDocument', { id: 2, path: join(dir, 'missing.txt') })).rejects.toThrow(
      /does not exist/,
    );
    await expect(call(p, 'replaceDocument', { id: 2 })).rejects.toThrow(/either a path or an upload/);
  });
});
