import { makeAutoObservable } from 'mobx';
import type { CodedSegment, CodeMatrix } from '../../../shared/api.ts';
import type { MatrixColumn, MatrixGrouping } from '../../../shared/matrix.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

export type AnalysisTab =
  'segments' | 'matrix' | 'agreement' | 'stances' | 'cooccurrence' | 'query' | 'kwic' | 'words' | 'memos';
/** Where the panel stands: beside the reader, as a drawer over its right side (collapsible to a strip), or as a tab of its own in the reader's place. */
export type AnalysisDock = 'beside' | 'drawer' | 'tab';
/** The panel's views in the order their tabs stand. */
export const ANALYSIS_TABS: readonly AnalysisTab[] = [
  'segments',
  'matrix',
  'agreement',
  'stances',
  'cooccurrence',
  'query',
  'kwic',
  'words',
  'memos',
];
const DOCKS: readonly AnalysisDock[] = ['beside', 'drawer', 'tab'];

/** The non-modal analysis panel beside the reader: coded segments for chosen codes, and the code-by-document matrix. */
export class AnalysisStore {
  private readonly root: RootStore;
  open = false;
  tab: AnalysisTab = 'segments';
  dock: AnalysisDock = 'beside';
  /** A drawer folded to a strip at the window's edge: the reader has the whole width. */
  collapsed = false;
  /** Docked as a tab: whether that tab (rather than the reader's) is the one shown. */
  showingTab = true;
  codeIds: number[] = [];
  segments: CodedSegment[] = [];
  matrix: CodeMatrix | null = null;
  /** What the matrix's columns are: documents, or documents grouped by source, year or author. */
  grouping: MatrixGrouping = 'document';
  /** Only the documents of this document set (the matrix). */
  setId: number | null = null;
  /** The matrix cell whose passages are listed: a code, and the documents of a column. */
  cell: { codeId: number; column: string; documentIds: number[] } | null = null;
  cellSegments: CodedSegment[] = [];
  readonly request = new Request();
  /** Loads of the cell's passages alone (picking a cell reloads no matrix). */
  readonly cellRequest = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AnalysisStore, 'root'>(this, { root: false, request: false, cellRequest: false });
  }

  /** What the last load of the segments, the matrix or a cell's passages said when it failed. */
  get error(): string | null {
    return this.request.error ?? this.cellRequest.error;
  }

  show(tab: AnalysisTab): void {
    this.open = true;
    this.tab = tab;
    void this.refresh();
  }

  close(): void {
    this.open = false;
  }

  /** Docks the panel beside the reader, as a drawer or as a tab. */
  setDock(dock: AnalysisDock): void {
    this.dock = dock;
    this.collapsed = false;
    this.showingTab = true;
  }

  setCollapsed(collapsed: boolean): void {
    this.collapsed = collapsed;
  }

  /** Docked as a tab: shows the analysis (true) or the reader. */
  showTab(analysis: boolean): void {
    this.showingTab = analysis;
  }

  /** As the last session left it (layout.ts); anything unknown is left as it is. */
  restore(saved: { open?: unknown; tab?: unknown; dock?: unknown }): void {
    if (ANALYSIS_TABS.includes(saved.tab as AnalysisTab)) this.tab = saved.tab as AnalysisTab;
    if (DOCKS.includes(saved.dock as AnalysisDock)) this.dock = saved.dock as AnalysisDock;
    // Undocked to a tab, the workbench opens on the reader's tab: the documents come back where they were read.
    this.showingTab = false;
    if (saved.open === true) this.show(this.tab);
  }

  toggleCode(id: number): void {
    this.codeIds = this.codeIds.includes(id) ? this.codeIds.filter((c) => c !== id) : [...this.codeIds, id];
    void this.refresh();
  }

  selectCell(codeId: number, column: MatrixColumn): void {
    this.cell = { codeId, column: column.key, documentIds: column.documentIds };
    void this.loadCell();
  }

  /** The matrix's documents: those of a document set, or all. */
  chooseSet(setId: number | null): void {
    this.setId = setId;
    this.cell = null;
    void this.refresh();
  }

  groupBy(grouping: MatrixGrouping): void {
    this.grouping = grouping;
    this.cell = null;
    this.cellSegments = [];
    this.cellRequest.clear(); // a load for the old cell, still on its way, is dropped
  }

  /**
   * Reloads what the panel shows (after any change to codings). The agreement
   * tab's table is loaded from the coder list, which the change reloaded first.
   */
  async refresh(): Promise<void> {
    if (!this.open) return;
    if (this.tab === 'agreement') return this.root.agreement.load();
    if (this.tab === 'stances') return this.root.stance.refresh();
    if (this.tab === 'cooccurrence') return this.root.coOccurrence.refresh();
    if (this.tab === 'memos') return this.root.notes.load();
    // The analyst's tabs run when asked; a change to the codings runs the query or concordance shown again.
    if (this.tab === 'query') return this.root.analyst.query ? this.root.analyst.runQuery() : undefined;
    if (this.tab === 'kwic') return this.root.analyst.kwic ? this.root.analyst.runKwic() : undefined;
    if (this.tab === 'words') return this.root.analyst.words ? undefined : this.root.analyst.runWords();
    const api = this.root.api;
    if (this.tab === 'segments') {
      // Blind coding, or one coder's view: the passages of the coders the reader shows.
      const codeIds = this.codeIds;
      await this.request.run(
        async () => (codeIds.length ? api.codedSegments({ codeIds, coders: this.root.coderView.shown }) : []),
        (segments) => (this.segments = segments),
      );
      return;
    }
    const currentCell = this.cellRequest.begin();
    await this.request.run(
      () =>
        Promise.all([
          api.codeMatrix({ setId: this.setId ?? undefined, coders: this.root.coderView.shown }),
          this.cellSegmentsOf(this.cell),
        ]),
      ([matrix, cellSegments]) => {
        this.matrix = matrix;
        if (currentCell()) {
          this.cellRequest.clear();
          this.cellSegments = cellSegments;
        }
      },
    );
  }

  /** The reader's coder view changed: reloads the tabs that follow it (the agreement tab compares the coders chosen in it, whatever the view). */
  async coderViewChanged(): Promise<void> {
    if (this.tab !== 'agreement') await this.refresh();
  }

  /** Lists the passages of the matrix cell picked; the matrix stays as it is. */
  private async loadCell(): Promise<void> {
    await this.cellRequest.run(
      () => this.cellSegmentsOf(this.cell),
      (segments) => (this.cellSegments = segments),
    );
  }

  private async cellSegmentsOf(cell: AnalysisStore['cell']): Promise<CodedSegment[]> {
    return cell
      ? this.root.api.codedSegments({
          codeIds: [cell.codeId],
          documentIds: cell.documentIds,
          coders: this.root.coderView.shown,
        })
      : [];
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

  /** Drops the passages and the matrix read before (blind coding began: RootStore.forgetWhatWasRead). */
  forget(): void {
    this.segments = [];
    this.matrix = null;
    this.cellSegments = [];
  }
}
