import { makeAutoObservable, runInAction } from 'mobx';
import type { CodedSegment, CodeMatrix } from '../../../shared/api.ts';
import type { MatrixColumn, MatrixGrouping } from '../../../shared/matrix.ts';
import type { RootStore } from './RootStore.ts';

export type AnalysisTab = 'segments' | 'matrix' | 'agreement' | 'stances' | 'cooccurrence';

/** The non-modal analysis panel beside the reader: coded segments for chosen codes, and the code-by-document matrix. */
export class AnalysisStore {
  private readonly root: RootStore;
  open = false;
  tab: AnalysisTab = 'segments';
  codeIds: number[] = [];
  segments: CodedSegment[] = [];
  matrix: CodeMatrix | null = null;
  /** What the matrix's columns are: documents, or documents grouped by source, year or author. */
  grouping: MatrixGrouping = 'document';
  /** The matrix cell whose passages are listed: a code, and the documents of a column. */
  cell: { codeId: number; column: string; documentIds: number[] } | null = null;
  cellSegments: CodedSegment[] = [];
  error: string | null = null;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AnalysisStore, 'root'>(this, { root: false });
  }

  show(tab: AnalysisTab): void {
    this.open = true;
    this.tab = tab;
    void this.refresh();
  }

  close(): void {
    this.open = false;
  }

  toggleCode(id: number): void {
    this.codeIds = this.codeIds.includes(id) ? this.codeIds.filter((c) => c !== id) : [...this.codeIds, id];
    void this.refresh();
  }

  selectCell(codeId: number, column: MatrixColumn): void {
    this.cell = { codeId, column: column.key, documentIds: column.documentIds };
    void this.refresh();
  }

  groupBy(grouping: MatrixGrouping): void {
    this.grouping = grouping;
    this.cell = null;
    this.cellSegments = [];
  }

  /** Reloads what the panel shows (after any change to codings). */
  async refresh(): Promise<void> {
    if (!this.open) return;
    if (this.tab === 'agreement') return this.root.agreement.refresh();
    if (this.tab === 'stances') return this.root.stance.refresh();
    if (this.tab === 'cooccurrence') return this.root.coOccurrence.refresh();
    const api = this.root.api;
    // Blind coding, or one coder's view: the passages of the coders the reader shows.
    const coders = this.root.coderView.shown ?? undefined;
    try {
      if (this.tab === 'segments') {
        const segments = this.codeIds.length ? await api.codedSegments({ codeIds: this.codeIds, coders }) : [];
        runInAction(() => (this.segments = segments));
      } else {
        const matrix = await api.codeMatrix({ coders });
        const cell = this.cell;
        const cellSegments = cell ? await api.codedSegments({ codeIds: [cell.codeId], documentIds: cell.documentIds, coders }) : [];
        runInAction(() => {
          this.matrix = matrix;
          this.cellSegments = cellSegments;
        });
      }
      runInAction(() => (this.error = null));
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }

  /** Opens a passage in the reader (in an empty pane if there is one, else the focused one), scrolled to it. */
  openSegment(segment: CodedSegment): void {
    this.openCoding(segment.document.id, segment.coding.id);
  }

  /** Opens a document in the reader as openSegment does, scrolled to one of its codings. */
  openCoding(documentId: number, codingId: number): void {
    const panes = this.root.panes;
    const empty = panes.panes.findIndex((p) => p.documentId === null);
    if (empty >= 0) panes.focus(empty);
    const pane = panes.focusedPane.documentId === documentId ? panes.focusedPane : panes.open(documentId);
    pane.showCoding(codingId);
  }
}
