// Document sets: by hand or saved from a search or filter (run again on every
// read), undoable, said in words, and one scope for every place documents are
// chosen: the library, search (set:"…"), the analyses, auto-coding, agreement
// and export.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { outletTypes } from '../helpers/attributes.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';
import { clip } from '../../src/shared/text.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ids = (docs: { id: number }[]) => docs.map((d) => d.id);

describe('document sets', () => {
  it('keeps a hand set’s documents, says what adding and removing did, refuses a name taken in any case, and undoes each step', async () => {
    const p = await createTestProject();
    const sample = await call(p, 'createSet', { name: 'My sample', description: 'Read first', documentIds: [1, 3] });
    expect(sample).toMatchObject({
      name: 'My sample',
      description: 'Read first',
      kind: 'hand',
      query: null,
      count: 2,
      notes: [],
    });
    await expect(call(p, 'createSet', { name: '  my SAMPLE ' })).rejects.toThrow(
      'There is already a document set called “My sample”.',
    );
    const added = await call(p, 'addToSet', { id: sample.id, documentIds: [3, 4, 1] });
    expect(added).toMatchObject({
      changed: 1,
      unchanged: 2,
      message: `Added “${clip(SEED_TITLES['003'], 60)}” to “My sample”. 2 documents were already in it.`,
    });
    const again = await call(p, 'addToSet', { id: sample.id, documentIds: [4] });
    expect(again.message).toBe('Nothing was added to “My sample”. It was already in it.');
    expect(ids((await call(p, 'getSet', { id: sample.id })).documents).sort()).toEqual([1, 3, 4]);
    const removed = await call(p, 'removeFromSet', { id: sample.id, documentIds: [1, 5] });
    expect(removed).toMatchObject({
      changed: 1,
      unchanged: 1,
      message: `Removed “${clip(SEED_TITLES['000'], 60)}” from “My sample”. 1 document was not in it.`,
    });
    await expect(call(p, 'addToSet', { id: sample.id, documentIds: [99] })).rejects.toThrow(
      'There is no document 99 in this project.',
    );
    // Each step is one step of the history, undone in turn.
    await call(p, 'undo', {});
    expect((await call(p, 'getSet', { id: sample.id })).set.count).toBe(3);
    await call(p, 'undo', {});
    expect((await call(p, 'getSet', { id: sample.id })).set.count).toBe(2);
    const renamed = await call(p, 'updateSet', { id: sample.id, name: 'Core sample', description: 'Read these first' });
    expect(renamed).toMatchObject({ name: 'Core sample', description: 'Read these first' });
    expect((await call(p, 'history', { limit: 1 }))[0]!.description).toBe(
      'Rename document set “My sample” to “Core sample”',
    );
    expect(await call(p, 'deleteSet', { id: sample.id })).toEqual({ members: 2 });
    expect((await call(p, 'listSets', {})).sets).toEqual([]);
    await call(p, 'undo', {});
    expect((await call(p, 'listSets', {})).sets.map((s) => [s.name, s.count])).toEqual([['Core sample', 2]]);
  });

  it('runs a saved search again on every read, so a later import that matches joins it; freezing keeps what it holds now', async () => {
    const p = await createTestProject();
    const drones = await call(p, 'createSet', { name: 'Drones', query: { query: 'drones' } });
    expect(drones).toMatchObject({ kind: 'query', count: 1, queryText: 'search “drones”' });
    const dir = tempDir();
    writeFileSync(join(dir, 'later.txt'), 'Drones over Minsk\n\nMore drones were seen over Minsk on Tuesday.\n');
    await importFiles(p.db, [join(dir, 'later.txt')]);
    expect((await call(p, 'getSet', { id: drones.id })).set.count).toBe(2);
    await expect(call(p, 'addToSet', { id: drones.id, documentIds: [1] })).rejects.toThrow(
      '“Drones” is saved from a search, so its documents are what the search finds: to add documents by hand, first make it a set by hand (freeze it).',
    );
    const frozen = await call(p, 'freezeSet', { id: drones.id });
    expect(frozen).toMatchObject({ kind: 'hand', query: null, count: 2 });
    writeFileSync(join(dir, 'later2.txt'), 'Drones again\n\nDrones came back.\n');
    await importFiles(p.db, [join(dir, 'later2.txt')]);
    expect((await call(p, 'getSet', { id: drones.id })).set.count).toBe(2);
    // A query of nothing would be every document: refused.
    await expect(call(p, 'createSet', { name: 'All', query: { query: '  ' } })).rejects.toThrow(
      'A set saved from a search needs something to search or filter by',
    );
  });

  it('says when the attribute a saved filter used is renamed or deleted, and then holds nothing stale', async () => {
    const p = await createTestProject();
    const outlet = await outletTypes(p);
    const state = await call(p, 'createSet', {
      name: 'State outlets',
      query: { attribute: { id: outlet.id, value: 'state' } },
    });
    expect(state).toMatchObject({ count: 1, queryText: '“Outlet type” is “state”' });
    const byText = await call(p, 'createSet', {
      name: 'Independent by search',
      query: { query: 'attr:"Outlet type"=independent' },
    });
    expect(byText.count).toBe(2);
    await call(p, 'updateAttribute', { id: outlet.id, name: 'Ownership' });
    const [independent, stateNow] = (await call(p, 'listSets', {})).sets;
    expect(stateNow).toMatchObject({
      count: 1,
      notes: [
        'The attribute “Outlet type” that “State outlets” was saved with is now called “Ownership”; the set follows it.',
      ],
    });
    expect(independent).toMatchObject({
      count: 0,
      notes: [expect.stringContaining('there is no attribute called "Outlet type" (the attributes are "Ownership")')],
    });
    // A choice renamed: the value the set was saved with is gone.
    await call(p, 'updateAttribute', {
      id: outlet.id,
      choices: ['state-run', 'independent'],
      rename: [{ from: 'state', to: 'state-run' }],
    });
    expect((await call(p, 'getSet', { id: state.id })).set).toMatchObject({
      count: 0,
      notes: [
        expect.stringContaining('is now called “Ownership”'),
        '“Ownership” no longer has the value “state” that “State outlets” was saved with, so the set holds nothing now. Change its query or delete it.',
      ],
    });
    await call(p, 'deleteAttribute', { id: outlet.id });
    const gone = await call(p, 'getSet', { id: state.id });
    expect(gone.documents).toEqual([]);
    expect(gone.set.notes).toEqual([
      'The attribute “Outlet type” that “State outlets” was saved with has been deleted, so the set holds nothing now. Change its query or delete it.',
    ]);
  });

  it('loses a deleted document from its hand sets, and undo puts it back in them', async () => {
    const p = await createTestProject();
    const set = await call(p, 'createSet', { name: 'Pair', documentIds: [2, 3] });
    await call(p, 'deleteDocuments', { ids: [2] });
    expect(ids((await call(p, 'getSet', { id: set.id })).documents)).toEqual([3]);
    await call(p, 'undo', {});
    expect(ids((await call(p, 'getSet', { id: set.id })).documents).sort()).toEqual([2, 3]);
  });

  it('is one scope for the library, search, the analyses, auto-coding, agreement and export', async () => {
    const p = await createTestProject();
    const set = await call(p, 'createSet', { name: 'Lukashenka spelling', query: { query: 'Lukashenka' } });
    expect((await call(p, 'getSet', { id: set.id })).set.count).toBe(2);
    const members = [2, 4];
    expect(ids((await call(p, 'listDocuments', { setId: set.id })).documents)).toEqual(members);
    expect(
      (await call(p, 'search', { query: 'Putin', setId: set.id })).results.map((r) => r.document.id).sort(),
    ).toEqual(members);
    expect(
      (await call(p, 'search', { query: 'set:"lukashenka SPELLING" Putin' })).results.map((r) => r.document.id).sort(),
    ).toEqual(members);
    const unknown = await call(p, 'search', { query: 'set:"No such" Putin' });
    expect(unknown).toMatchObject({
      total: 0,
      warnings: [
        'Nothing matches "set:"No such"": there is no document set called "No such" (the sets are "Lukashenka spelling").',
      ],
    });
    // A saved set that names itself holds nothing there, and says so, rather than run forever.
    const loop = await call(p, 'createSet', { name: 'Loop', query: { query: 'set:Loop Putin' } });
    expect(loop).toMatchObject({ count: 0, notes: [expect.stringContaining('“Loop” is part of its own query')] });

    const code = await call(p, 'createCode', { name: 'Putin' });
    const other = await call(p, 'createCode', { name: 'Kremlin' });
    const group = await call(p, 'createCodeGroup', { name: 'Actors', codeIds: [code.id, other.id] });
    const coded = await call(p, 'autoCode', { query: 'Putin', codeId: code.id, unit: 'hit', setId: set.id });
    expect(coded.documents).toBe(2);
    await call(p, 'autoCode', { query: 'Kremlin', codeId: other.id, unit: 'sentence' });
    const codedIn = async (setId?: number) =>
      [
        ...new Set((await call(p, 'codedSegments', { codeIds: [code.id, other.id], setId })).map((s) => s.document.id)),
      ].sort();
    expect(await codedIn(set.id)).toEqual(members);
    expect((await codedIn()).length).toBeGreaterThan(2);
    expect(ids((await call(p, 'codeMatrix', { setId: set.id })).documents)).toEqual(members);
    expect((await call(p, 'stanceOverview', { groupId: group.id, setId: set.id })).total.documentIds).toEqual(members);
    const co = await call(p, 'coOccurrence', { scope: 'paragraph', setId: set.id });
    const all = await call(p, 'coOccurrence', { scope: 'paragraph' });
    expect(co.counts[1]![1]).toBeLessThan(all.counts[1]![1]!);
    const report = await call(p, 'exportFile', { format: 'csv', setId: set.id });
    expect(report.notes).toEqual([]);
    const csv = Buffer.from(report.base64!, 'base64').toString('utf8');
    expect(csv).toContain(SEED_TITLES['001'].slice(0, 30));
    expect(csv).not.toContain(SEED_TITLES['000'].slice(0, 30));
    // Agreement compares only the set's documents.
    const first = (await call(p, 'getCoder', {})).name;
    p.coder = 'ben';
    await call(p, 'autoCode', { query: 'Putin', codeId: code.id, unit: 'sentence' });
    expect((await call(p, 'agreement', { coders: [first, 'ben'], setId: set.id })).documentIds).toEqual(members);
    await expect(call(p, 'listDocuments', { setId: 99 })).rejects.toThrow(
      'There is no document set 99 in this project.',
    );
  });
});
