import { makeAutoObservable, runInAction } from 'mobx';
import { plural } from '../../../shared/text.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

export type AutoCodeUnit = 'hit' | 'sentence';

export interface AutoCodePreview {
  documents: number;
  passages: number;
  /** Passages not coded with the code yet: what applying adds. */
  added: number;
  /** Passages left uncoded: the coder gave them another value of an exclusive group the code is in. */
  conflicts: number;
  /** Those passages named, in the user's words. */
  notes: string[];
}

/**
 * Auto-coding from the search results: code every hit of the shown query (or
 * only in the documents the user ticked) as the words found or their whole
 * sentences. The count is previewed before anything changes; applying is one
 * undoable step.
 */
export class AutoCodeStore {
  private readonly root: RootStore;
  open = false;
  codeId: number | null = null;
  unit: AutoCodeUnit = 'sentence';
  /** Documents ticked in the results, for the query they were ticked under. */
  private chosen: { query: string; ids: number[] } = { query: '', ids: [] };
  onlyChosen = false;
  preview: AutoCodePreview | null = null;
  busy = false;
  error: string | null = null;
  /** What the last run did, to tell the user. */
  done: string | null = null;
  private readonly latest = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AutoCodeStore, 'root' | 'latest'>(this, { root: false, latest: false });
  }

  /** The ticked documents of the results now shown (ticks under an earlier query do not count). */
  get chosenIds(): number[] {
    return this.chosen.query === this.root.search.resultQuery ? this.chosen.ids : [];
  }

  isChosen(documentId: number): boolean {
    return this.chosenIds.includes(documentId);
  }

  toggleChosen(documentId: number): void {
    const ids = this.chosenIds;
    this.chosen = { query: this.root.search.resultQuery, ids: ids.includes(documentId) ? ids.filter((id) => id !== documentId) : [...ids, documentId] };
    this.onlyChosen = this.chosen.ids.length > 0;
    void this.refreshPreview();
  }

  show(): void {
    this.open = true;
    this.done = null;
    this.codeId ??= this.root.coding.recent[0] ?? this.root.coding.codes[0]?.id ?? null;
    void this.refreshPreview();
  }

  close(): void {
    this.open = false;
  }

  set(choice: { codeId?: number; unit?: AutoCodeUnit; onlyChosen?: boolean }): void {
    Object.assign(this, choice);
    this.done = null;
    void this.refreshPreview();
  }

  private input(preview: boolean) {
    const search = this.root.search;
    return {
      query: search.resultQuery,
      codeId: this.codeId!,
      unit: this.unit,
      variants: search.variants,
      documentIds: this.onlyChosen && this.chosenIds.length ? this.chosenIds : undefined,
      preview,
    };
  }

  /** Counts what applying would code; a response overtaken by a newer request is dropped. */
  async refreshPreview(): Promise<void> {
    const current = this.latest.start();
    if (!this.open || this.codeId === null || !this.root.search.resultQuery.trim()) {
      this.preview = null;
      return;
    }
    try {
      const preview = await this.root.api.autoCode(this.input(true));
      if (!current()) return;
      runInAction(() => {
        this.preview = preview;
        this.error = null;
      });
    } catch (e) {
      if (!current()) return;
      runInAction(() => {
        this.preview = null;
        this.error = (e as Error).message;
      });
    }
  }

  async apply(): Promise<void> {
    if (this.codeId === null || this.busy) return;
    this.busy = true;
    const code = this.root.coding.code(this.codeId);
    try {
      const result = await this.root.api.autoCode(this.input(false));
      runInAction(() => {
        this.done = [`Coded ${plural(result.added, 'passage')} in ${plural(result.documents, 'document')} as “${code?.name}”.`, ...result.notes, 'Undo takes them all back.'].join(' ');
        this.error = null;
      });
      await this.root.codingsChanged();
      await this.refreshPreview();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }
}
