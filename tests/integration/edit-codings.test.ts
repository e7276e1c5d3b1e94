// Editing codings after they are made: an edge moved by a word or to a dropped
// handle, another code, a split, a merge — each one undoable step, the stored
// quote and context written from the new span, the exclusive rule and
// ownership kept by the engine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorFields } from '../../src/main/core/coding/anchor.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject, tempDir, codeQuote as code } from '../helpers/project.ts';

const TABLES = ['codings', 'memos'];
const snapshot = (p: ProjectHandle) =>
  Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));

/** The stored anchor of a coding must be the one its span gives: quote, prefix and suffix from the text. */
function expectAnchored(p: ProjectHandle, id: number) {
  const row = p.db
    .prepare(
      'SELECT k.start, k."end", k.quote, k.prefix, k.suffix, d.body FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.id = ?',
    )
    .get(id) as {
    start: number;
    end: number;
    quote: string;
    prefix: string;
    suffix: string;
    body: string;
  };
  expect({ start: row.start, end: row.end, quote: row.quote, prefix: row.prefix, suffix: row.suffix }).toEqual(
    anchorFields(row.body, row.start, row.end),
  );
  return row.quote;
}

async function seeded() {
  const p = await createTestProject();
  p.coder = 'ana';
  // The Asia Times seed: “Belarus – Russia’s only ally in Europe – is playing…”, “While Minsk has not deployed its own troops…”.
  const texts = await Promise.all(
    [1, 2, 3, 4, 5].map(async (id) => ({ id, text: (await call(p, 'getDocument', { id })).body })),
  );
  const { id: doc, text } = texts.find((d) => d.text.includes('Russia’s only ally in Europe'))!;
  const neutral = await call(p, 'createCode', { name: 'Belarus neutral' });
  const complicit = await call(p, 'createCode', { name: 'Belarus complicit' });
  const troops = await call(p, 'createCode', { name: 'Russian troops in Belarus' });
  await call(p, 'createCodeGroup', { name: 'Belarus role', exclusive: true, codeIds: [neutral.id, complicit.id] });
  return { p, doc, text, neutral, complicit, troops };
}

describe('editing a coding', () => {
  it('widens and narrows either edge by a whole word, rewriting its quote and context, each step undoable', async () => {
    const { p, doc, troops } = await seeded();
    const phrase = 'has not deployed its own';
    const k = await code(p, doc, troops.id, phrase);
    const before = snapshot(p);
    const wideEnd = await call(p, 'resizeCoding', { id: k.id, edge: 'end', step: 'wider' });
    expect(wideEnd.coding.quote).toBe('has not deployed its own troops');
    expectAnchored(p, k.id);
    const wideStart = await call(p, 'resizeCoding', { id: k.id, edge: 'start', step: 'wider' });
    expect(wideStart.coding.quote).toBe('Minsk has not deployed its own troops');
    const narrowStart = await call(p, 'resizeCoding', { id: k.id, edge: 'start', step: 'narrower' });
    expect(narrowStart.coding.quote).toBe(wideEnd.coding.quote);
    const narrowEnd = await call(p, 'resizeCoding', { id: k.id, edge: 'end', step: 'narrower' });
    expect(narrowEnd.coding.quote).toBe(phrase);
    expectAnchored(p, k.id);
    // Four steps in the history, in words; four undos give back exactly what was there.
    const steps = (await call(p, 'history', { limit: 4 })).map((h) => h.description);
    expect(steps).toEqual([
      `Narrow ‘Russian troops in Belarus’ to “${phrase}”`,
      expect.stringMatching(/^Narrow/),
      expect.stringMatching(/^Widen/),
      expect.stringMatching(/^Widen/),
    ]);
    for (let i = 0; i < 4; i++) await call(p, 'undo', {});
    expect(snapshot(p)).toEqual(before);
    await call(p, 'redo', {});
    expect((await call(p, 'listCodings', { documentId: doc })).find((c) => c.id === k.id)!.quote).toBe(
      wideEnd.coding.quote,
    );
  });

  it('steps by words in code points: emoji, flags, combining marks and Chinese words are never cut', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    // As a news site writes it: an emoji with a skin tone, a flag, a decomposed accent (q + U+0301) and Chinese without spaces.
    const body = 'Thumbs 👍🏽 up for Łukašėnka’s q\u0301uiet 🇧🇾 regime, 中文新闻报道 said.';
    writeFileSync(join(dir, 'e.txt'), body);
    await importFiles(p.db, [dir]);
    const text = (await call(p, 'getDocument', { id: 1 })).body;
    const code = await call(p, 'createCode', { name: 'Tone' });
    const at = toCodePointOffset(text, text.indexOf('Łukašėnka'));
    const k = (
      await call(p, 'applyCode', {
        documentId: 1,
        codeId: code.id,
        start: at,
        end: at + countCodePoints('Łukašėnka’s'),
      })
    ).coding;
    const wider = await call(p, 'resizeCoding', { id: k.id, edge: 'end', step: 'wider' });
    expect(wider.coding.quote).toBe('Łukašėnka’s q\u0301uiet');
    // The position is in code points: the emoji before it count one each, not two UTF-16 units.
    expect(wider.coding.end).toBe(countCodePoints(text.slice(0, text.indexOf(' 🇧🇾'))));
    const again = await call(p, 'resizeCoding', { id: k.id, edge: 'end', step: 'wider' });
    expect(again.coding.quote).toMatch(/^Łukašėnka’s q\u0301uiet 🇧🇾 regime$/u);
    const start = await call(p, 'resizeCoding', { id: k.id, edge: 'start', step: 'wider' });
    expect(start.coding.quote.startsWith('for ')).toBe(true);
    // Chinese is cut into words by the segmenter: widening into it takes a word, not the whole run of characters.
    const zh = toCodePointOffset(text, text.indexOf('中文'));
    const z = (await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: zh, end: zh + 2 })).coding;
    const zWider = await call(p, 'resizeCoding', { id: z.id, edge: 'end', step: 'wider' });
    expect(zWider.coding.quote.startsWith('中文')).toBe(true);
    expect(zWider.coding.quote.length).toBeLessThan('中文新闻报道'.length);
    expectAnchored(p, z.id);
    // The first word of the document cannot be widened past; one word cannot be narrowed to none.
    const first = (await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 0, end: 6 })).coding;
    await expect(call(p, 'resizeCoding', { id: first.id, edge: 'start', step: 'wider' })).rejects.toThrow(
      '“Thumbs” already starts at the first word of the document.',
    );
    await expect(call(p, 'resizeCoding', { id: first.id, edge: 'end', step: 'narrower' })).rejects.toThrow(
      '“Thumbs” cannot be narrowed further: it would hold no words. Remove the coding instead.',
    );
  });

  it('moves a dragged edge to the nearest word boundary of its kind', async () => {
    const { p, doc, text, troops } = await seeded();
    const phrase = 'Russia’s only ally in Europe';
    const k = await code(p, doc, troops.id, phrase);
    const at = toCodePointOffset(text, text.indexOf(phrase));
    // Dropped two characters into "ally": the start goes back to the word's start; dropped inside "Europe", the end to its end.
    const moved = await call(p, 'resizeCoding', { id: k.id, edge: 'start', to: at + 'Russia’s only '.length + 2 });
    expect(moved.coding.quote).toBe('ally in Europe');
    const end = await call(p, 'resizeCoding', { id: k.id, edge: 'end', to: at + phrase.length - 1 });
    expect(end.coding.quote).toBe('ally in Europe');
    const far = await call(p, 'resizeCoding', { id: k.id, edge: 'end', to: at + phrase.length + 4 });
    // Four characters past "Europe" ("Europe – i|s"), the end of "is" is nearer than the end of "Europe".
    expect(far.coding.quote).toBe('ally in Europe – is');
    expectAnchored(p, k.id);
  });

  it('refuses, in words, an edit that would give a passage two values of an exclusive group, and changes nothing', async () => {
    const { p, doc, neutral, complicit, troops } = await seeded();
    const a = await code(p, doc, neutral.id, 'Russia’s only ally');
    const b = await code(p, doc, complicit.id, 'in Europe');
    const t = await code(p, doc, troops.id, 'only ally');
    const before = snapshot(p);
    await expect(call(p, 'resizeCoding', { id: a.id, edge: 'end', step: 'wider' })).rejects.toMatchObject({
      code: 'exclusive_conflict',
      message:
        'Widening “Russia’s only ally” would give “in” both ‘Belarus neutral’ and your ‘Belarus complicit’ — one value per passage in ‘Belarus role’. Nothing was changed; narrow or remove the ‘Belarus complicit’ coding there first.',
    });
    await expect(call(p, 'recodeCoding', { id: t.id, codeId: complicit.id })).rejects.toMatchObject({
      code: 'exclusive_conflict',
      message: expect.stringMatching(
        /^Changing ‘Russian troops in Belarus’ to ‘Belarus complicit’ on “only ally” would give “only ally” both ‘Belarus complicit’ and your ‘Belarus neutral’/,
      ),
    });
    expect(snapshot(p)).toEqual(before);
    // A change of code that breaks no rule is one step, undone as one.
    const recoded = await call(p, 'recodeCoding', { id: b.id, codeId: troops.id });
    expect(recoded.coding).toMatchObject({ id: b.id, codeId: troops.id, quote: 'in Europe' });
    expect((await call(p, 'history', { limit: 1 }))[0]!.description).toBe(
      'Change ‘Belarus complicit’ to ‘Russian troops in Belarus’ on “in Europe”',
    );
    await call(p, 'undo', {});
    expect(snapshot(p)).toEqual(before);
  });

  it('splits a coding at a word into two, the memo staying with the first part, and undoes the split', async () => {
    const { p, doc, troops } = await seeded();
    const k = await code(p, doc, troops.id, 'Russia’s only ally in Europe');
    await call(p, 'setMemo', { target: 'coding', id: k.id, text: 'An ally, not a neutral.' });
    const before = snapshot(p);
    const { codings } = await call(p, 'splitCoding', { id: k.id, at: k.start + 'Russia’s only al'.length });
    expect(codings.map((c) => c.quote)).toEqual(['Russia’s only', 'ally in Europe']);
    expect(codings.map((c) => c.memo)).toEqual(['An ally, not a neutral.', null]);
    for (const c of codings) expectAnchored(p, c.id);
    await expect(call(p, 'splitCoding', { id: codings[1]!.id, at: codings[1]!.end })).resolves.toBeTruthy();
    const one = await code(p, doc, troops.id, 'Minsk');
    await expect(call(p, 'splitCoding', { id: one.id, at: one.start + 2 })).rejects.toThrow(
      '“Minsk” is a single word: there is nowhere to split it.',
    );
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    expect(snapshot(p)).toEqual(before);
  });

  it('merges two codings of one code that overlap or touch, keeping both memos; refuses those apart or of two codes', async () => {
    const { p, doc, neutral, troops } = await seeded();
    const a = await code(p, doc, troops.id, 'Russia’s only ally');
    const b = await code(p, doc, troops.id, 'in Europe');
    await call(p, 'setMemo', { target: 'coding', id: a.id, text: 'First.' });
    await call(p, 'setMemo', { target: 'coding', id: b.id, text: 'Second.' });
    const before = snapshot(p);
    const merged = await call(p, 'mergeCodings', { ids: [b.id, a.id] });
    expect(merged.coding).toMatchObject({ id: a.id, quote: 'Russia’s only ally in Europe', memo: 'First.\n\nSecond.' });
    expect(merged.replaced).toEqual([b.id]);
    expectAnchored(p, a.id);
    await call(p, 'undo', {});
    expect(snapshot(p)).toEqual(before);
    const far = await code(p, doc, troops.id, 'special military operation');
    await expect(call(p, 'mergeCodings', { ids: [a.id, far.id] })).rejects.toThrow(
      /^“Russia’s only ally” and “special military operation” are apart \(“.+” lies between them\): only overlapping or touching codings merge\.$/,
    );
    const other = await code(p, doc, neutral.id, 'Europe');
    await expect(call(p, 'mergeCodings', { ids: [b.id, other.id] })).rejects.toThrow(
      'Only codings of one code in one document merge: “in Europe” is ‘Russian troops in Belarus’, “Europe” is ‘Belarus neutral’.',
    );
  });

  it('lets a coder edit only their own codings, naming whose a coding is', async () => {
    const { p, doc, troops, neutral } = await seeded();
    const k = await code(p, doc, troops.id, 'Russia’s only ally');
    p.coder = 'ben';
    const before = snapshot(p);
    const refusal =
      '“Russia’s only ally” was coded by ana: only they can change that coding. You can code the passage yourself.';
    await expect(call(p, 'resizeCoding', { id: k.id, edge: 'end', step: 'wider' })).rejects.toThrow(refusal);
    await expect(call(p, 'recodeCoding', { id: k.id, codeId: neutral.id })).rejects.toThrow(refusal);
    await expect(call(p, 'splitCoding', { id: k.id, at: k.start + 9 })).rejects.toThrow(refusal);
    expect(snapshot(p)).toEqual(before);
  });
});
