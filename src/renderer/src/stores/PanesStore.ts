import { makeAutoObservable, runInAction } from 'mobx';
import type { Span } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

export const MAX_PANES = 4;

let nextKey = 1;

/** What a pane was asked to bring into view: a coding (by id), or a hit of the search (its index). */
export type RevealTarget = { coding: number } | { hit: number };

/** One reading pane: a document, the current search's hits in it, and the hit in view. */
export class Pane {
  readonly key = nextKey++;
  documentId: number | null = null;
  hits: Span[] = [];
  titleHits: Span[] = [];
  activeHit = -1;
  /** Bumped to ask the view to scroll the active hit into view. */
  scrollRequest = 0;
  /** A coding to bring into view (from the segments view or the matrix). */
  focusCoding: number | null = null;
  /** Where the text is scrolled to, kept for the next start (not observed: scrolling re-renders nothing). */
  scrollTop = 0;
  /** A scroll position to put back once the text is shown (the layout of the last session). */
  restoreScroll: number | null = null;

  constructor() {
    makeAutoObservable(this, { key: false, scrollTop: false });
  }

  showCoding(id: number): void {
    this.focusCoding = id;
    this.scrollRequest++;
  }

  /** Brings a hit of the search into view: a coding asked for before is done with (a later request must not show it again). */
  showHit(index: number): void {
    if (!this.hits.length) return;
    this.focusCoding = null;
    this.activeHit = ((index % this.hits.length) + this.hits.length) % this.hits.length;
    this.scrollRequest++;
  }
}

/** The split reader: two panes by default, up to four, one of them focused. */
export class PanesStore {
  private readonly root: RootStore;
  panes: Pane[] = [new Pane(), new Pane()];
  focused = 0;
  syncScroll = false;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<PanesStore, 'root'>(this, { root: false });
  }

  get focusedPane(): Pane {
    return this.panes[Math.min(this.focused, this.panes.length - 1)]!;
  }

  /** The documents open in the panes, each once. */
  get openDocuments(): number[] {
    return [...new Set(this.panes.flatMap((p) => (p.documentId === null ? [] : [p.documentId])))];
  }

  /**
   * Opens a document in the focused pane, or beside it with `beside`: in an
   * empty pane if there is one, else a new pane while there are fewer than four.
   * `hit` scrolls to that hit of the current search.
   */
  open(documentId: number, options: { beside?: boolean; hit?: number } = {}): Pane {
    let index = this.focused;
    if (options.beside && this.focusedPane.documentId !== null) {
      const empty = this.panes.findIndex((p) => p.documentId === null);
      if (empty >= 0) index = empty;
      else if (this.panes.length < MAX_PANES) {
        this.panes.push(new Pane());
        index = this.panes.length - 1;
      }
    }
    const pane = this.panes[index]!;
    pane.documentId = documentId;
    pane.hits = [];
    pane.titleHits = [];
    pane.activeHit = -1;
    pane.focusCoding = null;
    this.focused = index;
    void this.root.documents.load(documentId);
    // A failure is kept by the store and said in the pane.
    this.root.coding.loadCodings(documentId).catch(() => undefined);
    void this.loadHits(pane, options.hit ?? 0);
    return pane;
  }

  /** The panes as the last session left them: documents that no longer exist stay closed. */
  async restore(
    saved: readonly { documentId: number | null; scrollTop: number }[],
    focused: number,
    syncScroll: boolean,
  ): Promise<void> {
    const panes = saved.slice(0, MAX_PANES).map((s) => {
      const pane = new Pane();
      pane.restoreScroll = s.scrollTop || null;
      pane.scrollTop = s.scrollTop;
      return { pane, documentId: s.documentId };
    });
    if (!panes.length) return;
    const loaded = await Promise.all(
      panes.map(({ documentId }) =>
        documentId === null
          ? Promise.resolve(false)
          : this.root.documents.load(documentId).then(() => !!this.root.documents.get(documentId)),
      ),
    );
    runInAction(() => {
      this.panes = panes.map(({ pane }) => pane);
      this.syncScroll = syncScroll;
      panes.forEach(({ documentId }, i) => {
        if (documentId === null || !loaded[i]) return;
        this.focused = i;
        this.open(documentId);
      });
      this.focused = Math.min(Math.max(0, focused), this.panes.length - 1);
    });
  }

  /** Back to two empty panes. */
  reset(): void {
    this.panes = [new Pane(), new Pane()];
    this.focused = 0;
  }

  /** Empties the panes showing a document not in `documentIds` (it was removed). */
  keepOnly(documentIds: readonly number[]): void {
    for (const pane of this.panes)
      if (pane.documentId !== null && !documentIds.includes(pane.documentId)) pane.documentId = null;
  }

  addPane(): void {
    if (this.panes.length >= MAX_PANES) return;
    this.panes.push(new Pane());
    this.focused = this.panes.length - 1;
  }

  close(index = this.focused): void {
    if (index < 0 || index >= this.panes.length) return;
    this.panes.splice(index, 1);
    if (!this.panes.length) this.panes.push(new Pane());
    this.focused = Math.min(this.focused, this.panes.length - 1);
  }

  focus(index: number): void {
    if (index >= 0 && index < this.panes.length) this.focused = index;
  }

  /** Moves the focused pane one place left (-1) or right (+1), swapping with its neighbour. */
  move(delta: -1 | 1): void {
    const from = this.focused;
    const to = from + delta;
    if (to < 0 || to >= this.panes.length) return;
    const panes = [...this.panes];
    [panes[from], panes[to]] = [panes[to]!, panes[from]!];
    this.panes = panes;
    this.focused = to;
  }

  nextHit(): void {
    this.focusedPane.showHit(this.focusedPane.activeHit + 1);
  }

  previousHit(): void {
    this.focusedPane.showHit(this.focusedPane.activeHit - 1);
  }

  /** Asks the panes showing a document to bring `target` into view again (a notice's Try again, or once a hidden code shows). */
  askAgain(documentId: number, target: RevealTarget): void {
    for (const pane of this.panes) {
      if (pane.documentId !== documentId) continue;
      if ('hit' in target) {
        if (pane.activeHit === target.hit) pane.showHit(target.hit);
      } else if (pane.focusCoding === target.coding) pane.showCoding(target.coding);
    }
  }

  setSyncScroll(on: boolean): void {
    this.syncScroll = on;
  }

  /** The search changed: find its hits again in every open document, and bring the first into view (not a coding asked for before). */
  refreshHits(): void {
    for (const pane of this.panes) {
      if (pane.documentId === null) continue;
      pane.focusCoding = null;
      void this.loadHits(pane, 0);
    }
  }

  private async loadHits(pane: Pane, hit: number): Promise<void> {
    const documentId = pane.documentId;
    const search = this.root.search;
    if (documentId === null) return;
    if (!search.active) {
      pane.hits = [];
      pane.titleHits = [];
      pane.activeHit = -1;
      return;
    }
    const found = await this.root.api
      .findInDocument({ id: documentId, query: search.query, variants: search.variants })
      .catch(() => null);
    if (!found || pane.documentId !== documentId) return;
    runInAction(() => {
      pane.hits = found.hits;
      pane.titleHits = found.titleHits;
      pane.activeHit = -1;
      // A coding asked for as the document opened (from a list of coded passages) stays in view: the hits are there to step to.
      if (found.hits.length && pane.focusCoding === null) pane.showHit(hit);
    });
  }
}
