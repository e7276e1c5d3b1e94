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
  /** Passages that would be left uncoded (another value of an exclusive group is there), and why, in the engine's words. */
  conflicts: number;
  notes: string[];
}

/** Passages the search found that already have the code (neither added nor left out for another stance value). */
export const codedAlready = (c: AutoCodePreview) => Math.max(0, c.passages - c.added - c.conflicts);

/**
 * "Code 3 passages in 2 documents as ‘Sanctions’" (or "Coded …"); when some
 * of the passages found are not coded now, "1 passage of the 3 in 2
 * documents": the documents are those of all the passages found.
 */
function codingWords(verb: 'Code' | 'Coded', c: AutoCodePreview, name: string): string {
  const of = c.added === c.passages ? '' : ` of the ${c.passages}`;
  return `${verb} ${plural(c.added, 'passage')}${of} in ${plural(c.documents, 'document')} as ‘${name}’`;
}

/** What the last run did, in words, and the step its Undo takes back (null once undone, or when unknown). */
export interface AutoCodeDone {
  lines: string[];
  entryId: number | null;
}

/**
 * Auto-coding from the search results: code every hit of the shown query (or
 * only in the documents the user ticked) as the words found or their whole
 * sentences. No code is chosen for the user; the count is previewed, and a
 * confirmation names the code and the numbers before anything changes;
 * applying is one undoable step, with its Undo beside what it says it did.
 */
export class AutoCodeStore {
  private readonly root: RootStore;
  open = false;
  codeId: number | null = null;
  unit: AutoCodeUnit = 'sentence';
  /** Documents ticked in the results, for the query they were ticked under. */
  private chosen: { query: string; ids: number[] } = { query: '', ids: [] };
  onlyChosen = false;
  /** Only the documents of this document set. */
  setId: number | null = null;
  preview: AutoCodePreview | null = null;
  /** The user asked to code: the confirmation is showing. */
  confirming = false;
  busy = false;
  error: string | null = null;
  done: AutoCodeDone | null = null;
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
    this.chosen = {
      query: this.root.search.resultQuery,
      ids: ids.includes(documentId) ? ids.filter((id) => id !== documentId) : [...ids, documentId],
    };
    this.onlyChosen = this.chosen.ids.length > 0;
    void this.refreshPreview();
  }

  /** Opens the form with no code chosen: coding every hit is a choice the user makes, never a default. */
  show(): void {
    this.open = true;
    this.done = null;
    this.codeId = null;
    this.confirming = false;
    void this.refreshPreview();
  }

  close(): void {
    this.open = false;
    this.confirming = false;
  }

  set(choice: { codeId?: number; unit?: AutoCodeUnit; onlyChosen?: boolean; setId?: number | null }): void {
    Object.assign(this, choice);
    this.done = null;
    this.confirming = false;
    void this.refreshPreview();
  }

  /** The chosen code's name, for the confirmation and the result. */
  get codeName(): string {
    return (this.codeId === null ? undefined : this.root.coding.code(this.codeId)?.name) ?? '';
  }

  /** The question asked before coding: the code and the numbers, from the preview. */
  get question(): string | null {
    const p = this.preview;
    if (this.codeId === null || !p?.added) return null;
    return `${codingWords('Code', p, this.codeName)}?`;
  }

  /** Asks for the confirmation; nothing is written until the user confirms. */
  ask(): void {
    if (this.question) this.confirming = true;
  }

  cancel(): void {
    this.confirming = false;
  }

  private input(preview: boolean) {
    const search = this.root.search;
    return {
      query: search.resultQuery,
      codeId: this.codeId!,
      unit: this.unit,
      variants: search.variants,
      documentIds: this.onlyChosen && this.chosenIds.length ? this.chosenIds : undefined,
      setId: this.setId ?? undefined,
      preview,
    };
  }

  /** Counts what applying would code; a response overtaken by a newer request is dropped. */
  async refreshPreview(): Promise<void> {
    const current = this.latest.start();
    if (!this.open || this.codeId === null || !this.root.search.resultQuery.trim()) {
      this.preview = null;
      this.confirming = false;
      return;
    }
    try {
      const preview = await this.root.api.autoCode(this.input(true));
      if (!current()) return;
      runInAction(() => {
        // A confirmation stands only for the numbers it showed.
        if (this.preview?.added !== preview.added || this.preview.documents !== preview.documents)
          this.confirming = false;
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

  /** Codes what the confirmation named; says what was done (and what was left, and why) with Undo at hand. */
  async apply(): Promise<void> {
    if (this.codeId === null || this.busy || !this.confirming) return;
    this.busy = true;
    this.confirming = false;
    const name = this.codeName;
    try {
      const result = await this.root.api.autoCode(this.input(false));
      const entryId = result.added ? await this.root.coding.latestEntryId().catch(() => null) : null;
      runInAction(() => {
        this.done = { lines: [`${codingWords('Coded', result, name)}.`, ...result.notes], entryId };
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

  /** Takes the last run back (when it is still the latest change) and says so. */
  async undo(): Promise<void> {
    const done = this.done;
    if (!done?.entryId) return;
    const undone = await this.root.coding.undoStep(done.entryId);
    runInAction(() => (this.done = { lines: [undone ?? this.root.coding.error ?? ''], entryId: null }));
    await this.refreshPreview();
  }
}
