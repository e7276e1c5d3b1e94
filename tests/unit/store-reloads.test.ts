// What the renderer reloads after a change, against the real engine: every
// view that shows codings once (never twice, never forgotten), the analysis
// panel following the coder view (but not the agreement table), picking a cell
// loading only its passages, and a slow answer never replacing a newer one.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import type { QuireApi } from '../../src/shared/api.ts';
import { fromBase64, toUpload } from '../../src/renderer/src/files.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

type Method = (input: unknown) => Promise<unknown>;

/**
 * The engine's client, counting the calls to each method; `around` may wrap a method (to hold its answer back, or
 * fail). `idle()` waits until the stores have finished reacting: no call under way, and none started meanwhile.
 */
function counted(
  project: ProjectHandle,
  around: Partial<Record<keyof QuireApi, (inner: Method, input: unknown) => Promise<unknown>>> = {},
) {
  const client = engineClient(project) as unknown as Record<string, Method>;
  const calls = new Map<string, number>();
  let underWay = 0;
  let started = 0;
  const api = Object.fromEntries(
    Object.entries(client).map(([name, inner]) => {
      const wrap = around[name as keyof QuireApi];
      return [
        name,
        (input: unknown) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          underWay++;
          started++;
          return (wrap ? wrap(inner, input) : inner(input)).finally(() => underWay--);
        },
      ];
    }),
  ) as unknown as QuireApi;
  const idle = async () => {
    do {
      started = 0;
      // A turn of the event loop: every answer already in has been taken in by the stores.
      await new Promise((r) => setImmediate(r));
    } while (underWay > 0 || started > 0);
  };
  return { api, count: (name: keyof QuireApi) => calls.get(name) ?? 0, clear: () => calls.clear(), idle };
}

/** Seeds coded by two coders: ana codes documents 1 and 2 with X, ben document 1 with X and Y; X and Y form an exclusive group. */
async function project() {
  const p = await createTestProject();
  const x = (await call(p, 'createCode', { name: 'X' })).id;
  const y = (await call(p, 'createCode', { name: 'Y' })).id;
  await call(p, 'createCodeGroup', { name: 'Stance', exclusive: true, codeIds: [x, y] });
  const apply = async (coder: string, documentId: number, codeId: number, start: number, end: number) => {
    p.coder = coder;
    return (await call(p, 'applyCode', { documentId, codeId, start, end })).coding;
  };
  await apply('ana', 1, x, 0, 100);
  await apply('ana', 2, x, 0, 50);
  await apply('ben', 1, x, 50, 100);
  await apply('ben', 1, y, 300, 400);
  return { p, x, y, apply };
}

describe('after a change', () => {
  it('reloads each view that shows codings once: a coding removed, documents deleted, the deletion undone', async () => {
    const { p } = await project();
    const { api, count, clear } = counted(p);
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    root.panes.open(1);
    await root.coding.loadCodings(1);
    root.analysis.show('matrix');
    await root.analysis.refresh();
    const reloads = () => ['getCodebook', 'listCoders', 'codeMatrix'].map((m) => count(m as keyof QuireApi));

    clear();
    const revision = root.coding.revision;
    await root.coding.remove(root.coding.codingsOf(1).find((c) => c.coder === 'ben' && c.start === 300)!);
    expect(reloads()).toEqual([1, 1, 1]);
    expect(count('listCodingMarks')).toBe(1);
    expect(root.coding.revision).toBe(revision + 1);
    expect(root.coderView.coders).toEqual([
      { name: 'ana', codings: 2 },
      { name: 'ben', codings: 1 },
    ]);

    // Deleting document 2 (the details form, the near-duplicate banner and the desktop menu all end in documentsChanged).
    clear();
    await call(p, 'deleteDocuments', { ids: [2] });
    await root.documentsChanged();
    expect(reloads()).toEqual([1, 1, 1]);
    expect(root.analysis.matrix!.cells.map((c) => c.documentId)).not.toContain(2);
    expect(root.coderView.coders.find((c) => c.name === 'ana')?.codings).toBe(1);
    expect(root.coding.revision).toBe(revision + 2);

    clear();
    await root.coding.undo();
    expect(root.coding.lastAction).toMatch(/^Undone: /);
    expect(reloads()).toEqual([1, 1, 1]);
    expect(root.analysis.matrix!.cells.map((c) => c.documentId)).toContain(2);
    expect(root.library.total).toBe(5);
  });

  it('shows an applied code from the engine’s answer, without reading the document’s codings again, and reloads the counts after the frame that draws it', async () => {
    const { p, x } = await project();
    const { api, count, clear } = counted(p);
    // The frames are drawn by hand: the counts wait for the one that shows the new coding.
    const frames: (() => void)[] = [];
    const root = new RootStore(api, { searchDelay: 0, nextFrame: () => new Promise((drawn) => frames.push(drawn)) });
    await root.start();
    await root.coding.loadCodings(1);
    clear();
    const applying = root.coding.apply(1, 500, 520, { id: x });
    await expect.poll(() => root.coding.codingsOf(1).some((c) => c.start === 500 && c.end === 520)).toBe(true);
    const reloads = () => ['getCodebook', 'listCoders', 'listCodingMarks'].map((m) => count(m as keyof QuireApi));
    expect(reloads()).toEqual([0, 0, 0]);
    expect(frames).toHaveLength(1);
    frames.splice(0).forEach((drawn) => drawn());
    await applying;
    expect(reloads()).toEqual([1, 1, 0]);
    // What the reader shows is what the engine stored.
    expect(root.coding.codingsOf(1)).toEqual(await root.api.listCodingMarks({ documentId: 1 }));
    expect(root.coding.codebook.codes.find((c) => c.id === x)?.codingCount).toBe(
      (await root.api.getCodebook({})).codes.find((c) => c.id === x)?.codingCount,
    );
  });

  it('corrected details reach the analysis panel (a matrix by source)', async () => {
    const { p } = await project();
    const root = new RootStore(engineClient(p), { searchDelay: 0 });
    await root.start();
    root.analysis.show('matrix');
    await root.analysis.refresh();
    await call(p, 'updateDocument', { id: 2, source: 'Nasha Niva' });
    await root.documentsChanged();
    expect(root.analysis.matrix!.documents.find((d) => d.id === 2)?.source).toBe('Nasha Niva');
  });

  it('blind coding is each coder’s own: naming another coder shows what they may see in the analysis panel', async () => {
    const { p, x } = await project();
    const root = new RootStore(engineClient(p), { searchDelay: 0 });
    await root.start();
    await root.coding.setCoder('ana');
    root.analysis.toggleCode(x);
    await root.coderView.setView({ mode: 'mine' });
    root.analysis.show('segments');
    await root.analysis.refresh();
    expect(root.analysis.segments.map((s) => s.coding.coder)).toEqual(['ana', 'ana']);
    // Ben does not code blind: the view follows him, and he sees everyone's passages.
    await root.coding.setCoder('ben');
    expect(root.coderView.view).toEqual({ mode: 'all' });
    expect(root.analysis.segments.map((s) => s.coding.coder).sort()).toEqual(['ana', 'ana', 'ben']);
    // Back to Ana: the project remembers that she codes blind.
    await root.coding.setCoder('ana');
    expect(root.coderView.view).toEqual({ mode: 'mine' });
    expect(root.analysis.segments.map((s) => s.coding.coder)).toEqual(['ana', 'ana']);
  });
});

describe('the coder view', () => {
  it('reloads the tabs that read it, and never the agreement table', async () => {
    const { p } = await project();
    const { api, count, clear, idle } = counted(p);
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    root.analysis.show('agreement');
    await root.analysis.refresh();
    expect(root.agreement.disagreements.length).toBeGreaterThan(0);

    clear();
    root.agreement.open(root.agreement.disagreements[0]!);
    await root.coderView.setView({ mode: 'one', coder: 'ben' });
    await idle();
    expect(root.coderView.view).toEqual({ mode: 'one', coder: 'ben' });
    expect([count('agreement'), count('disagreements'), count('listCoders')]).toEqual([0, 0, 0]);

    root.analysis.show('matrix');
    await root.analysis.refresh();
    clear();
    await root.coderView.setView({ mode: 'one', coder: 'ana' });
    await idle();
    expect(count('codeMatrix')).toBe(1);
    expect(root.analysis.matrix!.cells.map((c) => c.documentId).sort()).toEqual([1, 2]);
  });
});

describe('the agreement tab', () => {
  it('compares the coders of the reader’s list: the two with the most codings, unless the user chose', async () => {
    const { p, x, apply } = await project();
    await apply('cleo', 3, x, 0, 10);
    const { api, count, clear, idle } = counted(p);
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    const a = root.agreement;
    root.analysis.show('agreement');
    await root.analysis.refresh();
    // ana and ben have 2 codings each, cleo 1.
    expect([a.first, a.second]).toEqual(['ana', 'ben']);
    a.setSecond('cleo');
    await idle();
    expect([a.first, a.second]).toEqual(['ana', 'cleo']);
    expect(a.result?.coders).toEqual(['ana', 'cleo']);

    // ben codes twice more: the default A follows the counts, the chosen B stays; the coder list is loaded once, by the reader's store.
    await apply('ben', 3, x, 100, 120);
    await apply('ben', 3, x, 200, 220);
    clear();
    await root.codingsChanged();
    expect(count('listCoders')).toBe(1);
    expect([a.first, a.second]).toEqual(['ben', 'cleo']);

    // Once cleo has no codings left, B falls back to the next coder with the most.
    await call(p, 'deleteDocuments', { ids: [3] });
    await root.documentsChanged();
    expect(root.coderView.coders.map((c) => c.name)).not.toContain('cleo');
    expect([a.first, a.second]).toEqual(['ana', 'ben']);
    expect(a.result?.coders).toEqual(['ana', 'ben']);
  });
});

describe('picking a cell', () => {
  it('lists its passages without reloading the matrix, the stance overview or the co-occurrences', async () => {
    const { p, x } = await project();
    const { api, count, clear } = counted(p);
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();

    root.analysis.show('matrix');
    await root.analysis.refresh();
    clear();
    root.analysis.selectCell(x, { key: '1', label: 'one', documentIds: [1] });
    await expect.poll(() => root.analysis.cellSegments.length).toBe(2);
    expect(count('codeMatrix')).toBe(0);

    root.analysis.show('stances');
    await root.analysis.refresh();
    const row = root.stance.overview!.rows.find((r) => r.documentIds.includes(1))!;
    clear();
    root.stance.select(row.key, x);
    await expect.poll(() => root.stance.segments.map((s) => s.coding.coder).sort()).toEqual(['ana', 'ben']);
    expect(count('stanceOverview')).toBe(0);

    root.analysis.show('cooccurrence');
    await root.analysis.refresh();
    clear();
    root.coOccurrence.select(x, x);
    await expect.poll(() => root.coOccurrence.segments.length).toBe(3);
    expect(count('coOccurrence')).toBe(0);
  });
});

describe('a slow answer', () => {
  it('never replaces a newer one in the analysis panel', async () => {
    const { p, x } = await project();
    let release = () => {};
    let hold = true;
    const { api, count, idle } = counted(p, {
      codedSegments: async (inner, input) => {
        if (hold) {
          hold = false;
          await new Promise<void>((r) => (release = r));
        }
        return inner(input);
      },
    });
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    root.analysis.toggleCode(x);
    root.analysis.show('segments');
    await root.coderView.setView({ mode: 'one', coder: 'ben' });
    expect(count('codedSegments')).toBe(2);
    expect(root.analysis.segments.map((s) => s.coding.coder)).toEqual(['ben']);
    // The first request, for every coder's passages, answers last: it is dropped.
    release();
    await idle();
    expect(root.analysis.segments.map((s) => s.coding.coder)).toEqual(['ben']);
  });
});

describe('comparing by a code', () => {
  it('says why when the passages cannot be listed', async () => {
    const { p, x } = await project();
    const { api } = counted(p, { codedSegments: async () => Promise.reject(new Error('The project is closed.')) });
    const root = new RootStore(api, { searchDelay: 0 });
    await root.compare.choose(x);
    expect(root.compare.error).toBe('The project is closed.');
    expect(root.compare.codeId).toBe(x);
    root.compare.stop();
    expect(root.compare.error).toBeNull();
  });
});

describe('files to and from the engine', () => {
  it('encode as base64 and back, byte for byte, beyond one slice', async () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    const upload = await toUpload({ name: 'a.bin', arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer });
    expect(upload.name).toBe('a.bin');
    expect(upload.base64).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(upload.base64)).toEqual(bytes);
  });
});
