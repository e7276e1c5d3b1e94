import { when } from 'mobx';
import { describe, expect, it } from 'vitest';
import { methodNames, type QuireApi, type SearchOutput } from '../../src/shared/api.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { PAGE_SIZE } from '../../src/renderer/src/stores/LibraryStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { readEnvironment } from '../../src/main/environment.ts';
import { addStarterCodebook } from '../../src/main/core/coding/starter.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { clip } from '../../src/shared/text.ts';

async function rootWithSeeds() {
  const store = new RootStore(engineClient(await createTestProject()), { searchDelay: 0 });
  await store.start();
  return store;
}

/** A turn of the event loop: every answer the fakes gave (they answer at once) has been taken in by the stores. */
const flush = () => new Promise((r) => setImmediate(r));

describe('library store', () => {
  it('loads the total and the first page, and filters and sorts through the engine', async () => {
    const { library } = await rootWithSeeds();
    expect(library.total).toBe(5);
    expect(library.rowAt(0)?.id).toBe(1);
    expect(library.sources).toEqual([{ source: 'The Washington Times', documents: 1 }]);
    library.setFilter({ text: 'higgins' });
    await when(() => library.total === 1);
    expect(library.rowAt(0)?.author).toBe('Andrew Higgins');
    library.setFilter({ text: '' });
    library.setSort('published', true);
    await when(() => library.total === 5 && library.rowAt(0)?.published === '2022-12-19');
  });

  it('fetches only the pages asked for', async () => {
    const calls: number[] = [];
    const docs = Array.from({ length: 1000 }, (_, i) => ({
      id: i + 1,
      guid: `g${i}`,
      title: `Doc ${i + 1}`,
      displayTitle: `Doc ${i + 1}`,
      source: null,
      author: null,
      published: null,
      filename: null,
      charCount: 1,
      importedAt: '',
    }));
    const api = {
      listDocuments: async (input: { offset?: number; limit?: number }) => {
        calls.push(input.offset ?? 0);
        return { total: docs.length, documents: docs.slice(input.offset, (input.offset ?? 0) + (input.limit ?? 0)) };
      },
      projectInfo: async () => ({ path: '', guid: '', schemaVersion: 1, documents: 1000, sources: [] }),
      listAttributes: async () => ({ attributes: [] }),
      listSets: async () => ({ sets: [] }),
    } as unknown as QuireApi;
    const { library } = new RootStore(api);
    await library.reload();
    expect(calls).toEqual([0]);
    library.ensureRows(PAGE_SIZE * 3 + 5, PAGE_SIZE * 3 + 40);
    library.ensureRows(PAGE_SIZE * 3 + 5, PAGE_SIZE * 3 + 40);
    await expect.poll(() => library.rowAt(PAGE_SIZE * 3 + 5)?.title).toBe(`Doc ${PAGE_SIZE * 3 + 6}`);
    expect(calls).toEqual([0, PAGE_SIZE * 3]);
    expect(library.rowAt(PAGE_SIZE * 2)).toBeUndefined();
    // After a coding change only the pages in view are fetched again; page 0, out of view, waits.
    calls.length = 0;
    await library.refreshCounts();
    expect(calls).toEqual([PAGE_SIZE * 3]);
    library.ensureRows(0, 10);
    await expect.poll(() => library.rowAt(0)).toBeDefined();
    expect(calls).toEqual([PAGE_SIZE * 3, 0]);
  });
});

describe('search store', () => {
  it('searches as the user types, with the variant expansion', async () => {
    const { search } = await rootWithSeeds();
    search.setQuery('Lukashenka~');
    await when(() => search.result !== null && !search.loading);
    expect(search.result!.total).toBe(5);
    expect(search.result!.expansions[0]!.variants).toEqual(expect.arrayContaining(['lukashenko', 'lukashenkko']));
    search.clear();
    await when(() => search.result === null);
  });

  it('runs one search at a time: what is typed meanwhile runs when it answers, and the older answer is not shown', async () => {
    const replies: Record<string, (v: SearchOutput) => void> = {};
    const asked: { query: string; quick?: boolean }[] = [];
    const api = {
      search: (input: { query: string; quick?: boolean }) => {
        asked.push(input);
        return new Promise<SearchOutput>((resolve) => (replies[input.query] = resolve));
      },
    } as unknown as QuireApi;
    const root = new RootStore(api, { searchDelay: 0 });
    const empty = (total: number): SearchOutput => ({ total, results: [], expansions: [], warnings: [] });
    root.search.setQuery('sl');
    await expect.poll(() => Object.keys(replies)).toEqual(['sl']);
    root.search.setQuery('slo');
    root.search.setQuery('slow');
    await flush();
    expect(Object.keys(replies)).toEqual(['sl']);
    replies.sl!(empty(99));
    // Only the newest query runs next; the answer to "sl" is not shown for "slow".
    await expect.poll(() => Object.keys(replies)).toEqual(['sl', 'slow']);
    expect(root.search.result).toBeNull();
    replies.slow!(empty(2));
    await expect.poll(() => root.search.result?.total).toBe(2);
    expect(root.search.resultQuery).toBe('slow');
    // Typing asks for a quick first look; "Rank all" asks for every hit ranked and counted.
    expect(asked.map((a) => a.quick)).toEqual([true, true]);
    root.search.rankAll();
    await expect.poll(() => asked.length).toBe(3);
    expect(asked[2]).toMatchObject({ query: 'slow', quick: false });
  });

  it('still runs one search at a time after Rank all started one beside another', async () => {
    const replies: ((v: SearchOutput) => void)[] = [];
    const asked: string[] = [];
    const api = {
      search: (input: { query: string }) => {
        asked.push(input.query);
        return new Promise<SearchOutput>((resolve) => replies.push(resolve));
      },
    } as unknown as QuireApi;
    const root = new RootStore(api, { searchDelay: 0 });
    const empty = (total: number): SearchOutput => ({ total, results: [], expansions: [], warnings: [] });
    root.search.setQuery('said');
    await expect.poll(() => asked).toEqual(['said']);
    root.search.rankAll(); // a second search beside the first
    await expect.poll(() => asked).toEqual(['said', 'said']);
    replies[0]!(empty(1));
    await flush();
    // The first answered, the second still runs: what is typed now waits for it.
    root.search.setQuery('saids');
    await flush();
    expect(asked).toEqual(['said', 'said']);
    replies[1]!(empty(2));
    await expect.poll(() => asked).toEqual(['said', 'said', 'saids']);
  });
  it('says how many documents were found in one wording: estimated for a first look, exact once all are ranked', async () => {
    const answers: SearchOutput[] = [
      { total: 91_800, results: [], expansions: [], warnings: [], quick: { rankedAmong: 2000 } },
      { total: 91_812, results: [], expansions: [], warnings: [] },
      { total: 1, results: [], expansions: [], warnings: [] },
    ];
    const api = { search: async () => answers.shift()! } as unknown as QuireApi;
    const { search } = new RootStore(api, { searchDelay: 0 });
    search.setQuery('said');
    await when(() => search.result !== null && !search.loading);
    expect(search.countText).toBe('About 91,800 documents (estimated)');
    expect(search.totalText).toBe('about 91,800');
    search.rankAll();
    await when(() => search.result?.total === 91_812 && !search.loading);
    expect(search.countText).toBe('91,812 documents');
    search.setQuery('gazprom');
    await when(() => search.result?.total === 1 && !search.loading);
    expect(search.countText).toBe('1 document');
  });

  it('shows the newest hits of a query slow to rank at once, then its ranked first look in their place', async () => {
    const replies: ((v: SearchOutput) => void)[] = [];
    const asked: { query: string; quick?: boolean; rankLater?: boolean }[] = [];
    const api = {
      search: (input: { query: string; quick?: boolean; rankLater?: boolean }) => {
        asked.push(input);
        return new Promise<SearchOutput>((resolve) => replies.push(resolve));
      },
    } as unknown as QuireApi;
    const { search } = new RootStore(api, { searchDelay: 0 });
    const unranked: SearchOutput = {
      total: 918_000,
      results: [],
      expansions: [],
      warnings: [],
      quick: { rankedAmong: 2000 },
      unranked: { words: [{ text: 'said', documents: 918_000 }] },
    };
    search.setQuery('said');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatchObject({ query: 'said', quick: true, rankLater: true });
    replies[0]!(unranked);
    // Shown, still loading, and no "more" of a list that is about to be replaced; its ranking asked for at once.
    await expect.poll(() => asked.length).toBe(2);
    expect(search.result).toBe(unranked);
    expect(search.loading).toBe(true);
    expect(search.canLoadMore).toBe(false);
    expect(asked[1]).toMatchObject({ query: 'said', quick: true, rankLater: false });
    const ranked = { ...unranked, unranked: undefined, total: 917_000 };
    replies[1]!(ranked);
    await when(() => !search.loading);
    expect(search.result).toBe(ranked);
    // Typing on while the ranking runs: the ranking is not shown, the newer query runs when it answers.
    search.setQuery('said b');
    await expect.poll(() => asked.length).toBe(3);
    const two = {
      words: [
        { text: 'said', documents: 918_000 },
        { text: 'b', documents: 12_000 },
      ],
    };
    replies[2]!({ ...unranked, unranked: two });
    await expect.poll(() => asked.length).toBe(4);
    search.setQuery('said by');
    replies[3]!(ranked);
    await expect.poll(() => asked.length).toBe(5);
    expect(asked[4]).toMatchObject({ query: 'said by', rankLater: true });
    expect(search.result?.unranked).toEqual(two);
    // Rank all asks for every hit ranked, never for them unranked first.
    replies[4]!({ ...ranked, total: 5 });
    await when(() => search.result?.total === 5);
    search.rankAll();
    await expect.poll(() => asked.length).toBe(6);
    expect(asked[5]).toMatchObject({ quick: false, rankLater: false });
  });
});

describe('panes store', () => {
  it('opens two documents side by side and finds the search hits in each', async () => {
    const { search, panes, documents } = await rootWithSeeds();
    search.setQuery('Lukashenka~');
    await when(() => search.result !== null);
    panes.open(2);
    panes.open(4, { beside: true });
    expect(panes.panes.map((p) => p.documentId)).toEqual([2, 4]);
    expect(panes.focused).toBe(1);
    await when(() => panes.panes.every((p) => p.hits.length > 0) && documents.get(4) !== undefined);
    expect(panes.panes[1]!.activeHit).toBe(0);
    const first = panes.panes[1]!.hits[0]!;
    expect([...documents.get(4)!.body].slice(first[0], first[1]).join('')).toBe('Lukashenka');
  });

  it('steps through hits, wrapping around, and keeps at most four panes', async () => {
    const { search, panes } = await rootWithSeeds();
    search.setQuery('Lukashenko');
    await when(() => search.result !== null);
    panes.open(3);
    await when(() => panes.focusedPane.hits.length > 0);
    const n = panes.focusedPane.hits.length;
    panes.previousHit();
    expect(panes.focusedPane.activeHit).toBe(n - 1);
    panes.nextHit();
    panes.nextHit();
    expect(panes.focusedPane.activeHit).toBe(1);
    for (const id of [1, 2, 4, 5]) panes.open(id, { beside: true });
    expect(panes.panes).toHaveLength(4);
    expect(panes.panes.map((p) => p.documentId)).toEqual([3, 1, 2, 5]);
  });

  it('moves, focuses and closes panes, and never leaves the reader without one', () => {
    const root = new RootStore({} as QuireApi);
    const { panes } = root;
    panes.panes[0]!.documentId = 10;
    panes.panes[1]!.documentId = 20;
    panes.focus(0);
    panes.move(1);
    expect(panes.panes.map((p) => p.documentId)).toEqual([20, 10]);
    expect(panes.focused).toBe(1);
    panes.close();
    panes.close();
    expect(panes.panes).toHaveLength(1);
    expect(panes.panes[0]!.documentId).toBeNull();
  });
});

describe('opening a document in the reader', () => {
  it('is drawn once its codings are read; codings that cannot be read are said, and a retry clears it', async () => {
    const client = engineClient(await createTestProject());
    let failing = true;
    // The engine's client, but listing codings fails while `failing`.
    const api = new Proxy(client, {
      get: (target, name, receiver) =>
        name === 'listCodingMarks' && failing
          ? () => Promise.reject(new Error('The project file could not be read.'))
          : (Reflect.get(target, name, receiver) as unknown),
    });
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    const { coding, panes } = root;
    expect(coding.codingsSettled(2)).toBe(false);
    panes.open(2);
    await when(() => coding.codingsSettled(2));
    expect(coding.loadErrors.get(2)).toBe('The project file could not be read.');
    expect(coding.byDocument.has(2)).toBe(false);
    failing = false;
    await coding.loadCodings(2);
    expect(coding.loadErrors.has(2)).toBe(false);
    expect(coding.codingsOf(2)).toEqual(await client.listCodingMarks({ documentId: 2 }));
  });
});

describe('the codings the reader holds', () => {
  it('are drawn without waiting for the orphans, which follow; orphans that cannot be read are said', async () => {
    const client = engineClient(await createTestProject());
    const code = await client.createCode({ name: 'Troops' });
    await client.applyCode({ documentId: 2, codeId: code.id, start: 10, end: 60 });
    let answer: (fail: boolean) => void = () => undefined;
    const api = new Proxy(client, {
      get: (target, name, receiver) =>
        name === 'listOrphans'
          ? (input: { documentId?: number }) =>
              new Promise<unknown>((resolve, reject) => {
                answer = (fail) =>
                  fail ? reject(new Error('The orphans could not be read.')) : resolve(client.listOrphans(input));
              })
          : (Reflect.get(target, name, receiver) as unknown),
    });
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    const { coding } = root;
    const loading = coding.loadCodings(2);
    await when(() => coding.codingsSettled(2));
    expect(coding.codingsOf(2)).toHaveLength(1);
    expect(coding.orphans.has(2)).toBe(false);
    answer(false);
    await loading;
    expect(coding.orphansOf(2)).toEqual([]);
    expect(coding.orphans.has(2)).toBe(true);
    const again = coding.loadCodings(2);
    answer(true);
    await expect(again).rejects.toThrow('The orphans could not be read.');
    expect(coding.loadErrors.get(2)).toBe('The orphans could not be read.');
  });

  it('are read without their quotes; each quote is read in the text, as the reader shows it and as the engine stored it', async () => {
    const client = engineClient(await createTestProject());
    const asked: string[] = [];
    const api = new Proxy(client, {
      get: (target, name, receiver) => {
        const method = Reflect.get(target, name, receiver) as (input: unknown) => Promise<unknown>;
        if (!(methodNames as string[]).includes(String(name))) return method;
        return (input: unknown) => (asked.push(String(name)), method(input));
      },
    });
    const code = await client.createCode({ name: 'Troops' });
    await client.applyCode({ documentId: 2, codeId: code.id, start: 10, end: 60 });
    await client.applyCode({ documentId: 2, codeId: code.id, start: 200, end: 290 });
    const root = new RootStore(api, { searchDelay: 0 });
    await root.start();
    const { coding, panes } = root;
    panes.open(2);
    await when(() => coding.codingsSettled(2) && root.documents.get(2) !== undefined);
    expect(asked).not.toContain('listCodings');
    // The codings are asked before the orphans: the engine answers in turn, and the text waits for the codings alone.
    expect(asked.filter((m) => m === 'listCodingMarks' || m === 'listOrphans')).toEqual([
      'listCodingMarks',
      'listOrphans',
    ]);
    const held = coding.codingsOf(2);
    expect(held).toHaveLength(2);
    for (const k of held) expect(Object.keys(k)).not.toContain('quote');
    const stored = await client.listCodings({ documentId: 2 });
    expect(held.map((k) => coding.quoteOf(k))).toEqual(stored.map((k) => k.quote));
    // Removing one says what it quoted.
    await coding.remove(held[0]!);
    await when(() => coding.announcement !== '');
    expect(coding.announcement).toBe(`Removed ‘Troops’ from “${clip(stored[0]!.quote, 60)}”. Ctrl+Z undoes it.`);
  });
});

describe('import store', () => {
  it('imports files as uploads and reloads the library', async () => {
    const root = await rootWithSeeds();
    const file = (name: string, text: string) => ({
      name,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    });
    await root.imports.importFiles([
      file('grodno.txt', 'Grodno forum notes\n\nPutin and Lukashenko met in Grodno.\n'),
      file('x.jpg', 'no'),
    ]);
    expect(root.imports.report).toMatchObject({ imported: 1, failed: 1 });
    expect(root.library.total).toBe(6);
  });
});

describe('library store, cost', () => {
  it('asks for the list of sources when documents change, not on every filter keystroke', async () => {
    let infoCalls = 0;
    const api = {
      listDocuments: async () => ({ total: 0, documents: [] }),
      projectInfo: async () => (infoCalls++, { path: '', guid: '', schemaVersion: 1, documents: 0, sources: [] }),
      listAttributes: async () => ({ attributes: [] }),
      listSets: async () => ({ sets: [] }),
    } as unknown as QuireApi;
    const { library } = new RootStore(api);
    await library.reload();
    for (const text of ['b', 'be', 'bel']) library.setFilter({ text });
    library.setSort('title');
    await flush();
    expect(infoCalls).toBe(1);
  });
});

describe('switching projects', () => {
  it('forgets the old project’s documents, codings and panes, and loads the new one', async () => {
    const root = await rootWithSeeds();
    root.panes.open(2);
    await when(() => root.coding.byDocument.has(2) && root.documents.get(2) !== undefined);
    await root.reset();
    expect(root.panes.panes.map((p) => p.documentId)).toEqual([null, null]);
    expect(root.documents.get(2)).toBeUndefined();
    expect(root.coding.byDocument.size).toBe(0);
    expect(root.library.total).toBe(5);
  });
});

describe('the coder', () => {
  it('is the engine’s default until the user names one, which the engine remembers for the next start', async () => {
    // One machine for both windows: the face gives the engine its user data folder, where the name is kept.
    const environment = readEnvironment({ QUIRE_HOME: tempDir() });
    const first = new RootStore(engineClient(await createTestProject({ environment })));
    await first.coding.loadCoder();
    const original = first.coding.coder;
    expect(original).not.toBe('');
    await first.coding.setCoder('Ana');
    expect(first.coding.coder).toBe('Ana');
    // A new window on another project handle: the name comes back from the stored preference.
    const next = new RootStore(engineClient(await createTestProject({ seeds: false, environment })));
    await next.coding.loadCoder();
    expect(next.coding.coder).toBe('Ana');
    await next.coding.setCoder('  ');
    expect(next.coding.error).toMatch(/name/);
    expect(next.coding.coder).toBe('Ana');
  });
});

/** The seeds with the starter codebook (the stance group ‘Belarus role’), as a new project in the app has them. */
async function rootWithStarter() {
  const project = await createTestProject();
  addStarterCodebook(project.db);
  const root = new RootStore(engineClient(project), { searchDelay: 0 });
  await root.start();
  const codeId = (name: string) => root.coding.codes.find((c) => c.name === name)!.id;
  /** The code-point span of `quote` in a document, as a selection in the reader gives it. */
  const span = async (documentId: number, quote: string) => {
    const { body } = await root.api.getDocument({ id: documentId });
    const start = toCodePointOffset(body, body.indexOf(quote));
    return [start, start + countCodePoints(quote)] as const;
  };
  const names = (documentId: number) => root.coding.codingsOf(documentId).map((c) => root.coding.code(c.codeId)!.name);
  return { project, root, codeId, span, names };
}

describe('coding notices', () => {
  const QUOTE = 'The complicity of Belarus in the aggression is beyond doubt';

  it('says in the engine’s words when a stance value was replaced, shows the engine’s codings, and undoes that step', async () => {
    const { root, codeId, span, names } = await rootWithStarter();
    const [start, end] = await span(2, QUOTE);
    await root.coding.loadCodings(2);
    await root.coding.apply(2, start, end, { id: codeId('Belarus neutral') });
    expect(root.coding.notice).toBeNull();
    await root.coding.apply(2, start, end, { id: codeId('Belarus complicit') });
    expect(root.coding.notice).toMatchObject({
      documentId: 2,
      lines: [
        'Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’.',
      ],
      entryId: expect.any(Number),
    });
    await when(() => names(2).join() === 'Belarus complicit');
    expect(root.coding.codingsOf(2)).toEqual(await root.api.listCodingMarks({ documentId: 2 }));
    await root.coding.undoNotice();
    expect(names(2)).toEqual(['Belarus neutral']);
    expect(root.coding.notice?.lines).toEqual([
      expect.stringMatching(/^Undone: Code “The complicity of Belarus.*” as “Belarus complicit”/),
    ]);
    expect(root.coding.notice?.entryId).toBeNull();
  });

  it('refuses to undo from the notice once another change came after it, and says why', async () => {
    const { root, codeId, span, names } = await rootWithStarter();
    const [start, end] = await span(2, QUOTE);
    await root.coding.apply(2, start, end, { id: codeId('Belarus neutral') });
    await root.coding.apply(2, start, end, { id: codeId('Belarus complicit') });
    await root.coding.createCode('Kyiv’s caution');
    await root.coding.undoNotice();
    expect(root.coding.notice).toMatchObject({
      failed: true,
      lines: [expect.stringMatching(/^Other changes were made after this one/)],
    });
    // Nothing was undone: the new code and the replacement both stand.
    expect(root.coding.codes.some((c) => c.name === 'Kyiv’s caution')).toBe(true);
    await root.coding.loadCodings(2);
    expect(names(2)).toEqual(['Belarus complicit']);
  });

  it('tells the failure of a coding where it was made', async () => {
    const { root, codeId } = await rootWithStarter();
    await root.coding.apply(2, 999_999, 1_000_000, { id: codeId('Sanctions') });
    expect(root.coding.notice).toMatchObject({ documentId: 2, failed: true, lines: [expect.stringMatching(/\S/)] });
  });
});

describe('auto-coding store', () => {
  async function sanctionsSearch() {
    const t = await rootWithStarter();
    t.root.search.setQuery('sanctions');
    await when(() => t.root.search.resultQuery === 'sanctions' && !t.root.search.loading);
    const coded = async () => (await t.root.api.codedSegments({ codeIds: [t.codeId('Sanctions')] })).length;
    return { ...t, coded };
  }

  it('opens with no code chosen, even after one was used, and writes nothing without a code and a confirmation', async () => {
    const { root, codeId, span, coded } = await sanctionsSearch();
    const [start, end] = await span(2, 'The complicity of Belarus');
    await root.coding.apply(2, start, end, { id: codeId('Sanctions') });
    const { autoCode } = root;
    autoCode.show();
    expect(autoCode.codeId).toBeNull();
    expect(autoCode.question).toBeNull();
    autoCode.ask();
    expect(autoCode.confirming).toBe(false);
    autoCode.set({ codeId: codeId('Sanctions') });
    await when(() => autoCode.preview !== null);
    await autoCode.apply(); // not confirmed: nothing happens
    expect(await coded()).toBe(1);
    expect(autoCode.done).toBeNull();
  });

  it('asks with the code and the numbers, codes what it named, and undoes that step', async () => {
    const { root, codeId, coded } = await sanctionsSearch();
    const { autoCode } = root;
    autoCode.show();
    autoCode.set({ codeId: codeId('Sanctions') });
    await when(() => autoCode.preview !== null);
    expect(autoCode.preview).toMatchObject({ passages: 3, documents: 2, added: 3 });
    expect(autoCode.question).toBe('Code 3 passages in 2 documents as ‘Sanctions’?');
    autoCode.ask();
    expect(autoCode.confirming).toBe(true);
    // Changing what would be coded withdraws the question: it stood for other numbers.
    autoCode.set({ unit: 'hit' });
    expect(autoCode.confirming).toBe(false);
    autoCode.set({ unit: 'sentence' });
    await when(() => autoCode.preview?.added === 3);
    autoCode.ask();
    await autoCode.apply();
    expect(autoCode.done).toEqual({
      lines: ['Coded 3 passages in 2 documents as ‘Sanctions’.'],
      entryId: expect.any(Number),
    });
    expect(await coded()).toBe(3);
    await autoCode.undo();
    expect(await coded()).toBe(0);
    expect(autoCode.done).toEqual({
      lines: [expect.stringMatching(/^Undone: Auto-code 3 sentences of “sanctions” as “Sanctions”/)],
      entryId: null,
    });
  });

  it('names how many of the passages found it would code when some have the code already', async () => {
    const { root, codeId } = await sanctionsSearch();
    const { autoCode } = root;
    autoCode.show();
    autoCode.set({ codeId: codeId('Sanctions') });
    autoCode.toggleChosen(1); // 000 only: two of the three passages
    await when(() => autoCode.preview?.added === 2);
    autoCode.ask();
    await autoCode.apply();
    autoCode.set({ onlyChosen: false });
    await when(() => autoCode.preview?.passages === 3);
    expect(autoCode.preview).toMatchObject({ passages: 3, documents: 2, added: 1 });
    expect(autoCode.question).toBe('Code 1 passage of the 3 in 2 documents as ‘Sanctions’?');
    autoCode.ask();
    await autoCode.apply();
    expect(autoCode.done?.lines).toEqual(['Coded 1 passage of the 3 in 2 documents as ‘Sanctions’.']);
  });
});
