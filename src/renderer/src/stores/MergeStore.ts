import { makeAutoObservable, runInAction } from 'mobx';
import type { MergeSummary } from '../../../shared/api.ts';
import { importReport } from '../../../shared/merge-summary.ts';
import { toUpload, type FileLike } from '../files.ts';
import type { RootStore } from './RootStore.ts';

/**
 * Merging another project (a .quire file, or a REFI-QDA .qdpx/.qdc) into this
 * one: the preview first, then the merge as one undoable step. Files chosen
 * together are previewed and merged one after another.
 */
export class MergeStore {
  private readonly root: RootStore;
  /** The file being previewed, as it is sent to the engine. */
  file: { name: string; base64: string } | null = null;
  preview: MergeSummary | null = null;
  error: string | null = null;
  busy = false;
  private waiting: FileLike[] = [];

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<MergeStore, 'root' | 'waiting'>(this, { root: false, waiting: false });
  }

  get open(): boolean {
    return this.file !== null || this.error !== null;
  }

  /** Previews merging each file in turn. */
  async start(files: readonly FileLike[]): Promise<void> {
    if (!files.length) return;
    const idle = !this.open && !this.busy;
    this.waiting.push(...files);
    if (idle) await this.next();
  }

  private async next(): Promise<void> {
    const file = this.waiting.shift();
    runInAction(() => {
      this.file = null;
      this.preview = null;
      this.error = null;
    });
    if (!file) return;
    runInAction(() => (this.busy = true));
    try {
      const upload = await toUpload(file);
      runInAction(() => (this.file = upload));
      const preview = await this.root.api.previewMerge({ upload });
      runInAction(() => (this.preview = preview));
    } catch (e) {
      runInAction(() => (this.error = `${file.name}: ${(e as Error).message}`));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  /** Merges the file previewed, then reloads the library, the codebook and the open panes, and reports what it did. */
  async merge(): Promise<void> {
    if (!this.file || !this.preview || this.busy) return;
    this.busy = true;
    try {
      const done = await this.root.api.mergeProject({ upload: this.file });
      await this.root.documentsChanged();
      runInAction(() => {
        // The banner the REFI-QDA import has always used says what came in; undo takes it back.
        this.root.imports.exchange.push({ name: done.file, report: importReport(done) });
      });
      await this.next();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  /** Leaves this file unmerged and goes on to the next one, if any. */
  async cancel(): Promise<void> {
    if (this.busy) return;
    await this.next();
  }
}
