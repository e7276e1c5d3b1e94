// The merge in the renderer: projects chosen or dropped go to a preview, one
// at a time; Merge writes one and reloads the views, Cancel leaves it; and the
// preview's headline in plain phrases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import type { MergeSummary } from '../../src/shared/api.ts';
import { mergePhrases } from '../../src/shared/merge-summary.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject, seedPath, tempDir } from '../helpers/project.ts';

const file = (name: string, bytes: Uint8Array) => ({
  name,
  arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer,
});

/** Anna's project file: a seed, coded once by her with a code of her own. */
async function annasProject(): Promise<Uint8Array> {
  const path = join(tempDir(), 'anna.quire');
  const db = openProject(path, { create: true });
  await importFiles(db, [seedPath('001')]);
  const p = { db, path, coder: 'Anna' };
  const code = await call(p, 'createCode', { name: 'Kyiv’s caution' });
  await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 0, end: 20 });
  db.close();
  return readFileSync(path);
}

describe('merge store', () => {
  it('previews each project in turn: Merge brings one in and reloads the views, a file that cannot be read says why', async () => {
    const root = new RootStore(engineClient(await createTestProject()), { searchDelay: 0 });
    await root.start();
    const anna = await annasProject();
    await root.imports.importFiles([
      file('anna.quire', anna),
      file('broken.qdpx', new TextEncoder().encode('not a zip')),
      file('n.txt', new TextEncoder().encode('Grodno notes.\n')),
    ]);
    // The article is imported at once; the projects wait for the user.
    expect(root.imports.report).toMatchObject({ imported: 1 });
    await expect.poll(() => root.merging.preview?.file).toBe('anna.quire');
    expect(root.merging.preview).toMatchObject({
      documents: { added: [], present: [{ name: '001_b5026d01219ff992.txt' }] },
      codes: { added: ['Kyiv’s caution'] },
    });
    expect(root.coding.codes.map((c) => c.name)).not.toContain('Kyiv’s caution');

    await root.merging.merge();
    expect(root.coding.codes.find((c) => c.name === 'Kyiv’s caution')).toMatchObject({ codingCount: 1 });
    expect(root.imports.exchange).toEqual([
      { name: 'anna.quire', report: expect.objectContaining({ codes: 1, codings: 1, users: 1, documents: 0 }) },
    ]);
    // The next file: it cannot be read, and the dialog says so until closed.
    expect(root.merging.preview).toBeNull();
    expect(root.merging.error).toMatch(/^broken\.qdpx: “broken\.qdpx” is not a \.qdpx file/);
    await root.merging.cancel();
    expect(root.merging.open).toBe(false);
  });

  it('cancelling leaves the project as it was', async () => {
    const project = await createTestProject();
    const root = new RootStore(engineClient(project), { searchDelay: 0 });
    await root.start();
    const history = await call(project, 'history', {});
    await root.merging.start([file('anna.quire', await annasProject())]);
    expect(root.merging.preview?.codings.added).toBe(1);
    await root.merging.cancel();
    expect(root.merging.open).toBe(false);
    expect(project.db.prepare('SELECT count(*) FROM codings').pluck().get()).toBe(0);
    expect(await call(project, 'history', {})).toEqual(history);
  });
});

describe('merge phrases', () => {
  const summary = (over: Partial<MergeSummary>): MergeSummary => ({
    file: 'x.quire',
    documents: { added: [], present: [] },
    codes: { merged: [], added: [], renamed: [] },
    groups: { merged: [], added: [], renamed: [] },
    coders: { added: [], matched: [] },
    codings: { added: 0, present: 0, byCoder: [] },
    memos: { added: 0, appended: [] },
    notes: [],
    skipped: [],
    uncertain: [],
    ...over,
  });

  it('names each kind once, leaves out what is zero, and names renamed codes', () => {
    const s = summary({
      documents: { added: ['a', 'b'], present: [1, 2, 3, 4, 5].map((i) => ({ name: `d${i}`, here: `d${i}` })) },
      codes: {
        merged: [1, 2, 3].map((i) => ({ name: `c${i}`, here: `c${i}`, by: 'guid' as const, differs: null })),
        added: ['New'],
        renamed: [{ name: 'Stance', as: 'Belarus › Stance (2)', why: '' }],
      },
      codings: {
        added: 40,
        present: 2,
        byCoder: [
          { coder: 'Anna', added: 40, present: 0 },
          { coder: 'ben', added: 0, present: 2 },
        ],
      },
      memos: { added: 0, appended: ['the document “x”'] },
    });
    expect(mergePhrases(s)).toEqual([
      '5 documents already here, 2 added',
      '3 codes merged, 1 renamed “Stance (2)”, 1 added',
      '40 codings by Anna added, 2 already here',
      '1 memo appended to ours',
    ]);
    expect(
      mergePhrases(
        summary({ documents: { added: ['a'], present: [] }, codes: { merged: [], added: ['x', 'y'], renamed: [] } }),
      ),
    ).toEqual(['1 document added', '2 codes added', 'no codings']);
    expect(mergePhrases(summary({}))).toEqual(['no documents', 'no codings']);
  });
});
