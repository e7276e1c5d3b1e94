import { makeAutoObservable, observable, runInAction } from 'mobx';
import type {
  Attribute,
  AttributeFilter,
  DocumentSet,
  DocumentSummary,
  ListDocumentsInput,
  QuireApi,
  SetQuery,
} from '../../../shared/api.ts';

export type SortField = NonNullable<ListDocumentsInput['sort']>;

export interface LibraryFilter {
  text: string;
  source: string;
  dateFrom: string;
  dateTo: string;
  /** Only documents with this value of an attribute. */
  attribute: AttributeFilter | null;
  /** Only the documents of this document set. */
  setId: number | null;
}

/** What every control that would change a read-only project says instead (it is disabled). */
export const READ_ONLY_TITLE = 'The project is read-only: it can be read, searched and exported, not changed.';

/** Rows are fetched in pages as the list scrolls, so 100,000 documents cost what is on screen. */
export const PAGE_SIZE = 200;

/** The list of documents: filters, sort, and the pages loaded so far. */
export class LibraryStore {
  private readonly api: QuireApi;
  filter: LibraryFilter = { text: '', source: '', dateFrom: '', dateTo: '', attribute: null, setId: null };
  /** The project's document sets with their counts: the library's Sets section, and every scope's set choice. */
  sets: DocumentSet[] = [];
  /** The project's attributes, for the filter by attribute. */
  attributes: Attribute[] = [];
  sort: SortField = 'imported';
  descending = false;
  total = 0;
  sources: { source: string; documents: number }[] = [];
  /** The project's file or folder cannot be written: the workbench shows it and offers no change. */
  readOnly = false;
  /** What the user should know about the project (it is read-only, today's backup failed), shown above the workbench. */
  notices: string[] = [];
  error: string | null = null;
  readonly pages = observable.map<number, DocumentSummary[]>({}, { deep: false });
  private generation = 0;
  private readonly requested = new Set<number>();
  /** The pages the list last asked for: the rows in view. */
  private visible: number[] = [0];

  constructor(api: QuireApi) {
    this.api = api;
    makeAutoObservable<LibraryStore, 'api' | 'generation' | 'requested' | 'visible'>(this, {
      api: false,
      generation: false,
      requested: false,
      visible: false,
      pages: false,
    });
  }

  /** The row at `index`, if its page has arrived. */
  rowAt(index: number): DocumentSummary | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Makes sure the pages holding rows first..last are loaded (called as the list scrolls). */
  ensureRows(first: number, last: number): void {
    this.visible = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      this.visible.push(p);
      void this.loadPage(p);
    }
  }

  setFilter(patch: Partial<LibraryFilter>): void {
    this.filter = { ...this.filter, ...patch };
    void this.refetch();
  }

  setSort(sort: SortField, descending = this.descending): void {
    this.sort = sort;
    this.descending = descending;
    void this.refetch();
  }

  /**
   * Coding counts changed: fetch the pages in view again (their rows stay on screen until the new
   * ones arrive); other loaded pages are fetched again when they next come into view.
   */
  async refreshCounts(): Promise<void> {
    this.requested.clear();
    this.generation++;
    await Promise.all(this.visible.map((p) => this.loadPage(p)));
  }

  /** The documents may have changed (start, import, another project): rows and the list of sources. */
  async reload(): Promise<void> {
    const [, info] = await Promise.all([
      this.refetch(),
      this.api.projectInfo({}).catch(() => null),
      this.loadAttributes(),
      this.loadSets(),
    ]);
    if (info) {
      runInAction(() => {
        this.sources = info.sources;
        this.readOnly = info.readOnly;
        this.notices = info.notices;
      });
    }
  }

  /** The attributes changed (added, renamed, values set): the filter's choices, and the rows if they are filtered by one. */
  async loadAttributes(): Promise<void> {
    const { attributes } = await this.api.listAttributes({}).catch(() => ({ attributes: [] as Attribute[] }));
    runInAction(() => (this.attributes = attributes));
    const chosen = this.filter.attribute;
    if (chosen && !attributes.some((a) => a.id === chosen.id)) this.setFilter({ attribute: null });
    else if (chosen) await this.refetch();
  }

  /** The sets changed (made, renamed, documents added, an undo): the list, and the rows when they are a set's. */
  async loadSets(): Promise<void> {
    const { sets } = await this.api.listSets({}).catch(() => ({ sets: [] as DocumentSet[] }));
    runInAction(() => (this.sets = sets));
    const chosen = this.filter.setId;
    if (chosen !== null && !sets.some((s) => s.id === chosen)) this.setFilter({ setId: null });
    else if (chosen !== null) await this.refetch();
  }

  /** The library's filter as a saved search (what a set saved from it runs again); null when nothing filters. */
  get filterQuery(): SetQuery | null {
    const { text, source, dateFrom, dateTo, attribute } = this.filter;
    const query: SetQuery = {
      text: text.trim() || undefined,
      source: source || undefined,
      attribute: attribute ?? undefined,
      dateFrom: dateFrom || undefined,
      dateTo: dateTo || undefined,
    };
    return Object.values(query).some((v) => v !== undefined) ? query : null;
  }

  /** Saves a search or filter as a set: it runs again whenever it is used. Says what it holds; throws the engine's refusal in words. */
  async saveAsSet(name: string, query: SetQuery): Promise<string> {
    const set = await this.api.createSet({ name, query });
    await this.loadSets();
    return `Saved “${set.name}”: ${set.count} ${set.count === 1 ? 'document' : 'documents'} now; documents imported later that match join it.`;
  }

  /** Adds documents to the hand set of that name, or to a new one; says what it did. */
  async addToSet(name: string, documentIds: number[]): Promise<string> {
    const existing = this.sets.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
    const message = existing
      ? (await this.api.addToSet({ id: existing.id, documentIds })).message
      : ((set) => `Made the set “${set.name}” of ${set.count} ${set.count === 1 ? 'document' : 'documents'}.`)(
          await this.api.createSet({ name, documentIds }),
        );
    await this.loadSets();
    return message;
  }

  /** Only the filter or sort changed: the rows, from the first page. */
  private async refetch(): Promise<void> {
    this.generation++;
    this.requested.clear();
    this.pages.clear();
    await this.loadPage(0);
  }

  private async loadPage(page: number): Promise<void> {
    if (this.requested.has(page)) return;
    this.requested.add(page);
    const generation = this.generation;
    const { text, source, dateFrom, dateTo, attribute, setId } = this.filter;
    try {
      const result = await this.api.listDocuments({
        text: text || undefined,
        source: source || undefined,
        attribute: attribute ?? undefined,
        setId: setId ?? undefined,
        dateFrom: dateFrom || undefined,
        dateTo: dateTo || undefined,
        sort: this.sort,
        descending: this.descending,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (generation !== this.generation) return;
      runInAction(() => {
        this.total = result.total;
        this.pages.set(page, result.documents);
        this.error = null;
      });
    } catch (e) {
      if (generation !== this.generation) return;
      this.requested.delete(page);
      runInAction(() => (this.error = (e as Error).message));
    }
  }
}
