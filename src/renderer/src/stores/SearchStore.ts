import { makeAutoObservable, runInAction } from 'mobx';
import type { SearchOutput } from '../../../shared/api.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

const PAGE = 50;

/** The search box: what is typed, the results, and how the query was read. */
export class SearchStore {
  private readonly root: RootStore;
  private readonly delay: number;
  query = '';
  variants = false;
  result: SearchOutput | null = null;
  /** The query the shown results belong to (the box may already hold a newer one). */
  resultQuery = '';
  loading = false;
  error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly latest = new Latest();

  constructor(root: RootStore, delay: number) {
    this.root = root;
    this.delay = delay;
    makeAutoObservable<SearchStore, 'root' | 'delay' | 'timer' | 'latest'>(this, {
      root: false,
      delay: false,
      timer: false,
      latest: false,
    });
  }

  get active(): boolean {
    return this.query.trim() !== '';
  }

  /** Results come as the user types, once typing pauses. */
  setQuery(query: string): void {
    this.query = query;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.delay);
  }

  setVariants(on: boolean): void {
    this.variants = on;
    void this.run();
  }

  clear(): void {
    this.setQuery('');
  }

  /** Runs the current query now; a response that arrives after a newer one started is dropped. */
  async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const current = this.latest.start();
    if (!this.active) {
      // No search now: nothing may go on offering the last one's results (the export dialog's "found by" choice).
      this.result = null;
      this.resultQuery = '';
      this.error = null;
      this.loading = false;
      this.root.panes.refreshHits();
      return;
    }
    this.loading = true;
    const query = this.query;
    try {
      const result = await this.root.api.search({ query, variants: this.variants, limit: PAGE });
      if (!current()) return;
      runInAction(() => {
        this.result = result;
        this.resultQuery = query;
        this.error = null;
        this.loading = false;
      });
      this.root.panes.refreshHits();
    } catch (e) {
      if (!current()) return;
      runInAction(() => {
        this.error = (e as Error).message;
        this.loading = false;
      });
    }
  }

  get canLoadMore(): boolean {
    return Boolean(this.result && this.result.results.length < this.result.total);
  }

  async loadMore(): Promise<void> {
    const current = this.result;
    if (!current || !this.canLoadMore) return;
    const still = this.latest.current();
    const more = await this.root.api.search({
      query: this.query,
      variants: this.variants,
      limit: PAGE,
      offset: current.results.length,
    });
    if (!still()) return;
    runInAction(() => (this.result = { ...more, results: [...current.results, ...more.results] }));
  }
}
