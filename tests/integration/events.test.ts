// The engine's events: the progress of long work, in order, and which kinds of
// record each call changed — told by `call` for every transport, and never
// carrying what was written, so a coder coding blind learns nothing from them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { contract } from '../../src/shared/api.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { RECORD_KINDS, type ServerEvent } from '../../src/shared/events.ts';
import { createTestProject, SEEDS_DIR, seedPath } from '../helpers/project.ts';

/** Every event the project tells from now on. */
function heard(p: ProjectHandle): ServerEvent[] {
  const events: ServerEvent[] = [];
  p.events!.subscribe((e) => events.push(e));
  return events;
}

async function code(p: ProjectHandle, documentId: number, codeId: number, quote: string) {
  const text = (await call(p, 'getDocument', { id: documentId })).body;
  const start = toCodePointOffset(text, text.indexOf(quote));
  return (
    await call(p, 'applyCode', { documentId, codeId, start, end: start + countCodePoints(quote) }, { origin: 'tab-a' })
  ).coding;
}

describe('progress events', () => {
  it('tell an import from paths file by file, in order, to the end; then that documents changed', async () => {
    const p = await createTestProject({ seeds: false });
    const events = heard(p);
    const own: number[] = [];
    const report = await call(p, 'importFiles', { paths: [SEEDS_DIR] }, { onProgress: (e) => own.push(e.done) });
    expect(report.imported).toBe(5);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.every((e) => e.work === 'import' && e.total === 5)).toBe(true);
    // The caller's own listener hears the same steps.
    expect(progress.map((e) => e.done)).toEqual(own);
    expect(progress.map((e) => e.done)).toEqual([...progress.map((e) => e.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ type: 'progress', work: 'import', done: 5, total: 5, current: '' });
    expect(
      progress
        .filter((e) => e.current)
        .map((e) => basename(e.current))
        .sort(),
    ).toEqual(['000', '001', '002', '003', '004'].map((n) => basename(seedPath(n))));
    // The change comes after the work, once.
    expect(events.at(-1)).toEqual({ type: 'changed', kinds: ['documents'] });
    expect(events.filter((e) => e.type === 'changed')).toHaveLength(1);
  });

  it('tell an upload (the browser’s import) each file as it is read, then the end', async () => {
    const p = await createTestProject({ seeds: false });
    const events = heard(p);
    const files = ['000', '001'].map((n) => ({
      name: `${n}.txt`,
      base64: readFileSync(seedPath(n)).toString('base64'),
    }));
    await call(p, 'importUploads', { files }, { origin: 'tab-a' });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.map((e) => e.done)).toEqual([1, 2, 2]);
    expect(
      progress
        .slice(0, 2)
        .map((e) => e.current)
        .sort(),
    ).toEqual(['000.txt', '001.txt']);
    expect(events.at(-1)).toEqual({ type: 'changed', kinds: ['documents'], origin: 'tab-a' });
  });

  it('tell an export document by document, and no change: exporting writes nothing to the project', async () => {
    const p = await createTestProject();
    const events = heard(p);
    await call(p, 'exportFile', { format: 'md' });
    expect(events.map((e) => (e.type === 'progress' ? [e.work, e.done, e.total] : e.type))).toEqual(
      [0, 1, 2, 3, 4].map((i) => ['export', i, 5]),
    );
    const titles = (await call(p, 'listDocuments', { sort: 'title' })).documents.map((d) => d.displayTitle);
    expect(events.map((e) => (e.type === 'progress' ? e.current : '')).sort()).toEqual(titles.sort());
  });
});

describe('change events', () => {
  it('say which kinds of record each write changed, marked with the caller that made it; reads, previews and refusals tell nothing', async () => {
    const p = await createTestProject();
    const events = heard(p);
    const codeId = (await call(p, 'createCode', { name: 'Troops' })).id;
    const coding = await code(p, 1, codeId, (await call(p, 'getDocument', { id: 1 })).body.slice(0, 40));
    await call(p, 'setMemo', { target: 'coding', id: coding.id, text: 'a memo' });
    await call(p, 'autoCode', { query: 'Belarus', codeId, unit: 'hit', preview: true });
    await call(p, 'listCodings', { documentId: 1 });
    await call(p, 'getCodebook', {});
    await expect(call(p, 'createCode', { name: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call(p, 'removeCoding', { id: 9999 })).rejects.toThrow();
    await call(p, 'undo', {});
    expect(events).toEqual([
      { type: 'changed', kinds: ['codebook'] },
      { type: 'changed', kinds: ['codings'], origin: 'tab-a' },
      { type: 'changed', kinds: ['memos'] },
      { type: 'changed', kinds: [...RECORD_KINDS] },
    ]);
  });

  it('declare, for every method that writes, kinds of record a client knows', () => {
    for (const [name, m] of Object.entries(contract)) {
      const changes = 'changes' in m ? (m.changes as readonly string[]) : [];
      expect(
        changes.every((k) => (RECORD_KINDS as readonly string[]).includes(k)),
        name,
      ).toBe(true);
    }
    // The methods that write, as engine.test and the read-only refusals know them: the 30 of before, the journal's 3,
    // document sets' 6, saving a code query, and the 4 edits of a coding.
    expect(Object.entries(contract).filter(([, m]) => 'changes' in m).length).toBe(44);
  });

  it('carry nothing of what was written: a blind coder, and anyone listening, hears only the kinds', async () => {
    const p = await createTestProject();
    const events = heard(p);
    p.coder = 'Anna';
    const secret = 'ANNA-SECRET';
    const codeId = (await call(p, 'createCode', { name: `${secret} code` })).id;
    const quote = (await call(p, 'getDocument', { id: 2 })).body.slice(10, 80);
    const coding = await code(p, 2, codeId, quote);
    await call(p, 'setMemo', { target: 'coding', id: coding.id, text: `${secret} memo` });
    await call(p, 'updateDocument', { id: 2, title: `${secret} title` });
    await call(p, 'createAttribute', { name: `${secret} attribute`, type: 'text' });
    p.coder = 'ben';
    await call(p, 'setCoder', { blind: true });
    const blindCodeId = (await call(p, 'createCode', { name: 'Ben’s code' })).id;
    await code(p, 3, blindCodeId, (await call(p, 'getDocument', { id: 3 })).body.slice(0, 30));
    const text = JSON.stringify(events);
    for (const trace of [secret, 'Anna', 'ben', quote.slice(0, 20), 'Ben’s code']) expect(text).not.toContain(trace);
    // Only the kinds (and the caller's own mark): no ids, names, counts or text.
    expect(events).toHaveLength(7);
    for (const e of events) expect(Object.keys(e).filter((k) => !['type', 'kinds', 'origin'].includes(k))).toEqual([]);
    expect(
      events.every(
        (e) => e.type === 'changed' && e.kinds.every((k) => (RECORD_KINDS as readonly string[]).includes(k)),
      ),
    ).toBe(true);
  });
});
