import { makeAutoObservable, runInAction } from 'mobx';
import type { AttributeFilter, CodedSegment, CoOccurrence, CoOccurrencePassage, CoOccurrenceScope } from '../../../shared/api.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

/** The code co-occurrence matrix in the analysis panel, and the passages behind the cell picked. */
export class CoOccurrenceStore {
  private readonly root: RootStore;
  scope: CoOccurrenceScope = 'overlap';
  /** Only the documents with this value of an attribute ("the state outlets"). */
  attribute: AttributeFilter | null = null;
  /** Only the documents of this document set. */
  setId: number | null = null;
  result: CoOccurrence | null = null;
  /** The cell picked: two codes (the same one twice on the diagonal). */
  cell: { a: number; b: number } | null = null;
  passages: CoOccurrencePassage[] = [];
  /** On the diagonal: the code's own passages. */
  segments: CodedSegment[] = [];
  error: string | null = null;
  private readonly latest = new Latest();
  /** Loads of the cell's passages alone (picking a cell reloads no matrix). */
  private readonly latestCell = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CoOccurrenceStore, 'root' | 'latest' | 'latestCell'>(this, { root: false, latest: false, latestCell: false });
  }

  setScope(scope: CoOccurrenceScope): void {
    this.scope = scope;
    void this.refresh();
  }

  setAttribute(attribute: AttributeFilter | null): void {
    this.attribute = attribute;
    void this.refresh();
  }

  chooseSet(setId: number | null): void {
    this.setId = setId;
    void this.refresh();
  }

  /** Lists (or, picked again, hides) the passages where two codes occur together; the matrix stays as it is. */
  select(a: number, b: number): void {
    this.cell = this.cell?.a === a && this.cell.b === b ? null : { a, b };
    void this.loadCell();
  }

  /** Reloads the matrix, and the passages of the cell picked while both its codes are still in it. */
  async refresh(): Promise<void> {
    const current = this.latest.start();
    const currentCell = this.latestCell.start();
    try {
      const result = await this.root.api.coOccurrence({ scope: this.scope, attribute: this.attribute ?? undefined, setId: this.setId ?? undefined, coders: this.root.coderView.shown });
      const known = new Set(result.codes.map((c) => c.id));
      const cell = this.cell && known.has(this.cell.a) && known.has(this.cell.b) ? this.cell : null;
      const [passages, segments] = await this.passagesOf(cell);
      if (!current()) return;
      runInAction(() => {
        this.result = result;
        if (currentCell()) {
          this.cell = cell;
          this.passages = passages;
          this.segments = segments;
        }
        this.error = null;
      });
    } catch (e) {
      if (current()) runInAction(() => (this.error = (e as Error).message));
    }
  }

  private loadCell(): Promise<void> {
    return this.latestCell.load(
      () => this.passagesOf(this.cell),
      ([passages, segments]) => {
        this.passages = passages;
        this.segments = segments;
      },
      (message) => (this.error = message),
    );
  }

  /** A cell's passages: where the two codes occur together, or on the diagonal the code's own. */
  private passagesOf(cell: { a: number; b: number } | null): Promise<[CoOccurrencePassage[], CodedSegment[]]> {
    const api = this.root.api;
    const coders = this.root.coderView.shown;
    const attribute = this.attribute ?? undefined;
    const setId = this.setId ?? undefined;
    return Promise.all([
      cell && cell.a !== cell.b ? api.coOccurrencePassages({ codeA: cell.a, codeB: cell.b, scope: this.scope, attribute, setId, coders }) : [],
      cell && cell.a === cell.b ? api.codedSegments({ codeIds: [cell.a], attribute, setId, coders }) : [],
    ]);
  }
}
