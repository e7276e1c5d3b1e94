import { makeAutoObservable, observableRef, runInAction } from 'mobx';
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
  /**
   * Every hit ranked and counted, asked for by the user for this query. Otherwise a query with many hits shows a
   * quick first look (ranked among its newest hits, its total estimated), which the status line says.
   */
  exact = false;
  /** The shown answer, as the engine sent it: replaced whole, never changed in place, so not made observable deep down (50 results' spans as observable arrays cost a keystroke milliseconds). */
  result: SearchOutput | null = null;
  /** The query the shown results belong to (the box may already hold a newer one). */
  resultQuery = '';
  loading = false;
  /** Counts the answers shown as a new list (not "more" joining one): the list goes back to its top for each. */
  shown = 0;
  error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly latest = new Latest();
  /** Searches under way (a click on Rank all or Spelling variants can start one beside another); what is typed meanwhile waits for them all, rather than queueing behind them in the engine. */
  private running = 0;
  private again = false;

  constructor(root: RootStore, delay: number) {
    this.root = root;
    this.delay = delay;
    makeAutoObservable<SearchStore, 'root' | 'delay' | 'timer' | 'latest' | 'running' | 'again' | 'show'>(this, {
      root: false,
      delay: false,
      timer: false,
      latest: false,
      running: false,
      again: false,
      show: false,
      result: observableRef,
    });
  }

  get active(): boolean {
    return this.query.trim() !== '';
  }

  /**
   * Results come as the user types: the first keystroke after a pause searches at once (after `delay`, 0 unless
   * the window was made with another); keystrokes while a search runs are taken together when it answers, so the
   * engine only ever works on the newest query.
   */
  setQuery(query: string): void {
    this.query = query;
    this.exact = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) this.again = true;
    else if (this.delay > 0) this.timer = setTimeout(() => void this.run(), this.delay);
    else void this.run();
  }

  setVariants(on: boolean): void {
    this.variants = on;
    void this.run();
  }

  /** Ranks every hit of the shown query and counts them exactly (a quick first look ranks the newest only). */
  rankAll(): void {
    this.exact = true;
    void this.run();
  }

  clear(): void {
    this.setQuery('');
  }

  /** Runs the current query now; a response that arrives after a newer one started, or for a query since changed, is dropped. */
  async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
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
    this.running++;
    const query = this.query;
    const ask = (rankLater: boolean) =>
      this.root.api.search({ query, variants: this.variants, limit: PAGE, quick: !this.exact, rankLater });
    try {
      // While typing, a query whose ranking would take long shows its newest hits at once, then its ranked first look.
      let result = await ask(!this.exact);
      if (!current() || this.again) return;
      this.show(result, query);
      if (result.unranked) {
        result = await ask(false);
        if (!current() || this.again) return;
        this.show(result, query);
      }
    } catch (e) {
      if (!current() || this.again) return;
      runInAction(() => {
        this.error = (e as Error).message;
        this.loading = false;
      });
    } finally {
      this.running--;
      if (!this.running && this.again) void this.run();
    }
  }

  /** An answer on screen: still loading while it is the newest hits unranked, as their ranking follows. */
  private show(result: SearchOutput, query: string): void {
    runInAction(() => {
      this.result = result;
      this.resultQuery = query;
      this.shown++;
      this.error = null;
      this.loading = Boolean(result.unranked);
    });
    this.root.panes.refreshHits();
  }

  /** How many documents the shown query finds, in words: "about 91,800" when the total is an estimate. */
  get totalText(): string {
    const result = this.result;
    if (!result) return '';
    return `${result.quick ? 'about ' : ''}${result.total.toLocaleString()}`;
  }

  /** The status line's count: "About 91,800 documents (estimated)" for a quick first look, "1 document" or "33,090 documents" when every hit was counted. */
  get countText(): string {
    const result = this.result;
    if (!result) return '';
    const text = `${this.totalText} ${result.total === 1 && !result.quick ? 'document' : 'documents'}${result.quick ? ' (estimated)' : ''}`;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** How many results can be shown: a quick first look ranks its newest hits only. */
  private get reachable(): number {
    const result = this.result;
    return result ? Math.min(result.total, result.quick?.rankedAmong ?? result.total) : 0;
  }

  /** More of the same list: not of the newest hits unranked, which their ranking replaces. */
  get canLoadMore(): boolean {
    return Boolean(this.result && !this.result.unranked && this.result.results.length < this.reachable);
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
      quick: Boolean(current.quick),
    });
    if (!still()) return;
    runInAction(() => (this.result = { ...more, results: [...current.results, ...more.results] }));
  }
}
