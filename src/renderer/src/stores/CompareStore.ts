import { makeAutoObservable, runInAction } from 'mobx';
import type { CodedSegment, DocumentSummary } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

/** The reader shows at most this many documents side by side. */
export const MAX_COMPARED = 4;

/** A document that has passages with the code being compared, and how many. */
export interface Candidate {
  document: DocumentSummary;
  passages: number;
}

/**
 * Comparing documents by a code: each document in its own pane, and the
 * panes stepping together through their passages with that code (the first
 * in each, then the second…), each brought to the middle of its pane so the
 * passages stand side by side.
 */
export class CompareStore {
  private readonly root: RootStore;
  /** The code being chosen for or compared; null when no comparison is set up. */
  codeId: number | null = null;
  /** Documents with passages of the code, to choose from. */
  candidates: Candidate[] = [];
  chosen: number[] = [];
  /** The comparison running: its documents' passages, in pane order. */
  running: { documentId: number; segments: CodedSegment[] }[] = [];
  index = 0;
  error: string | null = null;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CompareStore, 'root'>(this, { root: false });
  }

  /** Lists the documents that have passages with `codeId` (by the coders the reader shows), the first ones chosen. */
  async choose(codeId: number): Promise<void> {
    try {
      const segments = await this.root.api.codedSegments({ codeIds: [codeId], coders: this.root.coderView.shown });
      const byDocument = new Map<number, Candidate>();
      for (const s of segments) {
        const c = byDocument.get(s.document.id) ?? { document: s.document, passages: 0 };
        c.passages++;
        byDocument.set(s.document.id, c);
      }
      runInAction(() => {
        this.codeId = codeId;
        this.candidates = [...byDocument.values()];
        this.chosen = this.candidates.slice(0, 2).map((c) => c.document.id);
        this.error = null;
      });
    } catch (e) {
      runInAction(() => {
        // The chooser of this code opens, to say what went wrong.
        this.codeId = codeId;
        this.candidates = [];
        this.chosen = [];
        this.error = (e as Error).message;
      });
    }
  }

  toggle(documentId: number): void {
    this.chosen = this.chosen.includes(documentId)
      ? this.chosen.filter((id) => id !== documentId)
      : [...this.chosen, documentId];
  }

  get problem(): string | null {
    if (this.chosen.length < 2) return 'Choose two documents or more to compare.';
    if (this.chosen.length > MAX_COMPARED)
      return `The reader shows up to ${MAX_COMPARED} documents side by side: choose ${MAX_COMPARED} or fewer.`;
    return null;
  }

  /** Opens the chosen documents side by side, each at its first passage with the code. */
  async start(): Promise<void> {
    if (this.problem || this.codeId === null) return;
    const ids = [...this.chosen];
    let segments: CodedSegment[];
    try {
      segments = await this.root.api.codedSegments({
        codeIds: [this.codeId],
        documentIds: ids,
        coders: this.root.coderView.shown,
      });
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
      return;
    }
    runInAction(() => {
      this.error = null;
      const panes = this.root.panes;
      while (panes.panes.length < ids.length) panes.addPane();
      ids.forEach((id, i) => {
        panes.focus(i);
        panes.open(id);
      });
      panes.focus(0);
      this.running = ids.map((documentId) => ({
        documentId,
        segments: segments.filter((s) => s.document.id === documentId),
      }));
      this.index = 0;
    });
    this.show();
  }

  get code() {
    return this.codeId === null ? undefined : this.root.coding.code(this.codeId);
  }

  /** The most passages any compared document has: the steps there are. */
  get steps(): number {
    return Math.max(0, ...this.running.map((r) => r.segments.length));
  }

  step(delta: number): void {
    this.index = Math.min(Math.max(0, this.index + delta), Math.max(0, this.steps - 1));
    this.show();
  }

  /** Brings each pane's passage number `index` (its last, when it has fewer) into the middle of the pane. */
  private show(): void {
    this.root.panes.panes.forEach((pane, i) => {
      const run = this.running[i];
      const segment =
        run && pane.documentId === run.documentId
          ? run.segments[Math.min(this.index, run.segments.length - 1)]
          : undefined;
      if (segment) pane.showCoding(segment.coding.id);
    });
  }

  /** "2 of 3", or "1 of 1 (its last)" for a document with fewer passages than the step. */
  positionIn(documentId: number): string {
    const run = this.running.find((r) => r.documentId === documentId);
    if (!run || !run.segments.length) return 'no passages';
    const n = run.segments.length;
    return this.index < n ? `${this.index + 1} of ${n}` : `${n} of ${n} (its last)`;
  }

  stop(): void {
    this.running = [];
    this.codeId = null;
    this.candidates = [];
    this.error = null;
  }
}
