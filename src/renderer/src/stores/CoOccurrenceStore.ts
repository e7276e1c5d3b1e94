import { makeAutoObservable, runInAction } from 'mobx';
import type { CodedSegment, CoOccurrence, CoOccurrencePassage, CoOccurrenceScope } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

/** The code co-occurrence matrix in the analysis panel, and the passages behind the cell picked. */
export class CoOccurrenceStore {
  private readonly root: RootStore;
  scope: CoOccurrenceScope = 'overlap';
  result: CoOccurrence | null = null;
  /** The cell picked: two codes (the same one twice on the diagonal). */
  cell: { a: number; b: number } | null = null;
  passages: CoOccurrencePassage[] = [];
  /** On the diagonal: the code's own passages. */
  segments: CodedSegment[] = [];
  error: string | null = null;
  private request = 0;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CoOccurrenceStore, 'root' | 'request'>(this, { root: false, request: false });
  }

  setScope(scope: CoOccurrenceScope): void {
    this.scope = scope;
    void this.refresh();
  }

  /** Lists (or, picked again, hides) the passages where two codes occur together. */
  select(a: number, b: number): void {
    this.cell = this.cell?.a === a && this.cell.b === b ? null : { a, b };
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const request = ++this.request;
    const coders = this.root.coderView.shown ?? undefined;
    const api = this.root.api;
    try {
      const result = await api.coOccurrence({ scope: this.scope, coders });
      const known = new Set(result.codes.map((c) => c.id));
      const cell = this.cell && known.has(this.cell.a) && known.has(this.cell.b) ? this.cell : null;
      const [passages, segments] = await Promise.all([
        cell && cell.a !== cell.b ? api.coOccurrencePassages({ codeA: cell.a, codeB: cell.b, scope: this.scope, coders }) : [],
        cell && cell.a === cell.b ? api.codedSegments({ codeIds: [cell.a], coders }) : [],
      ]);
      if (request !== this.request) return;
      runInAction(() => {
        this.result = result;
        this.cell = cell;
        this.passages = passages;
        this.segments = segments;
        this.error = null;
      });
    } catch (e) {
      if (request === this.request) runInAction(() => (this.error = (e as Error).message));
    }
  }
}
