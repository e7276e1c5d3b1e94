// Blind coding, enforced by the engine: a coder coding blind reads the project
// as if the other coders' work were not there. Every read method of the API is
// called as Ben, coding blind, on a project Anna has coded too, and must answer
// exactly as it does on a copy of the project from which all of Anna's work
// was deleted — and carry no trace of her (name, memos, codings) anywhere.
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { contract, type MethodName } from '../../src/shared/api.ts';
import { SEEDS_DIR, tempDir, codeQuote as code } from '../helpers/project.ts';

const ANNA = 'Anna Kowalska';
const ANNA_MEMOS = [
  'ANNA-DOC-MEMO on the Grodno story',
  'ANNA-CODE-MEMO: complicity needs a source',
  'ANNA-CODING-MEMO: a denial, not evidence',
  'ANNA-ON-BENS-CODING',
  'ANNA-JOURNAL: sampling decided',
  'ANNA-FREE-MEMO on sources',
];

/** A text export's bytes as text; a zip's entries (.qdpx, .docx) joined as text. */
function exported(r: { base64: string | null }): string {
  const bytes = Buffer.from(r.base64!, 'base64');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return Object.values(unzipSync(bytes))
      .map((b) => Buffer.from(b).toString('utf8'))
      .join('\n');
  return bytes.toString('utf8');
}

/**
 * The seeds coded by Anna and by Ben, on the same and on different passages,
 * with memos by both on the same targets; one coding of each orphaned. Then
 * the same project without Anna: her codings, memos, steps and name deleted.
 */
async function projects() {
  const dir = tempDir();
  const path = join(dir, 'both.quire');
  const p: ProjectHandle = { db: openProject(path, { create: true }), path, coder: ANNA };
  await call(p, 'importFiles', { paths: [SEEDS_DIR] });
  const neutral = await call(p, 'createCode', { name: 'Belarus neutral' });
  const complicit = await call(p, 'createCode', { name: 'Belarus complicit' });
  const parent = await call(p, 'createCode', { name: 'Themes' });
  const troops = await call(p, 'createCode', { name: 'Russian troops in Belarus', parentId: parent.id });
  await call(p, 'createCodeGroup', { name: 'Belarus role', exclusive: true, codeIds: [neutral.id, complicit.id] });
  const body = async (id: number) => (await call(p, 'getDocument', { id })).body;
  const sentence = async (id: number, n: number) =>
    (await body(id))
      .split(/(?<=\.)\s+/)
      .filter((s) => s.length > 40)
      [n]!.trim();

  const a1 = await code(p, 1, complicit.id, await sentence(1, 1));
  await code(p, 2, troops.id, await sentence(2, 2));
  await code(p, 3, neutral.id, await sentence(3, 0));
  const annaOrphan = await code(p, 4, troops.id, await sentence(4, 3));
  await call(p, 'setMemo', { target: 'document', id: 1, text: ANNA_MEMOS[0]! });
  await call(p, 'setMemo', { target: 'code', id: complicit.id, text: ANNA_MEMOS[1]! });
  await call(p, 'setMemo', { target: 'coding', id: a1.id, text: ANNA_MEMOS[2]! });
  await call(p, 'createNote', { kind: 'journal', text: ANNA_MEMOS[4]! });
  await call(p, 'createNote', {
    kind: 'memo',
    title: 'Sources',
    text: ANNA_MEMOS[5]!,
    links: [
      { type: 'document', id: 1 },
      { type: 'coding', id: a1.id },
    ],
  });
  // Sets are documents, not codings: Anna's sets are Ben's too; their members' coding counts are his own.
  await call(p, 'createSet', { name: 'Grodno sample', documentIds: [1, 2] });
  await call(p, 'createSet', { name: 'About troops', query: { query: 'troops' } });

  p.coder = 'ben';
  const b1 = await code(p, 1, neutral.id, await sentence(1, 1)); // the same sentence, another value
  await code(p, 2, troops.id, await sentence(2, 3));
  const benOrphan = await code(p, 5, neutral.id, await sentence(5, 1));
  await call(p, 'setMemo', { target: 'document', id: 1, text: 'Ben on the Grodno story' });
  await call(p, 'setMemo', { target: 'coding', id: b1.id, text: 'Ben: hedged.' });
  await call(p, 'createNote', { kind: 'journal', text: 'Ben: first pass done' });
  await call(p, 'createNote', {
    kind: 'memo',
    title: 'Hedging',
    text: 'Ben on hedged denials',
    links: [
      { type: 'coding', id: b1.id },
      { type: 'code', id: neutral.id },
    ],
  });
  p.coder = ANNA;
  await call(p, 'setMemo', { target: 'coding', id: b1.id, text: ANNA_MEMOS[3]! });
  p.db.prepare('UPDATE codings SET orphaned = 1 WHERE id IN (?, ?)').run(annaOrphan.id, benOrphan.id);

  p.coder = 'ben';
  expect(await call(p, 'setCoder', { blind: true })).toEqual({ name: 'ben', blind: true });

  const withoutPath = join(dir, 'without-anna.quire');
  p.db.prepare('VACUUM INTO ?').run(withoutPath);
  const without: ProjectHandle = { db: openProject(withoutPath), path: withoutPath, coder: 'ben' };
  const anna = without.db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(ANNA);
  without.db.prepare('DELETE FROM note_links WHERE note_id IN (SELECT id FROM notes WHERE coder_id = ?)').run(anna);
  for (const table of ['codings', 'memos', 'notes', 'command_log'])
    without.db.prepare(`DELETE FROM ${table} WHERE coder_id = ?`).run(anna);
  without.db.prepare('DELETE FROM coders WHERE id = ?').run(anna);
  // Ben sees everything there is in this copy: he need not be blind in it.
  await call(without, 'setCoder', { blind: false });
  // The lines of a concordance by their place, with their block's stamp, as a screen asks for their text.
  const concordance = await call(p, 'kwic', { query: 'Belarus', texts: 0 });
  const block = { lines: concordance.more.map(([d, s, e]) => [d, s, e] as const), stamp: concordance.stamps[0]! };
  return {
    p,
    without,
    codes: { neutral, complicit, troops, parent, block },
    annaGuids: p.db.prepare('SELECT guid FROM codings WHERE coder_id = ?').pluck().all(anna) as string[],
  };
}

type Inputs = (codes: Awaited<ReturnType<typeof projects>>['codes']) => unknown[];

/** Every method that reads, with the inputs it is called with (each input is one call). */
const READS: Partial<Record<MethodName, Inputs>> = {
  projectInfo: () => [{}],
  listDocuments: () => [{}, { sort: 'title', limit: 3 }],
  getDocument: () => [{ id: 1 }, { id: 2 }, { id: 4 }],
  search: () => [
    { query: 'Belarus' },
    { query: 'Lukashenko~' },
    { query: '-Putin', source: 'Nasha Niva' },
    { query: 'set:"About troops" Belarus' },
    { query: 'Belarus', setId: 1 },
  ],
  findInDocument: () => [{ id: 1, query: 'troops' }],
  checkProject: () => [{}],
  getCoder: () => [{}],
  getCodebook: () => [{}],
  // Attributes belong to documents, not coders: the same for everyone.
  listAttributes: () => [{}],
  attributeTable: () => [{}],
  listCodings: () => [1, 2, 3, 4, 5].map((documentId) => ({ documentId })),
  // The reader's listing, without quotes: the same rule, in its own query.
  listCodingMarks: () => [1, 2, 3, 4, 5].map((documentId) => ({ documentId })),
  listNotes: (c) => [
    {},
    { kind: 'journal' },
    { query: 'sources' },
    { linkedTo: { type: 'document', id: 1 } },
    { linkedTo: { type: 'code', id: c.neutral.id } },
  ],
  getMemo: (c) => [
    { target: 'document', id: 1 },
    { target: 'code', id: c.complicit.id },
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({ target: 'coding', id })),
  ],
  codedSegments: (c) => [
    { codeIds: [c.neutral.id, c.complicit.id, c.troops.id] },
    { codeIds: [c.troops.id], coders: [ANNA] },
    { codeIds: [c.complicit.id], coders: [ANNA, 'ben'] },
  ],
  codeMatrix: (c) => [{}, { coders: [ANNA] }, { codeIds: [c.troops.id], documentIds: [1, 2] }],
  listCoders: () => [{}],
  stanceOverview: () => [
    { groupId: 1 },
    { groupId: 1, by: 'source' },
    { groupId: 1, coders: [ANNA] },
    { groupId: 1, setId: 2 },
  ],
  coOccurrence: () => [{}, { scope: 'paragraph' }, { coders: [ANNA, 'ben'] }],
  coOccurrencePassages: (c) => [
    { codeA: c.neutral.id, codeB: c.complicit.id, scope: 'overlap' },
    { codeA: c.troops.id, codeB: c.neutral.id, scope: 'paragraph' },
  ],
  autoCode: (c) => [{ query: 'Grodno', codeId: c.troops.id, unit: 'sentence', preview: true }],
  cleanupRules: () => [{}],
  previewCleanup: () => [{}],
  listOrphans: () => [{}, { documentId: 4 }],
  previewReport: () => [{ include: { agreement: true, stance: true, cooccurrence: true } }],
  exportFile: () => [
    ...(['html', 'md', 'csv', 'docx', 'qdpx', 'qdc', 'pdf', 'ris', 'csl-json'] as const).map((format) => ({
      format,
      include: { stance: true, cooccurrence: true },
    })),
    { format: 'html', include: { agreement: true } },
  ],
  exportProgress: () => [{}],
  history: () => [{ limit: 1000 }],
  listBackups: () => [{}],
  listSets: () => [{}],
  getSet: () => [{ id: 1 }, { id: 2 }],
  // Analyst's toolkit: a blind coder's queries, concordances and word counts read their own codings only.
  codeQuery: () => [
    { query: '"Belarus neutral" OR "Belarus complicit"' },
    { query: '"Russian troops in Belarus" NEAR/5 "Belarus neutral"' },
    { query: '"Belarus neutral" AND/P "Belarus complicit"', coders: [ANNA, 'ben'] },
    { query: '"Belarus complicit" NOT "Belarus neutral"' },
  ],
  kwic: (c) => [
    { query: 'Belarus' },
    { codeId: c.neutral.id },
    { codeId: c.troops.id, sort: 'right' },
    { codeId: c.troops.id, texts: 0 },
  ],
  kwicTexts: (c) => [c.block],
  wordFrequencies: (c) => [
    { scope: { codeId: c.neutral.id } },
    { scope: { codeId: c.troops.id }, compare: { codeId: c.complicit.id } },
  ],
  analysisCsv: (c) => [
    { kind: 'query', input: { query: '"Belarus neutral" OR "Belarus complicit"' } },
    { kind: 'kwic', input: { codeId: c.troops.id } },
    { kind: 'words', input: { scope: { codeId: c.neutral.id } } },
  ],
};

/** Reads that compare or bring in other coders' work: refused while coding blind, with the reason. */
const REFUSED: Partial<Record<MethodName, Inputs>> = {
  agreement: () => [{ coders: [ANNA, 'ben'] }, { coders: ['ben', 'cleo'] }],
  disagreements: () => [{ coders: [ANNA, 'ben'] }],
  previewMerge: () => [{ upload: { name: 'x.qdpx', base64: '' } }],
};

/** Methods that change the project (tested below for what their answers and refusals carry). */
const WRITES: MethodName[] = [
  'updateDocument',
  'deleteDocuments',
  'importFiles',
  'importUploads',
  'setCoder',
  'createCode',
  'updateCode',
  'moveCode',
  'deleteCode',
  'createAttribute',
  'updateAttribute',
  'deleteAttribute',
  'setAttributeValues',
  'fillAttribute',
  'importAttributes',
  'createCodeGroup',
  'updateCodeGroup',
  'deleteCodeGroup',
  'applyCode',
  'removeCoding',
  'setMemo',
  'createNote',
  'updateNote',
  'deleteNote',
  'mergeCodes',
  'settleDisagreement',
  'replaceDocument',
  'cleanupDocuments',
  'placeOrphan',
  'importRefiQda',
  'mergeProject',
  'cancelExport',
  'undo',
  'redo',
  'autoCode',
  // A new project file from a backup: it changes nothing in this one.
  'restoreBackup',
  'createSet',
  'updateSet',
  'deleteSet',
  'addToSet',
  'removeFromSet',
  'freezeSet',
  // Codes what a code query finds (the coder's own codings only, while blind: see analyst.test.ts).
  'saveCodeQuery',
  // Editing codings: a coder's own only (Anna's are refused as not there, below).
  'resizeCoding',
  'recodeCoding',
  'splitCoding',
  'mergeCodings',
];

/** What differs between two calls that read the same record: export times and the project's own name and path. */
function comparable(value: unknown, p: ProjectHandle): unknown {
  const json = JSON.stringify(value)
    .replaceAll(p.path, '<path>')
    .replaceAll(/both|without-anna/g, '<name>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{1,2} \w+ \d{4}, \d\d:\d\d/g, '<time>')
    // Word's bookmarks (the contents' targets) are numbered by a counter the docx library keeps for the whole process.
    .replace(/_Toc\d+/g, '_Toc')
    .replace(/(<w:bookmark(?:Start|End)\b[^>]*?w:id=\\")\d+/g, '$1');
  return JSON.parse(json);
}

describe('blind coding', () => {
  it('lists every method of the API as a read, a refused read or a write', () => {
    const listed = [...Object.keys(READS), ...Object.keys(REFUSED), ...WRITES].sort();
    expect([...new Set(listed)]).toEqual(Object.keys(contract).sort());
  });

  it('every read answers a blind coder as if the other coders had never coded, and names none of them', async () => {
    const { p, without, codes, annaGuids } = await projects();
    // Exports print through a printer that gives back the HTML it was asked to print.
    for (const h of [p, without]) h.printer = async (html) => new TextEncoder().encode(html);
    let calls = 0;
    for (const [method, inputs] of Object.entries(READS) as [MethodName, Inputs][]) {
      for (const input of inputs(codes)) {
        const blind = await call(p, method, input);
        const alone = await call(without, method, input);
        const text = JSON.stringify(blind) + (method === 'exportFile' ? exported(blind as { base64: string }) : '');
        for (const trace of [ANNA, 'Anna', ...ANNA_MEMOS, ...annaGuids])
          expect(text, `${method} ${JSON.stringify(input)} carries “${trace}”`).not.toContain(trace);
        // Only the blind flag tells the two sessions apart.
        const same =
          method === 'exportFile'
            ? [exported(blind as { base64: string }), exported(alone as { base64: string })]
            : method === 'getCoder'
              ? [
                  { ...(blind as object), blind: 'either' },
                  { ...(alone as object), blind: 'either' },
                ]
              : [blind, alone];
        expect(comparable(same[0], p), `${method} ${JSON.stringify(input)}`).toEqual(comparable(same[1], without));
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(50);
    // The report does not silently drop what was asked for: it says why the agreement is missing.
    const report = await call(p, 'exportFile', { format: 'html', include: { agreement: true } });
    expect(report.notes).toEqual([
      'The intercoder agreement is not in the report: it compares coders, and you code blind.',
    ]);
  });

  it('refuses the reads that compare or bring in other coders’ work, saying why and what to do', async () => {
    const { p, codes } = await projects();
    for (const [method, inputs] of Object.entries(REFUSED) as [MethodName, Inputs][]) {
      for (const input of inputs(codes)) {
        await expect(call(p, method, input)).rejects.toMatchObject({
          code: 'blind',
          message: expect.stringMatching(/while you code blind.*Turn blind coding off/),
        });
      }
    }
    await expect(call(p, 'exportFile', { format: 'agreement-csv' })).rejects.toMatchObject({ code: 'blind' });
  });

  it('writes answer with nothing of the others either, and never change work the coder cannot see', async () => {
    const { p, codes } = await projects();
    const annas = p.db
      .prepare('SELECT k.id FROM codings k JOIN coders c ON c.id = k.coder_id WHERE c.name = ? ORDER BY k.id')
      .pluck()
      .all(ANNA) as number[];
    const snapshot = () => p.db.prepare('SELECT id, code_id, start, "end", orphaned FROM codings ORDER BY id').all();
    const before = snapshot();
    // Her codings do not exist for Ben: not to remove, place or write on.
    for (const id of annas) {
      await expect(call(p, 'removeCoding', { id })).rejects.toMatchObject({
        code: 'not_found',
        message: `There is no coding ${id}.`,
      });
      await expect(call(p, 'setMemo', { target: 'coding', id, text: 'x' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(call(p, 'resizeCoding', { id, edge: 'end', step: 'wider' })).rejects.toMatchObject({
        code: 'not_found',
        message: `There is no coding ${id}.`,
      });
      await expect(call(p, 'recodeCoding', { id, codeId: codes.troops.id })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(call(p, 'splitCoding', { id, at: 10 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        call(p, 'mergeCodings', { ids: [id, annas[0] === id ? annas[1]! : annas[0]!] }),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(call(p, 'placeOrphan', { id: annas.at(-1)!, start: 0, end: 5 })).rejects.toMatchObject({
      code: 'not_found',
    });
    // Her journal and memos do not exist for him either: not to change, delete or link to.
    const notesBefore = p.db.prepare('SELECT * FROM notes ORDER BY id').all();
    for (const id of p.db
      .prepare('SELECT n.id FROM notes n JOIN coders c ON c.id = n.coder_id WHERE c.name = ?')
      .pluck()
      .all(ANNA) as number[]) {
      await expect(call(p, 'updateNote', { id, text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(call(p, 'deleteNote', { id })).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(
      call(p, 'createNote', { kind: 'memo', text: 'x', links: [{ type: 'coding', id: annas[0]! }] }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('another coder’s') });
    expect(p.db.prepare('SELECT * FROM notes ORDER BY id').all()).toEqual(notesBefore);
    // Deleting or merging what she coded with, or a document she coded, would change her work: refused, and said why.
    await expect(call(p, 'deleteCode', { id: codes.complicit.id })).rejects.toMatchObject({
      code: 'blind',
      message: expect.stringContaining('Deleting “Belarus complicit” would change other coders’ codings'),
    });
    await expect(call(p, 'deleteCode', { id: codes.parent.id })).rejects.toMatchObject({ code: 'blind' });
    await expect(
      call(p, 'mergeCodes', { sourceId: codes.complicit.id, targetId: codes.neutral.id }),
    ).rejects.toMatchObject({ code: 'blind' });
    await expect(call(p, 'deleteDocuments', { ids: [3] })).rejects.toMatchObject({ code: 'blind' });
    await expect(
      call(p, 'settleDisagreement', {
        coders: [ANNA, 'ben'],
        documentId: 1,
        codeId: codes.neutral.id,
        start: 0,
        end: 10,
        action: 'both',
      }),
    ).rejects.toMatchObject({ code: 'blind' });
    await expect(call(p, 'mergeProject', { upload: { name: 'x.quire', base64: '' } })).rejects.toMatchObject({
      code: 'blind',
    });
    await expect(call(p, 'importRefiQda', { upload: { name: 'x.qdpx', base64: '' } })).rejects.toMatchObject({
      code: 'blind',
    });
    expect(snapshot()).toEqual(before);
    // What he may change answers with his own counts: the code tree's totals are his.
    const updated = await call(p, 'updateCode', { id: codes.troops.id, description: 'Bases and exercises.' });
    expect([updated.codingCount, updated.totalCount]).toEqual([1, 1]);
    const moved = await call(p, 'moveCode', { id: codes.neutral.id, parentId: codes.parent.id, position: 0 });
    expect(moved.codingCount).toBe(1);
    expect((await call(p, 'getCodebook', {})).codes.find((c) => c.id === codes.parent.id)).toMatchObject({
      codingCount: 0,
      totalCount: 2,
    });
    // His own memo on a document she wrote on too is his alone; hers is untouched.
    await call(p, 'setMemo', { target: 'document', id: 1, text: 'Ben again.' });
    expect(await call(p, 'getMemo', { target: 'document', id: 1 })).toMatchObject({
      mine: { text: 'Ben again.' },
      others: [],
    });
    expect(p.db.prepare('SELECT text FROM memos WHERE text LIKE ?').pluck().all('ANNA-DOC%')).toEqual([ANNA_MEMOS[0]]);
    // A deletion that touches only his work goes ahead, and counts only it.
    const ben = p.db
      .prepare("SELECT id FROM codings WHERE coder_id = (SELECT id FROM coders WHERE name = 'ben') AND document_id = 2")
      .pluck()
      .get() as number;
    await call(p, 'removeCoding', { id: ben });
    // Undo takes back his own steps only: when the last step is Anna's, it says so and changes nothing.
    expect((await call(p, 'undo', {})).undone).toMatchObject({ command: 'removeCoding', coder: 'ben' });
    p.coder = ANNA;
    await call(p, 'setCoder', { blind: false });
    await code(p, 2, codes.troops.id, 'Belarus');
    await call(p, 'setCoder', { name: 'ben' });
    expect((await call(p, 'getCoder', {})).blind).toBe(true);
    const steps = (await call(p, 'history', { limit: 1000 })).length;
    await expect(call(p, 'undo', {})).rejects.toMatchObject({
      code: 'blind',
      message: expect.stringMatching(/^There is nothing of yours to undo/),
    });
    expect(await call(p, 'history', { limit: 1000 })).toHaveLength(steps);
  });

  it('never names another coder’s passages when exclusive groups are changed or checked', async () => {
    const { p } = await projects();
    p.coder = ANNA;
    await call(p, 'setCoder', { blind: false });
    const x = await call(p, 'createCode', { name: 'Tone hostile' });
    const y = await call(p, 'createCode', { name: 'Tone friendly' });
    const tone = await call(p, 'createCodeGroup', { name: 'Tone', codeIds: [x.id, y.id] });
    await call(p, 'applyCode', { documentId: 2, codeId: x.id, start: 0, end: 60 });
    await call(p, 'applyCode', { documentId: 2, codeId: y.id, start: 30, end: 90 });
    await call(p, 'setCoder', { name: 'ben' });
    // Making the group exclusive would cut Anna's passages: Ben, blind, is refused without learning where.
    const refusal = call(p, 'updateCodeGroup', { id: tone.id, exclusive: true, conflicts: 'keep-latest' });
    await expect(refusal).rejects.toMatchObject({
      code: 'blind',
      message:
        'Making ‘Tone’ exclusive would change other coders’ codings, which you cannot see while you code blind. Turn blind coding off to do it.',
    });
    expect((await call(p, 'getCodebook', {})).groups.find((g) => g.id === tone.id)!.exclusive).toBe(false);
    // A rule broken in Anna's work (made so behind the engine's back) is reported to Ben without her passages.
    p.db.prepare('UPDATE code_groups SET exclusive = 1 WHERE id = ?').run(tone.id);
    const report = await call(p, 'checkProject', {});
    expect(report.problems).toEqual([
      'Exclusive groups: other coders’ codings give some passages two values of a group; turn blind coding off to see where.',
    ]);
    expect(JSON.stringify(report)).not.toContain('Anna');
  });

  it('is each coder’s own setting, kept in the project; a new name while blind stays blind', async () => {
    const { p } = await projects();
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'ben', blind: true });
    expect(await call(p, 'setCoder', { name: ANNA })).toEqual({ name: ANNA, blind: false });
    expect(await call(p, 'setCoder', { name: 'ben' })).toEqual({ name: 'ben', blind: true });
    // Renaming oneself while blind never unblinds.
    expect(await call(p, 'setCoder', { name: 'Ben K.' })).toEqual({ name: 'Ben K.', blind: true });
    // The setting is in the file: another session (the command line, a restart) reads blind too.
    const again: ProjectHandle = { db: openProject(p.path), path: p.path, coder: 'ben' };
    expect((await call(again, 'listCoders', {})).map((c) => c.name)).toEqual(['ben']);
    again.db.close();
    expect(await call(p, 'setCoder', { blind: false })).toEqual({ name: 'Ben K.', blind: false });
  });
});
