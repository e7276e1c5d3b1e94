// The export dialog offers only choices that exist: the search's results while
// a search is on and found something, never a cleared or empty search's.
import { describe, expect, it } from 'vitest';
import type { QuireApi, SearchOutput } from '../../src/shared/api.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

describe('the export dialog’s choice of documents', () => {
  it('offers a search’s results only while the search is on and found some; a cleared search falls back to all documents', async () => {
    const root = new RootStore(engineClient(await createTestProject()), { searchDelay: 0 });
    await root.start();
    root.search.setQuery('Lukashenko');
    await root.search.run();
    expect(root.exporting.searchFound).toEqual({ query: 'Lukashenko', total: expect.any(Number), estimated: false });
    root.exporting.show();
    expect(root.exporting.scope).toBe('search');
    root.exporting.close();

    root.search.clear();
    await root.search.run();
    expect(root.exporting.searchFound).toBeNull();
    expect(root.search.resultQuery).toBe('');
    // The dialog reopened after the search was cleared: no "0 found by", and nothing exported from a search that is gone.
    root.exporting.show();
    expect(root.exporting.scope).toBe('all');
    root.exporting.set({ scope: 'search' });
    expect(root.exporting.problem).toMatch(/no search that found documents/);

    root.search.setQuery('sanctionsxyz');
    await root.search.run();
    expect(root.search.result?.total).toBe(0);
    expect(root.exporting.searchFound).toBeNull();
  });

  it('says a quick first look’s count is an estimate', async () => {
    const quick: SearchOutput = {
      total: 91_800,
      results: [],
      expansions: [],
      warnings: [],
      quick: { rankedAmong: 2000 },
    };
    const root = new RootStore({ search: async () => quick } as unknown as QuireApi, { searchDelay: 0 });
    root.search.setQuery('said');
    await root.search.run();
    expect(root.exporting.searchFound).toEqual({ query: 'said', total: 91_800, estimated: true });
    expect(root.search.totalText).toBe(`about ${(91_800).toLocaleString()}`);
  });
});

describe('cancelling an export', () => {
  it('drops a file the engine finished before it heard the Cancel, and says nothing was saved', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const cancels: unknown[] = [];
    const api = {
      exportFile: async () => {
        await finished;
        return { name: 'r.pdf', format: 'pdf', bytes: 1024, base64: 'AAAA', notes: [] };
      },
      cancelExport: async (input: unknown) => void cancels.push(input),
    } as unknown as QuireApi;
    const root = new RootStore(api, { searchDelay: 0 });
    const saved: string[] = [];
    const running = root.exporting.run((name) => saved.push(name));
    expect(root.exporting.busy).toBe(true);
    await root.exporting.cancel();
    finish();
    await running;
    expect(cancels).toHaveLength(1);
    expect(saved).toEqual([]);
    expect(root.exporting.done).toBe('Cancelled: nothing was saved.');
    expect(root.exporting.busy).toBe(false);

    // The next export, not cancelled, is saved.
    await root.exporting.run((name) => saved.push(name));
    expect(saved).toEqual(['r.pdf']);
    expect(root.exporting.done).toBe('Exported r.pdf (1 KB).');
  });
});
