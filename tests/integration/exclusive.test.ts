// One value of an exclusive group per passage and coder, on every path that
// writes: applying a code (the new value wins on its text), grouping and
// merging codes (refused with the list, or the latest value kept), auto-coding
// (never replaces), a new version of a text, placing an orphan, merging
// projects and importing REFI-QDA (what is here stays), undo and redo (the
// safety net), and `check` on a stored project.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveRecoded } from '../../src/main/core/coding/exclusive.ts';
import { runCommand } from '../../src/main/core/commands/log.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { codebookXml } from '../../src/main/core/exchange/qdc-export.ts';
import { projectQdpx } from '../../src/main/core/exchange/qdpx-export.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';

const TEXT =
  'Lukashenko insists that Belarus is neutral in the war. Yet Russian jets fly from Belarusian airfields every night, ' +
  'and troops crossed from Belarus into Ukraine in February. Minsk says it only hosts exercises.\n';
const TITLE = 'Neutral, or not';

const TABLES = ['codes', 'code_groups', 'code_group_members', 'codings', 'memos'];
const snapshot = (p: ProjectHandle) =>
  Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));

/** A project with the seeds and TEXT (titled TITLE), three stance codes and a theme; `exclusive` makes ‘Belarus role’ a group of neutral and complicit. */
async function stanceProject(options: { exclusive?: boolean } = {}) {
  const p = await createTestProject();
  p.coder = 'ana';
  const report = await call(p, 'importUploads', {
    files: [{ name: 'neutral.txt', base64: Buffer.from(TEXT).toString('base64') }],
  });
  const doc = report.files[0]!.documentId!;
  await call(p, 'updateDocument', { id: doc, title: TITLE });
  const neutral = await call(p, 'createCode', { name: 'Belarus neutral' });
  const complicit = await call(p, 'createCode', { name: 'Belarus complicit' });
  const belligerent = await call(p, 'createCode', { name: 'Belarus co-belligerent' });
  const troops = await call(p, 'createCode', { name: 'Russian troops' });
  const role = await call(p, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: options.exclusive ?? true,
    codeIds: [neutral.id, complicit.id],
  });
  const body = (await call(p, 'getDocument', { id: doc })).body;
  /** The span of `quote` in the text (its `nth` occurrence), in code points. */
  const at = (quote: string, nth = 0) => {
    let i = -1;
    for (let n = 0; n <= nth; n++) i = body.indexOf(quote, i + 1);
    if (i < 0) throw new Error(`“${quote}” is not in the text`);
    const start = toCodePointOffset(body, i);
    return { start, end: start + countCodePoints(quote) };
  };
  const apply = async (codeId: number, quote: string, coder = 'ana') => {
    p.coder = coder;
    return call(p, 'applyCode', { documentId: doc, codeId, ...at(quote) });
  };
  /** The coder's codings of the text as [code, quote]. */
  const held = async (coder = 'ana') =>
    (await call(p, 'listCodings', { documentId: doc }))
      .filter((k) => k.coder === coder)
      .map((k) => [k.codeId, k.quote] as [number, string]);
  return {
    p,
    doc,
    body,
    at,
    apply,
    held,
    neutral: neutral.id,
    complicit: complicit.id,
    belligerent: belligerent.id,
    troops: troops.id,
    role: role.id,
  };
}

/** Two codings by the same coder that break the rule, written past the engine (as an older version of Quire could leave them). */
function plant(
  p: ProjectHandle,
  k: { doc: number; codeId: number; coder: string; start: number; end: number; at?: string },
): number {
  const coder = p.db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(k.coder) as number;
  const body = p.db.prepare('SELECT body FROM documents WHERE id = ?').pluck().get(k.doc) as string;
  return Number(
    p.db
      .prepare(
        `INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at)
         VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?, '', '', ?)`,
      )
      .run(
        k.doc,
        k.codeId,
        coder,
        k.start,
        k.end,
        [...body].slice(k.start, k.end).join(''),
        k.at ?? new Date().toISOString(),
      ).lastInsertRowid,
  );
}

describe('applying a code: the new value wins on its text', () => {
  it('cuts back the coder’s other value where the new one overlaps it; what is left keeps its memo', async () => {
    const s = await stanceProject();
    const first = await s.apply(s.neutral, 'Belarus is neutral in the war. Yet Russian jets fly');
    await call(s.p, 'setMemo', { target: 'coding', id: first.coding.id, text: 'Her own words.' });
    const before = snapshot(s.p);
    const second = await s.apply(s.complicit, 'Russian jets fly from Belarusian airfields');
    expect(second.replaced).toEqual([first.coding.id]);
    expect(second.notes).toEqual([
      'Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’; ‘Belarus neutral’ keeps the text before it.',
    ]);
    // The cut edge does not end on a space; the memo stays with the coding.
    expect(await s.held()).toEqual([
      [s.neutral, 'Belarus is neutral in the war. Yet'],
      [s.complicit, 'Russian jets fly from Belarusian airfields'],
    ]);
    expect((await call(s.p, 'listCodings', { documentId: s.doc }))[0]!.memo).toBe('Her own words.');
    await call(s.p, 'undo', {});
    expect(snapshot(s.p)).toEqual(before);
  });

  it('splits a value that holds the new one inside it, and removes one it covers (with its memo, which undo brings back)', async () => {
    const s = await stanceProject();
    const wide = await s.apply(s.complicit, 'Russian jets fly from Belarusian airfields every night');
    const inside = await s.apply(s.neutral, 'from Belarusian airfields');
    expect(inside.replaced).toEqual([wide.coding.id]);
    expect(inside.notes).toEqual([
      'Replaced ‘Belarus complicit’ with ‘Belarus neutral’ on this passage — one value per passage in ‘Belarus role’; ‘Belarus complicit’ keeps the text around it.',
    ]);
    expect(await s.held()).toEqual([
      [s.complicit, 'Russian jets fly'],
      [s.neutral, 'from Belarusian airfields'],
      [s.complicit, 'every night'],
    ]);
    // Covering a value whole removes it; so does leaving it only punctuation and spaces.
    await call(s.p, 'setMemo', { target: 'coding', id: inside.coding.id, text: 'Hedged.' });
    const before = snapshot(s.p);
    const over = await s.apply(s.complicit, 'Yet Russian jets fly from Belarusian airfields every');
    expect(over.replaced).toEqual([inside.coding.id]);
    expect(over.notes).toEqual([
      'Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’.',
    ]);
    expect(await call(s.p, 'getMemo', { target: 'coding', id: inside.coding.id })).toEqual({ mine: null, others: [] });
    await call(s.p, 'undo', {});
    expect(snapshot(s.p)).toEqual(before);
    const sentence = await s.apply(s.neutral, 'Belarus is neutral in the war.');
    const words = await s.apply(s.belligerent, 'Belarus is neutral in the war');
    expect(words.notes).toEqual([]); // not in the group: both stay
    await call(s.p, 'updateCodeGroup', {
      id: s.role,
      codeIds: [s.neutral, s.complicit, s.belligerent],
      conflicts: 'keep-latest',
    });
    expect((await call(s.p, 'listCodings', { documentId: s.doc })).map((k) => k.id)).not.toContain(sentence.coding.id);
  });

  it('leaves touching passages, other coders and codes outside the group alone', async () => {
    const s = await stanceProject();
    await s.apply(s.neutral, 'Lukashenko insists that Belarus is neutral');
    const touching = await s.apply(s.complicit, ' in the war'); // starts where the neutral one ends
    expect(touching.replaced).toEqual([]);
    const theme = await s.apply(s.troops, 'Belarus is neutral in the war');
    expect(theme.replaced).toEqual([]);
    const ben = await s.apply(s.complicit, 'Belarus is neutral', 'ben');
    expect(ben.replaced).toEqual([]);
    expect(await s.held('ana')).toEqual([
      [s.neutral, 'Lukashenko insists that Belarus is neutral'],
      [s.troops, 'Belarus is neutral in the war'],
      [s.complicit, ' in the war'],
    ]);
    expect((await call(s.p, 'checkProject', {})).problems).toEqual([]);
  });
});

describe('changing groups and merging codes: refused with the list, or the latest value kept', () => {
  it('does not make a group exclusive while passages hold two of its values by one coder, and says which', async () => {
    const s = await stanceProject({ exclusive: false });
    await s.apply(s.neutral, 'Belarus is neutral in the war. Yet Russian jets fly');
    await s.apply(s.complicit, 'Russian jets fly from Belarusian airfields');
    await s.apply(s.neutral, 'troops crossed from Belarus', 'ben');
    await s.apply(s.complicit, 'troops crossed from Belarus', 'ben');
    await s.apply(s.complicit, 'Minsk says', 'ben'); // a value alone: no conflict
    const before = snapshot(s.p);
    const refused = call(s.p, 'updateCodeGroup', { id: s.role, exclusive: true });
    await expect(refused).rejects.toMatchObject({ code: 'exclusive_conflict' });
    await expect(refused).rejects.toThrow(
      '‘Belarus role’ cannot be made exclusive: 2 passages hold two of its values by the same coder: ' +
        `“Russian jets fly” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ana; ` +
        `“troops crossed from Belarus” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ben. ` +
        'Keep the latest value on each passage, or change those codings first.',
    );
    expect(snapshot(s.p)).toEqual(before);

    const kept = await call(s.p, 'updateCodeGroup', { id: s.role, exclusive: true, conflicts: 'keep-latest' });
    expect(kept.exclusive).toBe(true);
    expect(kept.notes).toEqual([
      `Kept the latest value on 2 passages: 2 earlier codings gave up the text they shared with later ones (“Russian jets fly” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ana; “troops crossed from Belarus” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ben).`,
    ]);
    expect(await s.held('ana')).toEqual([
      [s.neutral, 'Belarus is neutral in the war. Yet'],
      [s.complicit, 'Russian jets fly from Belarusian airfields'],
    ]);
    expect(await s.held('ben')).toEqual([
      [s.complicit, 'troops crossed from Belarus'],
      [s.complicit, 'Minsk says'],
    ]);
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
    await call(s.p, 'undo', {});
    expect(snapshot(s.p)).toEqual(before);
  });

  it('does not add a code to an exclusive group, nor create one, over passages that would then hold two of its values', async () => {
    const s = await stanceProject();
    await s.apply(s.complicit, 'Russian jets fly from Belarusian airfields');
    await s.apply(s.belligerent, 'jets fly from Belarusian airfields every night');
    const before = snapshot(s.p);
    await expect(
      call(s.p, 'updateCodeGroup', { id: s.role, codeIds: [s.neutral, s.complicit, s.belligerent] }),
    ).rejects.toThrow(
      `‘Belarus co-belligerent’ cannot be added to ‘Belarus role’: 1 passage holds two of its values by the same coder: “jets fly from Belarusian airfields” in ‘${TITLE}’: ‘Belarus complicit’ and ‘Belarus co-belligerent’ by ana.`,
    );
    await expect(
      call(s.p, 'createCodeGroup', { name: 'Escalation', exclusive: true, codeIds: [s.complicit, s.belligerent] }),
    ).rejects.toThrow(
      /^‘Escalation’ cannot be an exclusive group of these codes: 1 passage holds two of its values by the same coder: “jets fly from Belarusian airfields”/,
    );
    expect(snapshot(s.p)).toEqual(before);
    // Not exclusive, the same group is fine; and keep-latest lets the later value keep the shared text.
    expect(
      (await call(s.p, 'createCodeGroup', { name: 'Escalation', codeIds: [s.complicit, s.belligerent] })).notes,
    ).toEqual([]);
    await call(s.p, 'updateCodeGroup', {
      id: s.role,
      codeIds: [s.neutral, s.complicit, s.belligerent],
      conflicts: 'keep-latest',
    });
    expect(await s.held()).toEqual([
      [s.complicit, 'Russian'],
      [s.belligerent, 'jets fly from Belarusian airfields every night'],
    ]);
  });

  it('does not merge a code into a value of an exclusive group when a passage would hold two values (the researchers’ report)', async () => {
    const s = await stanceProject();
    const old = await call(s.p, 'createCode', { name: 'Neutral (old)' });
    await s.apply(old.id, 'Belarus is neutral in the war. Yet Russian jets fly');
    await s.apply(s.complicit, 'Russian jets fly from Belarusian airfields');
    // The same passage coded with both codes becomes one coding, its memo kept.
    const twin = await s.apply(old.id, 'troops crossed from Belarus');
    await s.apply(s.neutral, 'troops crossed from Belarus');
    await call(s.p, 'setMemo', { target: 'coding', id: twin.coding.id, text: 'From the old code.' });
    const before = snapshot(s.p);
    await expect(call(s.p, 'mergeCodes', { sourceId: old.id, targetId: s.neutral })).rejects.toThrow(
      `‘Neutral (old)’ cannot be merged into ‘Belarus neutral’: 1 passage would hold two values of ‘Belarus role’ by the same coder: “Russian jets fly” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ana.`,
    );
    expect(snapshot(s.p)).toEqual(before);
    const merged = await call(s.p, 'mergeCodes', { sourceId: old.id, targetId: s.neutral, conflicts: 'keep-latest' });
    expect(merged).toMatchObject({ moved: 1, merged: 1 });
    expect(merged.notes[0]).toMatch(
      /^Kept the latest value on 1 passage: the earlier coding gave up the text it shared with the later one/,
    );
    expect(await s.held()).toEqual([
      [s.neutral, 'Belarus is neutral in the war. Yet'],
      [s.complicit, 'Russian jets fly from Belarusian airfields'],
      [s.neutral, 'troops crossed from Belarus'],
    ]);
    expect(
      (await call(s.p, 'listCodings', { documentId: s.doc })).find((k) => k.quote === 'troops crossed from Belarus')!
        .memo,
    ).toBe('From the old code.');
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
  });
});

describe('auto-coding never replaces a value', () => {
  it('leaves a hit uncoded where the coder holds another value, counts it, and names it in the preview and the result', async () => {
    const s = await stanceProject();
    s.p.coder = 'ana';
    const { hits } = await call(s.p, 'findInDocument', { id: s.doc, query: 'Belarus' });
    expect(hits).toHaveLength(2);
    // “Belarus” in “Belarusian” is not a hit of the word; the second hit is in “crossed from Belarus into Ukraine”.
    await s.apply(s.complicit, 'troops crossed from Belarus into Ukraine');
    const input = { query: 'Belarus', codeId: s.neutral, unit: 'hit' as const, documentIds: [s.doc] };
    const preview = await call(s.p, 'autoCode', { ...input, preview: true });
    expect(preview).toEqual({
      documents: 1,
      passages: 2,
      added: 1,
      conflicts: 1,
      notes: [
        `1 passage would be left without ‘Belarus neutral’: you gave it another value of ‘Belarus role’, which auto-coding never replaces — “Belarus” in ‘${TITLE}’ (‘Belarus complicit’).`,
      ],
    });
    const done = await call(s.p, 'autoCode', input);
    expect(done).toMatchObject({ added: 1, conflicts: 1 });
    expect(done.notes[0]).toMatch(/^1 passage was left without ‘Belarus neutral’: you gave it another value/);
    expect(await s.held()).toEqual([
      [s.neutral, 'Belarus'],
      [s.complicit, 'troops crossed from Belarus into Ukraine'],
    ]);
    // Another coder holds no value there: theirs is coded.
    s.p.coder = 'ben';
    expect(await call(s.p, 'autoCode', input)).toMatchObject({ added: 2, conflicts: 0, notes: [] });
  });
});

describe('a new version of a text, and placing what it orphaned', () => {
  it('orphans a coding whose new place would overlap another value of its coder, and placing it wins on its text', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const dir = tempDir();
    writeFileSync(join(dir, 'v1.txt'), 'Minsk is neutral. Then: neutral and complicit at once.\n');
    const doc = (await call(p, 'importFiles', { paths: [join(dir, 'v1.txt')] })).files[0]!.documentId!;
    const neutral = await call(p, 'createCode', { name: 'Neutral' });
    const complicit = await call(p, 'createCode', { name: 'Complicit' });
    await call(p, 'createCodeGroup', { name: 'Role', exclusive: true, codeIds: [neutral.id, complicit.id] });
    const first = await call(p, 'applyCode', { documentId: doc, codeId: neutral.id, start: 0, end: 16 }); // “Minsk is neutral”
    const second = await call(p, 'applyCode', { documentId: doc, codeId: complicit.id, start: 24, end: 45 }); // “neutral and complicit”
    expect(second.coding.quote).toBe('neutral and complicit');
    // In the new version the two quotes overlap on “neutral”.
    writeFileSync(join(dir, 'v2.txt'), 'Minsk is neutral and complicit at once.\n');
    expect(await call(p, 'replaceDocument', { id: doc, path: join(dir, 'v2.txt') })).toEqual({
      unchanged: false,
      kept: 1,
      moved: 0,
      orphaned: 1,
    });
    expect((await call(p, 'listCodings', { documentId: doc })).map((k) => [k.id, k.quote])).toEqual([
      [first.coding.id, 'Minsk is neutral'],
    ]);
    expect((await call(p, 'listOrphans', { documentId: doc })).map((k) => k.id)).toEqual([second.coding.id]);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
    // The user places it on “neutral and complicit”: it takes “neutral” from the other value.
    const placed = await call(p, 'placeOrphan', { id: second.coding.id, start: 9, end: 30 });
    expect(placed.coding.quote).toBe('neutral and complicit');
    expect(placed.replaced).toEqual([first.coding.id]);
    expect(placed.notes).toEqual([
      'Replaced ‘Neutral’ with ‘Complicit’ on this passage — one value per passage in ‘Role’; ‘Neutral’ keeps the text before it.',
    ]);
    expect((await call(p, 'listCodings', { documentId: doc })).map((k) => k.quote)).toEqual([
      'Minsk is',
      'neutral and complicit',
    ]);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
  });
});

describe('the safety net and check', () => {
  it('refuses a command, or an undo, that would leave a passage with two values, and changes nothing', async () => {
    const s = await stanceProject();
    const { coding } = await s.apply(s.neutral, 'Belarus is neutral in the war');
    const history = (await call(s.p, 'history', {})).length;
    const before = snapshot(s.p);
    const ana = s.p.db.prepare("SELECT id FROM coders WHERE name = 'ana'").pluck().get() as number;
    // A write that skips the rule (as a future path might) is caught before it commits.
    expect(() =>
      runCommand(s.p.db, ana, 'applyCode', 'A careless write', (c) =>
        c.insert('codings', {
          guid: 'careless',
          document_id: s.doc,
          code_id: s.complicit,
          coder_id: ana,
          start: coding.start + 8,
          end: coding.end + 5,
          quote: 'x',
          prefix: '',
          suffix: '',
          created_at: 'now',
        }),
      ),
    ).toThrow(
      `This change would break the rule of exclusive groups: 1 passage would hold two values of ‘Belarus role’ by the same coder: “is neutral in the war” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Belarus complicit’ by ana. Nothing was changed.`,
    );
    expect(snapshot(s.p)).toEqual(before);
    expect((await call(s.p, 'history', {})).length).toBe(history);

    // Undo returns to a state that was valid, unless the project changed outside the log.
    await s.apply(s.troops, 'Minsk says'); // the planted coding gets a new id, not the removed one's
    await call(s.p, 'removeCoding', { id: coding.id });
    plant(s.p, { doc: s.doc, codeId: s.complicit, coder: 'ana', ...s.at('neutral in the war. Yet') });
    const planted = snapshot(s.p);
    const undo = call(s.p, 'undo', {});
    await expect(undo).rejects.toMatchObject({ code: 'exclusive_conflict' });
    await expect(undo).rejects.toThrow(
      /^Undoing “Remove coding “Belarus is neutral in the war”” would break the rule of exclusive groups: 1 passage would hold two values/,
    );
    expect(snapshot(s.p)).toEqual(planted);
    expect((await call(s.p, 'history', {}))[0]!.undone).toBe(false);
  });

  it('check reports a conflict planted in the database, in plain words; applying the value to keep again settles it', async () => {
    const s = await stanceProject();
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
    plant(s.p, {
      doc: s.doc,
      codeId: s.neutral,
      coder: 'ana',
      ...s.at('Belarus is neutral in the war'),
      at: '2026-01-01T00:00:00.000Z',
    });
    plant(s.p, {
      doc: s.doc,
      codeId: s.complicit,
      coder: 'ana',
      ...s.at('in the war. Yet Russian jets'),
      at: '2026-01-02T00:00:00.000Z',
    });
    const report = await call(s.p, 'checkProject', {});
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      `Exclusive group ‘Belarus role’: in ‘${TITLE}’, “in the war” holds both ‘Belarus neutral’ and ‘Belarus complicit’ by ana. ` +
        'Apply the value it should keep to that passage again (the other gives way), or remove one of them.',
    ]);
    const again = await s.apply(s.complicit, 'in the war. Yet Russian jets');
    expect(again.notes[0]).toMatch(
      /^Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — .*keeps the text before it\.$/,
    );
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
  });

  it('resolveRecoded lets a recoded coding win on its text, for settling a disagreement by recoding', async () => {
    const s = await stanceProject();
    await s.apply(s.complicit, 'Yet Russian jets fly from Belarusian airfields');
    const recoded = await s.apply(s.troops, 'Russian jets fly');
    const ana = s.p.db.prepare("SELECT id FROM coders WHERE name = 'ana'").pluck().get() as number;
    const result = runCommand(s.p.db, ana, 'settleDisagreement', 'Recode', (c) => {
      c.update('codings', recoded.coding.id, { code_id: s.neutral });
      return resolveRecoded(s.p.db, c, recoded.coding.id);
    });
    expect(result.notes).toEqual([
      'Replaced ‘Belarus complicit’ with ‘Belarus neutral’ on this passage — one value per passage in ‘Belarus role’; ‘Belarus complicit’ keeps the text around it.',
    ]);
    expect(await s.held()).toEqual([
      [s.complicit, 'Yet'],
      [s.neutral, 'Russian jets fly'],
      [s.complicit, 'from Belarusian airfields'],
    ]);
  });
});

describe('merging projects and importing REFI-QDA: what is here stays', () => {
  /**
   * Ours: TEXT coded by ben (neutral, and “Airfields” outside the group);
   * theirs, a project file sharing our codebook: ben's complicit value over
   * his neutral passage here, Anna's two values on one passage (planted, as
   * another tool could leave them), a value of ben's elsewhere, “Airfields”
   * in their ‘Belarus role’, and a new exclusive group whose codings conflict.
   */
  async function projects() {
    const s = await stanceProject();
    const airfields = await call(s.p, 'createCode', { name: 'Airfields' });
    await s.apply(s.neutral, 'Belarus is neutral in the war', 'ben');
    await s.apply(airfields.id, 'neutral in the war. Yet Russian jets', 'ben');
    const book = codebookXml(s.p.db);
    const path = join(tempDir(), 'theirs.quire');
    const theirs: ProjectHandle = { db: openProject(path, { create: true }), path, coder: 'ben' };
    onTestFinished(() => {
      if (theirs.db.open) theirs.db.close();
    });
    const upload = (name: string, text: string) => ({
      files: [{ name, base64: Buffer.from(text).toString('base64') }],
    });
    await call(theirs, 'importUploads', upload('neutral.txt', TEXT));
    await call(theirs, 'importRefiQda', { upload: { name: 'book.qdc', base64: Buffer.from(book).toString('base64') } });
    const id = (name: string) => theirs.db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;
    const group =
      (theirs.db.prepare("SELECT id FROM code_groups WHERE name = 'Belarus role'").pluck().get() as number) ?? 0;
    await call(theirs, 'updateCodeGroup', {
      id: group,
      codeIds: [id('Belarus neutral'), id('Belarus complicit'), id('Airfields')],
    });
    const escalation = await call(theirs, 'createCode', { name: 'Escalation' });
    const doc = 1;
    const at = (quote: string) => {
      const start = toCodePointOffset(TEXT, TEXT.indexOf(quote));
      return { start, end: start + countCodePoints(quote) };
    };
    await call(theirs, 'applyCode', { documentId: doc, codeId: id('Belarus complicit'), ...at('in the war. Yet') }); // over ben's neutral here
    await call(theirs, 'applyCode', { documentId: doc, codeId: id('Belarus complicit'), ...at('Minsk says') }); // alone: added
    await call(theirs, 'createCodeGroup', {
      name: 'Ladder',
      exclusive: false,
      codeIds: [id('Belarus co-belligerent'), escalation.id],
    });
    theirs.coder = 'Anna';
    await call(theirs, 'applyCode', { documentId: doc, codeId: id('Belarus co-belligerent'), ...at('troops crossed') });
    await call(theirs, 'applyCode', { documentId: doc, codeId: escalation.id, ...at('crossed from Belarus') });
    plant(theirs, {
      doc,
      codeId: id('Belarus neutral'),
      coder: 'Anna',
      ...at('Minsk says it only'),
      at: '2026-01-01T00:00:00.000Z',
    });
    plant(theirs, {
      doc,
      codeId: id('Belarus complicit'),
      coder: 'Anna',
      ...at('it only hosts exercises'),
      at: '2026-01-02T00:00:00.000Z',
    });
    // The ladder made exclusive past the engine: its codings break the rule in the file.
    theirs.db.prepare("UPDATE code_groups SET exclusive = 1 WHERE name = 'Ladder'").run();
    theirs.db.close();
    return { ...s, path, airfields: airfields.id };
  }

  it('does not add a coding of the file that would conflict with ours or with one before it; says so in the preview and the result', async () => {
    const s = await projects();
    s.p.coder = 'ben';
    const before = snapshot(s.p);
    const preview = await call(s.p, 'previewMerge', { path: s.path });
    expect(snapshot(s.p)).toEqual(before);
    const held = preview.skipped.find((k) => k.includes('were not added'));
    expect(held).toBe(
      '2 codings were not added: each would give a passage two values of an exclusive group (“Belarus role”) by the same coder, and the value already there is kept — ' +
        `“in the war. Yet” in “${TITLE}”: “Belarus complicit” by ben, over “Belarus neutral” (here); ` +
        `“it only hosts exercises” in “${TITLE}”: “Belarus complicit” by Anna, over “Belarus neutral” (earlier in the file).`,
    );
    expect(preview.skipped).toContain(
      `“Airfields” was not added to the group “Belarus role”: it is exclusive here, and 1 passage would hold two of its values by the same coder: “neutral in the war” in ‘${TITLE}’: ‘Belarus neutral’ and ‘Airfields’ by ben.`,
    );
    expect(preview.notes).toContain(
      'The group “Ladder” is exclusive in the file, but 1 passage in the file holds two of its values by the same coder: it comes in as an ordinary group. Make it exclusive in the codes panel to choose which value each passage keeps.',
    );
    const done = await call(s.p, 'mergeProject', { path: s.path });
    expect(done).toEqual(preview);
    expect(done.codings.added).toBe(4); // ben's “Minsk says”, Anna's neutral, her two ladder codings
    const book = await call(s.p, 'getCodebook', {});
    expect(book.groups.find((g) => g.name === 'Ladder')!.exclusive).toBe(false);
    expect(book.groups.find((g) => g.name === 'Belarus role')!.codeIds).toEqual([s.neutral, s.complicit]);
    expect(await s.held('ben')).toEqual([
      [s.neutral, 'Belarus is neutral in the war'],
      [s.airfields, 'neutral in the war. Yet Russian jets'],
      [s.complicit, 'Minsk says'],
    ]);
    expect((await s.held('Anna')).filter(([code]) => code === s.neutral || code === s.complicit)).toEqual([
      [s.neutral, 'Minsk says it only'],
    ]);
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
    await call(s.p, 'undo', {});
    expect(snapshot(s.p)).toEqual(before);
  });

  it('imports the same project as REFI-QDA with the same choices', async () => {
    const s = await projects();
    const theirs = openProject(s.path);
    const qdpx = projectQdpx(theirs, { viewer: everyone() }).bytes;
    theirs.close();
    s.p.coder = 'ben';
    const report = await call(s.p, 'importRefiQda', {
      upload: { name: 'theirs.qdpx', base64: Buffer.from(qdpx).toString('base64') },
    });
    expect(report.skipped.find((k) => k.startsWith('2 codings were not added'))).toBeDefined();
    expect(report.skipped.some((k) => k.startsWith('“Airfields” was not added to the group “Belarus role”'))).toBe(
      true,
    );
    expect(report.notes.some((k) => k.startsWith('The group “Ladder” is exclusive in the file'))).toBe(true);
    expect((await call(s.p, 'checkProject', {})).ok).toBe(true);
  });

  it('adds every coding of a file that breaks nothing', async () => {
    const s = await stanceProject();
    const path = join(tempDir(), 'clean.quire');
    const other: ProjectHandle = { db: openProject(path, { create: true }), path, coder: 'ana' };
    await call(other, 'importUploads', {
      files: [{ name: 'neutral.txt', base64: Buffer.from(TEXT).toString('base64') }],
    });
    const code = await call(other, 'createCode', { name: 'Belarus neutral' });
    await call(other, 'applyCode', { documentId: 1, codeId: code.id, start: 0, end: 10 });
    other.db.close();
    const done = await call(s.p, 'mergeProject', { path });
    expect(done.codings.added).toBe(1);
    expect(done.skipped).toEqual([]);
  });
});
