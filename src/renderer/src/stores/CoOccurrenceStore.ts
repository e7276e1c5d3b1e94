import { makeAutoObservable } from 'mobx';
import type {
  AttributeFilter,
  CodedSegment,
  CoOccurrence,
  CoOccurrencePassage,
  CoOccurrenceScope,
} from '../../../shared/api.ts';
import { Request } from './request.ts';
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
  readonly request = new Request();
  /** Loads of the cell's passages alone (picking a cell reloads no matrix). */
  readonly cellRequest = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CoOccurrenceStore, 'root'>(this, { root: false, request: false, cellRequest: false });
  }

  /** What the last load of the matrix or of a cell's passages said when it failed. */
  get error(): string | null {
    return this.request.error ?? this.cellRequest.error;
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
    const currentCell = this.cellRequest.begin();
    await this.request.run(
      async () => {
        const result = await this.root.api.coOccurrence({
          scope: this.scope,
          attribute: this.attribute ?? undefined,
          setId: this.setId ?? undefined,
          coders: this.root.coderView.shown,
        });
        const known = new Set(result.codes.map((c) => c.id));
        const cell = this.cell && known.has(this.cell.a) && known.has(this.cell.b) ? this.cell : null;
        return { result, cell, passages: await this.passagesOf(cell) };
      },
      ({ result, cell, passages: [passages, segments] }) => {
        this.result = result;
        if (currentCell()) {
          this.cellRequest.clear();
          this.cell = cell;
          this.passages = passages;
          this.segments = segments;
        }
      },
    );
  }

  private async loadCell(): Promise<void> {
    await this.cellRequest.run(
      () => this.passagesOf(this.cell),
      ([passages, segments]) => {
        this.passages = passages;
        this.segments = segments;
      },
    );
  }

  /** A cell's passages: where the two codes occur together, or on the diagonal the code's own. */
  private passagesOf(cell: { a: number; b: number } | null): Promise<[CoOccurrencePassage[], CodedSegment[]]> {
    const api = this.root.api;
    const coders = this.root.coderView.shown;
    const attribute = this.attribute ?? undefined;
    const setId = this.setId ?? undefined;
    return Promise.all([
      cell && cell.a !== cell.b
        ? api.coOccurrencePassages({ codeA: cell.a, codeB: cell.b, scope: this.scope, attribute, setId, coders })
        : [],
      cell && cell.a === cell.b ? api.codedSegments({ codeIds: [cell.a], attribute, setId, coders }) : [],
    ]);
  }

  /** Drops the table and passages read before (blind coding began: RootStore.forgetWhatWasRead). */
  forget(): void {
    this.result = null;
    this.passages = [];
    this.segments = [];
  }
}
